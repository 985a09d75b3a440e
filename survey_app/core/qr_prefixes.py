"""How each printed QR text begins (the texts themselves: `qr_texts`). The scanner listens for
a ballot's beginning from the window's start, before anything is read from a code."""

VERIFICATION_PREFIX = "SA2"
OLD_VERIFICATION_PREFIX = "SA1"
BALLOT_PREFIX = "SAB"
