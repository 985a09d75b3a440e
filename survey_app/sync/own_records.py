"""This laptop's own records against the central file: a restored or copied file told exactly,
and no sync that leaves one of them outside the central file reports success.

A file's own device writes its records 1, 2, 3... chained by hash. When the central file holds
records of this device that this file lacks, the file is older than its device's history: it was
restored from a backup, or it is a copy of a file that went on writing elsewhere. If none of those
records takes a number this file used for another record, the file simply gets them back (it
heals). If one does, two copies wrote as one device: the sync is refused with `identity_reused`,
and `survey-app device reset` gives this file a new identity (see sync/identity_reset.py).
"""

from __future__ import annotations

from pathlib import Path

from survey_app.core.errors import IntegrityError
from survey_app.store import driver
from survey_app.store.database import Store
from survey_app.store.sequences import SequenceSummary, read_sequences, stale_devices
from survey_app.sync import union
from survey_app.sync.files import SQLITE_FAILURES, attach_for_reading, file_error


def check_identity(
    db: driver.Connection, *, laptop: str, central: str, device: str, files: dict[str, Path]
) -> None:
    """Refuse, before anything moves, a laptop whose device wrote records that the central
    file holds as other records under the same numbers."""
    clash = _reused_number(db, laptop, central, device)
    if clash is None:
        return
    raise IntegrityError(
        code="identity_reused", device=device, name=union.device_name(db, tuple(files), device),
        seq=clash.seq, record=clash.id, other_record=clash.other_id, laptop=str(files[laptop]),
        file=str(files[central]),
    )  # fmt: skip


def _reused_number(
    db: driver.Connection, laptop: str, central: str, device: str
) -> union.Offender | None:
    mine, theirs = _summary(db, laptop, device), _summary(db, central, device)
    if mine is None or theirs is None or mine == theirs:
        return None
    # Each record names the hash of the one before: the same signed record at the last number
    # both hold means the same records up to it, so one row per file usually settles it.
    last = min(mine.last, theirs.last)
    here, there = _record_at(db, laptop, device, last), _record_at(db, central, device, last)
    if here and there and here[1] == there[1] and here[2] is not None:
        return None
    row = db.execute(
        f"SELECT a.id, a.seq, b.id FROM {laptop}.records a JOIN {central}.records b "
        "ON b.device = a.device AND b.seq = a.seq WHERE a.device = ? AND a.id != b.id "
        "ORDER BY a.seq LIMIT 1",
        [device],
    ).fetchone()
    return union.Offender(str(row[0]), device, int(row[1]), str(row[2])) if row else None


def _summary(db: driver.Connection, schema: str, device: str) -> SequenceSummary | None:
    return read_sequences(db, schema).get(device)


def _record_at(
    db: driver.Connection, schema: str, device: str, seq: int
) -> tuple[str, str, str | None] | None:
    row = db.execute(
        f"SELECT id, hash, prev FROM {schema}.records WHERE device = ? AND seq = ?", [device, seq]
    ).fetchone()
    return (str(row[0]), str(row[1]), row[2]) if row else None


def verify_all_sent(*, store: Store, central: Path, central_key: str | None = None) -> None:
    """After a sync or a send: every record of this laptop's own device is in the central file,
    or the sync fails naming how many are not. Equal summaries (count, last number, digest)
    settle it in two rows; records are only compared one by one when they differ, or when
    records were deleted from the central file since its summary was counted."""
    db, device = store.db, store.device_id
    try:
        attach_for_reading(db, central, "sent_to", central_key)
    except SQLITE_FAILURES as error:
        raise file_error(central, error) from error
    try:
        mine = _summary(db, "main", device)
        same = mine == _summary(db, "sent_to", device)
        if mine is None or (same and device not in stale_devices(db, "sent_to")):
            return
        missing = _missing_from_central(db, device)
        if missing:
            raise IntegrityError(
                code="not_all_sent", missing=missing, name=union.device_name(db, ("main",), device),
                laptop=str(store.path), file=str(central),
            )  # fmt: skip
    except SQLITE_FAILURES as error:
        raise file_error(central, error) from error
    finally:
        db.execute("DETACH DATABASE sent_to")


def _missing_from_central(db: driver.Connection, device: str) -> int:
    row = db.execute(
        "SELECT count(*) FROM main.records a WHERE a.device = ? "
        "AND NOT EXISTS (SELECT 1 FROM sent_to.records b WHERE b.id = a.id)",
        [device],
    ).fetchone()
    return int(row[0])


def own_records(db: driver.Connection, device: str) -> int:
    """How many records of its own device this file holds (from its summary table)."""
    summary = read_sequences(db).get(device)
    return summary.records if summary else 0
