"""Household addresses: `楼栋-单元-室`, or `楼栋-室` for compounds without units.

`3幢2单元501室`, `3栋2单元501`, `3号楼2单元501室`, `3-2-501` and ` 3 - 2 - 501 ` are all the
household `3-2-501`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from survey_app.core.errors import InvalidInput

_PART = r"[0-9A-Za-z]+"
_BUILDING_MARK = r"(?:号楼|号栋|号幢|幢|栋|号|座|楼)"
_UNIT_MARK = r"(?:单元|门)"
_ROOM_MARK = r"(?:室|号|户)?"

_SPELLED = re.compile(
    rf"^(?P<building>{_PART}){_BUILDING_MARK}"
    rf"(?:(?P<unit>{_PART}){_UNIT_MARK})?"
    rf"-?(?P<room>{_PART}){_ROOM_MARK}$"
)
_DASHED = re.compile(rf"^(?P<building>{_PART})-(?:(?P<unit>{_PART})-)?(?P<room>{_PART})$")
_SEPARATORS = str.maketrans({"－": "-", "—": "-", "–": "-", "_": "-", "/": "-", "#": "-"})
_SUFFIXES = {
    "building": re.compile(rf"{_BUILDING_MARK}$"),
    "unit": re.compile(rf"{_UNIT_MARK}$"),
    "room": re.compile(r"(?:室|号|户)$"),
}
_PART_RE = re.compile(_PART)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, order=True)
class Address:
    building: str
    unit: str | None
    room: str

    def __str__(self) -> str:
        parts = [self.building, self.unit, self.room] if self.unit else [self.building, self.room]
        return "-".join(p for p in parts if p)

    def floor(self) -> int | None:
        """The floor of a room numbered like 501 or 1203 (floor 5, floor 12)."""
        if self.room.isdigit() and len(self.room) >= 3:
            return int(self.room[:-2])
        return None


def _clean_part(part: str | None) -> str | None:
    if part is None:
        return None
    part = part.strip().upper()
    if part.isdigit():
        part = part.lstrip("0") or "0"
    return part or None


def _fold(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _SPACES.sub("", text.translate(_SEPARATORS))


def parse_address(text: str) -> Address:
    """Normalise an address written in any of the usual spellings."""
    folded = _fold(str(text))
    match = _DASHED.match(folded) or _SPELLED.match(folded)
    if not match:
        raise InvalidInput(code="bad_address", address=text)
    return address_from_parts(match["building"], match["unit"], match["room"])


@lru_cache(maxsize=8192)
def _roster_part(text: str, part: str) -> str | None:
    """A building, unit or room cell normalised: once per spelling, as a roster repeats its
    buildings, units and room numbers on many rows."""
    return _clean_part(_SUFFIXES[part].sub("", _fold(text)))


def address_from_parts(building: object, unit: object, room: object) -> Address:
    """Build an address from separate roster cells such as `3幢`, `2单元`, `501室`."""

    def cell(value: object, part: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return _roster_part(str(value), part)

    b = cell(building, "building")
    u = cell(unit, "unit")
    r = cell(room, "room")
    if not b:
        raise InvalidInput(code="address_without_building")
    if not r:
        raise InvalidInput(code="address_without_room")
    for part in (b, u, r):
        if part is not None and not _PART_RE.fullmatch(part):
            raise InvalidInput(code="bad_address_part", part=part)
    return Address(building=b, unit=u, room=r)


def normalise_address(text: str) -> str:
    return str(parse_address(text))
