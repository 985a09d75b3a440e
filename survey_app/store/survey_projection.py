"""Projection of survey answers: one row per submission, and each household's current one.

A household's current answers (per form) are the latest submission, by (created_at, id),
among those naming the household's compound that no other submission replaces: answers count
only for their household's compound (SPEC §6a; the store refuses to write others,
store/assignments.py `check_household_compound`), so one naming another compound (written by
a tampered copy of the app) is kept in `survey_answers` and is in no household's current
answers, no compound's needs figures and no export. Recomputed set-based for the households
touched by new records (their submissions, or their roster rows), from all their submissions,
so any arrival order gives the same table.
"""

from __future__ import annotations

from survey_app.store import driver
from survey_app.store.assignments import home_compound_sql

_SUBMISSIONS = """
    INSERT OR IGNORE INTO survey_answers (id, household, compound, form_id, form_version,
                                          surveyor, replaces, device, seq, created_at)
    SELECT id, json_extract(payload, '$.household'), json_extract(payload, '$.compound'),
           json_extract(payload, '$.form_id'), json_extract(payload, '$.form_version'),
           json_extract(payload, '$.surveyor'), coalesce(json_extract(payload, '$.replaces'), '[]'),
           device, seq, created_at
    FROM counted_records WHERE rid > :since AND kind = 'survey_answer'
"""
AFFECTED_SURVEYS_TABLE = """
    CREATE TEMP TABLE IF NOT EXISTS affected_surveys (
        household TEXT NOT NULL, form_id TEXT NOT NULL, PRIMARY KEY (household, form_id)
    ) WITHOUT ROWID
"""
_MARK_NEW = """
    INSERT OR IGNORE INTO temp.affected_surveys (household, form_id)
    SELECT json_extract(payload, '$.household'), json_extract(payload, '$.form_id')
    FROM counted_records WHERE rid > :since AND kind = 'survey_answer'
"""
_MARK_HOUSEHOLDS = """
    INSERT OR IGNORE INTO temp.affected_surveys (household, form_id)
    SELECT DISTINCT s.household, s.form_id
    FROM records r CROSS JOIN survey_answers s ON s.household = json_extract(r.payload, '$.id')
    WHERE r.rowid > :since AND r.kind = 'household'
"""
"""The submissions already here of a household a new roster record writes: whether they name
its compound, and so count, reads the household's row (absent until its first record)."""
_MARK_ALL = """
    INSERT OR IGNORE INTO temp.affected_surveys (household, form_id)
    SELECT DISTINCT household, form_id FROM survey_answers
"""
_CURRENT = f"""
    WITH candidates AS MATERIALIZED (
        SELECT s.id, s.household, s.form_id, s.compound, s.created_at, s.replaces
        FROM temp.affected_surveys a
        CROSS JOIN survey_answers s ON s.household = a.household AND s.form_id = a.form_id
        WHERE s.compound = {home_compound_sql("s.household")}
    ),
    replaced AS (
        SELECT j.value AS id FROM candidates c, json_each(c.replaces) j WHERE c.replaces <> '[]'
    ),
    ranked AS (
        SELECT household, form_id, compound, id, row_number() OVER (
            PARTITION BY household, form_id ORDER BY created_at DESC, id DESC
        ) AS position
        FROM candidates WHERE id NOT IN (SELECT id FROM replaced)
    )
    INSERT INTO survey_current (household, form_id, compound, answer_id)
    SELECT household, form_id, compound, id FROM ranked WHERE position = 1
"""


def project_survey_answers(db: driver.Connection, since: int) -> None:
    db.execute(_SUBMISSIONS, {"since": since})
    db.execute(AFFECTED_SURVEYS_TABLE)
    db.execute(_MARK_NEW, {"since": since})
    if since:  # else every submission is new, marked already
        db.execute(_MARK_HOUSEHOLDS, {"since": since})
    _recompute(db)


def refresh_all_survey_answers(db: driver.Connection) -> None:
    trusting = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'trust'").fetchone()
    if not trusting:  # a file from before signing: its m008 rebuilds every projection
        return
    db.execute(_SUBMISSIONS, {"since": 0})
    db.execute(AFFECTED_SURVEYS_TABLE)
    db.execute(_MARK_ALL)
    _recompute(db)


def _recompute(db: driver.Connection) -> None:
    db.execute(
        "DELETE FROM survey_current WHERE (household, form_id) IN "
        "(SELECT household, form_id FROM temp.affected_surveys)"
    )
    db.execute(_CURRENT)
    db.execute("DELETE FROM temp.affected_surveys")
