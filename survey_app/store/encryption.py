"""Encryption at rest: the key of a data file, derived from its passphrase.

Every laptop file and every central file can be encrypted by SQLCipher (AES-256 per page, with
an HMAC-SHA256 per page that detects a wrong key or an edited page; SQLCipher 4's defaults
otherwise, set in store/driver.py for every connection). SQLCipher keeps a random
16-byte salt in the file's first 16 bytes, where a plain SQLite file has "SQLite format 3".

The key is derived here, not by SQLCipher: scrypt (N=2^15, r=8, p=1: about 0.1 s and 32 MB of
memory, so a guess costs an attacker memory as well as time, unlike SQLCipher's own PBKDF2) over
the passphrase and the file's salt, then handed to SQLCipher as a raw key `x'<key><salt>'`
(which also sets the salt of a new file). The derived key is remembered for the life of the
process, so a command that opens the same file several times (sync attaches it, checks it, reads
it again) pays the derivation once.

A wrong passphrase is recognised before SQLite opens the file to use it: SQLCipher first reads
page 1 on a connection that can write nothing and create nothing beside the file (its HMAC
checks the key); only when that fails is the first block of page 1 decrypted here, and it must
read as an SQLite header (page size, 48 reserved bytes, the fixed payload fractions), so a page 1
damaged or caught being written is not taken for a wrong passphrase. So a wrong passphrase never
leaves a byte of the file, or a file beside it, changed; and a process that only reads an
encrypted file (a tally, a ranking) does not load a cipher library of its own (about 10 ms).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from survey_app.core.errors import UnreadableFile
from survey_app.store import driver

SQLITE_MAGIC = b"SQLite format 3\x00"
SALT_BYTES = 16
KEY_BYTES = 32
RESERVED_BYTES = 48
"""SQLCipher's bytes at the end of each page: a 16-byte IV and a 32-byte HMAC-SHA256."""
SCRYPT = {"n": 2**15, "r": 8, "p": 1, "maxmem": 64 * 1024 * 1024}
PLAIN_KEY = ""
"""The KEY of an ATTACH of a plain file: without one, an attached file gets main's key."""

_derived: dict[tuple[str, bytes], bytes] = {}


def is_encrypted(path: Path) -> bool:
    """Whether the file is (by its look) an SQLCipher file: not a plain SQLite file, and whole
    pages of at least 512 bytes. Without the key it cannot be told from random bytes."""
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return size >= 512 and size % 512 == 0 and head != SQLITE_MAGIC


def derive_key(passphrase: str, salt: bytes) -> bytes:
    """The 32-byte key of a file with this salt (scrypt; remembered for this process)."""
    cached = _derived.get((passphrase, salt))
    if cached is None:
        cached = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, dklen=KEY_BYTES, **SCRYPT)
        _derived[(passphrase, salt)] = cached
    return cached


def raw_key(key: bytes, salt: bytes) -> str:
    """SQLCipher's raw key syntax: the key is used as is, the salt is the file's."""
    return f"x'{key.hex()}{salt.hex()}'"


def new_file_key(passphrase: str) -> str:
    """The key of a file about to be created (a fresh random salt)."""
    salt = os.urandom(SALT_BYTES)
    return raw_key(derive_key(passphrase, salt), salt)


def file_key(path: Path, passphrase: str | None) -> str | None:
    """The key to open `path` with: None for a plain file (or a new one without a passphrase),
    else SQLCipher's raw key; an encrypted file with a wrong or missing passphrase is refused
    here, before SQLite opens it."""
    if not path.exists() or path.stat().st_size == 0:
        return None if passphrase is None else new_file_key(passphrase)
    if not is_encrypted(path):
        return None
    if passphrase is None:
        raise UnreadableFile(code="wrong_passphrase", path=str(path))
    salt, header = _page_one(path)
    key = derive_key(passphrase, salt)
    raw = raw_key(key, salt)
    if not (_page_one_opens(path, raw) or _reads_as_header(_decrypt_header(key, header))):
        raise UnreadableFile(code="wrong_passphrase", path=str(path))
    return raw


def attach_key(path: Path, passphrase: str | None) -> str:
    """The KEY clause value to ATTACH an existing file with ('' for a plain file)."""
    return file_key(path, passphrase) or PLAIN_KEY


def journal_is_wal(path: Path, key: str | None) -> bool:
    """Whether the file is in WAL mode (header bytes 18-19), read through its key if any."""
    if key is None:
        with path.open("rb") as stream:
            header = stream.read(20)
        return header[18:20] == b"\x02\x02"
    page = _page_one(path)[1]
    plain = _decrypt_header(bytes.fromhex(key[2 : 2 + 2 * KEY_BYTES]), page)
    return plain[2:4] == b"\x02\x02"  # the decrypted block starts at header byte 16


def create_private(path: Path) -> None:
    """Create the (empty) file readable by its owner only before SQLite opens it: SQLite
    gives its -wal and -journal files the database file's mode."""
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(descriptor)
    if path.stat().st_size == 0:
        os.chmod(path, 0o600)


def _page_one(path: Path) -> tuple[bytes, bytes]:
    """The salt and the first page (up to 64 KiB) of an encrypted file."""
    with path.open("rb") as stream:
        page = stream.read(65536)
    return page[:SALT_BYTES], page


def _page_one_opens(path: Path, key: str) -> bool:
    """Whether SQLCipher reads page 1 with this key (its HMAC checked) on a connection that
    writes nothing and creates nothing beside the file (read-only and immutable: no lock, no
    journal looked at)."""
    try:
        conn = driver.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True, key=key)
    except driver.Error:
        return False
    try:
        conn.execute("PRAGMA schema_version").fetchone()
        return True
    except driver.Error:
        return False
    finally:
        conn.close()


def _decrypt_header(key: bytes, page: bytes) -> bytes:
    """Header bytes 16-31 of page 1 (AES-256-CBC; the IV is at the start of the page's
    reserved bytes). The page size is not known before decrypting: each possible one is tried."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    for size in (4096, 1024, 2048, 8192, 16384, 32768, 65536, 512):
        if len(page) < size:
            continue
        iv = page[size - RESERVED_BYTES : size - RESERVED_BYTES + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        plain = decryptor.update(page[SALT_BYTES : SALT_BYTES + 16]) + decryptor.finalize()
        stated = int.from_bytes(plain[0:2], "big")
        if (65536 if stated == 1 else stated) == size:
            return plain
    return b""


def _reads_as_header(plain: bytes) -> bool:
    """Page size and write/read versions already agree; the rest is fixed by SQLite's format."""
    return (
        len(plain) == 16
        and plain[2] in (1, 2)
        and plain[3] in (1, 2)
        and plain[4:8] == bytes([RESERVED_BYTES, 64, 32, 32])
    )
