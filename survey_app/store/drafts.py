"""Drafts: a half-filled needs survey, or a vote in progress, kept on this laptop until it is
submitted or recorded.

Drafts live in a local table, not in the record log: they are never synced and may be
overwritten. Each save is its own committed transaction, so a dead battery loses nothing.
A vote in progress shares the survey drafts' table under the key `vote:round<N>` (a name no
XLSForm form id takes), so keeping it changes no schema and no central file's version.
The place the surveyor left off (household, round, page) is kept the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from survey_app.core.votes import Channel, Choice, Relation
from survey_app.store.database import Store, now_utc

PLACE_KEY = "ui_place"
VOTE_DRAFT_PREFIX = "vote:"

Stroke = list[tuple[float, float]]


@dataclass(frozen=True)
class Draft:
    household: str
    form: str
    answers: dict[str, Any]
    position: str | None
    updated_at: str
    started_at: str | None = None
    """When the draft began (its first save, or the start it was given); None for a draft
    from before this was kept."""
    form_version: str | None = None
    """The version of the form it was last saved with; None for a draft from before this
    was kept."""


@dataclass(frozen=True)
class VoteDraft:
    """The vote form of one round as the surveyor left it: nothing is recorded yet."""

    household: str
    round_no: int
    choice: Choice | None = None
    signer: str = ""
    relation: Relation = Relation.SELF
    channel: Channel = Channel.DOOR
    note: str = ""
    strokes: tuple[Stroke, ...] = ()
    """The signature as drawn: each stroke's points in the pad's coordinates."""
    updated_at: str = ""


@dataclass(frozen=True)
class Place:
    """Where the surveyor left off: reopened on the next start."""

    compound: str
    household: str | None = None
    round_no: int = 1
    page: str | None = None


def save_draft(
    *,
    store: Store,
    household: str,
    form: str,
    answers: dict[str, Any],
    position: str | None,
    started: str | None = None,
    form_version: str | None = None,
) -> Draft:
    """Keep the answers; the draft's start is set by its first save (`started`, else now)
    and never moved by a later one."""
    updated = now_utc()
    with store.transaction():
        store.db.execute(
            "INSERT INTO drafts (household, form, answers, position, updated_at, started_at, "
            "form_version) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (household, form) DO UPDATE "
            "SET answers = excluded.answers, position = excluded.position, "
            "updated_at = excluded.updated_at, form_version = excluded.form_version, "
            "started_at = coalesce(drafts.started_at, excluded.started_at)",
            [household, form, json.dumps(answers, ensure_ascii=False), position, updated,
             started or updated, form_version],
        )  # fmt: skip
    found = load_draft(store=store, household=household, form=form)
    assert found is not None
    return found


def load_draft(*, store: Store, household: str, form: str) -> Draft | None:
    row = store.db.execute(
        "SELECT answers, position, updated_at, started_at, form_version FROM drafts "
        "WHERE household = ? AND form = ?",
        [household, form],
    ).fetchone()
    if row is None:
        return None
    answers, position, updated_at, started_at, version = row
    started = None if started_at is None else str(started_at)
    return Draft(
        household, form, json.loads(answers), position, str(updated_at), started,
        None if version is None else str(version),
    )  # fmt: skip


def discard_draft(*, store: Store, household: str, form: str) -> None:
    with store.transaction():
        store.db.execute("DELETE FROM drafts WHERE household = ? AND form = ?", [household, form])


def drafted_households(*, store: Store, compound: str, form: str | None = None) -> set[str]:
    """Households with a survey draft (of `form`, else of any form; a vote in progress is not
    a survey draft)."""
    rows = store.db.execute(
        "SELECT DISTINCT household FROM drafts WHERE household LIKE ? ESCAPE '\\' "
        "AND form NOT LIKE ? AND (? IS NULL OR form = ?)",
        [_like_prefix(compound), f"{VOTE_DRAFT_PREFIX}%", form, form],
    ).fetchall()
    return {str(r[0]) for r in rows}


def _like_prefix(compound: str) -> str:
    escaped = compound.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}/%"


def save_vote_draft(*, store: Store, draft: VoteDraft) -> VoteDraft:
    answers = {
        "choice": draft.choice.value if draft.choice else None,
        "signer": draft.signer,
        "relation": draft.relation.value,
        "channel": draft.channel.value,
        "note": draft.note,
        "strokes": [[[round(x, 1), round(y, 1)] for x, y in s] for s in draft.strokes],
    }
    saved = save_draft(store=store, household=draft.household,
                       form=_vote_form(draft.round_no), answers=answers, position=None)  # fmt: skip
    return replace(draft, updated_at=saved.updated_at)


def load_vote_draft(*, store: Store, household: str, round_no: int) -> VoteDraft | None:
    draft = load_draft(store=store, household=household, form=_vote_form(round_no))
    if draft is None:
        return None
    answers = draft.answers
    return VoteDraft(
        household=household,
        round_no=round_no,
        choice=Choice(answers["choice"]) if answers.get("choice") else None,
        signer=str(answers.get("signer") or ""),
        relation=Relation(answers.get("relation") or Relation.SELF),
        channel=Channel(answers.get("channel") or Channel.DOOR),
        note=str(answers.get("note") or ""),
        strokes=tuple([(float(x), float(y)) for x, y in s] for s in answers.get("strokes", [])),
        updated_at=draft.updated_at,
    )


def discard_vote_draft(*, store: Store, household: str, round_no: int) -> None:
    discard_draft(store=store, household=household, form=_vote_form(round_no))


def _vote_form(round_no: int) -> str:
    return f"{VOTE_DRAFT_PREFIX}round{round_no}"


def remember_place(*, store: Store, place: Place) -> None:
    value = {
        "compound": place.compound,
        "household": place.household,
        "round": place.round_no,
        "page": place.page,
    }
    text = json.dumps(value, ensure_ascii=False)
    if store.meta(PLACE_KEY) == text:
        return  # the same place again (each start, each return to the progress): no write
    with store.transaction():
        store.set_meta(PLACE_KEY, text)


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
