"""Typed identifiers. A household id is derived from the compound code and its normalised
address, so two laptops importing the same roster agree on every id."""

from __future__ import annotations

import re
import secrets
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


RECORD_SEQ_DIGITS = 10
"""Hex digits of the sequence number in a record id: 2**40 records per device sort in order;
beyond that (a trillion records on one device) ids grow longer and no longer sort in write
order, still unique: only the id index's locality is lost."""
RECORD_RANDOM_BYTES = 6


def new_record_id(device: DeviceId | str, seq: int) -> RecordId:
    """A new record's id: its device, its sequence number (fixed width, so ids sort in the
    order the device wrote them) and 48 random bits. A device's records then lie together at
    the end of its run in every file's id index, and a sync adds each laptop's records to a
    few pages there; random ids (uuid4, before) put each on a random page of the whole index,
    and a sync into a large central wrote most of the index again. The random part keeps apart
    the ids of two copies of one laptop (a restored disk image writing the same sequence
    numbers), whose records sync names as a sequence collision. An id is never read for its
    parts: it is a unique key, and older records keep their uuid4 ids."""
    return RecordId(f"{device}{seq:0{RECORD_SEQ_DIGITS}x}{secrets.token_hex(RECORD_RANDOM_BYTES)}")


def new_device_id() -> DeviceId:
    return DeviceId(uuid.uuid4().hex[:16])
