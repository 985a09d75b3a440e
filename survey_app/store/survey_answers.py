"""Survey answers (入户需求调查) as records: a new submission replaces the household's current
ones, nothing is edited or deleted, and they sync like votes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from survey_app.core.payloads import SurveyAnswerPayload, merge_payload
from survey_app.store.assignments import home_compound_sql
from survey_app.store.database import Store
from survey_app.store.households import Household


@dataclass(frozen=True)
class SurveyAnswer:
    """One submission of a form for a household."""

    id: str
    household: str
    compound: str
    form_id: str
    form_version: str
    answers: dict[str, Any]
    calculated: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    audit: list[dict[str, str]] | None = None
    replaces: tuple[str, ...] = ()
    surveyor: str | None = None
    device: str = ""
    seq: int = 0
    created_at: str = ""


_COLUMNS = (
    "r.id, r.payload, r.device, r.seq, r.created_at, "
    "(SELECT p.fields FROM personal p WHERE p.record_id = r.id)"
)


def _from_row(row: tuple[Any, ...]) -> SurveyAnswer:
    record_id, payload, device, seq, created_at, personal = row
    fields = None if personal is None else json.loads(personal)
    data = SurveyAnswerPayload.from_json(
        merge_payload("survey_answer", json.loads(payload), fields)
    )
    return SurveyAnswer(
        id=str(record_id),
        household=data.household,
        compound=data.compound,
        form_id=data.form_id,
        form_version=data.form_version,
        answers=dict(data.answers),
        calculated=dict(data.calculated),
        metadata=dict(data.metadata),
        audit=data.audit,
        replaces=data.replaces,
        surveyor=data.surveyor,
        device=str(device),
        seq=int(seq),
        created_at=str(created_at),
    )


def record_survey_answer(
    *,
    store: Store,
    household: Household,
    form_id: str,
    form_version: str,
    answers: dict[str, Any],
    calculated: dict[str, Any] | None = None,
    metadata: dict[str, Any] | None = None,
    audit: list[dict[str, str]] | None = None,
    surveyor: str | None = None,
    free_answers: frozenset[str] = frozenset(),
) -> SurveyAnswer:
    """Store a household's answers, replacing every submission it currently has for the form
    (so answers from two laptops that never saw each other are settled by the next one).
    The answers to `free_answers` (the form's free-text questions) are personal data."""
    with store.transaction():
        replaces = _heads(store, household.id, form_id)
        payload = SurveyAnswerPayload(
            household=household.id,
            compound=household.compound,
            form_id=form_id,
            form_version=form_version,
            answers=answers,
            calculated=calculated or {},
            metadata=metadata or {},
            audit=audit,
            surveyor=surveyor if surveyor is not None else store.surveyor or None,
            replaces=tuple(replaces),
        )
        record = store.append(payload, free_answers=free_answers)
    found = _by_id(store, record.id)
    assert found is not None
    return found


_AT_HOME = f"s.compound = {home_compound_sql('s.household')}"
"""A submission naming its household's compound: the others count nowhere, not even in the
household's history (store/survey_projection.py)."""


def _heads(store: Store, household: str, form_id: str) -> list[str]:
    rows = store.db.execute(
        "SELECT id, replaces FROM survey_answers s WHERE household = ? AND form_id = ? "
        f"AND {_AT_HOME}",
        [household, form_id],
    ).fetchall()
    replaced = {rid for _, replaces in rows for rid in json.loads(replaces)}
    return sorted(str(rid) for rid, _ in rows if rid not in replaced)


def _by_id(store: Store, record_id: str) -> SurveyAnswer | None:
    row = store.db.execute(
        f"SELECT {_COLUMNS} FROM records r WHERE r.id = ?", [record_id]
    ).fetchone()
    return None if row is None else _from_row(row)


def current_survey_answer(*, store: Store, household: str, form_id: str) -> SurveyAnswer | None:
    """The household's current answers to the form, or None when it was never surveyed."""
    row = store.db.execute(
        f"SELECT {_COLUMNS} FROM survey_current c JOIN records r ON r.id = c.answer_id "
        "WHERE c.household = ? AND c.form_id = ?",
        [household, form_id],
    ).fetchone()
    return None if row is None else _from_row(row)


def current_survey_answers(
    *, store: Store, form_id: str, compound: str | None = None
) -> list[SurveyAnswer]:
    """The current answers of every surveyed household (of one compound, or of all)."""
    sql = (
        f"SELECT {_COLUMNS} FROM survey_current c JOIN records r ON r.id = c.answer_id "
        "WHERE c.form_id = ?"
    )
    params = [form_id]
    if compound is not None:
        sql += " AND c.compound = ?"
        params.append(compound)
    return [_from_row(row) for row in store.db.execute(sql + " ORDER BY c.household", params)]


def survey_history(*, store: Store, household: str, form_id: str) -> list[SurveyAnswer]:
    """Every submission for the household, oldest first."""
    rows = store.db.execute(
        f"SELECT {_COLUMNS} FROM survey_answers s JOIN records r ON r.id = s.id "
        f"WHERE s.household = ? AND s.form_id = ? AND {_AT_HOME} ORDER BY s.created_at, s.id",
        [household, form_id],
    ).fetchall()
    return [_from_row(row) for row in rows]


def last_saved_answers(*, store: Store, form_id: str) -> dict[str, Any] | None:
    """The answers of the last form of this kind saved on this laptop (for last-saved)."""
    row = store.db.execute(
        f"SELECT {_COLUMNS} FROM survey_answers s JOIN records r ON r.id = s.id "
        "WHERE s.form_id = ? AND s.device = ? ORDER BY s.seq DESC LIMIT 1",
        [form_id, store.device_id],
    ).fetchone()
    return None if row is None else _from_row(row).answers
