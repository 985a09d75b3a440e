"""Editing one household from the office: a new roster version, with who and when.

The edit is a household record superseding the versions in force (store/versions.py), as a
roster re-import writes one, and names who made it (`edited_by`; the record has its device and
time). A closed round keeps what its close froze (store/frozen_rounds.py), so an edit never
moves its result; a round closed by an older version froze nothing and reads the current
roster, so an edit of eligibility or floor area is refused while the compound has one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from survey_app.core.errors import InvalidInput, NotFound, RefusedAction
from survey_app.core.roster import normalise_phone, parse_area
from survey_app.core.tally import RoundStatus
from survey_app.store.database import Store
from survey_app.store.households import Household, get_household
from survey_app.store.rounds import ROUNDS, round_state
from survey_app.store.versions import HOUSEHOLD, current_versions

KEEP = object()
"""A field the edit leaves as it is."""


@dataclass(frozen=True)
class HouseholdEdit:
    before: Household
    after: Household
    record_id: str
    edited_by: str | None
    created_at: str
    closed_rounds: list[int]
    """Closed rounds of the compound: their frozen tallies keep the household as it was."""

    def changed(self) -> list[str]:
        fields = ("head", "phone", "area", "eligible")
        return [f for f in fields if getattr(self.before, f) != getattr(self.after, f)]


def _text(value: object, current: str | None) -> str | None:
    if value is KEEP:
        return current
    return (str(value).strip() or None) if value is not None else None


def edit_household(
    *,
    store: Store,
    household: str,
    head: object = KEEP,
    phone: object = KEEP,
    area: object = KEEP,
    eligible: object = KEEP,
    edited_by: str | None = None,
) -> HouseholdEdit:
    """Change a household's head, phone (stored digits only), floor area or eligibility; an
    office device only (the store refuses roster records from a field laptop). One transaction."""
    with store.transaction():
        before = get_household(store=store, id=household)
        if before is None:
            raise NotFound(code="no_household_with_id", household=household)
        after = replace(
            before,
            head=_text(head, before.head),
            phone=before.phone if phone is KEEP else normalise_phone(_text(phone, None)),
            area=before.area if area is KEEP else parse_area(_text(area, None)),
            eligible=before.eligible if eligible is KEEP else bool(eligible),
        )
        versions = current_versions(store=store, kind=HOUSEHOLD, key=before.id)
        if after == before and len(versions) <= 1:
            raise InvalidInput(code="nothing_to_change", address=before.address)
        closed = [s for s in (round_state(store=store, compound=before.compound, round_no=n)
                              for n in ROUNDS) if s.status is RoundStatus.CLOSED]  # fmt: skip
        moves = after.eligible != before.eligible or after.area != before.area
        for state in closed:
            if moves and not state.frozen:
                raise RefusedAction(code="eligibility_of_unfrozen_round",
                                    compound=before.compound, round_no=state.round_no)  # fmt: skip
        who = edited_by if edited_by is not None else store.surveyor or None
        payload = replace(after.payload(versions), edited_by=who)
        record = store.append(payload)
    return HouseholdEdit(before, after, record.id, who, record.created_at,
                         [s.round_no for s in closed])  # fmt: skip
