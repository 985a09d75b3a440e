"""Households (户) of a compound, as the roster records made them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from survey_app.core.addresses import parse_address
from survey_app.core.errors import NotFound
from survey_app.core.ids import HouseholdId, compound_code, household_id
from survey_app.core.tally import HouseholdFact
from survey_app.store.assignments import check_assigned
from survey_app.store.database import Store

if TYPE_CHECKING:
    from survey_app.core.payloads import HouseholdPayload


@dataclass(frozen=True)
class Household:
    id: HouseholdId
    compound: str
    address: str
    building: str
    unit: str | None
    room: str
    head: str | None = None
    phone: str | None = None
    area: str | None = None
    tenure: str | None = None
    eligible: bool = True
    note: str | None = None

    def fact(self) -> HouseholdFact:
        return HouseholdFact(self.id, self.building, self.eligible, self.area)

    def payload(self, supersedes: tuple[str, ...] = ()) -> HouseholdPayload:
        """The roster record of this row, superseding the versions in force where written."""
        from survey_app.core.payloads import HouseholdPayload

        return HouseholdPayload(
            supersedes=supersedes,
            id=self.id,
            compound=self.compound,
            address=self.address,
            building=self.building,
            unit=self.unit,
            room=self.room,
            head=self.head,
            phone=self.phone,
            area=self.area,
            tenure=self.tenure,
            eligible=self.eligible,
            note=self.note,
        )


_COLUMNS = "id, compound, address, building, unit, room, head, phone, area, tenure, eligible, note"


def _from_row(row: tuple[object, ...]) -> Household:
    (hid, compound, address, building, unit, room, head, phone, area, tenure, eligible, note) = row
    return Household(
        id=HouseholdId(str(hid)),
        compound=str(compound),
        address=str(address),
        building=str(building),
        unit=None if unit is None else str(unit),
        room=str(room),
        head=None if head is None else str(head),
        phone=None if phone is None else str(phone),
        area=None if area is None else str(area),
        tenure=None if tenure is None else str(tenure),
        eligible=bool(eligible),
        note=None if note is None else str(note),
    )


def households_of(*, store: Store, compound: str) -> list[Household]:
    """Every household of the compound, in address order (building, unit, room)."""
    rows = store.db.execute(
        f"SELECT {_COLUMNS} FROM households WHERE compound = ?", [compound]
    ).fetchall()
    return sorted((_from_row(r) for r in rows), key=address_order)


def household_counts(*, store: Store) -> dict[str, int]:
    """The number of households of each compound that has any."""
    rows = store.db.execute("SELECT compound, count(*) FROM households GROUP BY compound")
    return {str(code): int(count) for code, count in rows.fetchall()}


def address_order(household: Household) -> tuple[tuple[int, str], ...]:
    def part(value: str | None) -> tuple[int, str]:
        if value is None:
            return (0, "")
        return (int(value), "") if value.isdigit() else (10**9, value)

    return (part(household.building), part(household.unit), part(household.room))


def find_household(*, store: Store, compound: str, address: str) -> Household:
    """The household at this address, in any spelling; or a NotFound that says so."""
    hid = household_id(compound_code(compound), address)
    row = store.db.execute(f"SELECT {_COLUMNS} FROM households WHERE id = ?", [hid]).fetchone()
    if row is None:
        check_assigned(store.db, compound_code(compound), store.device_name)  # why it is absent
        raise NotFound(
            code="unknown_household", compound=compound, address=str(parse_address(address))
        )
    return _from_row(row)


def get_household(*, store: Store, id: str) -> Household | None:
    row = store.db.execute(f"SELECT {_COLUMNS} FROM households WHERE id = ?", [id]).fetchone()
    return None if row is None else _from_row(row)
