"""`survey-app encrypt`: a plain data file (a laptop's or a central one) encrypted in place.

The encrypted copy is built beside the file under a temporary name (0600), flushed to the disk,
opened again with its key and compared with the plain file (every table's row count, every
record's id, hash and rowid); only then does it take the file's name, in one rename. A kill at
any moment leaves the plain file or the encrypted one under the name, never neither, and at
worst a temporary `.NAME.*.writing` file beside it.

A file with a `-wal` or a non-empty `-journal` beside it is refused: the app has it open (or a
write was cut off and the app's next opening finishes it); encrypting it then could lose the
write in progress, and checkpointing it here would write the plain file.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from survey_app.core.errors import IntegrityError, RefusedAction, UnreadableFile
from survey_app.spreadsheets.atomic import write_atomically
from survey_app.store import driver
from survey_app.store.database import check_is_ours, table_names
from survey_app.store.encryption import (
    PLAIN_KEY,
    file_key,
    is_encrypted,
    journal_is_wal,
    new_file_key,
)
from survey_app.sync.files import (
    SQLITE_FAILURES,
    check_header,
    check_location,
    connect_for_reading,
    file_error,
    reading_uri,
)


@dataclass(frozen=True)
class Encrypted:
    path: Path
    records: int
    role: str
    """`laptop` or `central` (a central file has no device of its own)."""

    def as_json(self) -> dict[str, object]:
        return {"file": str(self.path), "records": self.records, "role": self.role}


def role_of(path: Path) -> str:
    """Whether a plain data file is a laptop's or a central one (for the passphrase asked)."""
    conn = connect_for_reading(path)
    try:
        row = conn.execute("SELECT 1 FROM meta WHERE key = 'device_id'").fetchone()
    finally:
        conn.close()
    return "laptop" if row else "central"


def check_encryptable(path: Path) -> None:
    """Refuse, before any passphrase is asked, what `encrypt_file` would refuse."""
    check_location(path)
    if not path.exists():
        raise UnreadableFile(code="missing_file", path=str(path))
    if is_encrypted(path):
        raise RefusedAction(code="already_encrypted", path=str(path))
    for suffix in ("-wal", "-journal"):
        beside = Path(f"{path}{suffix}")
        if beside.exists() and (suffix == "-wal" or beside.stat().st_size > 0):
            raise RefusedAction(code="encrypt_in_use", path=str(path), beside=str(beside))
    check_header(path)
    try:
        conn = connect_for_reading(path)
        try:
            check_is_ours(conn, path)
            if not table_names(conn):
                raise UnreadableFile(code="empty_file", path=str(path))
        finally:
            conn.close()
    except SQLITE_FAILURES as error:
        raise file_error(path, error) from error


def encrypt_file(path: Path, passphrase: str) -> Encrypted:
    """Encrypt the plain data file `path` with `passphrase`, atomically (see the module)."""
    assert passphrase, "a file is encrypted with a passphrase"
    check_encryptable(path)
    role = role_of(path)
    wal = journal_is_wal(path, None)
    try:
        with write_atomically(path) as temporary:
            os.chmod(temporary, 0o600)  # readable by its owner only, whatever the plain file's
            key = new_file_key(passphrase)
            try:
                _build(path, temporary, key, wal=wal)
                records = _verify(path, temporary, passphrase)
            finally:
                for suffix in ("-wal", "-shm", "-journal"):
                    with contextlib.suppress(OSError):
                        Path(f"{temporary}{suffix}").unlink()
            if Path(f"{path}-wal").exists():  # the app opened it meanwhile: keep the plain file
                raise RefusedAction(code="encrypt_in_use", path=str(path), beside=f"{path}-wal")
    except SQLITE_FAILURES as error:
        raise file_error(path, error, writing=True) from error
    return Encrypted(path, records, role)


def _build(path: Path, temporary: Path, key: str, *, wal: bool) -> None:
    target = driver.connect(str(temporary), key=key)
    try:
        target.execute(f"PRAGMA journal_mode = {'WAL' if wal else 'DELETE'}")
        target.execute("PRAGMA synchronous = FULL")
        target.execute("ATTACH DATABASE ? AS plain KEY ?", [reading_uri(path), PLAIN_KEY])
        driver.copy_database(target, "plain")
        target.execute("DETACH DATABASE plain")
        if wal:
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        target.close()


def _verify(path: Path, temporary: Path, passphrase: str) -> int:
    """The copy opens with the passphrase and holds what the plain file holds."""
    copy = connect_for_reading(temporary, file_key(temporary, passphrase))
    plain = connect_for_reading(path)
    try:
        if copy.execute("PRAGMA integrity_check(1)").fetchone()[0] != "ok" or _content(
            copy
        ) != _content(plain):
            raise IntegrityError(code="encrypt_mismatch", path=str(path))
        return int(copy.execute("SELECT count(*) FROM records").fetchone()[0])
    finally:
        copy.close()
        plain.close()


def _content(conn: driver.Connection) -> tuple[object, ...]:
    counts = tuple(
        (name, conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
        for name in sorted(table_names(conn))
    )
    records = conn.execute("SELECT rowid, id, hash FROM records ORDER BY rowid").fetchall()
    return counts, tuple(records)
