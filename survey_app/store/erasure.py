"""Erasing one household's personal data: the office's erasure record (see store/personal.py
for what applying it does, here and in every copy that syncs it)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from survey_app.core.errors import RefusedAction
from survey_app.core.payloads import ErasurePayload, has_personal_inside
from survey_app.store.database import Store
from survey_app.store.households import Household
from survey_app.store.personal import household_of

_OF_HOUSEHOLD = (
    f"SELECT id, kind, payload FROM records r WHERE kind IN ('household', 'vote', "
    f"'survey_answer') AND {household_of('r')} = ? ORDER BY created_at, id"
)


@dataclass(frozen=True)
class ErasureReport:
    household: str
    address: str
    record: str
    records: int
    """The records whose personal part the erasure covers, of those this file holds."""

    def as_json(self) -> dict[str, object]:
        return {"household": self.household, "address": self.address, "record": self.record,
                "records": self.records}  # fmt: skip


def erase_household(*, store: Store, household: Household) -> ErasureReport:
    """Write the erasure of a household's personal data (office only, inside or as one
    transaction); the projections apply it at once. A record written before personal data was
    kept apart holds it inside its signature: such a household is refused, nothing written."""
    with store.transaction():
        rows = store.db.execute(_OF_HOUSEHOLD, [household.id]).fetchall()
        legacy = [
            rid for rid, kind, payload in rows if has_personal_inside(kind, json.loads(payload))
        ]
        if legacy:
            raise RefusedAction(
                code="erasure_of_signed_data", address=household.address, count=len(legacy)
            )
        record = store.append(
            ErasurePayload(
                household=household.id,
                compound=household.compound,
                records=tuple(str(rid) for rid, _, _ in rows),
            )
        )
    return ErasureReport(household.id, household.address, record.id, len(rows))
