"""Voided votes (作废) sync like any record: the tally stops counting them everywhere, and a
void a field laptop writes of another laptop's vote is refused there and ignored elsewhere."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sync_helpers import Field, household

from survey_app.cli import main
from survey_app.core.errors import RefusedAction
from survey_app.core.payloads import VoteVoidPayload
from survey_app.core.records import Record
from survey_app.core.votes import Choice
from survey_app.store.database import Store, insert_records
from survey_app.store.round_changes import close_round
from survey_app.store.tallies import tally_json
from survey_app.store.voids import standing_voids, void_vote
from survey_app.store.votes import VoteRow, record_vote
from survey_app.sync.central import sync_with_central


def agree(store: Store) -> int:
    return int(tally_json(store=store, compound="NH-001", round_no=1)["agree"])  # type: ignore[call-overload]


def central_agree(batch: Field) -> int:
    """The tally as `tally --file` reads it from the central file."""
    args = ["--db", str(batch.root / "never-made.db"), "tally", "--compound", "NH-001",
            "--round", "1", "--json", "--file", str(batch.central)]  # fmt: skip
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return int(json.loads(result.output)["agree"])


def sync_all(batch: Field, *stores: Store) -> None:
    for _ in range(2):
        for store in stores:
            sync_with_central(store=store, central=batch.central)


def laptops(batch: Field) -> tuple[Store, Store]:
    sync_with_central(store=batch.office, central=batch.central)
    a, b = batch.laptop("A", "王芳"), batch.laptop("B", "李强")
    sync_all(batch, a, b)
    return a, b


def agree_at(store: Store, index: int) -> VoteRow:
    target = household(store, "NH-001", index)
    return record_vote(store=store, household=target, round_no=1, choice=Choice.AGREE)


def test_a_surveyor_voids_her_own_vote_before_sync_and_no_copy_counts_it(
    field_batch: Field,
) -> None:
    a, b = laptops(field_batch)
    kept, wrong = agree_at(a, 1), agree_at(a, 2)
    assert agree(a) == 2
    void_vote(store=a, vote_id=wrong.id, reason="记错户了,应为 1-1-302")
    assert agree(a) == 1
    sync_all(field_batch, a, b, field_batch.office)
    for store in (a, b, field_batch.office):
        assert agree(store) == 1
        (void,) = standing_voids(store=store, household=wrong.household, round_no=1)
        assert (void.vote, void.reason, void.surveyor, void.device_name) == (
            wrong.id, "记错户了,应为 1-1-302", "王芳", "A"
        )  # fmt: skip
    assert central_agree(field_batch) == 1
    assert kept.id != wrong.id


def test_the_office_voids_a_synced_vote_and_the_laptops_learn_it(field_batch: Field) -> None:
    a, b = laptops(field_batch)
    wrong = agree_at(a, 3)
    sync_all(field_batch, a, field_batch.office)
    void_vote(store=field_batch.office, vote_id=wrong.id, reason="户主称未表态")
    sync_all(field_batch, field_batch.office, a, b)
    assert [agree(s) for s in (a, b, field_batch.office)] == [0, 0, 0]
    assert central_agree(field_batch) == 0


def test_a_void_of_another_laptops_vote_is_refused_and_a_forged_one_ignored(
    field_batch: Field,
) -> None:
    a, b = laptops(field_batch)
    theirs = agree_at(a, 4)
    sync_all(field_batch, a, b)
    with pytest.raises(RefusedAction) as refused:
        void_vote(store=b, vote_id=theirs.id, reason="不是我的")
    assert refused.value.code == "void_not_yours"
    with b.transaction():  # written past the check, as a tampered copy of the app would
        b.append(VoteVoidPayload(vote=theirs.id, household=theirs.household, compound="NH-001",
                                 round=1, reason="伪造", surveyor="李强"))  # fmt: skip
    sync_all(field_batch, b, a, field_batch.office)
    for store in (a, b, field_batch.office):
        assert agree(store) == 1
        assert standing_voids(store=store, household=theirs.household, round_no=1) == []
    assert central_agree(field_batch) == 1


def test_a_void_that_arrives_before_its_vote_counts_once_the_vote_is_there(
    field_batch: Field,
) -> None:
    a, _b = laptops(field_batch)
    office = field_batch.office
    sync_all(field_batch, office)  # the office knows laptop A and its key
    wrong = agree_at(a, 5)
    void_vote(store=a, vote_id=wrong.id, reason="错户")
    columns = "id, kind, device, seq, created_at, payload, hash, prev, signature"
    vote, void = (
        Record(*a.db.execute(f"SELECT {columns} FROM records WHERE kind = ?", [kind]).fetchone())
        for kind in ("vote", "vote_void")
    )
    with office.transaction():
        insert_records(office.db, [void])
    assert agree(office) == 0
    assert standing_voids(store=office, household=wrong.household, round_no=1) == []
    with office.transaction():
        insert_records(office.db, [vote])
    assert agree(office) == 0
    assert [v.vote for v in standing_voids(store=office, household=wrong.household,
                                          round_no=1)] == [vote.id]  # fmt: skip


def test_voiding_brings_back_the_vote_the_voided_one_replaced(field_batch: Field) -> None:
    a, b = laptops(field_batch)
    target = household(a, "NH-001", 6)
    first = record_vote(store=a, household=target, round_no=1, choice=Choice.AGREE)
    second = record_vote(store=a, household=target, round_no=1, choice=Choice.DISAGREE)
    assert second.replaces == (first.id,)
    assert agree(a) == 0
    void_vote(store=a, vote_id=second.id, reason="点错了")
    assert agree(a) == 1
    third = record_vote(store=a, household=target, round_no=1, choice=Choice.ABSTAIN)
    assert third.replaces == (first.id,)
    sync_all(field_batch, a, b)
    assert tally_json(store=b, compound="NH-001", round_no=1)["abstain"] == 1
    assert agree(b) == 0


def test_a_closed_rounds_result_does_not_move_for_a_void_and_none_is_written(
    field_batch: Field,
) -> None:
    a, _b = laptops(field_batch)
    vote = agree_at(a, 7)
    sync_all(field_batch, a, field_batch.office)
    close_round(store=field_batch.office, compound="NH-001", round_no=1)
    sync_all(field_batch, field_batch.office, a)
    with pytest.raises(RefusedAction) as refused:
        void_vote(store=a, vote_id=vote.id, reason="晚了")
    assert refused.value.code == "round_not_open"
    with a.transaction():  # a laptop that had not heard of the close
        a.append(VoteVoidPayload(vote=vote.id, household=vote.household, compound="NH-001",
                                 round=1, reason="晚了", surveyor="王芳"))  # fmt: skip
    sync_all(field_batch, a, field_batch.office)
    for store in (a, field_batch.office):
        assert agree(store) == 1
