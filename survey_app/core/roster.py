"""Reading roster rows (住户名册): headers in Chinese or English, one household per row.

Pure functions over cell values; reading the .xlsx/.csv file itself is the store's job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from survey_app.core.addresses import Address, address_from_parts, parse_address
from survey_app.core.errors import InvalidInput
from survey_app.core.spellings import by_spelling


class Tenure(StrEnum):
    OWNER = "owner"
    RENTED = "rented"
    VACANT = "vacant"
    PUBLIC = "public"


_TENURE_WORDS = by_spelling(
    {
        Tenure.OWNER: ("自住", "owner", "owner-occupied"),
        Tenure.RENTED: ("出租", "rented", "rent"),
        Tenure.VACANT: ("空置", "vacant"),
        Tenure.PUBLIC: ("公房", "public", "public housing"),
    }
)

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "address": ("地址", "房屋地址", "住址", "门牌", "address"),
    "building": ("楼栋", "楼号", "楼栋号", "幢", "栋", "幢号", "building", "bldg", "block"),
    "unit": ("单元", "单元号", "unit", "entrance"),
    "room": ("室", "房号", "室号", "房间号", "户号", "room", "roomno", "flat", "apartment"),
    "head": ("户主", "产权人", "户主姓名", "姓名", "业主", "head", "owner", "name"),
    "phone": ("电话", "联系电话", "手机", "手机号", "phone", "tel", "mobile"),
    "area": ("建筑面积", "面积", "area", "floorarea"),
    "tenure": ("性质", "房屋性质", "居住性质", "居住情况", "tenure"),
    "note": ("备注", "note", "notes", "remark", "remarks"),
    "eligible": ("应征询", "是否征询", "是否应征询", "eligible"),
}
_FIELD_BY_HEADER = {alias: field for field, aliases in FIELD_ALIASES.items() for alias in aliases}
_YES = {"是", "y", "yes", "true", "1", "√", "应征询"}
_NO = {"否", "n", "no", "false", "0", "×", "不征询"}


def header_key(cell: object) -> str:
    text = re.sub(r"[\s_\-]+", "", str(cell or "")).lower()
    return re.sub(r"[((].*?[))]|[((]?(m²|㎡|m2|平方米|平米)[))]?$", "", text)


def map_headers(cells: Sequence[object]) -> dict[str, int]:
    """Which column holds which field; unknown columns are ignored."""
    mapping: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field = _FIELD_BY_HEADER.get(header_key(cell))
        if field and field not in mapping:
            mapping[field] = index
    return mapping


def is_roster_header(mapping: dict[str, int]) -> bool:
    return "address" in mapping or {"building", "room"} <= mapping.keys()


@dataclass(frozen=True)
class RosterRow:
    row: int
    address: Address
    head: str | None = None
    phone: str | None = None
    area: str | None = None
    tenure: Tenure | None = None
    eligible: bool = True
    note: str | None = None


@dataclass(frozen=True)
class RowError:
    row: int
    reason: str
    """In Chinese; the window words `error` in its language."""
    error: InvalidInput | None = field(default=None, compare=False)


def _cell(values: Sequence[object], mapping: dict[str, int], field: str) -> str | None:
    index = mapping.get(field)
    if index is None or index >= len(values):
        return None
    value = values[index]
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def parse_area(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = re.sub(r"\s*(m²|㎡|m2|平方米|平米)$", "", text.strip())
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidInput(code="bad_area", area=text) from None
    if not value.is_finite() or value < 0:
        raise InvalidInput(code="impossible_area", area=text)
    return str(int(value)) if value == value.to_integral() else str(value)  # 90, not 9E+1


def parse_tenure(text: str | None) -> Tenure | None:
    if text is None:
        return None
    tenure = _TENURE_WORDS.get(text.strip().lower())
    if tenure is None:
        raise InvalidInput(code="bad_tenure", tenure=text)
    return tenure


def parse_eligible(text: str | None) -> bool:
    if text is None:
        return True
    word = text.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise InvalidInput(code="bad_eligible", value=text)


def row_address(values: Sequence[object], mapping: dict[str, int]) -> Address:
    if "building" in mapping and "room" in mapping:
        room = _cell(values, mapping, "room")
        building = _cell(values, mapping, "building")
        if room is None and building is None and "address" in mapping:
            return parse_address(_cell(values, mapping, "address") or "")
        if room is None:
            raise InvalidInput(code="no_room")
        if building is None:
            raise InvalidInput(code="no_building")
        return address_from_parts(building, _cell(values, mapping, "unit"), room)
    text = _cell(values, mapping, "address")
    if text is None:
        raise InvalidInput(code="no_address")
    return parse_address(text)


def parse_row(row: int, values: Sequence[object], mapping: dict[str, int]) -> RosterRow:
    """One roster row; raises InvalidInput with the reason when it cannot be read."""
    return RosterRow(
        row=row,
        address=row_address(values, mapping),
        head=_cell(values, mapping, "head"),
        phone=_cell(values, mapping, "phone"),
        area=parse_area(_cell(values, mapping, "area")),
        tenure=parse_tenure(_cell(values, mapping, "tenure")),
        eligible=parse_eligible(_cell(values, mapping, "eligible")),
        note=_cell(values, mapping, "note"),
    )


def is_blank(values: Sequence[object]) -> bool:
    return all(v is None or str(v).strip() == "" for v in values)


def parse_rows(
    rows: Sequence[tuple[int, Sequence[object]]], mapping: dict[str, int]
) -> tuple[list[RosterRow], list[RowError]]:
    """Good rows and the reasons for the bad ones; a repeated address is an error."""
    good: list[RosterRow] = []
    errors: list[RowError] = []
    first_row_of: dict[Address, int] = {}
    for row_no, values in rows:
        if is_blank(values):
            continue
        try:
            parsed = parse_row(row_no, values, mapping)
        except InvalidInput as error:
            errors.append(RowError(row_no, error.message, error))
            continue
        earlier = first_row_of.setdefault(parsed.address, row_no)
        if earlier != row_no:
            repeated = InvalidInput(
                code="duplicate_address", address=str(parsed.address), earlier=earlier
            )
            errors.append(RowError(row_no, repeated.message, repeated))
            continue
        good.append(parsed)
    return good, errors
