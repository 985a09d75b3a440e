"""Visits sync like any record and are never counted as opinions, on any copy."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sync_helpers import Field, all_tallies, household, record_set

from survey_app.core.errors import InvalidInput, RefusedAction
from survey_app.core.payloads import VisitPayload, merge_payload
from survey_app.core.visits import VisitOutcome
from survey_app.core.votes import Choice
from survey_app.store.household_status import (
    HouseholdFilter,
    HouseholdStatus,
    compound_statuses,
    matches_filter,
)
from survey_app.store.households import households_of
from survey_app.store.round_changes import close_round
from survey_app.store.visits import household_visits, last_visit_rows, record_visit
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central


def test_visits_sync_both_ways_and_count_for_nothing(field_batch: Field) -> None:
    office = field_batch.office
    sync_with_central(store=office, central=field_batch.central)
    a, b = field_batch.laptop("A", "王芳"), field_batch.laptop("B", "李强")
    for laptop in (a, b):
        sync_with_central(store=laptop, central=field_batch.central)
    before = all_tallies(office)
    first = household(a, "NH-001", 0)
    record_visit(store=a, household=first, outcome=VisitOutcome.NOT_HOME)
    record_visit(store=b, household=household(b, "NH-001", 1), outcome=VisitOutcome.VACANT)
    record_visit(store=office, household=household(office, "NH-001", 2),
                 outcome=VisitOutcome.COME_BACK, come_back_on=date(2027, 4, 2))  # fmt: skip
    for store in (a, b, office, a, b):
        sync_with_central(store=store, central=field_batch.central)
    union = record_set(field_batch.central)
    assert all(record_set(s.path) == union for s in (a, b, office))
    for store in (a, b, office):
        last = last_visit_rows(store=store, compound="NH-001", round_no=1)
        assert {h.split("/")[1]: v.outcome for h, v in last.items()} == {
            household(store, "NH-001", 0).address: VisitOutcome.NOT_HOME,
            household(store, "NH-001", 1).address: VisitOutcome.VACANT,
            household(store, "NH-001", 2).address: VisitOutcome.COME_BACK,
        }
        assert all_tallies(store) == before  # no count moved: not agree, not anything
        [visit] = household_visits(store=store, household=first.id)
        assert (visit.surveyor, visit.round_no, visit.compound) == ("王芳", 1, "NH-001")


def test_the_80_percent_rule_ignores_visits(field_batch: Field) -> None:
    office = field_batch.office
    everyone = households_of(store=office, compound="NH-001")
    for h in everyone[:19]:  # 19 of 24 agree: 79.2 %, short of 80 %
        record_vote(store=office, household=h, round_no=1, choice=Choice.AGREE)
    for h in everyone[19:]:
        record_visit(store=office, household=h, outcome=VisitOutcome.VACANT)
    tally = all_tallies(office)[("NH-001", 1)]
    assert (tally["eligible"], tally["agree"], tally["no_response"]) == (24, 19, 5)
    assert tally["passed"] is False
    close_round(store=office, compound="NH-001", round_no=1)
    frozen = all_tallies(office)[("NH-001", 1)]
    assert (frozen["agree"], frozen["no_response"], frozen["passed"]) == (19, 5, False)


def test_a_visit_names_the_last_one_and_needs_its_day(field_batch: Field) -> None:
    office = field_batch.office
    h = household(office, "NH-001", 0)
    with pytest.raises(InvalidInput):
        record_visit(store=office, household=h, outcome=VisitOutcome.COME_BACK)
    with pytest.raises(InvalidInput):
        record_visit(store=office, household=h, outcome=VisitOutcome.REFUSED,
                     come_back_on=date(2027, 4, 2))  # fmt: skip
    with pytest.raises(RefusedAction):
        record_visit(store=office, household=h, outcome=VisitOutcome.REFUSED, round_no=2)
    one = record_visit(store=office, household=h, outcome=VisitOutcome.NOT_HOME)
    two = record_visit(store=office, household=h, outcome=VisitOutcome.REFUSED)
    assert two.replaces == (one.id,)
    stored = office.db.execute("SELECT kind, payload FROM records WHERE id = ?", [two.id])
    kind, payload = stored.fetchone()
    assert kind == "visit"
    typed = VisitPayload.from_json(merge_payload(kind, json.loads(payload), None))
    assert (typed.compound, typed.outcome, typed.replaces) == ("NH-001", "refused", (one.id,))


def test_filters_follow_votes_visits_and_conflicts(field_batch: Field) -> None:
    office = field_batch.office
    sync_with_central(store=office, central=field_batch.central)
    a, b = field_batch.laptop("A"), field_batch.laptop("B")
    for laptop in (a, b):
        sync_with_central(store=laptop, central=field_batch.central)
    visited, voted, disputed = (household(a, "NH-001", i) for i in range(3))
    record_visit(store=a, household=visited, outcome=VisitOutcome.REFUSED)
    record_vote(store=a, household=voted, round_no=1, choice=Choice.AGREE)
    record_vote(store=a, household=disputed, round_no=1, choice=Choice.AGREE)
    record_vote(store=b, household=household(b, "NH-001", 2), round_no=1,
                choice=Choice.DISAGREE)  # fmt: skip
    for store in (a, b, a):
        sync_with_central(store=store, central=field_batch.central)
    statuses = compound_statuses(store=a, compound="NH-001")
    everyone = households_of(store=a, compound="NH-001")

    def shown(wanted: HouseholdFilter) -> set[str]:
        return {
            h.id
            for h in everyone
            if matches_filter(
                wanted,
                eligible=h.eligible,
                status=statuses.get(h.id, HouseholdStatus()),
                round_no=1,
            )
        }

    assert shown(HouseholdFilter.NO_OPINION) == {visited.id}
    assert shown(HouseholdFilter.TO_VERIFY) == {disputed.id}
    not_visited = shown(HouseholdFilter.NOT_VISITED)
    assert len(not_visited) == 21 and not not_visited & {visited.id, voted.id, disputed.id}
