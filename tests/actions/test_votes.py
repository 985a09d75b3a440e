"""Recording votes, and the verified vote that ends a conflict between two laptops."""

from __future__ import annotations

import pytest

from survey_app.actions.compounds import household_at
from survey_app.actions.sync import sync_with_central
from survey_app.actions.votes import conflicts, record_vote, resolve_conflict
from survey_app.core.errors import NotFound, RefusedAction
from survey_app.core.votes import Channel, Choice, Relation
from survey_app.store.database import open_store
from survey_app.store.enrolment import enrol_device
from survey_app.store.tallies import tally_json


def test_a_new_vote_replaces_the_one_in_force(surveyed):
    target = household_at(store=surveyed, compound="NH-001", address="1-1-101")
    first = record_vote(store=surveyed, household=target, round_no=1, choice=Choice.DISAGREE)
    second = record_vote(
        store=surveyed,
        household=target,
        round_no=1,
        choice=Choice.AGREE,
        signer="张伟",
        relation=Relation.FAMILY,
        channel=Channel.PAPER,
    )
    assert second.replaces == (first.id,)
    assert (second.signer, second.relation, second.channel) == ("张伟", "family", "paper")
    assert tally_json(store=surveyed, compound="NH-001", round_no=1)["agree"] == 1


def test_no_vote_in_a_round_not_open(surveyed):
    target = household_at(store=surveyed, compound="NH-001", address="1-1-101")
    with pytest.raises(RefusedAction):
        record_vote(store=surveyed, household=target, round_no=2, choice=Choice.AGREE)


def test_a_verified_vote_resolves_a_conflict(surveyed, tmp_path):
    central = tmp_path / "central.db"
    a = open_store(tmp_path / "a.db", device_name="A", surveyor="王芳", role="field")
    b = open_store(tmp_path / "b.db", device_name="B", surveyor="李强", role="field")
    for laptop in (a, b):
        enrol_device(store=surveyed, fingerprint=laptop.fingerprint)
    sync_with_central(store=surveyed, central=central)
    for laptop in (a, b):
        sync_with_central(store=laptop, central=central)
    target = household_at(store=a, compound="NH-001", address="2-1-101")
    record_vote(store=a, household=target, round_no=1, choice=Choice.AGREE)
    record_vote(store=b, household=target, round_no=1, choice=Choice.DISAGREE)
    sync_with_central(store=a, central=central)
    sync_with_central(store=b, central=central)
    [conflict] = conflicts(store=b, compound="nh-001")
    assert conflict.household == target.id and len(conflict.votes) == 2
    verified = resolve_conflict(store=b, household=conflict.household, round_no=1,
                                choice=Choice.AGREE, note="电话回访户主本人确认")  # fmt: skip
    assert set(verified.replaces) == {v.id for v in conflict.votes}
    assert conflicts(store=b) == []
    with pytest.raises(NotFound):
        conflicts(store=b, compound="NH-404")
    with pytest.raises(NotFound):
        resolve_conflict(store=b, household="NH-001/9-9-909", round_no=1,
                         choice=Choice.AGREE, note="x")  # fmt: skip
    a.close()
    b.close()
