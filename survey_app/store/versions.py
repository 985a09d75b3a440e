"""Which compound, roster row or round opening is in force: causal order, never clocks.

Each office record of these kinds names the records of its key it supersedes (`supersedes`):
those in force in the writer's file when it wrote it. The versions of a key that no other
counted version supersedes are its heads; the head in force is the one a reader picks from
them, and that pick depends only on the set of records, not on the order they arrived in:

- one head: it is in force, whatever the dates;
- several heads that name what they supersede (causal records) were written without seeing
  each other: a conflict, listed for the office (sync/rule_conflicts.py) when they say
  different things. Until the office writes a record superseding them all, the pick is
  clock-free: for a round opening the strictest rule (highest threshold, then strict over
  inclusive, then double majority), so a concurrent opening can never make a compound pass
  more easily than either says (as a vote in conflict counts as not agreeing); otherwise the
  smallest record id (an id begins with its device's random id, core/ids.py, so no date is
  favoured and which of two computers is picked is chance, the same pick on every copy);
- causal heads win over records written before causal order (no `supersedes` key); among
  those alone the old rule stands, by (created_at, id): the latest for compounds and roster
  rows, the earliest opening for a round, so old files keep the tables they had.

`versions` keeps every counted office record of these kinds by key, with `head`; `supersessions`
the (key, record) pairs some counted version supersedes. Both are projections like the others:
set-based over the new records, recomputed for the keys those records touch.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from survey_app.store import driver

if TYPE_CHECKING:  # the projection imports this module, and the store imports the projection
    from survey_app.store.database import Store

CREATE_TABLES = """
CREATE TABLE IF NOT EXISTS versions (
    kind TEXT NOT NULL, key TEXT NOT NULL, record_id TEXT NOT NULL,
    causal INTEGER NOT NULL, created_at TEXT NOT NULL, head INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (kind, key, record_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS supersessions (
    kind TEXT NOT NULL, key TEXT NOT NULL, record_id TEXT NOT NULL,
    PRIMARY KEY (kind, key, record_id)
) WITHOUT ROWID
"""

COMPOUND, HOUSEHOLD, ROUND_OPENED = "compound", "household", "round_opened"
KEYS = {
    COMPOUND: "json_extract({p}, '$.code')",
    HOUSEHOLD: "json_extract({p}, '$.id')",
    ROUND_OPENED: "json_extract({p}, '$.compound') || '#' || json_extract({p}, '$.round')",
}
"""Each kind's key, from its payload: compound code, household id, `compound#round`."""


def round_key(compound: str, round_no: int) -> str:
    return f"{compound}#{round_no}"


TOUCHED_VERSIONS_TABLE = """
CREATE TEMP TABLE IF NOT EXISTS touched_versions (
    kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key)
) WITHOUT ROWID
"""
NEW_VERSIONS_TABLE = """
CREATE TEMP TABLE IF NOT EXISTS new_versions (
    key TEXT NOT NULL, record_id TEXT NOT NULL, causal INTEGER NOT NULL,
    created_at TEXT NOT NULL, supersedes TEXT
)
"""
"""The new counted office records of the kind being projected, their payloads read once."""
IN_FORCE_TABLE = """
CREATE TEMP TABLE IF NOT EXISTS in_force (
    kind TEXT NOT NULL, key TEXT NOT NULL, record_id TEXT NOT NULL, PRIMARY KEY (kind, key)
) WITHOUT ROWID
"""
_NEW = "FROM counted_records WHERE rid > :since AND kind = :kind AND by_office"
_TOUCHED_KEYS = "SELECT key FROM temp.touched_versions WHERE kind = :kind"

_LEGACY_ORDER = "v.created_at DESC, v.record_id DESC"
_ORDER = {
    COMPOUND: f"v.causal DESC, iif(v.causal, v.record_id, NULL), {_LEGACY_ORDER}",
    HOUSEHOLD: f"v.causal DESC, iif(v.causal, v.record_id, NULL), {_LEGACY_ORDER}",
    # Threshold fractions compared as doubles: IEEE division rounds correctly, so equal
    # fractions give the same double and distinct ones of small denominators keep their order.
    ROUND_OPENED: """v.causal DESC,
        iif(v.causal, -1.0 * json_extract(r.payload, '$.threshold_num')
                      / json_extract(r.payload, '$.threshold_den'), NULL),
        iif(v.causal, json_extract(r.payload, '$.inclusive'), NULL),
        iif(v.causal, -json_extract(r.payload, '$.double_majority'), NULL),
        iif(v.causal, v.record_id, NULL), v.created_at, v.record_id""",
}
"""How the head in force is picked among a key's heads (see the module's docstring)."""
_ORDER_READS = {
    COMPOUND: "",
    HOUSEHOLD: "",
    ROUND_OPENED: "JOIN records r ON r.id = v.record_id",
}
"""What the order reads beside `versions`: a round opening's rule, from its record (a roster's
50,000 versions need no look-up of their records)."""


def _statements(kind: str) -> list[str]:
    key = KEYS[kind].format(p="payload")
    return [
        # each new record's payload read once (a roster's 50,000 were parsed three times)
        f"""INSERT INTO temp.new_versions (key, record_id, causal, created_at, supersedes)
            SELECT {key}, id, json_type(payload, '$.supersedes') IS NOT NULL, created_at,
                   payload -> '$.supersedes'
            {_NEW}""",
        """INSERT OR IGNORE INTO temp.touched_versions (kind, key)
            SELECT :kind, key FROM temp.new_versions""",
        """INSERT OR IGNORE INTO versions (kind, key, record_id, causal, created_at)
            SELECT :kind, key, record_id, causal, created_at FROM temp.new_versions""",
        """INSERT OR IGNORE INTO supersessions (kind, key, record_id)
            SELECT :kind, n.key, CAST(j.value AS TEXT)
            FROM temp.new_versions n, json_each(n.supersedes) j""",
        # only the rows whose head changes are written (a roster's 50,000 new versions are
        # heads as inserted)
        f"""UPDATE versions SET head = NOT head
            WHERE kind = :kind AND key IN ({_TOUCHED_KEYS}) AND head = EXISTS (
                SELECT 1 FROM supersessions s
                WHERE s.kind = versions.kind AND s.key = versions.key
                  AND s.record_id = versions.record_id)""",
        f"""INSERT OR REPLACE INTO temp.in_force (kind, key, record_id)
            SELECT :kind, key, record_id FROM (
                SELECT v.key, v.record_id,
                       row_number() OVER (PARTITION BY v.key ORDER BY {_ORDER[kind]}) AS place
                FROM versions v {_ORDER_READS[kind]}
                WHERE v.kind = :kind AND v.head AND v.key IN ({_TOUCHED_KEYS}))
            WHERE place = 1""",
    ]


def project_versions(db: driver.Connection, since: int, kind: str) -> None:
    """Take the new counted office records of `kind` and pick, for each key they touch, the
    record in force (into `temp.in_force`, which the kind's own table then reads)."""
    db.execute(TOUCHED_VERSIONS_TABLE)
    db.execute(IN_FORCE_TABLE)
    db.execute(NEW_VERSIONS_TABLE)
    db.execute("DELETE FROM temp.in_force WHERE kind = ?", [kind])
    for statement in _statements(kind):
        db.execute(statement, {"since": since, "kind": kind})
    db.execute("DELETE FROM temp.touched_versions WHERE kind = ?", [kind])
    db.execute("DELETE FROM temp.new_versions")


def create_version_tables(db: driver.Connection) -> None:
    """One statement at a time: `executescript` would commit the migration's transaction."""
    for statement in CREATE_TABLES.split(";"):
        if statement.strip():
            db.execute(statement)


def current_versions(*, store: Store, kind: str, key: str) -> tuple[str, ...]:
    """The heads of a key in this file: what a record written now for it supersedes."""
    return tuple(heads_of(store.db, kind, key))


def current_household_versions(*, store: Store, compound: str) -> dict[str, tuple[str, ...]]:
    """The heads of every household of a compound, by household id (one query for a roster)."""
    rows = store.db.execute(  # from the compound's households (CROSS JOIN: never from every
        # household's version, which read the whole file for a new compound's roster)
        "SELECT v.key, v.record_id FROM households h CROSS JOIN versions v "
        "ON v.kind = ? AND v.key = h.id WHERE h.compound = ? AND v.head "
        "ORDER BY v.key, v.record_id",
        [HOUSEHOLD, compound],
    )
    found: dict[str, tuple[str, ...]] = {}
    for key, record_id in rows:
        found[str(key)] = (*found.get(str(key), ()), str(record_id))
    return found


def keys_in_dispute(db: driver.Connection, kinds: Iterable[str]) -> list[tuple[str, str]]:
    """(kind, key) of the keys with several heads, at least one written in causal order:
    candidates for a conflict (those whose heads say the same thing are not one)."""
    wanted = list(kinds)
    marks = ", ".join("?" for _ in wanted)
    rows = db.execute(
        f"SELECT kind, key FROM versions WHERE head AND kind IN ({marks}) "
        "GROUP BY kind, key HAVING count(*) > 1 AND max(causal) ORDER BY kind, key",
        wanted,
    )
    return [(str(kind), str(key)) for kind, key in rows]


def heads_of(db: driver.Connection, kind: str, key: str) -> list[str]:
    rows = db.execute(
        "SELECT record_id FROM versions WHERE kind = ? AND key = ? AND head ORDER BY record_id",
        [kind, key],
    )
    return [str(record_id) for (record_id,) in rows]
