"""Submitting a household's needs survey, and reading its answers back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from survey_app.needs import report as needs_report
from survey_app.needs import submit
from survey_app.store.database import Store
from survey_app.store.drafts import discard_draft, load_draft
from survey_app.store.households import Household
from survey_app.store.survey_answers import SurveyAnswer, current_survey_answer, survey_history
from survey_app.xlsform import Form


@dataclass(frozen=True)
class SurveyAnswers:
    current: SurveyAnswer | None
    submissions: int


def submit_survey(
    *,
    store: Store,
    form: Form,
    household: Household,
    answers: Mapping[str, Any],
    language: str = "zh",
) -> SurveyAnswer:
    """Check the answers against the form and record them, replacing earlier answers; the
    household's draft on this laptop goes in the same transaction, and its start is the
    submission's `start`."""
    with store.transaction():
        draft = load_draft(store=store, household=household.id, form=form.form_id)
        begun = draft.started_at if draft else None
        saved = submit.submit_survey(
            store=store, form=form, household=household, answers=answers, language=language,
            started=dt.datetime.fromisoformat(begun) if begun else None,
        )  # fmt: skip
        discard_draft(store=store, household=household.id, form=form.form_id)
    return saved


def survey_answers(*, store: Store, form: Form, household: Household) -> SurveyAnswers:
    """The household's answers in force and how many submissions led to them."""
    current = current_survey_answer(store=store, household=household.id, form_id=form.form_id)
    history = survey_history(store=store, household=household.id, form_id=form.form_id)
    return SurveyAnswers(current=current, submissions=len(history))


def needs_list(
    *, store: Store, form: Form, compound: str | None, language: str = "zh"
) -> dict[str, Any]:
    """The needs list of one compound, or of every compound together (compound=None)."""
    if compound is None:
        return needs_report.all_needs(store=store, form=form, language=language)
    return needs_report.compound_needs(store=store, form=form, compound=compound, language=language)


def satisfaction_summary(
    *, store: Store, form: Form, needs_form: Form, compound: str, language: str = "zh"
) -> dict[str, Any]:
    """The compound's satisfaction after the works, beside the needs list's demand."""
    return needs_report.compound_satisfaction(
        store=store, form=form, needs_form=needs_form, compound=compound, language=language
    )
