"""Personal data kept beside the records (`personal`), and its erasure.

A record's signed payload holds a salted digest of its personal fields (core/payloads.py); the
fields and the salt live here, one row per record, copied by sync and checked against the
digest wherever they arrive. An erasure record of the office (kind `erasure`) covers the
household's records written up to it and the records it names: their rows are deleted here
(the `erased_records` projection lists them), a row of theirs offered again is ignored, and the
projections show the household's name as erased. The record log itself never changes, so
every hash, signature and chain still verifies.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from survey_app.core.privacy import ERASED_NAME
from survey_app.store import driver

if TYPE_CHECKING:
    from survey_app.core.payloads import PersonalPart

DIGEST_FUNCTION = "survey_personal_digest"
CHECKPOINT_KEY = "erasure_checkpoint"
PERSONAL_WATERMARK_KEY = "personal_projected_rowid"
TRUNCATE_RETRY_S = 0.005
HOUSEHOLD_PERSONAL = ("head", "phone", "note")
"""A household's personal fields (core/payloads.py `PERSONAL_FIELDS`), kept in its personal row."""

CREATE_TABLES = """
CREATE TABLE IF NOT EXISTS personal (
    record_id TEXT PRIMARY KEY, salt TEXT NOT NULL, fields TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS erasures (
    record_id TEXT PRIMARY KEY, household TEXT NOT NULL, compound TEXT NOT NULL,
    created_at TEXT NOT NULL, records TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS erasures_household ON erasures (household);
CREATE TABLE IF NOT EXISTS erased_records (
    record_id TEXT PRIMARY KEY, household TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS erased_records_household ON erased_records (household);
"""
PROJECTED_TABLES = ("erasures", "erased_records")
"""Rebuilt from the log with the other projections (the deleted rows never come back)."""


def household_of(alias: str) -> str:
    """The household a record speaks of (a roster row's own id)."""
    return (
        f"iif({alias}.kind IN ('household'), json_extract({alias}.payload, '$.id'), "
        f"json_extract({alias}.payload, '$.household'))"
    )


def covers(erasure: str, record: str) -> str:
    """Whether an erasure (a row of `erasures`) covers a record (a row of `records`)."""
    return (
        f"({erasure}.household = {household_of(record)} AND ({record}.created_at <= "
        f"{erasure}.created_at OR {record}.id IN (SELECT value FROM json_each({erasure}.records))))"
    )


_KINDS = "('household', 'vote', 'survey_answer', 'visit')"


def prepare(db: driver.Connection) -> None:
    """The digest as an SQL function, for checks that run set-based."""
    db.create_function(DIGEST_FUNCTION, 2, _digest, deterministic=True)


def _digest(salt: object, text: object) -> str:
    from survey_app.core.payloads import personal_digest

    return personal_digest(str(salt), str(text))


def insert_personal(db: driver.Connection, rows: Iterable[tuple[str, PersonalPart]]) -> None:
    db.executemany(
        "INSERT INTO personal (record_id, salt, fields) VALUES (?, ?, ?)",
        [(record_id, part.salt, part.text) for record_id, part in rows],
    )


def personal_fields(db: driver.Connection, record_id: str) -> str | None:
    row = db.execute("SELECT fields FROM personal WHERE record_id = ?", [record_id]).fetchone()
    return None if row is None else str(row[0])


def full_payload(kind: str, payload: object, fields: object) -> dict[str, Any]:
    """A stored payload with its personal fields, as `from_json` reads it."""
    from survey_app.core.payloads import merge_payload

    extra = None if fields is None else json.loads(str(fields))
    return merge_payload(kind, json.loads(str(payload)), extra)


def is_erased(db: driver.Connection, household: str) -> bool:
    row = db.execute("SELECT 1 FROM erasures WHERE household = ? LIMIT 1", [household]).fetchone()
    return row is not None


# -- projection -------------------------------------------------------------------------------


def project_erasures(db: driver.Connection, since: int) -> None:
    """After the roster rows: the erasures counted (office records only), the records they
    cover, the deletion of those records' personal rows, then the personal fields of the
    households whose row arrived after their record (a record in force just written has them
    from its insert), or their name as erased."""
    db.execute(
        "INSERT OR IGNORE INTO erasures (record_id, household, compound, created_at, records) "
        "SELECT id, json_extract(payload, '$.household'), json_extract(payload, '$.compound'), "
        "created_at, json_extract(payload, '$.records') FROM counted_records "
        "WHERE rid > :since AND kind = 'erasure' AND by_office",
        {"since": since},
    )
    new_erasure = db.execute(
        "SELECT 1 FROM records WHERE rowid > ? AND kind = 'erasure' LIMIT 1", [since]
    ).fetchone()
    if new_erasure:  # the records it covers, of every kind: a scan, for this rare action only
        db.execute(
            "INSERT OR IGNORE INTO erased_records (record_id, household) "
            "SELECT r.id, e.household FROM records x CROSS JOIN erasures e "
            f"ON e.record_id = x.id CROSS JOIN records r ON r.kind IN {_KINDS} "
            f"AND {covers('e', 'r')} WHERE x.rowid > ? AND x.kind = 'erasure'",
            [since],
        )
    if db.execute("SELECT 1 FROM erasures LIMIT 1").fetchone():  # new records one covers
        db.execute(
            "INSERT OR IGNORE INTO erased_records (record_id, household) "
            f"SELECT r.id, e.household FROM records r CROSS JOIN erasures e "
            f"ON {covers('e', 'r')} WHERE r.rowid > ? AND r.kind IN {_KINDS}",
            [since],
        )
    deleted = db.execute(
        "DELETE FROM personal WHERE record_id IN (SELECT record_id FROM erased_records)"
    ).rowcount
    db.execute(  # a visit's note came from its personal row (store/visit_projection.py)
        "UPDATE visits SET note = NULL WHERE note IS NOT NULL "
        "AND id IN (SELECT record_id FROM erased_records)"
    )
    if new_erasure:  # the drafts of the households a new erasure empties
        db.execute(
            "DELETE FROM drafts WHERE household IN (SELECT e.household FROM erasures e "
            "JOIN records x ON x.id = e.record_id WHERE x.rowid > ? AND x.kind = 'erasure')",
            [since],
        )
    if deleted and _uses_wal(db):
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", [CHECKPOINT_KEY])
    personal_since = 0 if not since else _personal_watermark(db)
    fields = _set_from_personal("households.record_id", *HOUSEHOLD_PERSONAL)
    db.execute(  # personal rows that came after their record, one projected before (each by
        # its household's id); a row in force just chosen has its fields from its insert
        # (store/projection.py), so a roster's new rows are not read a second time
        f"UPDATE households SET {fields} WHERE id IN (SELECT json_extract(r.payload, '$.id') "
        "FROM personal p CROSS JOIN records r ON r.id = p.record_id "
        "WHERE p.rowid > :p AND r.rowid <= :since AND r.kind = 'household') "
        "AND record_id IN (SELECT record_id FROM personal WHERE rowid > :p) "
        "AND id NOT IN (SELECT key FROM temp.in_force WHERE kind = 'household')",
        {"p": personal_since, "since": since},
    )
    db.execute(
        "UPDATE households SET head = ?, phone = NULL, note = NULL "
        "WHERE id IN (SELECT household FROM erased_records) "
        "AND record_id IN (SELECT record_id FROM erased_records) AND head IS NOT ?",
        [ERASED_NAME, ERASED_NAME],
    )
    db.execute(
        "UPDATE household_keys SET phone = NULL, pinyin = '' WHERE household IN "
        "(SELECT h.id FROM households h WHERE h.id IN (SELECT household FROM erased_records) "
        "AND h.head = ?) AND (phone IS NOT NULL OR pinyin <> '')",
        [ERASED_NAME],
    )


def advance_personal_watermark(db: driver.Connection, since: int) -> None:
    """After every projection that reads the personal rows that came since (the households'
    in `project_erasures`, the search keys): the newest of them is read. A vote's personal
    fields are read from its personal row when the vote is shown (store/votes.py)."""
    newest = db.execute("SELECT coalesce(max(rowid), 0) FROM personal").fetchone()[0]
    db.execute(  # an update in place: REPLACE would also rewrite the key's index page
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [PERSONAL_WATERMARK_KEY, str(newest)],
    )


def personal_or_payload(name: str, record: str) -> str:
    """A personal field of the record `record` joined with its personal row `p`: from that
    row when it has one, else from its payload (a record written before personal rows)."""
    return (
        f"iif(p.record_id IS NULL, json_extract({record}.payload, '$.{name}'), "
        f"json_extract(p.fields, '$.{name}'))"
    )


def _set_from_personal(record: str, *names: str) -> str:
    return ", ".join(
        f"{n} = (SELECT json_extract(p.fields, '$.{n}') FROM personal p "
        f"WHERE p.record_id = {record})"
        for n in names
    )


def _personal_watermark(db: driver.Connection) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [PERSONAL_WATERMARK_KEY]).fetchone()
    return int(row[0]) if row else 0


def _uses_wal(db: driver.Connection) -> bool:
    return str(db.execute("PRAGMA main.journal_mode").fetchone()[0]).lower() == "wal"


def checkpoint_after_erasure(db: driver.Connection) -> None:
    """Once an erasure deleted rows (outside any transaction): copy the WAL into the file and
    empty it, so no old page with the erased values stays in the WAL file."""
    if db.in_transaction:
        return
    row = db.execute("SELECT 1 FROM meta WHERE key = ?", [CHECKPOINT_KEY]).fetchone()
    if row is None:
        return
    db.execute("DELETE FROM meta WHERE key = ?", [CHECKPOINT_KEY])
    if not truncate_wal(db):  # a reader kept the WAL past the wait: asked again next time
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", [CHECKPOINT_KEY])


def truncate_wal(db: driver.Connection) -> bool:
    """Copy the WAL into the file and empty it; tried again while another connection (the
    store's checkpoint thread) checkpoints, which SQLite answers at once with `busy`, whatever
    the busy timeout. False when it was still busy after the busy timeout."""
    deadline = time.monotonic() + driver.BUSY_TIMEOUT_S
    while db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
        if time.monotonic() > deadline:
            return False
        time.sleep(TRUNCATE_RETRY_S)
    return True


# -- copying and checking -----------------------------------------------------------------------


def forged_rows(db: driver.Connection, source_rows: str, schema: str) -> list[str]:
    """The record ids of personal rows (`source_rows`: a FROM clause naming `p`, the rows,
    and `r`, their records in `schema`) whose fields do not match their record's digest."""
    rows = db.execute(
        f"SELECT p.record_id {source_rows} WHERE json_extract(r.payload, '$.personal') IS NOT "
        f"{DIGEST_FUNCTION}(p.salt, p.fields) LIMIT 20"
    ).fetchall()
    return [str(r[0]) for r in rows]


def orphan_rows(db: driver.Connection, schema: str = "main") -> list[str]:
    """Personal rows whose record is not in the file, or whose record has no digest."""
    rows = db.execute(
        f"SELECT p.record_id FROM {schema}.personal p LEFT JOIN {schema}.records r "
        "ON r.id = p.record_id WHERE r.id IS NULL "
        "OR json_extract(r.payload, '$.personal') IS NULL LIMIT 20"
    ).fetchall()
    return [str(r[0]) for r in rows]


def forget_orphans(db: driver.Connection) -> int:
    """Delete the personal rows whose record this file no longer holds (a laptop that was
    given fewer compounds deleted other devices' records of the others)."""
    cursor = db.execute(
        "DELETE FROM personal WHERE NOT EXISTS "
        "(SELECT 1 FROM records r WHERE r.id = personal.record_id)"
    )
    if cursor.rowcount:
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", [CHECKPOINT_KEY])
    return int(cursor.rowcount)


def erased_rows_held(db: driver.Connection, schema: str = "main") -> list[str]:
    """Personal rows still held for records an erasure covers."""
    rows = db.execute(
        f"SELECT p.record_id FROM {schema}.personal p JOIN {schema}.records r "
        f"ON r.id = p.record_id JOIN {schema}.erasures e ON {covers('e', 'r')} LIMIT 20"
    ).fetchall()
    return [str(r[0]) for r in rows]
