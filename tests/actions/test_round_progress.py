"""Round progress: the tally and, per building, the eligible households not yet reached."""

from __future__ import annotations

from survey_app.actions.compounds import household_at
from survey_app.actions.progress import round_progress
from survey_app.actions.votes import record_vote
from survey_app.core.tally import RoundStatus
from survey_app.core.votes import Choice


def test_unreached_households_by_building(surveyed):
    for address, choice in (("1-1-101", Choice.AGREE), ("2-1-101", Choice.DISAGREE)):
        household = household_at(store=surveyed, compound="NH-001", address=address)
        record_vote(store=surveyed, household=household, round_no=1, choice=choice)
    progress = round_progress(store=surveyed, compound="NH-001", round_no=1)
    assert progress.compound.name == "东方新村" and progress.state.status is RoundStatus.OPEN
    assert (progress.tally.counts.agree, progress.tally.counts.eligible) == (1, 5)
    by_building = {b.building: b for b in progress.buildings}
    assert [a for _id, a in by_building["1"].unreached] == ["1-1-102", "1-2-101"]
    assert (by_building["1"].eligible, by_building["1"].agree) == (3, 1)
    assert by_building["2"].unreached == ()
    assert [a for _id, a in by_building["10"].unreached] == ["10-1-101"]


def test_a_round_not_opened(surveyed):
    progress = round_progress(store=surveyed, compound="NH-001", round_no=2)
    assert progress.state.status is RoundStatus.NOT_OPENED
    assert sum(len(b.unreached) for b in progress.buildings) == 5
