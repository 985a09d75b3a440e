"""What SQLite plans for every statement an action runs: a cost that grows with the file shows
as a full scan of a table that grows with it, whatever the size of the file the test uses
(the app keeps no statistics, so the planner decides the same on 10 rows as on a million)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from survey_app.store import driver

GROWING = frozenset(
    {
        "records", "votes", "outcomes", "households", "household_keys", "personal",
        "survey_answers", "survey_current", "visits", "versions", "supersessions",
        "frozen_households", "rounds", "frozen_rounds",
    }
)  # fmt: skip
"""Tables with a row per record, household or vote, or per round (two a compound: 2,000 in a
city); the erasures are few."""
FEW_KINDS = frozenset(
    {"device", "enrolment", "revocation", "assignment", "compound", "round_opened",
     "round_closed", "erasure"}
)  # fmt: skip
"""Record kinds a file holds a few of per device or compound, whatever its votes."""
KEYED_BY_KIND = frozenset({"versions", "supersessions"})
"""Growing tables whose key begins with the record kind: searched by the kind alone, they are
read whole for it (every household's version, for one compound's roster)."""
_KIND = re.compile(r"\bkind\s*(?:=\s*'(\w+)'|IN\s*\(([^)]*)\))", re.IGNORECASE)
_STATEMENT = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE)\b", re.IGNORECASE)
_BINDING = re.compile(
    r"\b(?:FROM|JOIN|UPDATE|INTO)\s+(?:(\w+)\.)?(\w+)(?:\s+(?:AS\s+)?(?!ON\b|WHERE\b|JOIN\b|"
    r"CROSS\b|LEFT\b|INNER\b|USING\b|SET\b|GROUP\b|ORDER\b|LIMIT\b|UNION\b|VALUES\b)(\w+))?",
    re.IGNORECASE,
)
_STEP = re.compile(r"^(SCAN|SEARCH) (?:(\w+)\.)?(\w+)(.*)$")


@contextmanager
def statements(db: driver.Connection) -> Iterator[list[str]]:
    """Every statement the connection runs inside the block, its parameters filled in."""
    seen: list[str] = []
    db.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        db.set_trace_callback(None)


def _tables_by_name(sql: str) -> dict[str, set[str]]:
    """Each name a statement scans by (a table's own name or an alias), and the tables or
    subqueries it may stand for."""
    names: dict[str, set[str]] = {}
    for schema, table, alias in _BINDING.findall(sql):
        if schema.lower() == "temp":
            table = "temp." + table
        names.setdefault(table.lower(), set()).add(table.lower())
        if alias:
            names.setdefault(alias.lower(), set()).add(table.lower())
    return names


def growing_scans(db: driver.Connection, sql: str) -> list[str]:
    """The steps of a statement's plan that read a whole growing table: a full scan of it (of
    the table or of one of its indexes), or a search of the records by their kind alone."""
    plan = [str(row[3]) for row in db.execute("EXPLAIN QUERY PLAN " + sql)]
    names = _tables_by_name(sql)
    partial = {  # an index of some rows only (`WHERE kind = 'pending'`): its scan is short
        str(n) for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                                      "AND sql LIKE '% WHERE %'")
    }  # fmt: skip
    found = []
    for step in plan:
        match = _STEP.match(step)
        if not match:
            continue
        verb, _schema, name, rest = match.groups()
        tables = names.get(name.lower(), {name.lower()})
        index = re.search(r"USING (?:COVERING )?INDEX (\w+)", rest)
        if verb == "SCAN" and index and index.group(1) in partial:
            continue
        if verb == "SCAN" and tables & GROWING and not tables - GROWING:
            found.append(step)
        elif verb == "SEARCH" and _reads_every_row_of_a_kind(tables, rest):
            found += [] if _kinds_named(sql) <= FEW_KINDS else [step]
    return found


def _reads_every_row_of_a_kind(tables: set[str], rest: str) -> bool:
    """A search of the records by their kind (`_every_record_of_a_kind`), or of a table keyed
    by (kind, key, …) by the kind alone: every version of it."""
    if "records" in tables:
        return _every_record_of_a_kind(rest)
    return bool(tables & KEYED_BY_KIND) and rest.endswith("(kind=?)")


def _every_record_of_a_kind(rest: str) -> bool:
    """A search of the records by their kind alone, or by their kind and every rowid below a
    mark (the records projected before: all but the newest)."""
    return rest.endswith(("records_kind (kind=?)", "records_kind (kind=? AND rowid<?)"))


def _kinds_named(sql: str) -> set[str]:
    """The record kinds a statement picks by name (a kind it does not name counts as many)."""
    kinds = set()
    for one, listed in _KIND.findall(sql):
        kinds |= {one} if one else {k.strip(" '") for k in listed.split(",")}
    return kinds or {"?"}


def scans_during(db: driver.Connection, action: Callable[[], object]) -> dict[str, list[str]]:
    """Run the action; then each statement it ran whose plan reads a whole growing table."""
    with statements(db) as seen:
        action()
    offenders = {}
    for sql in seen:
        if not _STATEMENT.match(sql):
            continue
        if steps := growing_scans(db, sql):
            offenders[" ".join(sql.split())[:400]] = steps
    return offenders
