"""Submitting a needs survey: the answers and the end of the household's draft, together."""

from __future__ import annotations

import pytest

from survey_app.actions.compounds import household_at
from survey_app.actions.surveys import needs_list, submit_survey, survey_answers
from survey_app.needs.library import open_form
from survey_app.needs.submit import AnswersRefused
from survey_app.store.drafts import load_draft, save_draft
from tests.needs.test_survey_answers import ANSWERS


@pytest.fixture(scope="module")
def form():
    return open_form()


def test_a_submitted_survey_ends_the_draft(surveyed, form):
    household = household_at(store=surveyed, compound="NH-001", address="1-1-101")
    save_draft(store=surveyed, household=household.id, form=form.form_id, answers={}, position=None)
    saved = submit_survey(store=surveyed, form=form, household=household, answers=ANSWERS)
    assert saved.household == household.id and saved.replaces == ()
    assert load_draft(store=surveyed, household=household.id, form=form.form_id) is None
    again = submit_survey(store=surveyed, form=form, household=household, answers=ANSWERS)
    assert again.replaces == (saved.id,)
    found = survey_answers(store=surveyed, form=form, household=household)
    assert found.current.id == again.id and found.submissions == 2


def test_refused_answers_keep_the_draft(surveyed, form):
    household = household_at(store=surveyed, compound="NH-001", address="1-1-102")
    save_draft(store=surveyed, household=household.id, form=form.form_id, answers={}, position=None)
    with pytest.raises(AnswersRefused):
        submit_survey(store=surveyed, form=form, household=household, answers={"residents": -1})
    assert load_draft(store=surveyed, household=household.id, form=form.form_id) is not None
    assert survey_answers(store=surveyed, form=form, household=household).current is None


def test_the_needs_list_of_a_compound_and_of_all(surveyed, form):
    household = household_at(store=surveyed, compound="NH-001", address="1-1-101")
    submit_survey(store=surveyed, form=form, household=household, answers=ANSWERS)
    one = needs_list(store=surveyed, form=form, compound="NH-001")
    every = needs_list(store=surveyed, form=form, compound=None)
    assert one["surveyed"] == every["surveyed"] == 1
    assert one["compound"] == "NH-001"
