"""A laptop assigned NH-002 cannot change an NH-001 household's needs survey or visits by
writing a survey answer or a visit for it that names NH-002 (what the assignment check used to
read, and what the projections filed it under): the laptop refuses both, and copies written
past the check (a tampered app) reach the central file and every laptop, counted in no
compound (not the household's answers, not a compound's needs figures or export, not the
household list's visits) and listed by `check-file`; every file's kept tables after its
incremental projections equal those made again from its records."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from sync_helpers import COMPOUNDS, Field, household

from survey_app.core.errors import RefusedAction
from survey_app.core.payloads import VisitPayload
from survey_app.core.visits import VisitOutcome
from survey_app.needs.report import coverage
from survey_app.store import database
from survey_app.store.assignments import assign_compounds
from survey_app.store.database import Store, open_database
from survey_app.store.household_status import compound_statuses, surveyed_households
from survey_app.store.households import Household
from survey_app.store.projection import forget_projections, project_pending
from survey_app.store.survey_answers import (
    current_survey_answer,
    current_survey_answers,
    record_survey_answer,
    survey_history,
)
from survey_app.store.visits import compound_visits, household_visits, record_visit
from survey_app.sync.central import sync_with_central
from survey_app.sync.check import check_file
from survey_app.sync.export import survey_answers

X, Y = COMPOUNDS
FORM = "needs_survey"
KEPT = ("survey_answers", "survey_current", "visits", "households")


def answer(store: Store, home: Household, item: str) -> str:
    return record_survey_answer(store=store, household=home, form_id=FORM, form_version="1",
                                answers={"items": [item]}).id  # fmt: skip


def forged_visit(home: str) -> VisitPayload:
    return VisitPayload(household=home, compound=Y, round=1, outcome="refused",
                        come_back_on=None, note=None, surveyor="李强", replaces=())  # fmt: skip


def laptop_given_y(field_batch: Field) -> Store:
    laptop = field_batch.laptop("B")
    assign_compounds(store=field_batch.office, fingerprint=laptop.fingerprint, compounds=[Y])
    sync_with_central(store=field_batch.office, central=field_batch.central)
    sync_with_central(store=laptop, central=field_batch.central)
    return laptop


def kept(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {t: sorted(store.db.execute(f"SELECT * FROM {t}").fetchall()) for t in KEPT}


def assert_kept_tables_equal_rebuilt(store: Store) -> None:
    before = kept(store)
    with store.transaction():  # the tables made again from the file's records
        forget_projections(store.db)
        project_pending(store.db)
    assert kept(store) == before


def assert_counted_for_home_only(store: Store, home: str, answered: str, visited: str) -> None:
    """The household's answers and visits are those naming its compound, X; Y has none."""
    current = current_survey_answer(store=store, household=home, form_id=FORM)
    assert current is not None and current.id == answered
    assert [a.id for a in survey_history(store=store, household=home, form_id=FORM)] == [answered]
    assert [a.household for a in current_survey_answers(store=store, form_id=FORM)] == [home]
    assert current_survey_answers(store=store, form_id=FORM, compound=Y) == []
    assert coverage(store=store, form_id=FORM, compound=X).surveyed == 1
    assert coverage(store=store, form_id=FORM, compound=Y).surveyed == 0
    assert coverage(store=store, form_id=FORM, compound=None).surveyed == 1
    assert surveyed_households(store=store, compound=X) == {home}
    assert surveyed_households(store=store, compound=Y) == set()
    exported = survey_answers(store)
    assert list(zip(exported["住户编号"], exported["小区编码"], strict=True)) == [(home, X)]
    assert [v.id for v in household_visits(store=store, household=home)] == [visited]
    assert [v.id for v in compound_visits(store=store, compound=X)] == [visited]
    assert compound_visits(store=store, compound=Y) == []
    assert home not in compound_statuses(store=store, compound=Y)
    status = compound_statuses(store=store, compound=X)[home]
    assert status.surveyed and [v.id for v in status.visits] == [visited]


def test_a_laptop_given_one_compound_cannot_answer_or_visit_for_another_by_naming_its_own(
    field_batch: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    office, central = field_batch.office, field_batch.central
    theirs = field_batch.laptop("A")
    given_y = laptop_given_y(field_batch)
    sync_with_central(store=theirs, central=central)
    home = household(office, X, 0)
    answered = answer(theirs, home, "roof")
    visited = record_visit(store=theirs, household=home, outcome=VisitOutcome.NOT_HOME).id
    sync_with_central(store=theirs, central=central)
    moved = replace(home, compound=Y)  # the household as a laptop given Y would name it
    with pytest.raises(RefusedAction) as refused:
        answer(given_y, moved, "gas")
    assert refused.value.code == "compound_not_assigned" and X in refused.value.message
    with pytest.raises(RefusedAction) as refused:
        record_visit(store=given_y, household=moved, outcome=VisitOutcome.REFUSED)
    assert refused.value.code == "compound_not_assigned" and X in refused.value.message
    assert given_y.db.execute(
        "SELECT count(*) FROM records WHERE kind IN ('survey_answer', 'visit')"
    ).fetchone() == (0,)
    monkeypatch.setattr(database, "check_household_compound", lambda *args: None, raising=False)
    forged_answer = answer(given_y, moved, "gas")  # written past the check, as a tampered app
    with given_y.transaction():
        forged = given_y.append(forged_visit(home.id)).id
    for store in (given_y, office, theirs):
        sync_with_central(store=store, central=central)
    for store in (office, theirs):
        assert_counted_for_home_only(store, home.id, answered, visited)
        assert_kept_tables_equal_rebuilt(store)
        assert_counted_for_home_only(store, home.id, answered, visited)
    assert current_survey_answers(store=given_y, form_id=FORM) == []  # it holds no NH-001
    assert compound_visits(store=given_y, compound=Y) == []
    assert_kept_tables_equal_rebuilt(given_y)
    copy = field_batch.root / "中心副本.db"
    shutil.copyfile(central, copy)
    rebuilt = Store(open_database(copy, journal_mode="DELETE"), copy)
    try:
        assert_counted_for_home_only(rebuilt, home.id, answered, visited)
        assert_kept_tables_equal_rebuilt(rebuilt)
        assert_counted_for_home_only(rebuilt, home.id, answered, visited)
    finally:
        rebuilt.close()
    for path in (central, given_y.path):
        report = check_file(path)
        assert report.ok, report.problems
        listed = {n.code: n.message for n in report.notes}
        assert forged_answer in listed["survey_answer_wrong_compound"], report.notes
        assert forged in listed["visit_wrong_compound"], report.notes
        assert "vote_wrong_compound" not in listed


def test_the_office_cannot_answer_or_visit_for_a_household_naming_another_compound(
    field_batch: Field,
) -> None:
    office = field_batch.office
    home = household(office, X, 1)
    moved = replace(home, compound=Y)
    with pytest.raises(RefusedAction) as refused:
        answer(office, moved, "gas")
    assert refused.value.code == "survey_answer_wrong_compound"
    assert home.id in refused.value.message and Y in refused.value.message
    with pytest.raises(RefusedAction) as refused:
        record_visit(store=office, household=moved, outcome=VisitOutcome.VACANT)
    assert refused.value.code == "visit_wrong_compound"
    assert office.db.execute(
        "SELECT count(*) FROM records WHERE kind IN ('survey_answer', 'visit')"
    ).fetchone() == (0,)
    sync_with_central(store=office, central=field_batch.central)
    assert check_file(field_batch.central).notes == []
