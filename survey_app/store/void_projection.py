"""The projection of void records (store/voids.py says what a void is and when it stands).

Apart from the store, like the other projections the store itself imports."""

from __future__ import annotations

from survey_app.store import driver

VOIDS_TABLE = """
CREATE TABLE IF NOT EXISTS vote_voids (
    id TEXT PRIMARY KEY, vote TEXT NOT NULL, household TEXT NOT NULL, compound TEXT NOT NULL,
    round INTEGER NOT NULL, reason TEXT NOT NULL, surveyor TEXT, device TEXT NOT NULL,
    seq INTEGER NOT NULL, created_at TEXT NOT NULL, by_office INTEGER NOT NULL
)
"""
VOIDS_INDEX = "CREATE INDEX IF NOT EXISTS vote_voids_household ON vote_voids (household, round)"

PROJECT_VOIDS = """
INSERT OR IGNORE INTO vote_voids (id, vote, household, compound, round, reason, surveyor,
                                  device, seq, created_at, by_office)
SELECT id, json_extract(payload, '$.vote'), json_extract(payload, '$.household'),
       json_extract(payload, '$.compound'), json_extract(payload, '$.round'),
       json_extract(payload, '$.reason'), json_extract(payload, '$.surveyor'),
       device, seq, created_at, by_office
FROM counted_records WHERE rid > :since AND kind = 'vote_void'
"""


def standing_join(votes: str = "votes") -> str:
    """A void stands on a vote of its household and round, by the vote's device or the office
    (`votes`: the table or CTE of votes to join, aliased `v`; the void is `vv`)."""
    return f"""
        JOIN {votes} v ON v.id = vv.vote AND v.household = vv.household AND v.round = vv.round
                      AND v.compound = vv.compound
        WHERE (vv.by_office OR vv.device = v.device)"""


def create_voids_table(db: driver.Connection) -> None:
    """Also called by the outcomes' first migration (m002), whose SQL reads this table."""
    db.execute(VOIDS_TABLE)
    db.execute(VOIDS_INDEX)


def project_voids(db: driver.Connection, since: int) -> None:
    db.execute(PROJECT_VOIDS, {"since": since})
