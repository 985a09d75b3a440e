"""Record ids sort in the order their device wrote them (a sync then adds each laptop's
records at the end of its run of the central's id index, not on every page of it), and two
copies of one laptop writing the same sequence numbers still give different ids."""

from __future__ import annotations

import shutil
from pathlib import Path

from survey_app.core.ids import new_record_id
from survey_app.core.rules import ConsentRule
from survey_app.core.votes import Choice
from survey_app.store.database import Store, open_store
from survey_app.store.households import households_of
from survey_app.store.round_changes import open_round
from survey_app.store.sample import write_sample
from survey_app.store.votes import record_vote


def laptop(path: Path) -> Store:
    store = open_store(path, device_name="一号机")
    write_sample(store=store, compounds=1, min_households=30, max_households=30, votes=False)
    open_round(store=store, compound="NH-001", round_no=1, rule=ConsentRule())
    return store


def own_ids(store: Store, order: str) -> list[str]:
    rows = store.db.execute(
        f"SELECT id FROM records WHERE device = ? ORDER BY {order}", [store.device_id]
    ).fetchall()
    return [str(r[0]) for r in rows]


def test_a_devices_record_ids_sort_in_the_order_it_wrote_them(tmp_path: Path) -> None:
    store = laptop(tmp_path / "l.db")  # a roster in one transaction, then a round
    for index, home in enumerate(households_of(store=store, compound="NH-001")[:20]):
        record_vote(store=store, household=home, round_no=1,
                    choice=Choice.AGREE if index % 3 else Choice.DISAGREE)  # fmt: skip
    by_seq = own_ids(store, "seq")
    assert len(by_seq) > 50
    assert own_ids(store, "id") == by_seq
    assert len(set(by_seq)) == len(by_seq)
    store.close()


def test_ids_stay_in_order_past_every_width_of_the_sequence_number() -> None:
    seqs = [1, 9, 10, 15, 16, 255, 256, 4095, 65_536, 2**32, 2**40 - 1]
    ids = [new_record_id("0123456789abcdef", seq) for seq in seqs]
    assert sorted(ids) == ids


def test_two_copies_of_one_laptop_give_their_next_record_different_ids(tmp_path: Path) -> None:
    first = laptop(tmp_path / "a.db")
    first.close()
    shutil.copy(tmp_path / "a.db", tmp_path / "b.db")  # a restored disk image
    votes = []
    for name in ("a.db", "b.db"):
        store = open_store(tmp_path / name)
        home = households_of(store=store, compound="NH-001")[0]
        votes.append(record_vote(store=store, household=home, round_no=1, choice=Choice.AGREE))
        store.close()
    (a, b) = votes
    assert (a.device, a.seq) == (b.device, b.seq)  # the collision sync names
    assert a.id != b.id
