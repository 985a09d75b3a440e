"""Every compound's counts per consent round, kept as a projection (`compound_counts`).

The ranking and the compounds list read one row per (compound, round) instead of joining every
eligible household of the city with its outcome (seconds at 400,000 households). The rows are
the same set-based count `counts_by_compound` made live (store/tallies.py): a frozen closed round
counts the households its close froze, any other round the eligible households of the current
roster, each with its `outcomes` row. They are recounted, compound by compound, for what the
records since the last projection touch:

- a household record: its compound before and after (a re-imported roster, a move, an
  eligibility change), in both rounds;
- a round close: the round's compound (the freeze changes whom it counts).

A vote, a void or a close's cutoff changes outcomes only: their old kinds are taken out of the
counts of the compounds counting those households and the new ones put in (a delta, the
households the records touch, not their compounds' whole rosters).

A rebuild of the projections (a change of trust, deleted records) recounts every compound.
Only rounds 1 and 2 exist; anything else a forged record names is never stored here.
"""

from __future__ import annotations

from survey_app.store import driver

ROUNDS = (1, 2)

COUNTS_TABLE = """
CREATE TABLE IF NOT EXISTS compound_counts (
    compound TEXT NOT NULL, round INTEGER NOT NULL, eligible INTEGER NOT NULL,
    agree INTEGER NOT NULL, disagree INTEGER NOT NULL, abstain INTEGER NOT NULL,
    no_response INTEGER NOT NULL, pending INTEGER NOT NULL,
    PRIMARY KEY (compound, round)
) WITHOUT ROWID
"""

TOUCHED_COUNTS_TABLE = """
CREATE TEMP TABLE IF NOT EXISTS touched_counts (
    compound TEXT NOT NULL, round INTEGER NOT NULL, PRIMARY KEY (compound, round)
) WITHOUT ROWID
"""
_BOTH_ROUNDS = "(SELECT 1 AS round UNION ALL SELECT 2)"

_HOUSEHOLDS_TOUCHED = f"""
INSERT OR IGNORE INTO temp.touched_counts (compound, round)
SELECT h.compound, n.round
FROM temp.in_force w CROSS JOIN households h ON h.id = w.key CROSS JOIN {_BOTH_ROUNDS} n
WHERE w.kind = 'household'
"""
"""The compounds of the households the new records re-write (`temp.in_force`: every household
a new counted office record speaks of, store/versions.py; no other record changes a household's
compound): run before their rows are written (the compounds they leave) and after."""

_TOUCHED_AFTER = [
    _HOUSEHOLDS_TOUCHED,
    """
    INSERT OR IGNORE INTO temp.touched_counts (compound, round)
    SELECT json_extract(r.payload, '$.compound'), json_extract(r.payload, '$.round')
    FROM records r WHERE r.rowid > :since AND r.kind = 'round_closed'
    """,
]

_TOUCH_ALL = f"""
INSERT OR IGNORE INTO temp.touched_counts (compound, round)
SELECT c.compound, n.round
FROM (SELECT DISTINCT compound FROM households
      UNION SELECT DISTINCT compound FROM frozen_households) c, {_BOTH_ROUNDS} n
"""

# MATERIALIZED and CROSS JOIN fix the plan: from the touched compounds to their households by
# index, never a scan of the roster of the city.
_RECOUNT = [
    "DELETE FROM compound_counts WHERE (compound, round) IN "
    "(SELECT compound, round FROM temp.touched_counts)",
    """
    WITH touched AS MATERIALIZED (
        SELECT compound, round FROM temp.touched_counts WHERE round IN (1, 2)
    ),
    counted (compound, round, household) AS (
        SELECT h.compound, t.round, h.id
        FROM touched t CROSS JOIN households h INDEXED BY households_eligible
          ON h.compound = t.compound
        WHERE h.eligible AND NOT EXISTS (
            SELECT 1 FROM frozen_rounds f WHERE f.compound = t.compound AND f.round = t.round)
        UNION ALL
        SELECT f.compound, f.round, f.household
        FROM touched t CROSS JOIN frozen_households f
          ON f.round = t.round AND f.compound = t.compound
    )
    INSERT INTO compound_counts (compound, round, eligible, agree, disagree, abstain,
                                 no_response, pending)
    SELECT h.compound, h.round, count(*), coalesce(sum(o.kind = 'agree'), 0),
           coalesce(sum(o.kind = 'disagree'), 0), coalesce(sum(o.kind = 'abstain'), 0),
           coalesce(sum(o.kind IS NULL), 0), coalesce(sum(o.kind = 'pending'), 0)
    FROM counted h LEFT JOIN outcomes o ON o.household = h.household AND o.round = h.round
    GROUP BY h.compound, h.round
    """,
    "DELETE FROM temp.touched_counts",
]


OLD_OUTCOMES_TABLE = """
CREATE TEMP TABLE IF NOT EXISTS old_outcomes (
    household TEXT NOT NULL, round INTEGER NOT NULL, kind TEXT, PRIMARY KEY (household, round)
) WITHOUT ROWID
"""
"""The affected households' outcomes before their recompute (NULL: none)."""
_NOTE_OLD_OUTCOMES = """
INSERT OR REPLACE INTO temp.old_outcomes (household, round, kind)
SELECT a.household, a.round, o.kind
FROM temp.affected_outcomes a
LEFT JOIN outcomes o ON o.household = a.household AND o.round = a.round
WHERE a.round IN (1, 2)
"""
_OUTCOME_DELTA = """
WITH changed AS MATERIALIZED (
    SELECT c.household, c.round, c.kind AS old, o.kind AS new
    FROM temp.old_outcomes c
    LEFT JOIN outcomes o ON o.household = c.household AND o.round = c.round
    WHERE c.kind IS NOT o.kind
),
counted (compound, round, old, new) AS (
    SELECT h.compound, c.round, c.old, c.new
    FROM changed c CROSS JOIN households h ON h.id = c.household
    WHERE h.eligible AND NOT EXISTS (
        SELECT 1 FROM frozen_rounds f WHERE f.compound = h.compound AND f.round = c.round)
      AND NOT EXISTS (
        SELECT 1 FROM temp.touched_counts t WHERE t.compound = h.compound AND t.round = c.round)
    UNION ALL
    SELECT f.compound, f.round, c.old, c.new
    FROM changed c CROSS JOIN frozen_households f INDEXED BY frozen_households_household
      ON f.household = c.household AND f.round = c.round
    WHERE NOT EXISTS (
        SELECT 1 FROM temp.touched_counts t WHERE t.compound = f.compound AND t.round = f.round)
)
SELECT compound, round,
       coalesce(sum(new = 'agree'), 0) - coalesce(sum(old = 'agree'), 0),
       coalesce(sum(new = 'disagree'), 0) - coalesce(sum(old = 'disagree'), 0),
       coalesce(sum(new = 'abstain'), 0) - coalesce(sum(old = 'abstain'), 0),
       coalesce(sum(new IS NULL), 0) - coalesce(sum(old IS NULL), 0),
       coalesce(sum(new = 'pending'), 0) - coalesce(sum(old = 'pending'), 0)
FROM counted GROUP BY compound, round
"""
"""What the affected households' outcomes that changed (old kind, new kind) change in the counts
of the compounds counting them: one pass after the recompute, over the changed ones only. A
compound recounted whole afterwards (`temp.touched_counts`, noted before the recompute by
`note_counts_after`) is left out: its row is made again from the outcomes as they end (a
collection's first catch-up recounts every compound it brings, and its 200,000 new outcomes
summed for rows about to be replaced cost 0.3 s)."""
_APPLY_DELTA = """
UPDATE compound_counts SET agree = agree + :agree,
    disagree = disagree + :disagree, abstain = abstain + :abstain,
    no_response = no_response + :no_response, pending = pending + :pending
WHERE compound = :compound AND round = :round
"""


def create_counts_table(db: driver.Connection) -> None:
    db.execute(COUNTS_TABLE)
    db.execute(
        "CREATE INDEX IF NOT EXISTS frozen_households_household "
        "ON frozen_households (household, round)"
    )
    db.execute(TOUCHED_COUNTS_TABLE)


def note_outcomes_before(db: driver.Connection) -> None:
    """Before the recompute of the affected outcomes (`temp.affected_outcomes`): keep their
    kinds, for `apply_outcome_delta`."""
    db.execute(OLD_OUTCOMES_TABLE)
    db.execute(_NOTE_OLD_OUTCOMES)


def apply_outcome_delta(db: driver.Connection) -> None:
    """After the recompute: take each changed outcome's old kind out of the counts of the
    compounds counting its household and put the new one in. A vote costs the few households
    it touches, whatever the size of its compound. Compounds whose roster or freeze changed in
    the same batch are recounted whole afterwards (`refresh_counts`)."""
    rows = db.execute(_OUTCOME_DELTA).fetchall()
    db.executemany(
        _APPLY_DELTA,
        [
            {"compound": compound, "round": round_no, "agree": agree, "disagree": disagree,
             "abstain": abstain, "no_response": none, "pending": pending}
            for compound, round_no, agree, disagree, abstain, none, pending in rows
        ],
    )  # fmt: skip
    db.execute("DELETE FROM temp.old_outcomes")


def note_counts_before(db: driver.Connection, since: int) -> None:
    """Before the households' rows are written (their versions picked): remember the
    compounds they leave."""
    db.execute(TOUCHED_COUNTS_TABLE)
    if since:
        db.execute(_HOUSEHOLDS_TOUCHED)


def note_counts_after(db: driver.Connection, since: int) -> None:
    """After the households and frozen rounds are projected, before the outcomes' recompute:
    note the compounds the records after `since` touched (every compound when `since` is 0),
    which `recount_touched` recounts whole and the outcomes' delta therefore leaves out."""
    db.execute(TOUCHED_COUNTS_TABLE)
    if since:
        for statement in _TOUCHED_AFTER:
            db.execute(statement, {"since": since})
    else:
        db.execute(_TOUCH_ALL)


def recount_touched(db: driver.Connection) -> None:
    """After the outcomes are projected: recount the compounds `note_counts_after` noted."""
    _recount(db)


RECOUNT_ALL_FROM = 10_000
RECOUNT_ALL_PER_HOUSEHOLD = 1.0
"""When the household-rounds whose outcomes a pass recomputes are at least this many, and at
least this many per household of the file, every compound is recounted whole instead of
taking each changed outcome's delta: a first collection into a central file changes nearly
every outcome of the city, and its delta (each one looked up, its household found, its
compound's row adjusted) cost 0.78 s for 800,000 household-rounds where recounting the 1,000
compounds costs 0.49 s, which the new roster rows made the pass do anyway."""


def recount_all_instead(db: driver.Connection) -> bool:
    """Whether to recount every compound instead of the delta of the outcomes about to be
    recomputed (`temp.affected_outcomes`); if so every compound is noted for the recount."""
    first = db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM temp.affected_outcomes LIMIT ?)", [RECOUNT_ALL_FROM]
    ).fetchone()[0]
    if first < RECOUNT_ALL_FROM:
        return False  # a vote, a sync of a few: never counts the whole file
    affected = db.execute("SELECT count(*) FROM temp.affected_outcomes").fetchone()[0]
    households = db.execute("SELECT count(*) FROM households").fetchone()[0]
    if affected < RECOUNT_ALL_PER_HOUSEHOLD * households:
        return False
    db.execute(TOUCHED_COUNTS_TABLE)
    db.execute(_TOUCH_ALL)
    return True


def refresh_all_counts(db: driver.Connection) -> None:
    create_counts_table(db)
    db.execute(_TOUCH_ALL)
    _recount(db)


def _recount(db: driver.Connection) -> None:
    if not db.execute("SELECT 1 FROM temp.touched_counts LIMIT 1").fetchone():
        return  # a vote touches no roster and no freeze: its delta was enough
    for statement in _RECOUNT:
        db.execute(statement)
