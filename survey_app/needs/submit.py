"""Submitting a household's answers: checked against the form, then kept as a record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from survey_app.core.errors import InvalidInput
from survey_app.store.database import Store
from survey_app.store.households import Household
from survey_app.store.survey_answers import (
    SurveyAnswer,
    current_survey_answer,
    last_saved_answers,
    record_survey_answer,
)
from survey_app.xlsform.model import Form
from survey_app.xlsform.problems import Problem, load_answers, validate
from survey_app.xlsform.session import DeviceProfile, FormSession, local_now


class AnswersRefused(InvalidInput):
    """The answers do not fit the form; `problems` lists each one."""

    code = "answers_refused"

    def __init__(self, problems: list[Problem], language: str) -> None:
        listed = "; ".join(f"{p.where}: {p.message}" for p in problems)  # in the form's language
        super().__init__(count=len(problems), problems=listed)
        self.problems = problems


def submit_survey(
    *,
    store: Store,
    form: Form,
    household: Household,
    answers: Mapping[str, Any],
    language: str = "zh",
    clock: Callable[[], dt.datetime] = local_now,
    started: dt.datetime | None = None,
) -> SurveyAnswer:
    """Check `answers` (required, constraints, types, choices, relevance) and store them,
    replacing the household's previous answers to the same form. `started`: when the form
    began (its draft's start), the `start` metadata; else now."""
    session = survey_session(
        store=store, form=form, household=household, language=language, clock=clock
    )
    if started is not None:
        session.begin_at(started)
    problems = load_answers(session, answers)
    problems += [p for p in validate(session, strict=True) if p not in problems]
    if problems:
        raise AnswersRefused(problems, language)
    submission = session.finish()
    return record_survey_answer(
        store=store,
        household=household,
        form_id=form.form_id,
        form_version=form.version,
        answers=submission.answers,
        calculated=submission.calculated,
        metadata=submission.metadata,
        audit=submission.audit,
        free_answers=free_text_questions(form),
    )


def free_text_questions(form: Form) -> frozenset[str]:
    """The form's free-text questions: their answers are personal data (erasable)."""
    texts = [q for q in form.questions() if q.type == "text"]
    return frozenset(q.name for q in texts) | frozenset(q.key for q in texts if q.key)


def survey_session(
    *,
    store: Store,
    form: Form,
    household: Household,
    language: str = "zh",
    clock: Callable[[], dt.datetime] = local_now,
) -> FormSession:
    """A session for this household on this laptop: the device and surveyor for metadata,
    the previous submission's kept values for once(), the last saved form for last-saved."""
    previous = current_survey_answer(store=store, household=household.id, form_id=form.form_id)
    return FormSession(
        form,
        device=DeviceProfile(device_id=store.device_id, username=store.surveyor),
        language=language,
        last_saved=last_saved_answers(store=store, form_id=form.form_id),
        kept=previous.calculated if previous else None,
        clock=clock,
    )
