"""Sync of the personal rows kept beside the records (store/personal.py), one statement each
way after the records: a row offered is checked against the digest its record signs (a forged
one stops the sync like a forged record), and a row of a record an erasure covers in the
receiving file is never taken back, whichever old copy offers it."""

from __future__ import annotations

from pathlib import Path

from survey_app.core.errors import IntegrityError
from survey_app.store import driver, personal
from survey_app.store.database import table_names


def _offered(source: str, target: str) -> str:
    """The personal rows of the records the plan offers that the target now holds and lacks
    the row of (`p`: the row, `r`: its record in the source)."""
    return (
        f"FROM temp.sync_plan pl CROSS JOIN {source}.records r "
        "ON r.device = pl.device AND r.seq > pl.after_seq "
        f"JOIN {source}.personal p ON p.record_id = r.id "
        f"JOIN {target}.records t ON t.id = r.id AND t.hash = r.hash "
        f"WHERE NOT EXISTS (SELECT 1 FROM {target}.personal x WHERE x.record_id = r.id)"
    )


def _has_table(db: driver.Connection, schema: str) -> bool:
    return "personal" in table_names_of(db, schema)


def table_names_of(db: driver.Connection, schema: str) -> list[str]:
    if schema == "main":
        return table_names(db)
    rows = db.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")
    return [str(name) for (name,) in rows]


def copy_personal(db: driver.Connection, source: str, target: str, files: dict[str, Path]) -> int:
    """Copy the personal rows of the records just added (inside the write transaction)."""
    if not (_has_table(db, source) and _has_table(db, target)):
        return 0
    personal.prepare(db)
    offered = _offered(source, target)
    forged = db.execute(
        f"SELECT p.record_id {offered} AND json_extract(r.payload, '$.personal') IS NOT "
        f"{personal.DIGEST_FUNCTION}(p.salt, p.fields) LIMIT 1"
    ).fetchone()
    if forged:
        raise IntegrityError(code="bad_personal", record=str(forged[0]), file=str(files[source]))
    cursor = db.execute(
        f"INSERT OR IGNORE INTO {target}.personal (record_id, salt, fields) "
        f"SELECT p.record_id, p.salt, p.fields {offered} AND NOT EXISTS "
        f"(SELECT 1 FROM {target}.erasures e WHERE {personal.covers('e', 'r')})"
    )
    return int(cursor.rowcount)
