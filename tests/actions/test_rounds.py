"""Opening and closing rounds: the preview the office confirms is what closing freezes."""

from __future__ import annotations

import pytest

from survey_app.actions.compounds import household_at
from survey_app.actions.rounds import close_preview, close_round, open_round
from survey_app.actions.votes import record_vote
from survey_app.core.errors import RefusedAction
from survey_app.core.rules import ConsentRule
from survey_app.core.tally import RoundStatus
from survey_app.core.votes import Choice
from survey_app.store.rounds import round_state
from survey_app.store.tallies import tally_json


def agree(store, *addresses):
    for address in addresses:
        household = household_at(store=store, compound="NH-001", address=address)
        record_vote(store=store, household=household, round_no=1, choice=Choice.AGREE)


def test_round_2_opens_only_after_round_1_closed_and_passed(surveyed):
    with pytest.raises(RefusedAction):
        open_round(store=surveyed, compound="NH-001", round_no=2, rule=ConsentRule())
    agree(surveyed, "1-1-101", "1-1-102", "1-2-101", "2-1-101")
    close_round(store=surveyed, compound="NH-001", round_no=1)
    opened = open_round(store=surveyed, compound="nh-001", round_no=2, rule=ConsentRule())
    assert opened.status is RoundStatus.OPEN


def test_the_close_preview_is_what_closing_freezes(surveyed):
    agree(surveyed, "1-1-101", "1-1-102", "1-2-101")
    preview = close_preview(store=surveyed, compound="nh-001", round_no=1)
    assert (preview.compound, preview.tally.counts.agree, preview.tally.counts.eligible) == (
        "NH-001", 3, 5,
    )  # fmt: skip
    assert not preview.tally.passed and len(preview.fingerprint) == 64
    closed = close_round(store=surveyed, compound="NH-001", round_no=1)
    assert closed.state.status is RoundStatus.CLOSED
    assert closed.state.fingerprint == preview.fingerprint
    assert closed.tally.counts == preview.tally.counts
    assert closed.tally.status is RoundStatus.CLOSED
    stored = round_state(store=surveyed, compound="NH-001", round_no=1)
    assert stored.fingerprint == preview.fingerprint
    assert tally_json(store=surveyed, compound="NH-001", round_no=1)["agree"] == 3


def test_a_round_closes_once(surveyed):
    close_round(store=surveyed, compound="NH-001", round_no=1)
    with pytest.raises(RefusedAction):
        close_round(store=surveyed, compound="NH-001", round_no=1)
