"""Submitting a household's answers: checked against the form, then kept as a record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
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
from survey_app.xlsform.model import Form, Question
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


NO_LONGER_FITS = frozenset({"unknown", "type", "choice"})
"""What a form's new version can make of a draft's answer: no such question, another type,
a choice gone (a missing required answer or a constraint is for the surveyor to fill in)."""


@dataclass(frozen=True)
class CarriedOver:
    """A draft reopened with another version of its form than it was saved with."""

    old_version: str
    """'' when the draft is from before versions were kept."""
    new_version: str
    dropped: tuple[str, ...]
    """The answers the new version has no place for (a question or choice gone, a type
    changed); the rest was carried over."""


def resume_draft(
    session: FormSession, answers: Mapping[str, Any], version: str | None
) -> CarriedOver | None:
    """Load a draft's answers into the session; None when it was saved with this version.
    An older draft is migrated: what fits is kept, what does not is named."""
    problems = load_answers(session, answers)
    problems += [p for p in validate(session) if p.code in NO_LONGER_FITS]
    if version == session.form.version or (version is None and not problems):
        return None
    dropped = tuple(dict.fromkeys(p.key for p in problems))
    for problem in problems:
        if problem.code != "unknown":
            _drop_what_does_not_fit(session, problem.key, problem.path)
    return CarriedOver(version or "", session.form.version, dropped)


def _drop_what_does_not_fit(session: FormSession, key: str, path: Any) -> None:
    """A choice gone from a select_multiple: the other choices stay; otherwise the answer."""
    question = session.item(key, path)
    value = session.answer(key, path)
    if isinstance(question, Question) and question.type == "select_multiple" and value:
        kept = [v for v in value if session.offers(question, str(v), path)]  # type: ignore[union-attr]
        session.set_answer(key, kept or None, path)
    else:
        session.set_answer(key, None, path)


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
