"""What a close froze: the rule and the eligible households of each closed round (SPEC §5).

The close record carries them (`eligible_households`, under double majority `eligible_areas`,
and the rule); these tables are their projection, taken from the close in force
(`rounds.closed_record`), so a roster imported later never reaches a closed round.

A close written by an older version carries no list and gets no row here. The eligible set as
of its cutoff cannot be told for sure (which roster records that laptop had seen is not in
the record), so such a round reads the current roster and says so (`RoundState.frozen` is
False; `tally --json`, the notice and a roster import say it too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey_app.core.addresses import parse_address
from survey_app.core.errors import InvalidInput
from survey_app.core.ids import split_household_id
from survey_app.core.tally import HouseholdFact
from survey_app.store import driver

if TYPE_CHECKING:  # the projection imports this module, and the store imports the projection
    from survey_app.store.database import Store

FROZEN_TABLES = """
CREATE TABLE IF NOT EXISTS frozen_rounds (
    compound TEXT NOT NULL, round INTEGER NOT NULL, close_record TEXT NOT NULL,
    threshold_num INTEGER NOT NULL, threshold_den INTEGER NOT NULL,
    inclusive INTEGER NOT NULL, double_majority INTEGER NOT NULL,
    PRIMARY KEY (compound, round)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS frozen_households (
    round INTEGER NOT NULL, compound TEXT NOT NULL, household TEXT NOT NULL, area TEXT,
    PRIMARY KEY (round, compound, household)
) WITHOUT ROWID;
"""

TOUCHED_CLOSES_TABLE = """
CREATE TEMP TABLE IF NOT EXISTS touched_closes (
    compound TEXT NOT NULL, round INTEGER NOT NULL, PRIMARY KEY (compound, round)
) WITHOUT ROWID
"""
_TOUCHED_BY_NEW_RECORDS = """
INSERT OR IGNORE INTO temp.touched_closes (compound, round)
SELECT json_extract(payload, '$.compound'), json_extract(payload, '$.round')
FROM records WHERE rowid > :since AND kind = 'round_closed'
"""
_FORGET_TOUCHED = [
    "DELETE FROM frozen_households WHERE (round, compound) IN "
    "(SELECT round, compound FROM temp.touched_closes)",
    "DELETE FROM frozen_rounds WHERE (compound, round) IN "
    "(SELECT compound, round FROM temp.touched_closes)",
]
# CROSS JOIN: the touched rounds first (none for a vote). Left to itself, the planner read every
# round and the close record of each closed one (its list of households) for each vote: 70 ms a
# vote in a city of 1,000 compounds.
_FREEZE_ROUNDS = """
INSERT INTO frozen_rounds (compound, round, close_record, threshold_num, threshold_den,
                           inclusive, double_majority)
SELECT t.compound, t.round, r.id, json_extract(r.payload, '$.threshold_num'),
       json_extract(r.payload, '$.threshold_den'), json_extract(r.payload, '$.inclusive'),
       json_extract(r.payload, '$.double_majority')
FROM temp.touched_closes t
CROSS JOIN rounds ro ON ro.compound = t.compound AND ro.round = t.round
CROSS JOIN records r ON r.id = ro.closed_record
WHERE json_type(r.payload, '$.eligible_households') = 'array'
  AND json_extract(r.payload, '$.threshold_num') > 0
  AND json_extract(r.payload, '$.threshold_den') > 0
  AND json_type(r.payload, '$.inclusive') IN ('true', 'false')
  AND json_type(r.payload, '$.double_majority') IN ('true', 'false')
"""
_FREEZE_HOUSEHOLDS = """
INSERT OR IGNORE INTO frozen_households (round, compound, household, area)
SELECT f.round, f.compound, CAST(j.value AS TEXT),
       json_extract(r.payload, '$.eligible_areas[' || j.key || ']')
FROM temp.touched_closes t
CROSS JOIN frozen_rounds f ON f.compound = t.compound AND f.round = t.round
CROSS JOIN records r ON r.id = f.close_record,
     json_each(r.payload, '$.eligible_households') j
"""


def create_frozen_tables(db: driver.Connection) -> None:
    """One statement at a time: `executescript` would commit the migration's transaction."""
    for statement in FROZEN_TABLES.split(";"):
        if statement.strip():
            db.execute(statement)


def project_frozen_rounds(db: driver.Connection, since: int) -> None:
    """Refreeze every round a new close record speaks of, from the close now in force; runs
    after the `rounds` projection, which decides that close."""
    db.execute(TOUCHED_CLOSES_TABLE)
    db.execute(_TOUCHED_BY_NEW_RECORDS, {"since": since})
    for statement in [*_FORGET_TOUCHED, _FREEZE_ROUNDS, _FREEZE_HOUSEHOLDS]:
        db.execute(statement)
    db.execute("DELETE FROM temp.touched_closes")


def refresh_all_frozen_rounds(db: driver.Connection) -> None:
    project_frozen_rounds(db, 0)


def frozen_households(*, store: Store, compound: str, round_no: int) -> list[HouseholdFact]:
    """The households a closed round counts, as its close froze them (all eligible)."""
    rows = store.db.execute(
        "SELECT f.household, h.building, f.area FROM frozen_households f "
        "LEFT JOIN households h ON h.id = f.household "
        "WHERE f.round = ? AND f.compound = ? ORDER BY f.household",
        [round_no, compound],
    ).fetchall()
    return [
        HouseholdFact(str(hid), building or _building(hid), True, area)
        for hid, building, area in rows
    ]


def frozen_household_ids(*, store: Store, compound: str, round_no: int) -> set[str]:
    rows = store.db.execute(
        "SELECT household FROM frozen_households WHERE round = ? AND compound = ?",
        [round_no, compound],
    )
    return {str(hid) for (hid,) in rows}


def _building(household: str) -> str:
    """A frozen household the roster table no longer has: its building from its id."""
    try:
        return parse_address(split_household_id(household)[1]).building
    except InvalidInput:
        return "?"
