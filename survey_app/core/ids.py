"""Typed identifiers. A household id is derived from the compound code and its normalised
address, so two laptops importing the same roster agree on every id."""

from __future__ import annotations

import re
import uuid
from typing import NewType

from survey_app.core.addresses import Address, parse_address
from survey_app.core.errors import InvalidInput

CompoundCode = NewType("CompoundCode", str)
HouseholdId = NewType("HouseholdId", str)
RecordId = NewType("RecordId", str)
DeviceId = NewType("DeviceId", str)

_COMPOUND_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
HOUSEHOLD_SEPARATOR = "/"


def compound_code(text: str) -> CompoundCode:
    code = text.strip().upper()
    if not _COMPOUND_CODE.match(code):
        raise InvalidInput(code="bad_compound_code", compound=text)
    return CompoundCode(code)


def household_id(compound: CompoundCode, address: str | Address) -> HouseholdId:
    """`NH-001/3-2-501`: the compound code and the normalised address."""
    normalised = address if isinstance(address, Address) else parse_address(address)
    return HouseholdId(f"{compound}{HOUSEHOLD_SEPARATOR}{normalised}")


def split_household_id(value: str) -> tuple[CompoundCode, str]:
    compound, sep, address = value.partition(HOUSEHOLD_SEPARATOR)
    if not sep or not address:
        raise InvalidInput(code="bad_household_id", household=value)
    return compound_code(compound), str(parse_address(address))


def new_record_id() -> RecordId:
    return RecordId(uuid.uuid4().hex)


def new_device_id() -> DeviceId:
    return DeviceId(uuid.uuid4().hex[:16])
