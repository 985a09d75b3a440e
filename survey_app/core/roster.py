"""Reading roster rows (住户名册): headers in Chinese or English, one household per row.

Pure functions over cell values; reading the .xlsx/.csv file itself is the store's job.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
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
    if type(value) is str:  # every cell of a csv, most of a workbook
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


def as_written(text: str) -> str:
    """Full-width digits, points and signs as the ASCII ones (`８５．６` → `85.6`, `㎡` → `m2`)."""
    return unicodedata.normalize("NFKC", text).strip()


_AREA_UNIT = re.compile(r"\s*(m2|平方米|平米|平方)$", re.IGNORECASE)


def parse_area(text: str | None) -> str | None:
    """The floor area as written, without its unit: `90` stays 90, `85.6㎡` is 85.6."""
    if text is None:
        return None
    cleaned = _AREA_UNIT.sub("", as_written(text))
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidInput(code="bad_area", area=text) from None
    if not value.is_finite() or value < 0:
        raise InvalidInput(code="impossible_area", area=text)
    return str(int(value)) if value == value.to_integral() else str(value)  # 90, not 9E+1


_PHONE_SEPARATORS = re.compile(r"[/,;、,;]|\s{2,}")


def normalise_phone(text: str | None) -> str | None:
    """Digits only, the way phones are stored and searched: full-width digits converted,
    spaces, dashes, parentheses and a leading + dropped (`+86 138-0000-0101` → 8613800000101).
    Two numbers in one cell stay two, joined by `/`."""
    if text is None:
        return None
    if text.isdigit() and text.isascii():  # as most are stored: already digits only
        return text
    parts = [re.sub(r"\D", "", part) for part in _PHONE_SEPARATORS.split(as_written(text))]
    return "/".join(part for part in parts if part) or None


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
        phone=normalise_phone(_cell(values, mapping, "phone")),
        area=parse_area(_cell(values, mapping, "area")),
        tenure=parse_tenure(_cell(values, mapping, "tenure")),
        eligible=parse_eligible(_cell(values, mapping, "eligible")),
        note=_cell(values, mapping, "note"),
    )


def is_blank(values: Sequence[object]) -> bool:
    return all(v is None or str(v).strip() == "" for v in values)


FOOTER_WORDS = ("合计", "总计", "小计", "填表人", "制表人", "审核人", "填报单位", "备注:", "说明")
"""What the first filled cell of a roster's footer rows (totals, signatures) begins with."""
_ADDRESS_FIELDS = ("address", "building", "unit", "room")
_FOOTER_BEGINNINGS = tuple(as_written(word) for word in FOOTER_WORDS)


@dataclass(frozen=True)
class SkippedRow:
    """A row that is not a household and was left out on purpose (a total, a signature)."""

    row: int
    reason: str
    note: InvalidInput = field(compare=False)
    """Its code words the reason in either language; never raised."""


def _is_number(text: str) -> bool:
    try:
        return Decimal(_AREA_UNIT.sub("", as_written(text)).replace(",", "")).is_finite()
    except InvalidOperation:
        return False


def _filled(values: Sequence[object], columns: Iterable[int]) -> Iterator[tuple[int, str]]:
    """The cells of these columns that hold text, as written, one at a time."""
    cells = ((i, as_written(str(values[i]))) for i in columns if values[i] is not None)
    return ((i, text) for i, text in cells if text)


def footer_note(values: Sequence[object], mapping: dict[str, int]) -> InvalidInput | None:
    """Why a row is a footer rather than a household, or None for any other row: its first
    filled cell begins with 合计, 填表人, 备注:…, or it holds only numbers and no address.
    A household row is told by its first filled cell and one filled address cell, without
    normalising its other cells (parse_row reads them)."""
    first = next(_filled(values, range(len(values))), None)
    if first is None:
        return None
    if first[1].startswith(_FOOTER_BEGINNINGS):
        return InvalidInput(code="footer_row", text=first[1][:20])
    address_columns = sorted({mapping[f] for f in _ADDRESS_FIELDS if f in mapping})
    if next(_filled(values, (i for i in address_columns if i < len(values))), None):
        return None
    filled = list(_filled(values, range(len(values))))
    if all(_is_number(t) for _, t in filled):
        return InvalidInput(code="total_row", text=" ".join(text for _, text in filled)[:30])
    return None


def parse_rows(
    rows: Sequence[tuple[int, Sequence[object]]], mapping: dict[str, int]
) -> tuple[list[RosterRow], list[RowError], list[SkippedRow]]:
    """Good rows, the reasons for the bad ones, and the footer rows left out; a repeated
    address is an error."""
    good: list[RosterRow] = []
    errors: list[RowError] = []
    skipped: list[SkippedRow] = []
    first_row_of: dict[Address, int] = {}
    for row_no, values in rows:
        if is_blank(values):
            continue
        note = footer_note(values, mapping)
        if note is not None:
            skipped.append(SkippedRow(row_no, note.message, note))
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
    return good, errors, skipped
