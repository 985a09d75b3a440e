"""`device reset`: a restored or copied laptop file gets an identity of its own again.

Two copies of a file (a restored backup and the history it was restored over, or a cloned
laptop image) write as one device, so their records take the same numbers and neither can sync.
The reset gives this file a new device id and a new key (a new fingerprint for the office to
enrol), and issues again, under the new identity, every record of the old identity that the
central file does not hold: those are removed from this file's log and written as new records
of the new device, with new ids and the same payloads (a vote that replaces a re-issued vote
names the new id). The records of the old identity that the central file holds stay, counted
under the old enrolment, and the next sync brings the central's other records of it. Removing
records from this file's log breaks nothing: they never left this laptop.

The authority's own file keeps its key (no one could enrol a new office key) and only takes a
new device id: records signed by the authority's key count wherever that key is pinned.

All in one transaction of this laptop's file: a reset cut off at any moment leaves the file as
it was before or as it is after. The central file is only read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from survey_app.core.errors import InvalidInput, RefusedAction, UnreadableFile
from survey_app.core.ids import DeviceId, new_device_id, new_record_id
from survey_app.core.keys import SigningKey
from survey_app.core.payloads import DevicePayload
from survey_app.core.records import Record, RecordKind
from survey_app.store import driver
from survey_app.store.database import Store, now_utc
from survey_app.store.location import settle_here
from survey_app.store.projection import PROJECTION_TABLES, WATERMARK_KEY, mark_trust_stale
from survey_app.store.sequences import read_sequences, resummarise_device
from survey_app.store.trust import authority
from survey_app.sync.files import (
    SQLITE_FAILURES,
    attach_for_reading,
    file_error,
    open_for_reading,
)

CENTRAL = "reset_central"


@dataclass(frozen=True)
class ResetReport:
    old_device: str
    old_fingerprint: str
    device: str
    fingerprint: str
    reissued: int
    """Records of the old identity the central file lacked, now records of the new one."""
    kept: int
    """Records of the old identity the central file holds: they stay, under the old one."""
    key_kept: bool
    """The authority's file: same key, same fingerprint, nothing to enrol."""

    def as_json(self) -> dict[str, object]:
        return {
            "old_device": self.old_device, "old_fingerprint": self.old_fingerprint,
            "device": self.device, "fingerprint": self.fingerprint, "reissued": self.reissued,
            "kept": self.kept, "key_kept": self.key_kept,
        }  # fmt: skip


def reset_identity(
    *, store: Store, central: Path | None, central_passphrase: str | None = None
) -> ResetReport:
    """Give this file a new identity and re-issue what the central file never received
    (`central_passphrase`: an encrypted central file's)."""
    if central is None and has_synced(store):
        raise InvalidInput(code="reset_needs_central")
    if central is not None:
        central, key = _checked_central(store, central, central_passphrase)
        _attach(store.db, central, key)
    try:
        with store.transaction():
            if central is not None:
                _agree_on_authority(store, central)
            return _reset(store, with_central=central is not None)
    except SQLITE_FAILURES as error:
        raise file_error(central or store.path, error) from error
    finally:
        if central is not None:
            store.db.execute(f"DETACH DATABASE {CENTRAL}")


def has_synced(store: Store) -> bool:
    """Whether any record of this file may be in a central file: it remembers one, learned
    an office from one, is an office, or holds another device's records."""
    others = set(read_sequences(store.db)) - {store.device_id}
    return bool(store.central_path or store.authority or others)


def _checked_central(
    store: Store, central: Path, passphrase: str | None
) -> tuple[Path, str | None]:
    central = central.expanduser().absolute()
    if not central.is_file():
        raise UnreadableFile(code="missing_file", path=str(central))
    if central.resolve() == store.path.resolve():
        raise RefusedAction(code="same_file", path=str(central))
    opened = open_for_reading(central, passphrase)  # a data file of this app, whole, or why not
    opened.close()
    return central, opened.key


def _attach(db: driver.Connection, central: Path, key: str | None) -> None:
    try:
        attach_for_reading(db, central, CENTRAL, key)
    except SQLITE_FAILURES as error:
        raise file_error(central, error) from error


def _agree_on_authority(store: Store, central: Path) -> None:
    theirs = authority(store.db, CENTRAL)
    if theirs and store.authority and theirs != store.authority:
        raise RefusedAction(
            code="other_authority", file=str(central), mine=store.authority, theirs=theirs
        )


def _reset(store: Store, *, with_central: bool) -> ResetReport:
    db = store.db
    old, old_key = store.device_id, store.signing_key
    keeps_key = bool(store.authority) and store.authority == old_key.fingerprint
    unsent = _unsent(db, old, with_central)
    top = int(db.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()[0])
    db.executemany("DELETE FROM records WHERE id = ?", [(r.id,) for r in unsent])
    resummarise_device(db, old)
    store.adopt_identity(DeviceId(new_device_id()), old_key if keeps_key else SigningKey.generate())
    reissued = _reissue(store, unsent, top)
    _rebuild_projections(db)
    settle_here(store)
    kept = read_sequences(db).get(old)
    return ResetReport(
        old_device=old, old_fingerprint=old_key.fingerprint, device=store.device_id,
        fingerprint=store.fingerprint, reissued=reissued, kept=kept.records if kept else 0,
        key_kept=keeps_key,
    )  # fmt: skip


def _unsent(db: driver.Connection, device: str, with_central: bool) -> list[Record]:
    """The device's records the central file does not hold (by id), in the order written."""
    absent = (
        f" AND NOT EXISTS (SELECT 1 FROM {CENTRAL}.records c WHERE c.id = r.id)"
        if with_central
        else ""
    )
    rows = db.execute(
        "SELECT id, kind, device, seq, created_at, payload, hash, prev, signature "
        f"FROM main.records r WHERE r.device = ?{absent} ORDER BY r.seq",
        [device],
    ).fetchall()
    return [Record(*row) for row in rows]


def _reissue(store: Store, unsent: list[Record], top: int) -> int:
    """The new device's first record declares its key; then the unsent records, each with a
    new id and its payload's references to re-issued records renamed. Written with rowids above
    every earlier one, so the summaries and projections, which read by rowid, see them."""
    device, key = store.device_id, store.signing_key
    announce = DevicePayload(
        id=device, name=store.device_name, surveyor=store.surveyor, public_key=key.public_key
    )
    facts = [(str(RecordKind.DEVICE), now_utc(), announce.as_json())]
    ids = [new_record_id(device, 1)]  # ids[n] and facts[n] are written as seq n + 1
    renamed: dict[str, str] = {}
    for record in unsent:
        if record.kind == RecordKind.DEVICE:
            continue  # the old device's words about itself; the new one says its own
        ids.append(new_record_id(device, len(ids) + 1))
        renamed[record.id] = ids[-1]
        facts.append((record.kind, record.created_at, _renamed(record.data(), renamed)))
    written, prev = [], ""
    for seq, (record_id, (kind, created_at, payload)) in enumerate(zip(ids, facts, strict=True)):
        record = Record.create(
            id=record_id, kind=kind, device=device, seq=seq + 1, created_at=created_at,
            payload=payload, prev=prev, key=key,
        )  # fmt: skip
        written.append(record)
        prev = record.hash
    _insert_after(store.db, written, top)
    # their personal rows follow them (the digest each record signs is over salt and fields)
    store.db.executemany(
        "UPDATE personal SET record_id = ? WHERE record_id = ?",
        [(new, old) for old, new in renamed.items()],
    )
    return len(written) - 1


def _renamed(value: Any, renamed: dict[str, str]) -> Any:
    """A payload with every record id it names that was re-issued replaced by the new id
    (`replaces` of votes and survey answers, and any later reference of the same kind)."""
    if isinstance(value, str):
        return renamed.get(value, value)
    if isinstance(value, list):
        return [_renamed(v, renamed) for v in value]
    if isinstance(value, dict):
        return {k: _renamed(v, renamed) for k, v in value.items()}
    return value


def _insert_after(db: driver.Connection, records: list[Record], top: int) -> None:
    db.executemany(
        "INSERT INTO records (rowid, id, kind, device, seq, created_at, payload, hash, prev, "
        "signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (top + i + 1, r.id, r.kind, r.device, r.seq, r.created_at, r.payload, r.hash,
             r.prev, r.signature)
            for i, r in enumerate(records)
        ],
    )  # fmt: skip


def _rebuild_projections(db: driver.Connection) -> None:
    """Records left the log, and the file's own device changed: every table is built again
    from the records when the transaction ends."""
    for table in PROJECTION_TABLES:
        db.execute(f"DELETE FROM {table}")
    db.execute("DELETE FROM meta WHERE key = ?", [WATERMARK_KEY])
    mark_trust_stale(db)
