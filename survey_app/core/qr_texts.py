"""The texts the printed QR codes carry, and reading them back from a scanner.

Verification text of a tally notice (征询结果公示)::

    SA2|NH-001|R1|E157|A126|D20|B5|N4|P2|T4/5|I1|M0|VP|F3fa9c2e1b2c

    SA2 format version · compound · round · E eligible · A agree · D disagree · B abstain
    (弃权) · N no response · P awaiting verification (待核实) · T the threshold fraction ·
    I inclusive (1 以上 ≥, 0 超过 >) · M double majority (1 or 0) · V the verdict (P passed,
    D deferred 暂缓改造, R reached so far, S short so far: the last two while the round is open)
    · F the start of the SHA-256 fingerprint of the round's effective votes.

Notices printed by earlier versions carry `SA1`, the same without T, I, M and V; they are
still read (their rule and verdict are then unknown, None).

`notice_statement` is the one canonical text of what a notice states: the text the office
key signs. Parsing a scanned text and calling it gives back the same characters, so a
signature can be checked from the QR code alone.

Ballot text of a paper ballot (入户征询意见表)::

    SAB|NH-001/3-2-501|R1      household id and round

Survey text of a printed questionnaire (入户调查表), the same with the form instead of a round::

    SAB|NH-001/3-2-501|Fneeds_survey      household id and form_id

A USB scanner types the text like a keyboard: it may add spaces or line ends, a Chinese input
method may turn `|` into `｜`, caps lock may change the case. Parsing forgives all of that.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

from survey_app.core.errors import InvalidInput
from survey_app.core.ids import CompoundCode, HouseholdId, compound_code, split_household_id
from survey_app.core.qr_prefixes import BALLOT_PREFIX, OLD_VERIFICATION_PREFIX, VERIFICATION_PREFIX
from survey_app.core.rules import ConsentRule

FINGERPRINT_CHARS = 12
"""48 bits of the fingerprint: enough to tell any changed vote, short enough for a small QR."""

_COUNT_TAGS = {
    "E": "eligible",
    "A": "agree",
    "D": "disagree",
    "B": "abstain",
    "N": "no_response",
    "P": "pending",
}
_RULE_TAGS = ("T", "I", "M", "V")
VERDICT_CODES = {
    "passed": "P",
    "deferred": "D",
    "reached_so_far": "R",
    "short_so_far": "S",
}
"""The verdict keys of `vocabulary.verdict_key`, one letter each."""
_FIELD = re.compile(r"^([A-Z])(.+)$")
_HEX = re.compile(r"^[0-9a-f]{8,64}$")
_THRESHOLD = re.compile(r"^(\d{1,6})[/、](\d{1,6})$")
"""A Chinese input method types `/` as `、`."""


@dataclass(frozen=True)
class VerificationFigures:
    """What a tally notice states, in the form its QR code carries."""

    compound: CompoundCode
    round_no: int
    eligible: int
    agree: int
    disagree: int
    abstain: int
    no_response: int
    pending: int
    fingerprint: str
    """A prefix of the SHA-256 fingerprint (lower-case hex); compare with `startswith`."""
    rule: ConsentRule | None = None
    """None only when read from an `SA1` text, which did not carry it."""
    verdict: str | None = None
    """A key of VERDICT_CODES; None only when read from an `SA1` text."""
    signer: str | None = None
    """The fingerprint digits (20 hex) of the office key that signed the statement."""
    signature: str | None = None
    """That key's Ed25519 signature of `notice_statement(...)`, as 128 hex digits."""

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in _COUNT_TAGS.values()}


@dataclass(frozen=True)
class BallotRef:
    """The household and round a paper ballot was printed for, or the household and form a
    printed questionnaire was (then `round_no` is None)."""

    household: HouseholdId
    round_no: int | None
    form: str | None = None

    @property
    def compound(self) -> CompoundCode:
        return split_household_id(self.household)[0]


def notice_statement(figures: VerificationFigures) -> str:
    """The canonical text of what a notice states (SA2): the exact text the office signs.

    Tags in a fixed order, the fingerprint cut to its first 12 lower-case hex digits, the
    threshold in lowest terms. Only figures with a rule and a verdict can be stated."""
    if figures.rule is None or figures.verdict not in VERDICT_CODES:
        raise ValueError("a notice statement needs the rule and the verdict")
    rule = figures.rule
    counts = figures.counts()
    fields = [VERIFICATION_PREFIX, figures.compound, f"R{figures.round_no}"]
    fields += [f"{tag}{counts[name]}" for tag, name in _COUNT_TAGS.items()]
    fields += [
        f"T{rule.threshold.numerator}/{rule.threshold.denominator}",
        f"I{int(rule.inclusive)}",
        f"M{int(rule.double_majority)}",
        f"V{VERDICT_CODES[figures.verdict]}",
        f"F{figures.fingerprint[:FINGERPRINT_CHARS].lower()}",
    ]
    return "|".join(fields)


def make_verification_text(figures: VerificationFigures) -> str:
    """The QR text of a notice: its statement, then the signer (K) and the signature (S) when
    an office signed it; figures read from an old `SA1` text (no rule) are written back as
    they were."""
    if figures.rule is not None:
        signed = [f"K{figures.signer}", f"S{figures.signature}"] if figures.signature else []
        return "|".join([notice_statement(figures), *signed])
    counts = figures.counts()
    fields = [OLD_VERIFICATION_PREFIX, figures.compound, f"R{figures.round_no}"]
    fields += [f"{tag}{counts[name]}" for tag, name in _COUNT_TAGS.items()]
    fields.append(f"F{figures.fingerprint[:FINGERPRINT_CHARS].lower()}")
    return "|".join(fields)


def parse_verification_text(text: str) -> VerificationFigures:
    """Read a scanned or typed verification text (SA2, or SA1 of earlier notices);
    InvalidInput says what is wrong."""
    fields = _fields(text)
    version = fields[0].upper() if fields else ""
    if len(fields) < 2 or version not in (VERIFICATION_PREFIX, OLD_VERIFICATION_PREFIX):
        raise _bad(text, InvalidInput(code="verification_prefix", prefix=VERIFICATION_PREFIX))
    compound = _compound(fields[1], text)
    rule_tags = _RULE_TAGS if version == VERIFICATION_PREFIX else ()
    signing = ("K", "S") if version == VERIFICATION_PREFIX else ()
    values = _tagged_values(fields[2:], {"R", *_COUNT_TAGS, *rule_tags, "F", *signing}, text)
    missing = [tag for tag in ["R", *_COUNT_TAGS, *rule_tags, "F"] if tag not in values]
    if missing:
        raise _bad(text, InvalidInput(code="missing_fields", fields=missing))
    fingerprint = values["F"].lower()
    if not _HEX.match(fingerprint):
        raise _bad(text, InvalidInput(code="bad_fingerprint"))
    counts = {name: _number(values[tag], tag, text) for tag, name in _COUNT_TAGS.items()}
    return VerificationFigures(
        compound=compound,
        round_no=_round(values["R"], text),
        fingerprint=fingerprint,
        rule=_rule(values, text) if rule_tags else None,
        verdict=_verdict(values["V"], text) if rule_tags else None,
        signer=_hex_field(values, "K", 20, text),
        signature=_hex_field(values, "S", 128, text),
        **counts,
    )


def _hex_field(values: dict[str, str], tag: str, digits: int, text: str) -> str | None:
    value = values.get(tag)
    if value is None:
        return None
    if not re.fullmatch(f"[0-9A-F]{{{digits}}}", value.upper()):
        raise _bad(text, InvalidInput(code="bad_signature_field", field=tag, digits=digits))
    return value.upper() if tag == "K" else value.lower()


def _tagged_values(fields: list[str], known: set[str], text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for field in fields:
        match = _FIELD.match(field.upper())
        if not match or match[1] not in known:
            raise _bad(text, InvalidInput(code="unknown_field", field=field))
        if match[1] in values:
            raise _bad(text, InvalidInput(code="repeated_field", field=match[1]))
        values[match[1]] = match[2]
    return values


def _rule(values: dict[str, str], text: str) -> ConsentRule:
    match = _THRESHOLD.match(values["T"])
    if not match or not 0 < int(match[1]) <= int(match[2]):
        raise _bad(text, InvalidInput(code="bad_threshold_field", value=values["T"]))
    return ConsentRule(
        Fraction(int(match[1]), int(match[2])),
        inclusive=_flag(values["I"], "I", text),
        double_majority=_flag(values["M"], "M", text),
    )


def _flag(value: str, tag: str, text: str) -> bool:
    if value not in {"0", "1"}:
        raise _bad(text, InvalidInput(code="bad_flag_field", field=tag, value=value))
    return value == "1"


def _verdict(value: str, text: str) -> str:
    for key, letter in VERDICT_CODES.items():
        if value == letter:
            return key
    raise _bad(text, InvalidInput(code="bad_verdict_field", value=value))


def make_ballot_text(household: str, round_no: int) -> str:
    compound, address = split_household_id(household)
    return f"{BALLOT_PREFIX}|{compound}/{address}|R{_check_round(round_no)}"


def make_survey_text(household: str, form_id: str) -> str:
    if not _FORM_ID.fullmatch(form_id):
        raise InvalidInput(code="bad_form_id", form=form_id)
    compound, address = split_household_id(household)
    return f"{BALLOT_PREFIX}|{compound}/{address}|F{form_id}"


_FORM_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]{0,63}")


def parse_ballot_text(text: str) -> BallotRef:
    """Read a scanned ballot or questionnaire text; InvalidInput when it is neither."""
    fields = _fields(text)
    if len(fields) != 3 or fields[0].upper() != BALLOT_PREFIX:
        raise _bad(text, InvalidInput(code="ballot_shape", prefix=BALLOT_PREFIX), kind="ballot")
    round_field = fields[2].upper()
    if not round_field.startswith(("R", "F")):
        raise _bad(text, InvalidInput(code="ballot_round_field"), kind="ballot")
    try:
        compound, address = split_household_id(fields[1])
    except InvalidInput as error:
        raise _bad(text, error, kind="ballot") from error
    household = HouseholdId(f"{compound}/{address}")
    if round_field.startswith("F"):
        form = fields[2][1:]
        if not _FORM_ID.fullmatch(form):
            raise _bad(text, InvalidInput(code="bad_form_id", form=form), kind="ballot")
        return BallotRef(household, None, form)
    return BallotRef(household, _round(round_field[1:], text, kind="ballot"))


def try_parse_ballot_text(text: str) -> BallotRef | None:
    """The ballot a search box text names, or None when the text is something else."""
    if not looks_like_ballot_text(text):
        return None
    try:
        return parse_ballot_text(text)
    except InvalidInput:
        return None


def looks_like_ballot_text(text: str) -> bool:
    return _fold(text).upper().startswith(BALLOT_PREFIX + "|")


def looks_like_verification_text(text: str) -> bool:
    folded = _fold(text).upper()
    return folded.startswith((VERIFICATION_PREFIX + "|", OLD_VERIFICATION_PREFIX + "|"))


def _fold(text: str) -> str:
    """Full-width to half-width, and no whitespace anywhere."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _fields(text: str) -> list[str]:
    return _fold(text).strip("|").split("|")


def _compound(value: str, text: str) -> CompoundCode:
    try:
        return compound_code(value)
    except InvalidInput as error:
        raise _bad(text, error) from error


def _number(value: str, tag: str, text: str) -> int:
    if not value.isascii() or not value.isdigit():
        raise _bad(text, InvalidInput(code="field_not_integer", field=tag, value=value))
    return int(value)


def _round(value: str, text: str, kind: str = "verification") -> int:
    if value not in {"1", "2"}:
        raise _bad(text, InvalidInput(code="bad_round_field", value=value), kind=kind)
    return int(value)


def _check_round(round_no: int) -> int:
    if round_no not in (1, 2):
        raise InvalidInput(code="bad_round", round_no=round_no)
    return round_no


def _bad(text: str, reason: InvalidInput, kind: str = "verification") -> InvalidInput:
    """The text is refused for `reason`, itself an error with a code of its own."""
    code = "bad_ballot_text" if kind == "ballot" else "bad_verification_text"
    shown = text.strip()
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return InvalidInput(code=code, text=text, shown=shown, reason=reason)
