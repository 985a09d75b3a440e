"""A survey answer or a visit counts only for its household's compound, which is its roster
row's, else its id's: the kept tables follow the household's row when it arrives after them
(a file receiving a laptop's answers before the office's roster record), as a rebuild does."""

from __future__ import annotations

import pytest

from survey_app.core.payloads import HouseholdPayload, SurveyAnswerPayload, VisitPayload
from survey_app.store import database
from survey_app.store.compounds import save_compound
from survey_app.store.database import Store
from survey_app.store.projection import forget_projections, project_pending
from survey_app.store.survey_answers import current_survey_answer, current_survey_answers
from survey_app.store.visits import compound_visits, household_visits

HOME = "H-7"
"""A household whose id names no compound: its roster row alone says which one it is in."""


def kept(store: Store) -> dict[str, list[tuple[object, ...]]]:
    tables = ("survey_answers", "survey_current", "visits")
    return {t: sorted(store.db.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}


def test_answers_and_visits_follow_the_household_s_row_arriving_after_them(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_compound(store=store, code="NH-002", name="解放小区")
    monkeypatch.setattr(database, "check_household_compound", lambda *args: None, raising=False)
    with store.transaction():  # written before the row, as a file may receive them
        answer = store.append(SurveyAnswerPayload(
            household=HOME, compound="NH-002", form_id="needs_survey", form_version="1",
            answers={"items": ["roof"]}, calculated={}, metadata={}, audit=None,
            surveyor=None, replaces=(),
        ))  # fmt: skip
        visit = store.append(VisitPayload(
            household=HOME, compound="NH-002", round=None, outcome="not_home",
            come_back_on=None, note=None, surveyor=None, replaces=(),
        ))  # fmt: skip
    assert current_survey_answers(store=store, form_id="needs_survey") == []  # not NH-002's yet
    assert household_visits(store=store, household=HOME) == []
    with store.transaction():
        store.append(HouseholdPayload(
            id=HOME, compound="NH-002", address="1-101", building="1", unit=None, room="101",
            head=None, phone=None, area=None, tenure=None, eligible=True, note=None,
        ))  # fmt: skip
    current = current_survey_answer(store=store, household=HOME, form_id="needs_survey")
    assert current is not None and current.id == answer.id
    assert [v.id for v in compound_visits(store=store, compound="NH-002")] == [visit.id]
    before = kept(store)
    with store.transaction():
        forget_projections(store.db)
        project_pending(store.db)
    assert kept(store) == before
