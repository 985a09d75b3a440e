"""Projections: the query tables derived from the record log.

Every statement is set-based over the records added since the last projection (by rowid), and
every one is order-independent: which compound, roster row or round opening is in force is
decided by what each record supersedes (store/versions.py), never by its date; a device's own
name by (created_at, id), the earliest close of a round by (created_at, id). So the same set
of records always gives the same tables, whatever order they arrived in.

Projections read `counted_records`: the records of the devices the `trust` table counts (see
store/trust.py), with `by_office` for those of office devices; only office records describe
compounds, rosters and rounds. When the trust table changes (an enrolment, a revocation, a
laptop learning its office), every projection is rebuilt from the log.
"""

from __future__ import annotations

from collections.abc import Callable

from survey_app.store import driver
from survey_app.store.assignments import vote_counted_sql
from survey_app.store.count_projection import (
    OLD_OUTCOMES_TABLE,
    TOUCHED_COUNTS_TABLE,
    apply_outcome_delta,
    note_counts_after,
    note_counts_before,
    note_outcomes_before,
    recount_all_instead,
    recount_touched,
)
from survey_app.store.frozen_rounds import TOUCHED_CLOSES_TABLE, project_frozen_rounds
from survey_app.store.personal import (
    HOUSEHOLD_PERSONAL,
    advance_personal_watermark,
    personal_or_payload,
    project_erasures,
)
from survey_app.store.personal import PROJECTED_TABLES as PERSONAL_TABLES
from survey_app.store.search_keys import project_household_keys
from survey_app.store.sequences import update_sequences
from survey_app.store.survey_projection import AFFECTED_SURVEYS_TABLE, project_survey_answers
from survey_app.store.trust import only_widened, own_device, read_trust, refresh_trust
from survey_app.store.versions import (
    IN_FORCE_TABLE,
    NEW_VERSIONS_TABLE,
    TOUCHED_VERSIONS_TABLE,
    project_versions,
)
from survey_app.store.visit_projection import project_visits
from survey_app.store.void_projection import create_voids_table, project_voids, standing_join

WATERMARK_KEY = "projected_rowid"
REPLACING_INDEX = "votes_replacing"
REPLACING_INDEX_SQL = (
    f"CREATE INDEX IF NOT EXISTS {REPLACING_INDEX} ON votes (household, round) "
    "WHERE replaces <> '[]'"
)
"""The votes that replace others (few: a correction at the door, a verified vote), by their
household and round: the outcomes' recount reads them without walking every vote touched."""

_J = "json_extract(payload, '$.{}')"


def _cols(*names: str) -> str:
    return ", ".join(_J.format(n) for n in names)


COUNTED_VIEW = """
CREATE TEMP VIEW IF NOT EXISTS counted_records AS
SELECT r.rowid AS rid, r.id, r.kind, r.device, r.seq, r.created_at, r.payload,
       t.role = 'office' AS by_office
FROM main.records r JOIN main.trust t ON t.device = r.device
WHERE t.up_to_seq IS NULL OR r.seq <= t.up_to_seq
"""
_NEW_COUNTED = "FROM counted_records WHERE rid > :since AND kind = :kind"
_NEW_BY_OFFICE = _NEW_COUNTED + " AND by_office"


def _latest_wins(table: str, key: str, columns: list[str], source: str = _NEW_BY_OFFICE) -> str:
    updates = ", ".join(f"{c} = excluded.{c}" for c in [*columns, "record_id", "created_at"])
    return f"""
        INSERT INTO {table} ({key}, {", ".join(columns)}, record_id, created_at)
        SELECT {_J.format(key)}, {_cols(*columns)}, id, created_at
        {source}
        ORDER BY created_at, id
        ON CONFLICT ({key}) DO UPDATE SET {updates}
        WHERE (excluded.created_at, excluded.record_id) > ({table}.created_at, {table}.record_id)
    """


_DEVICE = _latest_wins(
    "devices",
    "id",
    ["name", "surveyor"],
    # every device's own words about itself, counted or not: the office sees who is asking
    "FROM records WHERE rowid > :since AND kind = :kind AND json_extract(payload, '$.id') = device",
)
_COMPOUND_COLUMNS = ["name", "district", "street", "community", "built"]
_HOUSEHOLD_COLUMNS = [
    "compound",
    "address",
    "building",
    "unit",
    "room",
    "head",
    "phone",
    "area",
    "tenure",
    "eligible",
    "note",
]
_ROUND_COLUMNS = [
    "threshold_num",
    "threshold_den",
    "inclusive",
    "double_majority",
    "starts",
    "ends",
]


def _in_force_upsert(
    table: str,
    kind: str,
    key: list[str],
    columns: list[str],
    record: str,
    at: str,
    personal: tuple[str, ...] = (),
) -> str:
    """Write each key's record in force (picked by store/versions.py) into its table; the
    `personal` columns from the record's personal row where it has one (store/personal.py),
    in the same insert rather than by an update of every row written."""
    targets = [*key, *columns]
    values = ", ".join(
        personal_or_payload(c, "r") if c in personal else f"json_extract(r.payload, '$.{c}')"
        for c in targets
    )
    updates = ", ".join(f"{c} = excluded.{c}" for c in [*columns, record, at])
    joined = " LEFT JOIN personal p ON p.record_id = r.id" if personal else ""
    return f"""
        INSERT INTO {table} ({", ".join(targets)}, {record}, {at})
        SELECT {values}, r.id, r.created_at
        FROM temp.in_force w JOIN records r ON r.id = w.record_id{joined}
        WHERE w.kind = '{kind}'
        ON CONFLICT ({", ".join(key)}) DO UPDATE SET {updates}
    """


_COMPOUND = _in_force_upsert(
    "compounds", "compound", ["code"], _COMPOUND_COLUMNS, "record_id", "created_at"
)
_HOUSEHOLD = _in_force_upsert(
    "households", "household", ["id"], _HOUSEHOLD_COLUMNS, "record_id", "created_at",
    HOUSEHOLD_PERSONAL,
)  # fmt: skip
_ROUND_OPENED = _in_force_upsert(
    "rounds", "round_opened", ["compound", "round"], _ROUND_COLUMNS, "opened_record", "opened_at"
)
_ROUND_CLOSED = f"""
    INSERT INTO rounds (compound, round, cutoff, fingerprint, closed_record, closed_at)
    SELECT {_cols("compound", "round")}, json_extract(payload, '$.cutoff'),
           {_cols("fingerprint")}, id, created_at
    {_NEW_BY_OFFICE}
    ORDER BY created_at, id
    ON CONFLICT (compound, round) DO UPDATE SET
        cutoff = excluded.cutoff, fingerprint = excluded.fingerprint,
        closed_record = excluded.closed_record, closed_at = excluded.closed_at
    WHERE rounds.closed_record IS NULL
       OR (excluded.closed_at, excluded.closed_record) < (rounds.closed_at, rounds.closed_record)
"""


_VOTE = f"""
    INSERT OR IGNORE INTO votes (id, household, compound, round, choice, replaces,
                                 device, seq, created_at)
    SELECT c.id, {_cols("household", "compound", "round", "choice", "replaces")},
           c.device, c.seq, c.created_at
    FROM counted_records c
    WHERE c.rid > :since AND c.kind = :kind
"""
"""Each new counted vote, with what its household's outcome and the tallies read. What only a
vote's listing shows (signer, relation, channel, note, surveyor, signature) is read beside its
record when it is shown (store/votes.py), not copied here: the personal ones stay in the
vote's personal row only (an erasure deletes them there, and a personal row arriving after its
vote needs no second write), and a collection of 750,000 votes reads five fields of each
payload, not eleven (2.18 → 1.61 s)."""

_AFFECTED_TABLE = """
CREATE TEMP TABLE IF NOT EXISTS affected_outcomes (
    household TEXT NOT NULL, round INTEGER NOT NULL, PRIMARY KEY (household, round)
) WITHOUT ROWID
"""
_AFFECTED_BY_NEW_RECORDS = [
    """
    INSERT OR IGNORE INTO temp.affected_outcomes (household, round)
    SELECT household, round FROM votes NOT INDEXED WHERE rowid > :votes_before
    """,
    """
    INSERT OR IGNORE INTO temp.affected_outcomes (household, round)
    SELECT json_extract(payload, '$.household'), json_extract(payload, '$.round')
    FROM records WHERE rowid > :since AND kind = 'vote_void'
    """,
    """
    INSERT OR IGNORE INTO temp.affected_outcomes (household, round)
    SELECT v.household, v.round
    FROM records r JOIN votes v
      ON v.compound = json_extract(r.payload, '$.compound')
     AND v.round = json_extract(r.payload, '$.round')
    WHERE r.rowid > :since AND r.kind = 'round_closed'
    """,
]
"""Three inserts into the table's key, not one UNION of them sorted first: 0.13 s instead of
0.17-0.23 s for the 200,000 household-rounds of 10 of the city's laptops."""
_AFFECTED_BY_NEW_HOUSEHOLDS = """
INSERT OR IGNORE INTO temp.affected_outcomes (household, round)
SELECT v.household, v.round
FROM records r CROSS JOIN votes v ON v.household = json_extract(r.payload, '$.id')
WHERE r.rowid > :since AND r.kind = 'household' AND v.rowid <= :votes_before
"""
"""The votes already here of a household a new roster record writes: whether they name its
compound, and so count, depends on the household's row (absent until its first record)."""
_CUT_SEQ = "coalesce((SELECT j.value FROM json_each({0}.cutoff) j WHERE j.key = {1}.device), 0)"
"""A device's last record counted by a closed round (its cutoff), 0 when it names none."""
_SAME_HOUSEHOLD_ROUND = """EXISTS (SELECT 1 FROM votes t
    WHERE t.id = j.value AND t.household = k.household AND t.round = k.round)"""
"""The vote a vote replaces is one of its own household and round (looked up by its id)."""
_COUNTED_IN_ROUND = f"""(r.cutoff IS NULL OR v.seq <= {_CUT_SEQ.format("r", "v")})
      AND {vote_counted_sql("v")}"""
"""Whether the vote `v` counts, `r` its round (LEFT JOINed): within the round's cutoff, and
naming its household's compound."""


def _within_cutoff(record: str) -> str:
    """Whether the vote or void `record` is within its round's cutoff (or the round has
    none), its round looked up by itself (no join to hand)."""
    return f"""NOT EXISTS (SELECT 1 FROM rounds r WHERE r.compound = {record}.compound
          AND r.round = {record}.round AND r.cutoff IS NOT NULL
          AND {record}.seq > {_CUT_SEQ.format("r", record)})"""


# CROSS JOIN and MATERIALIZED fix the plan: from the households touched to their votes by
# index, never a scan of every vote, whatever the planner guesses of the tables' sizes.
_OUTCOMES_OF_AFFECTED = f"""
WITH RECURSIVE replacing AS MATERIALIZED (
    SELECT v.id, v.household, v.round, v.replaces
    FROM temp.affected_outcomes a
    CROSS JOIN votes v INDEXED BY {REPLACING_INDEX}
      ON v.household = a.household AND v.round = a.round
    LEFT JOIN rounds r ON r.compound = v.compound AND r.round = v.round
    WHERE v.replaces <> '[]' AND {_COUNTED_IN_ROUND}
),
voided AS MATERIALIZED (
    SELECT vv.vote AS id
    FROM temp.affected_outcomes a
    CROSS JOIN vote_voids vv ON vv.household = a.household AND vv.round = a.round
    {standing_join("votes")}
      AND {_within_cutoff("v")} AND {vote_counted_sql("v")} AND {_within_cutoff("vv")}
),
replaced (id) AS (
    SELECT j.value FROM replacing k, json_each(k.replaces) j
    WHERE k.id NOT IN (SELECT id FROM voided) AND {_SAME_HOUSEHOLD_ROUND}
    UNION
    SELECT j.value FROM replaced p JOIN voided x ON x.id = p.id
    JOIN replacing k ON k.id = x.id, json_each(k.replaces) j
    WHERE {_SAME_HOUSEHOLD_ROUND}
)
INSERT INTO outcomes (household, round, compound, kind)
SELECT a.household, a.round, v.compound,
       CASE WHEN min(v.choice) <> max(v.choice) THEN 'pending' ELSE min(v.choice) END
FROM temp.affected_outcomes a
CROSS JOIN votes v ON v.household = a.household AND v.round = a.round
LEFT JOIN rounds r ON r.compound = v.compound AND r.round = v.round
WHERE {_COUNTED_IN_ROUND}
  AND v.id NOT IN (SELECT id FROM replaced) AND v.id NOT IN (SELECT id FROM voided)
GROUP BY a.household, a.round
"""
"""The counted votes of each household-round touched are read once, in the order of its key
(so they are grouped as they are read: materialising them first and sorting them for the
GROUP BY took 1.50 s of the 250,000 household-rounds of a 50-laptop collection, 0.94 s
without). The votes that replace others are found by their own partial index
(`votes_replacing`, which holds only them), and the voided ones by the voids' index: so
neither walks every vote touched a second time.

Only a vote naming its household's compound counts (SPEC §6a; `record_vote` and the store
refuse to write another, store/assignments.py `check_household_compound`): core/tally.py counts a
compound's households with the votes that name it, so one naming another compound (written by a
tampered copy of the app) counts nowhere, here as there.

A voided vote counts for nothing; what it replaced stands again unless a vote still standing
replaced it through the voided one (core/votes.py `effective_outcomes`). The chain is
followed through voided votes only: what a standing vote replaces is in the first step already
(following every replaced vote instead indexed all the counted votes by id, 0.25 s of CPU for
the 200,000 household-rounds of 10 of the city's laptops). A vote replaces only votes of its
own household and round: one naming another round's or household's vote replaces nothing there,
as in the core rule, whichever household-rounds a pass recomputes together."""


def refresh_outcomes(db: driver.Connection, since: int, votes_before: int) -> None:
    """Recompute the outcomes of the households touched by records after `since`: new votes
    (the rows of `votes` after rowid `votes_before`, which only a rebuild empties; a vote not
    counted has no row and changes no outcome), and every household of a round that was just
    closed (its cutoff)."""
    db.execute(_AFFECTED_TABLE)
    for statement in _AFFECTED_BY_NEW_RECORDS:
        db.execute(statement, {"since": since, "votes_before": votes_before})
    if votes_before:  # else every vote is new, its household-round affected already
        db.execute(_AFFECTED_BY_NEW_HOUSEHOLDS, {"since": since, "votes_before": votes_before})
    _recompute_affected(db, counts_delta=bool(since) and not recount_all_instead(db))


def refresh_all_outcomes(db: driver.Connection) -> None:
    """Every outcome computed afresh: the outcomes' first migration (m002), which also makes
    the tables and the index their SQL reads (m016 and m029 make them for older files)."""
    create_voids_table(db)
    db.execute(REPLACING_INDEX_SQL)
    db.execute(_AFFECTED_TABLE)
    db.execute(
        "INSERT OR IGNORE INTO temp.affected_outcomes SELECT DISTINCT household, round FROM votes"
    )
    _recompute_affected(db)


def _recompute_affected(db: driver.Connection, counts_delta: bool = False) -> None:
    """`counts_delta`: keep `compound_counts` in step (a rebuild recounts it whole instead)."""
    if counts_delta:
        note_outcomes_before(db)
    db.execute(
        "DELETE FROM outcomes WHERE (household, round) IN "
        "(SELECT household, round FROM temp.affected_outcomes)"
    )
    db.execute(_OUTCOMES_OF_AFFECTED)
    if counts_delta:
        apply_outcome_delta(db)
    db.execute("DELETE FROM temp.affected_outcomes")


Projector = Callable[[driver.Connection, int], None]


def _statement(kind: str, sql: str) -> Projector:
    def project(db: driver.Connection, since: int) -> None:
        db.execute(sql, {"since": since, "kind": kind})

    return project


def _in_force(kind: str, sql: str) -> Projector:
    def project(db: driver.Connection, since: int) -> None:
        project_versions(db, since, kind)
        db.execute(sql)

    return project


def _households(kind: str, sql: str) -> Projector:
    """As `_in_force`, noting the compounds the households leave between the pick and the
    write (store/count_projection.py)."""

    def project(db: driver.Connection, since: int) -> None:
        project_versions(db, since, kind)
        note_counts_before(db, since)
        db.execute(sql)

    return project


def _sequences(db: driver.Connection, since: int) -> None:
    update_sequences(db)


PROJECTORS: dict[str, Projector] = {
    "device": _statement("device", _DEVICE),
    "compound": _in_force("compound", _COMPOUND),
    "household": _households("household", _HOUSEHOLD),
    "erasure": project_erasures,
    "household_keys": project_household_keys,
    "round_opened": _in_force("round_opened", _ROUND_OPENED),
    "round_closed": _statement("round_closed", _ROUND_CLOSED),
    "frozen_rounds": project_frozen_rounds,
    "vote": _statement("vote", _VOTE),
    "personal": advance_personal_watermark,
    "vote_void": project_voids,
    "survey_answer": project_survey_answers,
    "visit": project_visits,
    "sequences": _sequences,
}
"""One projector per record kind; other packages add theirs (e.g. survey answers).
`sequences` is the per-device summary sync reads; it keeps its own watermark."""


def watermark(db: driver.Connection) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [WATERMARK_KEY]).fetchone()
    return int(row[0]) if row else 0


PROJECTION_TABLES = (
    "compounds",
    "households",
    "household_keys",
    "rounds",
    "frozen_rounds",
    "frozen_households",
    "votes",
    "outcomes",
    "vote_voids",
    "survey_answers",
    "survey_current",
    "versions",
    "supersessions",
    *PERSONAL_TABLES,
    "visits",
    "compound_counts",
)
"""What a change of trust clears before the projections are rebuilt from the whole log."""
TRUST_STALE_KEY = "trust_stale"
_TRUST_KINDS = "('device', 'enrolment', 'revocation')"


def _needs_rebuild(db: driver.Connection, since: int) -> bool:
    """Whether a change of trust reaches records already projected: a device counting less
    than before, or counting more with records here from before this batch. (A laptop enrolled
    before its first records arrive needs no rebuild: its records are all in this batch.)"""
    stale = db.execute("SELECT 1 FROM meta WHERE key = ?", [TRUST_STALE_KEY]).fetchone()
    if since and not stale:
        news = db.execute(
            f"SELECT 1 FROM records WHERE rowid > ? AND kind IN {_TRUST_KINDS} LIMIT 1", [since]
        ).fetchone()
        if not news:
            return False
    db.execute("DELETE FROM meta WHERE key = ?", [TRUST_STALE_KEY])
    before = refresh_trust(db, own_device(db))
    if before is None or not since:
        return False
    widened = only_widened(before, read_trust(db))
    if widened is None:
        return True
    return any(
        db.execute(
            "SELECT 1 FROM records WHERE device = ? AND rowid <= ? LIMIT 1", [device, since]
        ).fetchone()
        for device in widened
    )


def mark_trust_stale(db: driver.Connection) -> None:
    """The authority changed: recompute trust (and maybe every projection) at the next write."""
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", [TRUST_STALE_KEY])


def forget_projections(db: driver.Connection) -> None:
    """Records were deleted (a laptop no longer given a compound): the next projection rebuilds
    every table from the records kept."""
    for table in PROJECTION_TABLES:
        db.execute(f"DELETE FROM {table}")
    db.execute("DELETE FROM meta WHERE key = ?", [WATERMARK_KEY])


def projection_behind(db: driver.Connection) -> bool:
    """Whether records arrived since the tables were last brought up to date."""
    newest = db.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()[0]
    return bool(newest > watermark(db))


TEMP_SCHEMA = (COUNTED_VIEW, TOUCHED_COUNTS_TABLE, TOUCHED_VERSIONS_TABLE, IN_FORCE_TABLE,
               NEW_VERSIONS_TABLE, OLD_OUTCOMES_TABLE,
               TOUCHED_CLOSES_TABLE, AFFECTED_SURVEYS_TABLE, _AFFECTED_TABLE)  # fmt: skip
"""Every temporary table and view the projections use. SQLite expires all of a connection's
prepared statements when its temporary schema changes: made one by one at their first use, in
the middle of the first vote, they made the second vote prepare every statement again (9 ms
of CPU, against 3-4 ms); made before the first projection's statements, the statement cache
keeps what the first vote prepared."""


def project_pending(db: driver.Connection) -> int:
    """Bring the projections up to date with the log; call inside the write transaction."""
    for statement in TEMP_SCHEMA:
        db.execute(statement)
    since = watermark(db)
    newest = db.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()[0]
    stale = db.execute("SELECT 1 FROM meta WHERE key = ?", [TRUST_STALE_KEY]).fetchone()
    if newest <= since and not stale:
        return 0
    if _needs_rebuild(db, since):
        for table in PROJECTION_TABLES:
            db.execute(f"DELETE FROM {table}")
        since = 0
    votes_before = db.execute("SELECT coalesce(max(rowid), 0) FROM votes").fetchone()[0]
    for project in PROJECTORS.values():
        project(db, since)
    note_counts_after(db, since)
    refresh_outcomes(db, since, int(votes_before))
    recount_touched(db)
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [WATERMARK_KEY, str(newest)],
    )
    return int(newest - since)
