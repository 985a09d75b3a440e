"""Rows of an online platform's vote export (e.g. 邻礼通 事项表决), read as plain data.

The header row is found by its spellings (房号/住址, 姓名, 表决结果/意见, 时间, and English);
each data row gives an address, a name, a choice and the platform's time text. Matching the
rows against the roster is the import's job (actions/online_votes.py); here only what a row
says, and a digest of it so the same row imported twice is recognised.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from survey_app.core.errors import InvalidInput
from survey_app.core.records import canonical_json
from survey_app.core.roster import header_key
from survey_app.core.spellings import by_spelling
from survey_app.core.votes import Choice

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "address": ("房号", "住址", "地址", "房屋", "房屋地址", "房屋信息", "门牌号", "室号", "室",
                "address", "room", "house"),
    "building": ("楼栋", "楼号", "楼幢", "幢号", "栋号", "building"),
    "unit": ("单元", "单元号", "unit"),
    "name": ("姓名", "业主", "业主姓名", "户主", "产权人", "表决人", "投票人", "name", "owner"),
    "choice": ("表决结果", "表决意见", "意见", "投票结果", "投票意见", "选项", "结果", "表决",
               "vote", "choice", "result", "opinion"),
    "time": ("时间", "表决时间", "投票时间", "提交时间", "time", "votedat", "submittedat"),
}  # fmt: skip
_FIELD_BY_HEADER = {header_key(a): f for f, aliases in FIELD_ALIASES.items() for a in aliases}
REQUIRED = ("address", "name", "choice")

_CHOICES = by_spelling(
    {
        Choice.AGREE: ("同意", "赞成", "支持", "agree", "yes"),
        Choice.DISAGREE: ("不同意", "反对", "不支持", "disagree", "no"),
        Choice.ABSTAIN: ("弃权", "abstain"),
    }
)


def map_vote_headers(cells: Sequence[object]) -> dict[str, int]:
    """Which column holds which field; the first of each wins, unknown columns are ignored."""
    mapping: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field = _FIELD_BY_HEADER.get(header_key(cell))
        if field and field not in mapping:
            mapping[field] = index
    return mapping


def is_vote_header(mapping: dict[str, int]) -> bool:
    return all(field in mapping for field in REQUIRED)


def plain(value: object) -> str:
    """A cell as text: full-width letters and digits as ASCII, spaces anywhere dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


def parse_online_choice(text: str) -> Choice:
    choice = _CHOICES.get(plain(text).lower())
    if choice is None:
        raise InvalidInput(code="bad_choice", value=text)
    return choice


@dataclass(frozen=True)
class OnlineRow:
    """One data row as written: `row` is its row number in the file (1 = the first row)."""

    row: int
    address: str
    building: str | None
    unit: str | None
    name: str
    choice_text: str
    time: str | None

    def ref(self, compound: str, round_no: int) -> str:
        """The row's digest: the same row of the same platform export, whatever file it is in."""
        text = canonical_json([compound, round_no, self.building, self.unit, self.address,
                               self.name, plain(self.choice_text), self.time])  # fmt: skip
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def online_rows(
    rows: Sequence[tuple[int, Sequence[object]]], mapping: dict[str, int]
) -> list[OnlineRow]:
    """The data rows after the header; wholly empty rows are left out."""

    def cell(cells: Sequence[object], field: str) -> str | None:
        index = mapping.get(field)
        value = cells[index] if index is not None and index < len(cells) else None
        if field == "time" and value is not None:  # keep the space between date and time
            return " ".join(unicodedata.normalize("NFKC", str(value)).split()) or None
        return plain(value) or None

    found = []
    for number, cells in rows:
        if not any(plain(c) for c in cells):
            continue
        found.append(OnlineRow(
            row=number, address=cell(cells, "address") or "", building=cell(cells, "building"),
            unit=cell(cells, "unit"), name=cell(cells, "name") or "",
            choice_text=cell(cells, "choice") or "", time=cell(cells, "time"),
        ))  # fmt: skip
    return found


_HEAD_SEPARATORS = re.compile("[\u3001,\uff0c;\uff1b/]")


def names_on_roster(head: str | None) -> set[str]:
    """The names a roster's head cell holds (`张伟、李娜` → both), as `plain` writes them."""
    return {plain(p) for p in _HEAD_SEPARATORS.split(head or "") if plain(p)}
