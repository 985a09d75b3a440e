"""The kept per-compound counts (`compound_counts`) equal the live set-based count after every
sync, whatever the records change: votes, voids, conflicts, closes (cutoff and freeze),
re-imported rosters moving households and changing their eligibility, erasures, trust."""

import random
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import tests.store.test_tallies as history
from survey_app.core.payloads import EnrolmentPayload, ErasurePayload
from survey_app.store import count_projection, driver, projection
from survey_app.store.database import Store, insert_records, open_store
from survey_app.store.projection import forget_projections, project_pending
from survey_app.store.tallies import _live_counts, compute_tally, counts_by_compound

real_project_pending = project_pending


def assert_kept_equal_live(db: driver.Connection) -> None:
    store: Any = SimpleNamespace(db=db)
    for round_no in (1, 2):
        kept = counts_by_compound(store=store, round_no=round_no)
        assert kept == _live_counts(store=store, round_no=round_no, only=None), round_no


def checked_project_pending(db: driver.Connection) -> int:
    projected = real_project_pending(db)
    assert_kept_equal_live(db)
    return projected


def household(code: str, home: str, eligible: bool) -> dict[str, object]:
    return {
        "id": home, "compound": code, "address": home.split("/")[1], "building": "1",
        "unit": None, "room": "101", "head": "张三", "phone": None, "area": "50",
        "tenure": None, "eligible": eligible, "note": None,
    }  # fmt: skip


def homes_of(store: Store) -> list[str]:
    return [str(h) for (h,) in store.db.execute("SELECT id FROM households ORDER BY id")]


def rebuilt_equal(store: Store) -> None:
    kept = {n: counts_by_compound(store=store, round_no=n) for n in (1, 2)}
    store.db.execute("BEGIN IMMEDIATE")
    forget_projections(store.db)
    project_pending(store.db)
    store.db.execute("COMMIT")
    assert {n: counts_by_compound(store=store, round_no=n) for n in (1, 2)} == kept


@pytest.mark.parametrize("recount_all", [False, True], ids=["delta", "recount-all"])
@pytest.mark.parametrize("seed", range(20))
def test_the_kept_counts_equal_the_live_count_after_every_sync(
    tmp_path: Path, seed: int, recount_all: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also with every pass recounting every compound instead of the outcomes' delta (what a
    pass that recomputes about every outcome of the file does: `recount_all_instead`)."""
    monkeypatch.setattr(history, "project_pending", checked_project_pending)
    chosen: list[bool] = []
    if recount_all:
        monkeypatch.setattr(count_projection, "RECOUNT_ALL_FROM", 0)
        monkeypatch.setattr(count_projection, "RECOUNT_ALL_PER_HOUSEHOLD", 0.0)
    decide = count_projection.recount_all_instead

    def noted(db: driver.Connection) -> bool:
        chosen.append(decide(db))
        return chosen[-1]

    monkeypatch.setattr(projection, "recount_all_instead", noted)
    store = open_store(tmp_path / "t.db")
    rng = random.Random(seed)
    held: list[Any] = []

    def insert_or_hold(db: driver.Connection, records: list[Any]) -> None:
        """A laptop syncs late: some votes and voids arrive after the round's close."""
        if records[0].kind in ("vote", "vote_void") and rng.random() < 0.3:
            held.extend(records)
        else:
            insert_records(db, records)

    monkeypatch.setattr(history, "insert_records", insert_or_hold)
    history.random_history(store, rng)
    assert_kept_equal_live(store.db)
    store.db.execute("BEGIN IMMEDIATE")
    while held:
        insert_records(store.db, [held.pop(0)])
        if rng.random() < 0.3:
            checked_project_pending(store.db)
    checked_project_pending(store.db)
    store.db.execute("COMMIT")
    homes = homes_of(store)
    seq = 5000
    store.db.execute("BEGIN IMMEDIATE")
    for _ in range(rng.randint(1, 8)):  # a re-imported roster: households move, eligibility flips
        if not homes:
            break
        seq += 1
        home = rng.choice(homes)
        history.add(store, "a", seq, "household",
                    household(f"C-{rng.randint(0, 4)}", home, rng.random() < 0.6))  # fmt: skip
        if rng.random() < 0.5:
            checked_project_pending(store.db)
    for home in rng.sample(homes, k=min(2, len(homes))):  # an erasure
        store.append(ErasurePayload(household=home, compound=home.split("/")[0], records=()))
    checked_project_pending(store.db)
    for _ in range(rng.randint(1, 6)):  # a laptop's sync brings votes, conflicting ones too
        if not homes:
            break
        seq += 1
        home = rng.choice(homes)
        history.add(store, rng.choice("bcf"), seq, "vote", {
            "household": home, "compound": home.split("/")[0], "round": rng.choice([1, 2, 3]),
            "choice": rng.choice(["agree", "disagree"]), "replaces": []})  # fmt: skip
    checked_project_pending(store.db)
    # the office counts less of laptop b than before: every projection is rebuilt
    store.append(EnrolmentPayload(device="b", role="office", up_to_seq=1003))
    checked_project_pending(store.db)
    store.db.execute("COMMIT")
    rebuilt_equal(store)
    assert (bool(chosen) and all(chosen)) if recount_all else not any(chosen)


def test_a_household_moved_to_another_compound_is_counted_there_only(tmp_path: Path) -> None:
    store = open_store(tmp_path / "t.db")
    store.db.execute("BEGIN IMMEDIATE")
    store.append(EnrolmentPayload(device="a", role="office", up_to_seq=10**6))
    for seq, (code, home) in enumerate([("A", "A/1"), ("A", "A/2"), ("B", "B/1")], start=1):
        history.add(store, "a", seq, "household", household(code, home, True))
    history.add(store, "a", 10, "vote", {"household": "A/2", "compound": "A", "round": 1,
                                         "choice": "agree", "replaces": []})  # fmt: skip
    project_pending(store.db)
    assert counts_by_compound(store=store, round_no=1)["A"].agree == 1
    history.add(store, "a", 11, "household", household("B", "A/2", True))  # moved to B
    project_pending(store.db)
    counts = counts_by_compound(store=store, round_no=1)
    assert (counts["A"].eligible, counts["A"].agree) == (1, 0)
    # its vote names A: it counts for no compound now, as the core's tally of B says
    assert (counts["B"].eligible, counts["B"].agree, counts["B"].no_response) == (2, 0, 2)
    assert compute_tally(store=store, compound="B", round_no=1).counts == counts["B"]
    history.add(store, "a", 14, "vote", {"household": "A/2", "compound": "B", "round": 1,
                                         "choice": "agree", "replaces": []})  # fmt: skip
    project_pending(store.db)
    counts = counts_by_compound(store=store, round_no=1)
    assert (counts["B"].eligible, counts["B"].agree) == (2, 1)
    assert compute_tally(store=store, compound="B", round_no=1).counts == counts["B"]
    history.add(store, "a", 12, "household", household("B", "A/2", False))  # no longer eligible
    history.add(store, "a", 13, "household", household("B", "A/1", True))  # A empties
    project_pending(store.db)
    counts = counts_by_compound(store=store, round_no=1)
    assert "A" not in counts
    assert (counts["B"].eligible, counts["B"].agree, counts["B"].no_response) == (2, 0, 2)
    assert compute_tally(store=store, compound="B", round_no=1).counts == counts["B"]
    store.db.execute("COMMIT")
    rebuilt_equal(store)


def test_an_older_file_gets_its_counts_from_the_migration(tmp_path: Path) -> None:
    store = open_store(tmp_path / "t.db")
    history.random_history(store, random.Random(7))
    kept = {n: counts_by_compound(store=store, round_no=n) for n in (1, 2)}
    store.db.execute("DELETE FROM compound_counts")
    store.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm027_compound_counts'")
    store.db.close()
    store = open_store(tmp_path / "t.db")
    assert {n: counts_by_compound(store=store, round_no=n) for n in (1, 2)} == kept
    assert kept[1] or kept[2]
