"""The server's records a sync needs, copied into a temporary schema of the laptop's connection
so the file sync's own checks (sync/union.py, sync/central.py's `_check`, sync/personal_rows.py,
sync/scope.py) run on them unchanged: the records a plan offers, each device's record before
them, the records sharing an id with one offered, and the server's summaries as they are.

The schema is SQLite's temporary database (`ATTACH ''`), encrypted with a random key, so what
spills to disk of the personal rows is unreadable, and it is gone when detached."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from survey_app.store import driver
from survey_app.store.sequences import SequenceSummary
from survey_app.sync.plan import Transfer
from survey_app.sync.union import COLUMNS

TABLES = ("meta", "records", "personal", "erasures", "sequences", "sequences_stale", "devices")
BATCH = 5000


def attach(db: driver.Connection, schema: str) -> None:
    """An empty staging schema with the tables of the laptop's own file (its schema version)."""
    key = f"x'{os.urandom(32).hex()}{os.urandom(16).hex()}'"
    db.execute(f"ATTACH DATABASE '' AS {schema} KEY \"{key}\"")
    names = ", ".join(f"'{t}'" for t in TABLES)
    rows = db.execute(
        "SELECT type, name, sql FROM main.sqlite_master WHERE sql IS NOT NULL "
        f"AND type IN ('table', 'index') AND tbl_name IN ({names}) ORDER BY type = 'index'"
    ).fetchall()
    for kind, name, sql in rows:
        keyword = "TABLE" if kind == "table" else "INDEX"
        head, rest = str(sql).split(str(name), 1)
        if keyword not in head.upper():
            continue
        db.execute(f"{head}{schema}.{name}{rest}")


def detach(db: driver.Connection, schema: str) -> None:
    db.execute(f"DETACH DATABASE {schema}")


def put_summaries(
    db: driver.Connection, schema: str, summaries: dict[str, SequenceSummary]
) -> None:
    db.execute(f"DELETE FROM {schema}.sequences")
    db.executemany(
        f"INSERT INTO {schema}.sequences (device, record_count, first_seq, last_seq, digest) "
        "VALUES (?, ?, ?, ?, ?)",
        [(d, s.records, s.first, s.last, s.digest) for d, s in summaries.items()],
    )


def put_meta(db: driver.Connection, schema: str, values: dict[str, str]) -> None:
    db.executemany(
        f"INSERT OR REPLACE INTO {schema}.meta (key, value) VALUES (?, ?)", values.items()
    )


def _plan_arrays(plan: Sequence[Transfer]) -> list[Any]:
    return [[t.device for t in plan], [t.after for t in plan], [t.full for t in plan]]


_PLAN_JOIN = (
    "JOIN unnest(%s::text[], %s::bigint[], %s::boolean[]) AS p(device, after_seq, whole) "
    "ON r.device = p.device AND (p.whole OR r.seq >= p.after_seq)"
)


def stage_plan(pg: Any, db: driver.Connection, schema: str, plan: Sequence[Transfer]) -> int:
    """The server's records each transfer of `plan` covers, and the one before them, with
    their personal rows; returns how many records were staged."""
    if not plan:
        return 0
    arrays = _plan_arrays(plan)
    staged = _copy_records(
        db, schema, pg.execute(f"SELECT r.{_cols('r')} FROM records r {_PLAN_JOIN}", arrays)
    )
    _copy_personal(
        db, schema,
        pg.execute(f"SELECT x.record_id, x.salt, x.fields FROM personal x JOIN records r "
                   f"ON r.id = x.record_id {_PLAN_JOIN}", arrays),
    )  # fmt: skip
    return staged


def stage_ids(pg: Any, db: driver.Connection, schema: str, ids: list[str]) -> int:
    """The server's records of these ids (whatever their device)."""
    if not ids:
        return 0
    return _copy_records(
        db, schema,
        pg.execute(f"SELECT r.{_cols('r')} FROM records r WHERE r.id = ANY(%s)", [ids]),
    )  # fmt: skip


def stage_device(pg: Any, db: driver.Connection, schema: str, device: str) -> int:
    return stage_plan(pg, db, schema, [Transfer(device, 0, full=True)])


def stage_erasures(pg: Any, db: driver.Connection, schema: str) -> None:
    """The office's erasures the server applies (a personal row they cover is never sent)."""
    rows = pg.execute(
        "SELECT e.record_id, e.household, coalesce(r.compound, ''), e.created_at, "
        "e.records::text FROM erasures e JOIN records r ON r.id = e.record_id"
    )
    db.executemany(
        f"INSERT OR IGNORE INTO {schema}.erasures (record_id, household, compound, created_at, "
        "records) VALUES (?, ?, ?, ?, ?)",
        rows,
    )


def _cols(alias: str) -> str:
    return COLUMNS.replace(", ", f", {alias}.")


def _copy_records(db: driver.Connection, schema: str, cursor: Iterable[Sequence[Any]]) -> int:
    placeholders = ", ".join("?" * len(COLUMNS.split(", ")))
    before = db.total_changes
    _in_batches(db, f"INSERT OR IGNORE INTO {schema}.records ({COLUMNS}) VALUES ({placeholders})",
                cursor)  # fmt: skip
    return int(db.total_changes - before)


def _copy_personal(db: driver.Connection, schema: str, cursor: Iterable[Sequence[Any]]) -> None:
    _in_batches(
        db, f"INSERT OR IGNORE INTO {schema}.personal (record_id, salt, fields) VALUES (?, ?, ?)",
        cursor,
    )  # fmt: skip


def _in_batches(db: driver.Connection, sql: str, cursor: Iterable[Sequence[Any]]) -> None:
    batch: list[Sequence[Any]] = []
    for row in cursor:
        batch.append(row)
        if len(batch) >= BATCH:
            db.executemany(sql, batch)
            batch = []
    if batch:
        db.executemany(sql, batch)
