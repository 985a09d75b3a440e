"""需求清单: a compound's renovation needs ranked by how many surveyed households chose them.

The report draws a `NeedsList`, plain data any source can fill: the survey answers of
`survey_app.xlsform` (the CLI passes `forms.needs_report.printable_needs` through
`needs_list_from`), or a test. Shares are computed here from counts,
over the surveyed households (SPEC §7), so the printed figures always add up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from survey_app.core.clock import today
from survey_app.core.rules import rate_text
from survey_app.reports.sheet import MM, Column, Rendered, Sheet

CHART_ITEMS = 10


@dataclass(frozen=True)
class NeedItem:
    """One renovation item (e.g. 加装电梯) and how many surveyed households asked for it."""

    label: str
    category: str
    """基础类, 完善类 or 提升类."""
    households: int
    """Surveyed households that chose the item."""
    top_three: int = 0
    """Households that put it among their three priorities."""
    code: str = ""
    asked: int | None = None
    """Surveyed households whose form version offered the item; None: all of them."""


@dataclass(frozen=True)
class ProfileTotal:
    """One figure of the household profile, e.g. 60岁以上老人 312 人."""

    label: str
    value: int
    unit: str = "人"


@dataclass(frozen=True)
class NeedsList:
    compound: str
    compound_name: str
    surveyed: int
    """Households whose needs survey was recorded: the denominator of every share."""
    households: int
    """Eligible households of the compound: the denominator of the coverage."""
    items: tuple[NeedItem, ...]
    profile: tuple[ProfileTotal, ...] = ()
    printed_on: date | None = None
    conditions: tuple[ProfileTotal, ...] = ()
    """社区体检: the problems households reported in their home and building, in 户."""
    lift_units: tuple[tuple[str, int, int, int, int], ...] = ()
    """Per stairway unit: unit, answered, in favour, no preference, against."""
    notes: tuple[str, ...] = ()
    """Lines printed under the coverage: the form versions combined, consent declined."""

    @property
    def coverage(self) -> str:
        return rate_text(self.surveyed, self.households)

    def asked(self, item: NeedItem) -> int:
        return self.surveyed if item.asked is None else item.asked

    def share(self, item: NeedItem) -> str:
        return rate_text(item.households, self.asked(item))

    def fraction(self, item: NeedItem) -> Fraction:
        asked = self.asked(item)
        return Fraction(item.households, asked) if asked else Fraction(0)

    def ranked(self) -> list[NeedItem]:
        """Largest share first; ties by more households, more top-three priorities, name."""
        return sorted(
            self.items, key=lambda i: (-self.fraction(i), -i.households, -i.top_three, i.label)
        )

    @property
    def title(self) -> str:
        return f"{self.compound_name}老旧小区改造居民需求清单"


def needs_list_from(data: Any) -> NeedsList:
    """Adapt a mapping with the same field names (e.g. the forms package's JSON) to a NeedsList."""
    return NeedsList(
        compound=str(data["compound"]),
        compound_name=str(data.get("compound_name") or data.get("name") or data["compound"]),
        surveyed=int(data["surveyed"]),
        households=int(data["households"]),
        items=tuple(
            NeedItem(
                label=str(i["label"]),
                category=str(i.get("category") or ""),
                households=int(i["households"]),
                top_three=int(i.get("top_three") or 0),
                code=str(i.get("code") or ""),
                asked=None if i.get("asked") is None else int(i["asked"]),
            )
            for i in data["items"]
        ),
        profile=_totals(data.get("profile")),
        conditions=_totals(data.get("conditions")),
        lift_units=tuple(
            (
                str(u["unit"]),
                int(u["answered"]),
                int(u["support"]),
                int(u["neutral"]),
                int(u["oppose"]),
            )
            for u in data.get("lift_units") or ()
        ),
        notes=tuple(str(n) for n in data.get("notes") or ()),
    )


def _totals(rows: Any) -> tuple[ProfileTotal, ...]:
    return tuple(
        ProfileTotal(str(p["label"]), int(p["value"]), str(p.get("unit") or "人"))
        for p in rows or ()
    )


# -- drawing ------------------------------------------------------------------------------


def render_needs(needs: NeedsList, path: Path) -> Rendered:
    sheet = Sheet(path, title=needs.title, footer=f"{needs.title}({needs.compound})")
    printed = (needs.printed_on or today()).isoformat()
    sheet.skip(6)
    sheet.paragraph(needs.title, size=19, bold=True, align="center", leading=30)
    sheet.paragraph(
        f"{needs.compound_name}({needs.compound}) · 打印日期 {printed}",
        size=10,
        align="center",
        leading=18,
    )
    sheet.skip(6)
    sheet.paragraph(
        f"已调查{needs.surveyed}户,占应调查{needs.households}户的{needs.coverage}%。"
        "各项占比 = 选择该项的户数 ÷ 调查时问到该项的户数;一户可选多项。",
        size=10,
        leading=16,
    )
    for note in needs.notes:
        sheet.paragraph(note, size=9.5, leading=15)
    ranked = needs.ranked()
    if ranked:
        _chart(sheet, needs, ranked[:CHART_ITEMS])
    _profile(sheet, needs, needs.profile, "住户情况合计(一老一小等)")
    _profile(sheet, needs, needs.conditions, "楼栋现状(社区体检,报告该问题的户数)")
    _items_table(sheet, needs, ranked)
    _lift_units(sheet, needs)
    return sheet.save()


def _chart(sheet: Sheet, needs: NeedsList, items: list[NeedItem]) -> None:
    sheet.heading(f"需求最多的{len(items)}项", size=12)
    bar_height = 13.0
    gap = 6.0
    label_width = 92.0
    value_width = 92.0
    scale_width = sheet.width - label_width - value_width
    x0 = sheet.left + label_width
    height = len(items) * (bar_height + gap) + 18
    sheet.ensure(height)
    top = sheet.y - 4
    bottom = top - len(items) * (bar_height + gap)
    for tick in range(0, 101, 25):
        x = x0 + scale_width * tick / 100
        sheet.line(x, top, x, bottom, width=0.3, dash=[1, 2] if tick else None)
        sheet.text(x, bottom - 10, f"{tick}%", size=7, align="center", grey=0.3)
    y = top
    for item in items:
        y -= bar_height + gap
        share = float(needs.fraction(item))
        sheet.fitted(x0 - 6, y + 3.5, item.label, label_width - 8, size=9.5, align="right")
        sheet.box(x0, y, max(scale_width * share, 0.5), bar_height, width=0.6, fill=0.55)
        sheet.text(
            x0 + scale_width * share + 5,
            y + 3.5,
            f"{needs.share(item)}%({item.households}户)",
            size=8.5,
        )
    sheet.y = bottom - 18


def _profile(
    sheet: Sheet, needs: NeedsList, totals: tuple[ProfileTotal, ...], heading: str
) -> None:
    if not totals:
        return
    sheet.heading(heading, size=12)
    per_row = 4
    cell = sheet.width / per_row
    columns = [Column("", cell * 0.62, "left"), Column("", cell * 0.38, "right")] * per_row
    cells = [(p.label, f"{p.value}{p.unit}") for p in totals]
    sheet.ensure(20 * ((len(cells) + per_row - 1) // per_row) + 10)
    for start in range(0, len(cells), per_row):
        chunk = cells[start : start + per_row]
        top = sheet.y
        sheet.y -= 20
        sheet.line(sheet.left, top, sheet.right, top, width=0.4)
        sheet.line(sheet.left, sheet.y, sheet.right, sheet.y, width=0.4)
        x = sheet.left
        for label, value in chunk:
            sheet.fitted(x + 4, sheet.y + 6.5, label, columns[0].width - 6, size=9.5)
            sheet.text(x + cell - 6, sheet.y + 6.5, value, size=9.5, align="right", bold=True)
            sheet.line(x, top, x, sheet.y, width=0.4)
            x += cell
        sheet.line(
            sheet.left + per_row * cell, top, sheet.left + per_row * cell, sheet.y, width=0.4
        )


def _items_table(sheet: Sheet, needs: NeedsList, ranked: list[NeedItem]) -> None:
    sheet.heading("需求清单(按占比排序)", size=12)
    w = sheet.width
    columns = [
        Column("序号", w * 0.08, "center"),
        Column("类别", w * 0.12, "center"),
        Column("改造项目", w * 0.34, "left"),
        Column("选择户数", w * 0.12, "right"),
        Column("问到户数", w * 0.12, "right"),
        Column("占比", w * 0.10, "right"),
        Column("列入前三优先", w * 0.12, "right"),
    ]
    rows = [
        [str(i), item.category, item.label, str(item.households), str(needs.asked(item)),
         f"{needs.share(item)}%", str(item.top_three)]
        for i, item in enumerate(ranked, start=1)
    ]  # fmt: skip
    if not rows:
        sheet.paragraph("尚无需求调查记录。", size=10)
        return
    sheet.table(columns, rows, size=9.5, row_height=18)
    sheet.skip(8 * MM / 4)


def _lift_units(sheet: Sheet, needs: NeedsList) -> None:
    """加装电梯 is decided per stairway unit: each unit's views, for the unit to weigh."""
    if not needs.lift_units:
        return
    sheet.heading("加装电梯意愿(按单元,由本单元住户共同决定)", size=12)
    w = sheet.width
    columns = [
        Column("单元", w * 0.2, "left"),
        Column("已答户数", w * 0.16, "right"),
        Column("支持", w * 0.16, "right"),
        Column("无所谓", w * 0.16, "right"),
        Column("反对", w * 0.16, "right"),
        Column("支持占比", w * 0.16, "right"),
    ]
    rows = [
        [unit, str(answered), str(support), str(neutral), str(oppose),
         f"{rate_text(support, answered)}%"]
        for unit, answered, support, neutral, oppose in needs.lift_units
    ]  # fmt: skip
    sheet.table(columns, rows, size=9.5, row_height=18)
