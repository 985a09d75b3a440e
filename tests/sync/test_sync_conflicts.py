"""Conflicts between laptops, their resolution, and rounds closed on another laptop."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sync_helpers import Field, household

from survey_app.cli import main
from survey_app.core.errors import RefusedAction
from survey_app.core.votes import Choice
from survey_app.store.round_changes import close_round
from survey_app.store.tallies import tally_json
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central
from survey_app.sync.conflicts import list_conflicts


def synced_pair(batch: Field):  # type: ignore[no-untyped-def]
    sync_with_central(store=batch.office, central=batch.central)
    a, b = batch.laptop("A", "王芳"), batch.laptop("B", "李强")
    for store in (a, b):
        sync_with_central(store=store, central=batch.central)
    return a, b


def sync_all(batch: Field, *stores) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        for store in stores:
            sync_with_central(store=store, central=batch.central)


def cli(*args: str) -> dict | list:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_different_votes_from_two_laptops_are_a_conflict_until_a_new_vote(
    field_batch: Field,
) -> None:
    a, b = synced_pair(field_batch)
    target = household(a, "NH-001", 5)
    record_vote(store=a, household=target, round_no=1, choice=Choice.AGREE, signer="张三")
    record_vote(store=b, household=target, round_no=1, choice=Choice.DISAGREE, signer="张三妻")
    assert sync_with_central(store=a, central=field_batch.central).conflicts == 0
    assert sync_with_central(store=b, central=field_batch.central).conflicts == 1
    assert sync_with_central(store=a, central=field_batch.central).conflicts == 1
    for store in (a, b):
        assert tally_json(store=store, compound="NH-001", round_no=1)["pending"] == 1
        assert tally_json(store=store, compound="NH-001", round_no=1)["agree"] == 0
    listed = cli("--db", str(a.path), "conflicts", "--compound", "nh-001", "--json")
    assert len(listed) == 1
    assert listed[0]["address"] == target.address
    assert {(v["choice"], v["signer"], v["surveyor"], v["device_name"]) for v in
            listed[0]["votes"]} == {("agree", "张三", "王芳", "A"),
                                    ("disagree", "张三妻", "李强", "B")}  # fmt: skip
    assert all(v["time"] for v in listed[0]["votes"])

    resolved = record_vote(store=b, household=target, round_no=1, choice=Choice.AGREE)
    assert len(resolved.replaces) == 2
    sync_all(field_batch, b, a)
    for store in (a, b):
        assert list_conflicts(store=store) == []
        tally = tally_json(store=store, compound="NH-001", round_no=1)
        assert (tally["pending"], tally["agree"]) == (0, 1)


def test_the_same_choice_from_two_laptops_is_no_conflict(field_batch: Field) -> None:
    a, b = synced_pair(field_batch)
    for store in (a, b):
        record_vote(store=store, household=household(store, "NH-002", 0), round_no=1,
                    choice=Choice.AGREE)  # fmt: skip
    sync_all(field_batch, a, b)
    assert list_conflicts(store=a) == []
    assert tally_json(store=a, compound="NH-002", round_no=1)["agree"] == 1


def test_a_round_closed_by_the_office_is_closed_on_all_and_later_votes_are_late(
    field_batch: Field,
) -> None:
    a, b = synced_pair(field_batch)
    record_vote(store=a, household=household(a, "NH-001", 0), round_no=1, choice=Choice.AGREE)
    with pytest.raises(RefusedAction) as refused:  # a field laptop cannot close a round
        close_round(store=a, compound="NH-001", round_no=1)
    assert refused.value.code == "office_only"
    sync_all(field_batch, a, field_batch.office)
    close_round(store=field_batch.office, compound="NH-001", round_no=1)
    record_vote(store=b, household=household(b, "NH-001", 1), round_no=1, choice=Choice.AGREE)
    sync_all(field_batch, a, b, field_batch.office)
    for store in (a, b, field_batch.office):
        tally = tally_json(store=store, compound="NH-001", round_no=1)
        assert (tally["status"], tally["agree"], tally["late"]) == ("closed", 1, 1)
        assert tally["fingerprint"]
    with pytest.raises(RefusedAction):
        record_vote(store=b, household=household(b, "NH-001", 2), round_no=1, choice=Choice.AGREE)


def test_conflicts_command_reads_the_central_file_without_changing_it(field_batch: Field) -> None:
    a, b = synced_pair(field_batch)
    for store, choice in ((a, Choice.AGREE), (b, Choice.ABSTAIN)):
        record_vote(store=store, household=household(store, "NH-002", 7), round_no=1,
                    choice=choice)  # fmt: skip
    sync_all(field_batch, a, b)
    before = field_batch.central.read_bytes()
    listed = cli("conflicts", "--file", str(field_batch.central), "--json")
    assert [c["compound"] for c in listed] == ["NH-002"]
    assert field_batch.central.read_bytes() == before
    result = CliRunner().invoke(main, ["--db", str(a.path), "conflicts"])
    assert "1 户意见冲突待核实" in result.output and "弃权" in result.output
