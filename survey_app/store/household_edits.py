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
from survey_app.store.personal import full_payload
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


EDITED_FIELDS = ("head", "phone", "area", "eligible")
"""What the office edits; a roster re-import may change them too."""


@dataclass(frozen=True)
class Change:
    field: str
    before: str | bool | None
    after: str | bool | None


@dataclass(frozen=True)
class PastVersion:
    """One roster record of a household: an office edit (`edited_by` set) or a roster import,
    what it changed from the versions it superseded, who wrote it and when."""

    record_id: str
    created_at: str
    device_name: str | None
    edited_by: str | None
    changes: tuple[Change, ...]
    """Against the first version it supersedes; empty for the household's first record."""
    first: bool
    """It supersedes nothing: the household's first import (or one from before causal order)."""
    superseded: bool
    """A later record of the household names this one (a head is not superseded)."""

    @property
    def is_edit(self) -> bool:
        return self.edited_by is not None


_VERSIONS = """
SELECT v.record_id, r.payload, p.fields, r.created_at, d.name, v.head
FROM versions v JOIN records r ON r.id = v.record_id
LEFT JOIN personal p ON p.record_id = r.id LEFT JOIN devices d ON d.id = r.device
WHERE v.kind = 'household' AND v.key = ?
ORDER BY r.created_at, r.id
"""


def household_history(*, store: Store, household: str) -> list[PastVersion]:
    """Every counted roster record of `household`, oldest first (times are shown, not trusted:
    what each changed is read against the versions it names as superseded). After an erasure
    the resident's head and phone read as None in every version; who edited (office staff, as a
    vote's surveyor) stays."""
    rows = store.db.execute(_VERSIONS, [household]).fetchall()
    payloads = {str(r[0]): full_payload(HOUSEHOLD, r[1], r[2]) for r in rows}
    history = []
    for record_id, _payload, _fields, created_at, device_name, head in rows:
        now = payloads[str(record_id)]
        earlier = [payloads[s] for s in now.get("supersedes") or () if s in payloads]
        history.append(PastVersion(
            record_id=str(record_id), created_at=str(created_at),
            device_name=None if device_name is None else str(device_name),
            edited_by=now.get("edited_by"), changes=_changes(earlier, now), first=not earlier,
            superseded=not head,
        ))  # fmt: skip
    return history


def _changes(earlier: list[dict[str, object]], now: dict[str, object]) -> tuple[Change, ...]:
    if not earlier:
        return ()
    before = earlier[0]
    return tuple(Change(f, before.get(f), now.get(f)) for f in EDITED_FIELDS  # type: ignore[arg-type]
                 if before.get(f) != now.get(f))  # fmt: skip
