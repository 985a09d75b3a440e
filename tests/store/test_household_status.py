"""The state of each household at a glance."""

from __future__ import annotations

from survey_app.core.rules import ConsentRule
from survey_app.core.votes import Choice
from survey_app.store.compounds import save_compound
from survey_app.store.database import open_store
from survey_app.store.drafts import save_draft
from survey_app.store.household_status import HouseholdStatus, compound_statuses
from survey_app.store.households import find_household
from survey_app.store.roster_import import import_roster
from survey_app.store.round_changes import open_round
from survey_app.store.votes import record_vote


def test_statuses(tmp_path):
    store = open_store(tmp_path / "survey.db")
    save_compound(store=store, code="NH-001", name="东方新村")
    roster = tmp_path / "r.csv"
    roster.write_text("楼栋,单元,室\n1,1,101\n1,1,102\n1,1,201\n", encoding="utf-8")
    import_roster(store=store, path=roster, compound="NH-001")
    open_round(store=store, compound="NH-001", round_no=1, rule=ConsentRule())
    first = find_household(store=store, compound="NH-001", address="1-1-101")
    record_vote(store=store, household=first, round_no=1, choice=Choice.DISAGREE)
    save_draft(store=store, household="NH-001/1-1-102", form="needs_survey", answers={},
               position=None)  # fmt: skip
    save_draft(store=store, household="NH-001/1-1-201", form="satisfaction_survey", answers={},
               position=None)  # fmt: skip  # another form: not the list's 调查 column
    statuses = compound_statuses(store=store, compound="NH-001")
    assert statuses["NH-001/1-1-101"].outcome(1) == "disagree"
    assert statuses["NH-001/1-1-101"].outcome(2) == "no_response"
    assert statuses["NH-001/1-1-101"].visited
    assert statuses["NH-001/1-1-102"].draft and statuses["NH-001/1-1-102"].visited
    assert "NH-001/1-1-201" not in statuses
    assert not HouseholdStatus().visited
    assert HouseholdStatus(rounds={1: "pending"}).conflict
