"""Drafts: a half-filled needs survey kept on this laptop until it is submitted.

Drafts live in a local table, not in the record log: they are never synced and may be
overwritten. Each save is its own committed transaction, so a dead battery loses nothing.
The place the surveyor left off (household, round, page) is kept the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from survey_app.store.database import Store, now_utc

PLACE_KEY = "ui_place"


@dataclass(frozen=True)
class Draft:
    household: str
    form: str
    answers: dict[str, Any]
    position: str | None
    updated_at: str


@dataclass(frozen=True)
class Place:
    """Where the surveyor left off: reopened on the next start."""

    compound: str
    household: str | None = None
    round_no: int = 1
    page: str | None = None


def save_draft(
    *, store: Store, household: str, form: str, answers: dict[str, Any], position: str | None
) -> Draft:
    draft = Draft(household, form, answers, position, now_utc())
    with store.transaction():
        store.db.execute(
            "INSERT INTO drafts (household, form, answers, position, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (household, form) DO UPDATE SET "
            "answers = excluded.answers, position = excluded.position, "
            "updated_at = excluded.updated_at",
            [household, form, json.dumps(answers, ensure_ascii=False), position, draft.updated_at],
        )
    return draft


def load_draft(*, store: Store, household: str, form: str) -> Draft | None:
    row = store.db.execute(
        "SELECT answers, position, updated_at FROM drafts WHERE household = ? AND form = ?",
        [household, form],
    ).fetchone()
    if row is None:
        return None
    answers, position, updated_at = row
    return Draft(household, form, json.loads(answers), position, str(updated_at))


def discard_draft(*, store: Store, household: str, form: str) -> None:
    with store.transaction():
        store.db.execute("DELETE FROM drafts WHERE household = ? AND form = ?", [household, form])


def drafted_households(*, store: Store, compound: str) -> set[str]:
    rows = store.db.execute(
        "SELECT DISTINCT household FROM drafts WHERE household LIKE ? ESCAPE '\\'",
        [_like_prefix(compound)],
    ).fetchall()
    return {str(r[0]) for r in rows}


def _like_prefix(compound: str) -> str:
    escaped = compound.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}/%"


def remember_place(*, store: Store, place: Place) -> None:
    value = {
        "compound": place.compound,
        "household": place.household,
        "round": place.round_no,
        "page": place.page,
    }
    with store.transaction():
        store.set_meta(PLACE_KEY, json.dumps(value, ensure_ascii=False))


def last_place(*, store: Store) -> Place | None:
    text = store.meta(PLACE_KEY)
    if not text:
        return None
    value = json.loads(text)
    return Place(
        compound=str(value["compound"]),
        household=value.get("household"),
        round_no=int(value.get("round") or 1),
        page=value.get("page"),
    )
