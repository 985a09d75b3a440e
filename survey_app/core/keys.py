"""Device keys: every database holds one Ed25519 key pair and signs each record it writes.

A key is known to people by its fingerprint, the first 80 bits of the SHA-256 of the public
key, written as five groups of four hex digits (`3F2A-91C0-77DE-0A1B-5C9E`): short enough to
read over the phone when the office enrols a laptop, far too long to forge a matching key.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from survey_app.core.errors import InvalidInput

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

FINGERPRINT_DIGITS = 20
SIGNED_ON_TWO_CORES = 2_000
"""How many texts `sign_many` signs on two threads at once: OpenSSL signs without Python's
lock, so a second core halves the 0.3 s a 10,000-row roster spends signing; a thread costs
more than it saves for a few records."""
_SEPARATORS = re.compile(r"[\s:_-]+")
_HEX = re.compile(r"^[0-9A-F]+$")


def fingerprint_of(public_key: str) -> str:
    """The fingerprint of a public key given as hex."""
    digest = hashlib.sha256(bytes.fromhex(public_key)).hexdigest().upper()
    digits = digest[:FINGERPRINT_DIGITS]
    return "-".join(digits[i : i + 4] for i in range(0, FINGERPRINT_DIGITS, 4))


def normalise_fingerprint(text: str) -> str:
    """A fingerprint as typed (any case, with or without separators) in its written form."""
    digits = _SEPARATORS.sub("", text.strip()).upper()
    if len(digits) != FINGERPRINT_DIGITS or not _HEX.match(digits):
        raise InvalidInput(code="bad_key_fingerprint", fingerprint=text)
    return "-".join(digits[i : i + 4] for i in range(0, FINGERPRINT_DIGITS, 4))


@dataclass(frozen=True)
class SigningKey:
    """This device's private key (32 bytes as hex) and what others need to check it."""

    private: str

    @classmethod
    def generate(cls) -> SigningKey:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return cls(Ed25519PrivateKey.generate().private_bytes_raw().hex())

    @property
    def public_key(self) -> str:
        # The raw bytes need no `serialization` module (about 30 ms to import at the start).
        return _public_key(self.private)

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.public_key)

    def sign(self, message: str) -> str:
        """The signature of a text (a record's hash), as base64."""
        return base64.b64encode(self._key().sign(message.encode("utf-8"))).decode("ascii")

    def sign_many(self, messages: Sequence[str]) -> list[str]:
        """The signature of each text, in order (`sign` of each); a long list is signed half
        on a second thread, on a computer of more than one core."""
        if len(messages) < SIGNED_ON_TWO_CORES or usable_cores() < 2:
            return [self.sign(m) for m in messages]
        half = len(messages) // 2
        later: list[str] = []
        failed: list[BaseException] = []

        def sign_later() -> None:
            try:
                later.extend(self.sign(m) for m in messages[half:])
            except BaseException as error:  # raised again on the calling thread
                failed.append(error)

        thread = threading.Thread(target=sign_later, name="signing", daemon=True)
        thread.start()
        try:
            first = [self.sign(m) for m in messages[:half]]
        finally:
            thread.join()
        if failed:
            raise failed[0]
        return first + later

    def _key(self) -> Ed25519PrivateKey:
        return _private_key(self.private)


def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity where the OS has one (a container
    or `taskset` limit, which `os.cpu_count()` ignores), else the computer's."""
    if hasattr(os, "sched_getaffinity"):  # not on Windows or macOS
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@functools.lru_cache(maxsize=8)
def _private_key(private: str) -> Ed25519PrivateKey:
    """The key object, made once per key and process (a bulk import signs thousands)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private))


@functools.lru_cache(maxsize=8)
def _public_key(private: str) -> str:
    return _private_key(private).public_key().public_bytes_raw().hex()


def signature_is_valid(public_key: str, message: str, signature: str | None) -> bool:
    """Whether `signature` (base64) is the key's signature of `message`; never raises."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if not signature or not public_key:
        return False
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
        key.verify(base64.b64decode(signature, validate=True), message.encode("utf-8"))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
