"""A laptop the office gave some compounds: what it takes from the central file, and keeps.

Receiving, such a laptop is offered, per device, the central file's records after the sequence
number it has considered up to (its watermark). It checks every one of them as any laptop does
(hash, chain, signature, collisions: the central file holds each device's chain whole), then
takes the global ones (devices, enrolments, revocations, assignments, compounds), its own
device's, and those of its compounds, and leaves the rest. Each watermark then moves to where
that device's chain in the central file is whole, so the next sync reads only what is new, and
the records it was not given are never taken for missing ones.

The compounds come from the assignments this laptop holds once the global records offered are
in (an old central copy cannot widen them: the laptop keeps the assignment that superseded the
old one). When the office adds a compound, the next sync reads the central file once more from
the start and takes that compound's records. When it removes one, the next sync deletes the
other devices' records of that compound from the laptop (roster, rounds, votes and answers) and
rebuilds its tables; the laptop's own records stay: they are its signed chain, and the central
file holds them already (the send before the receive made sure of it).

A scoped laptop sends only the records its own device wrote: the central file gets every other
device's records from that device (or the office), never a partial chain through a laptop.
"""

from __future__ import annotations

import json

from survey_app.store import driver
from survey_app.store.assignments import SCOPE_KEY, Scope, assigned_compounds, held_scope
from survey_app.store.database import Store
from survey_app.store.projection import forget_projections
from survey_app.store.sequences import SequenceSummary
from survey_app.store.trust import OFFICE, compute_trust
from survey_app.sync.plan import Transfer
from survey_app.sync.union import LINKS_TABLE

_COMPOUND = "json_extract(r.payload, '$.compound')"
GLOBAL = f"{_COMPOUND} IS NULL"
"""Records that name no compound (devices, enrolments, revocations, assignments, compounds)."""
IN_SCOPE = (
    f"{GLOBAL} OR r.device = (SELECT value FROM main.meta WHERE key = 'device_id') "
    f"OR {_COMPOUND} IN (SELECT code FROM temp.sync_scope)"
)


def assigned_here(store: Store) -> Scope:
    """The compounds this laptop works in, by the records it holds now (office devices and the
    office's own file: all)."""
    trust = compute_trust(store.db, store.device_id)
    standing = trust.get(store.device_id)
    if store.fingerprint == store.authority or (standing and standing.role == OFFICE):
        return None
    return assigned_compounds(store.db, store.fingerprint, trust)


def held_plan(db: driver.Connection, there: dict[str, SequenceSummary]) -> list[Transfer]:
    """Per device of the central file, its records after what this laptop considered."""
    considered = _watermarks(db)
    return [
        Transfer(device, considered.get(device, 0))
        for device, summary in sorted(there.items())
        if summary.last > considered.get(device, 0)
    ]


def rescan_plan(there: dict[str, SequenceSummary]) -> list[Transfer]:
    """Every record of the central file, those held skipped by id (a compound was added)."""
    return [Transfer(device, 0, full=True) for device in sorted(there)]


def load_scope(db: driver.Connection, scope: frozenset[str]) -> None:
    db.execute("CREATE TEMP TABLE IF NOT EXISTS sync_scope (code TEXT PRIMARY KEY)")
    db.execute("DELETE FROM temp.sync_scope")
    db.executemany("INSERT INTO temp.sync_scope (code) VALUES (?)", [(c,) for c in scope])


def drop_out_of_scope(db: driver.Connection) -> int:
    """Delete the other devices' records of the compounds this laptop no longer works in (after
    `load_scope`); its tables are rebuilt from the records it keeps."""
    cursor = db.execute(
        f"DELETE FROM main.records AS r WHERE {_COMPOUND} IS NOT NULL "
        "AND r.device != (SELECT value FROM main.meta WHERE key = 'device_id') "
        f"AND {_COMPOUND} NOT IN (SELECT code FROM temp.sync_scope)"
    )
    if cursor.rowcount:
        forget_projections(db)
    return int(cursor.rowcount)


def remember(
    db: driver.Connection, scope: frozenset[str], there: dict[str, SequenceSummary], *,
    rescanned: bool,
) -> None:  # fmt: skip
    """Keep the compounds and move each watermark to where the central's chain is whole
    (nothing is written when neither changed)."""
    before = {} if rescanned else _watermarks(db)
    after = {
        device: max(before.get(device, 0), _whole_up_to(db, device, summary))
        for device, summary in there.items()
    }
    if not rescanned and held_scope(db) == scope and after == before:
        return
    db.execute(
        "INSERT OR REPLACE INTO main.meta (key, value) VALUES (?, ?)",
        [SCOPE_KEY, json.dumps(sorted(scope), ensure_ascii=False)],
    )
    db.execute("DELETE FROM main.scope_watermarks")
    db.executemany(
        "INSERT INTO main.scope_watermarks (device, considered) VALUES (?, ?)", after.items()
    )


def forget(db: driver.Connection) -> None:
    """This laptop works in every compound again (and holds them all after this sync)."""
    db.execute("DELETE FROM main.meta WHERE key = ?", [SCOPE_KEY])
    db.execute("DELETE FROM main.scope_watermarks")


def _watermarks(db: driver.Connection) -> dict[str, int]:
    rows = db.execute("SELECT device, considered FROM main.scope_watermarks").fetchall()
    return {str(d): int(n) for d, n in rows}


def _whole_up_to(db: driver.Connection, device: str, summary: SequenceSummary) -> int:
    """The last number before the central's first gap in a device's records (a scan of that
    device only when its summary shows a gap)."""
    if summary.complete:
        return summary.last
    if summary.first != 1:
        return 0
    links = f"temp.{LINKS_TABLE}"  # a server's records this laptop may not read: no gap
    row = db.execute(
        f"SELECT min(a.seq) FROM (SELECT seq FROM central.records WHERE device = :d "
        f"UNION ALL SELECT seq FROM {links} WHERE device = :d) a WHERE NOT EXISTS "
        "(SELECT 1 FROM central.records b WHERE b.device = :d AND b.seq = a.seq + 1) "
        f"AND NOT EXISTS (SELECT 1 FROM {links} b WHERE b.device = :d AND b.seq = a.seq + 1)",
        {"d": device},
    ).fetchone()
    return int(row[0] or 0)
