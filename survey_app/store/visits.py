"""Recording visits that gave no opinion (core.visits), and reading them back.

Nothing here touches votes or outcomes: a visit is never counted as an opinion. A visit counts
only for its household's compound (SPEC §6a; the store refuses to write another,
store/assignments.py `check_household_compound`): one naming another compound (written by a
tampered copy of the app) is kept in `visits` and read nowhere, not on the household's page,
in the household list or in any compound's visits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from survey_app.core.errors import RefusedAction
from survey_app.core.tally import RoundStatus
from survey_app.core.visits import VisitFact, VisitOutcome, check_visit, last_visits, visit_heads
from survey_app.store.assignments import home_compound_sql
from survey_app.store.database import Store
from survey_app.store.households import Household
from survey_app.store.rounds import ROUNDS, check_round_no, round_state


@dataclass(frozen=True)
class VisitRow:
    """A recorded visit as the household page, the list and the 走访清单 show it."""

    id: str
    household: str
    compound: str
    round_no: int | None
    outcome: VisitOutcome
    come_back_on: str | None
    note: str | None
    surveyor: str | None
    device: str
    created_at: str
    replaces: tuple[str, ...]

    def fact(self) -> VisitFact:
        return VisitFact(
            self.id,
            self.household,
            self.round_no,
            self.outcome,
            self.come_back_on,
            self.created_at,
            self.replaces,
        )

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "household": self.household,
            "compound": self.compound,
            "round": self.round_no,
            "outcome": self.outcome.value,
            "come_back_on": self.come_back_on,
            "note": self.note,
            "surveyor": self.surveyor,
            "created_at": self.created_at,
            "replaces": list(self.replaces),
        }


_COLUMNS = (
    "id, household, compound, round, outcome, come_back_on, note, surveyor, device, "
    "created_at, replaces"
)


_AT_HOME = f"compound = {home_compound_sql('visits.household')}"


def _row(row: tuple[object, ...]) -> VisitRow:
    vid, household, compound, round_no, outcome, back, note, surveyor, device, at, rep = row
    return VisitRow(
        id=str(vid),
        household=str(household),
        compound=str(compound),
        round_no=None if round_no is None else int(str(round_no)),
        outcome=VisitOutcome(str(outcome)),
        come_back_on=None if back is None else str(back),
        note=None if note is None else str(note),
        surveyor=None if surveyor is None else str(surveyor),
        device=str(device),
        created_at=str(at),
        replaces=tuple(json.loads(str(rep or "[]"))),
    )


def _known(row: tuple[object, ...]) -> bool:
    """A visit whose outcome this version knows (a newer version may add outcomes)."""
    return str(row[4]) in set(VisitOutcome)


def household_visits(*, store: Store, household: str) -> list[VisitRow]:
    """A household's visits, oldest first."""
    rows = store.db.execute(
        f"SELECT {_COLUMNS} FROM visits WHERE household = ? AND {_AT_HOME} ORDER BY created_at, id",
        [household],
    ).fetchall()
    return [_row(r) for r in rows if _known(r)]


def compound_visits(*, store: Store, compound: str) -> list[VisitRow]:
    rows = store.db.execute(
        f"SELECT {_COLUMNS} FROM visits WHERE compound = ? AND {_AT_HOME} ORDER BY created_at, id",
        [compound],
    ).fetchall()
    return [_row(r) for r in rows if _known(r)]


def last_visit_rows(
    *, store: Store, compound: str, round_no: int | None = None
) -> dict[str, VisitRow]:
    """Each household's last visit (of `round_no` or outside any round, when given)."""
    rows = {v.id: v for v in compound_visits(store=store, compound=compound)}
    last = last_visits((v.fact() for v in rows.values()), round_no)
    return {household: rows[fact.id] for household, fact in last.items()}


def open_round_of(*, store: Store, compound: str) -> int | None:
    """The round a visit made now belongs to: the latest open one, None when none is open."""
    open_rounds = [
        n
        for n in ROUNDS
        if round_state(store=store, compound=compound, round_no=n).status is RoundStatus.OPEN
    ]
    return max(open_rounds) if open_rounds else None


def record_visit(
    *,
    store: Store,
    household: Household,
    outcome: VisitOutcome,
    come_back_on: date | None = None,
    note: str | None = None,
    round_no: int | None = None,
    surveyor: str | None = None,
) -> VisitRow:
    """Record a visit that gave no opinion, in the round open now (or `round_no`, which must
    be open), following the household's last visits."""
    check_visit(outcome, come_back_on)
    with store.transaction():
        if round_no is None:
            round_no = open_round_of(store=store, compound=household.compound)
        else:
            state = round_state(
                store=store, compound=household.compound, round_no=check_round_no(round_no)
            )
            if state.status is not RoundStatus.OPEN:
                raise RefusedAction(
                    code="visit_round_not_open",
                    compound=household.compound,
                    round_no=round_no,
                    status=state.status,
                )
        earlier = household_visits(store=store, household=household.id)
        from survey_app.core.payloads import VisitPayload

        record = store.append(
            VisitPayload(
                household=household.id,
                compound=household.compound,
                round=round_no,
                outcome=outcome.value,
                come_back_on=come_back_on.isoformat() if come_back_on else None,
                note=(note or "").strip() or None,
                surveyor=surveyor if surveyor is not None else store.surveyor or None,
                replaces=tuple(v.id for v in visit_heads(e.fact() for e in earlier)),
            )
        )
    return next(
        v for v in household_visits(store=store, household=household.id) if v.id == record.id
    )
