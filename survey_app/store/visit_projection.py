"""Projection of visits (core.visits): one row per visit record, counted devices only.

A visit is never an opinion: no tally, outcome or close reads this table.
"""

from __future__ import annotations

from survey_app.store import driver

CREATE_VISITS = (
    """CREATE TABLE IF NOT EXISTS visits (
    id TEXT PRIMARY KEY, household TEXT NOT NULL, compound TEXT NOT NULL, round INTEGER,
    outcome TEXT NOT NULL, come_back_on TEXT, note TEXT, surveyor TEXT,
    replaces TEXT NOT NULL, device TEXT NOT NULL, seq INTEGER NOT NULL, created_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS visits_compound ON visits (compound, household)",
    "CREATE INDEX IF NOT EXISTS visits_household ON visits (household)",
)

_VISITS = """
    INSERT OR IGNORE INTO visits (id, household, compound, round, outcome, come_back_on, note,
                                  surveyor, replaces, device, seq, created_at)
    SELECT id, json_extract(payload, '$.household'), json_extract(payload, '$.compound'),
           json_extract(payload, '$.round'), json_extract(payload, '$.outcome'),
           json_extract(payload, '$.come_back_on'),
           coalesce(json_extract(payload, '$.note'), (SELECT json_extract(p.fields, '$.note')
                    FROM personal p WHERE p.record_id = counted_records.id)),
           json_extract(payload, '$.surveyor'), coalesce(json_extract(payload, '$.replaces'), '[]'),
           device, seq, created_at
    FROM counted_records WHERE rid > :since AND kind = 'visit'
"""


def create_visits_table(db: driver.Connection) -> None:
    for statement in CREATE_VISITS:  # inside the migration's transaction (no executescript)
        db.execute(statement)


def project_visits(db: driver.Connection, since: int) -> None:
    db.execute(_VISITS, {"since": since})
