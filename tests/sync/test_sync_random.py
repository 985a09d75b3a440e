"""Randomized: laptops vote, change votes and disagree offline, close a round, and sync in random
orders, some syncs killed with SIGKILL. In the end the central file holds every record exactly
once and every laptop's tallies are those computed from the union of all records."""

from __future__ import annotations

import contextlib
import random
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sync_helpers import COMPOUNDS, Field, all_tallies, household, record_set
from test_sync_kill import start

from survey_app.core.errors import RefusedAction
from survey_app.core.votes import Choice
from survey_app.store.database import Store, open_database
from survey_app.store.projection import project_pending
from survey_app.store.round_changes import close_round
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central
from survey_app.sync.conflicts import list_conflicts

LAPTOPS = ("A", "B", "C", "D")


def union_store(paths: list[Path], target: Path, authority: str) -> Store:
    """A fresh file holding the union of the records of `paths`, with its tables projected as
    the office (`authority`) counts them."""
    db = open_database(target)
    db.execute("INSERT INTO meta (key, value) VALUES ('authority', ?)", [authority])
    for index, path in enumerate(paths):
        db.execute(f"ATTACH DATABASE ? AS f{index}", [str(path)])
        db.execute(f"INSERT OR IGNORE INTO records SELECT * FROM f{index}.records")
        db.execute(f"DETACH DATABASE f{index}")
    db.execute("BEGIN IMMEDIATE")
    project_pending(db)
    db.execute("COMMIT")
    return Store(db, target)


def offline_work(rng: random.Random, laptop: Store) -> None:
    for _ in range(rng.randrange(1, 6)):
        target = household(laptop, rng.choice(COMPOUNDS), rng.randrange(10))
        with contextlib.suppress(RefusedAction):  # the round was closed
            record_vote(store=laptop, household=target, round_no=1, choice=rng.choice(list(Choice)))


def killed_sync(rng: random.Random, laptop: Store, central: Path) -> None:
    child = start(laptop.path, central)
    try:
        child.wait(timeout=rng.uniform(0, 0.15))
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 3])
def test_random_offline_work_and_interrupted_syncs_converge(field_batch: Field, seed: int) -> None:
    rng = random.Random(seed)
    sync_with_central(store=field_batch.office, central=field_batch.central)
    laptops = [field_batch.laptop(name, f"调查员{name}") for name in LAPTOPS]
    for laptop in laptops:
        sync_with_central(store=laptop, central=field_batch.central)
    closed = False
    kills = 0
    for step in range(40):
        laptop = rng.choice(laptops)
        action = rng.random()
        if action < 0.5:
            offline_work(rng, laptop)
        elif action < 0.85 or kills >= 5:
            sync_with_central(store=laptop, central=field_batch.central)
        else:
            killed_sync(rng, laptop, field_batch.central)
            kills += 1
        if not closed and step == 25:  # the office collects what it can, and closes a round
            sync_with_central(store=field_batch.office, central=field_batch.central)
            close_round(store=field_batch.office, compound="NH-002", round_no=1)
            closed = True
    everyone = [field_batch.office, *laptops]
    for _ in range(2):
        for laptop in rng.sample(everyone, len(everyone)):
            sync_with_central(store=laptop, central=field_batch.central)

    conn = sqlite3.connect(field_batch.central)
    total, distinct = conn.execute("SELECT count(*), count(DISTINCT id) FROM records").fetchone()
    conn.close()
    every_record = frozenset().union(*(record_set(s.path) for s in everyone))
    assert total == distinct == len(every_record)
    assert record_set(field_batch.central) == every_record
    union = union_store([s.path for s in everyone], field_batch.root / "union.db",
                        field_batch.office.authority)  # fmt: skip
    expected = all_tallies(union)
    assert expected[("NH-002", 1)]["status"] == "closed"
    assert sum(int(str(t["pending"])) + int(str(t["late"])) for t in expected.values()) > 0
    for laptop in everyone:
        assert all_tallies(laptop) == expected
        assert list_conflicts(store=laptop) == list_conflicts(store=union)
    union.close()
