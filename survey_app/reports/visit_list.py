"""走访清单: per building, the eligible households still without an opinion in a round, each
with its last visit (无人在家, 改日再访 and the day agreed, 拒绝入户, 空置) or 未走访, so a day of
visits needs no paper list on the side. Households awaiting verification (待核实: two laptops
recorded different opinions) are listed too: they need a visit that settles them.
Names are masked unless `full_names`; phones and notes never appear.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from survey_app.core.clock import shown_day, today
from survey_app.core.privacy import mask_name
from survey_app.core.vocabulary import ROUND_ORDINALS, VISIT_OUTCOMES, outcome_words
from survey_app.reports.sheet import Column, Rendered, Sheet
from survey_app.store.compounds import get_compound
from survey_app.store.database import Store
from survey_app.store.household_status import HouseholdStatus, compound_statuses
from survey_app.store.households import households_of
from survey_app.store.rounds import check_round_no

NOT_VISITED = "未走访"


@dataclass(frozen=True)
class VisitLine:
    household: str
    address: str
    head: str
    state: str
    """未走访, 待核实, or the last visit's outcome."""
    visited_on: str
    come_back_on: str


@dataclass(frozen=True)
class VisitList:
    compound: str
    compound_name: str
    round_no: int
    buildings: tuple[tuple[str, tuple[VisitLine, ...]], ...]
    eligible: int

    @property
    def title(self) -> str:
        return f"{self.compound_name}{ROUND_ORDINALS[self.round_no].zh}征询走访清单"

    @property
    def lines(self) -> list[VisitLine]:
        return [line for _building, lines in self.buildings for line in lines]


def visit_list(
    *,
    store: Store,
    compound: str,
    round_no: int,
    building: str | None = None,
    full_names: bool = False,
) -> VisitList:
    found = get_compound(store=store, code=compound)
    check_round_no(round_no)
    statuses = compound_statuses(store=store, compound=found.code)
    households = [h for h in households_of(store=store, compound=found.code) if h.eligible]
    wanted = building.strip().upper().removesuffix("幢").removesuffix("栋") if building else None
    buildings: dict[str, list[VisitLine]] = {}
    for h in households:
        if wanted is not None and h.building != wanted:
            continue
        status = statuses.get(h.id, HouseholdStatus())
        line = _line(status, round_no)
        if line is None:
            continue
        state, visited_on, come_back_on = line
        head = (h.head or "") if full_names else mask_name(h.head)
        buildings.setdefault(h.building, []).append(
            VisitLine(h.id, h.address, head, state, visited_on, come_back_on)
        )
    return VisitList(
        compound=found.code,
        compound_name=found.name,
        round_no=round_no,
        buildings=tuple((name, tuple(lines)) for name, lines in buildings.items()),
        eligible=len(households),
    )


def _line(status: HouseholdStatus, round_no: int) -> tuple[str, str, str] | None:
    """(state, day of the last visit, day agreed to come back), or None: an opinion given."""
    outcome = status.outcome(round_no)
    if outcome not in ("no_response", "pending"):
        return None
    last = status.last_visit(round_no)
    if outcome == "pending":
        state = outcome_words("pending")
    else:
        state = VISIT_OUTCOMES[last.outcome].zh if last else NOT_VISITED
    visited_on = shown_day(last.created_at) if last else ""
    come_back = (last.come_back_on or "") if last else ""
    return state, visited_on, come_back


def render_visit_list(report: VisitList, path: Path) -> Rendered:
    """A4, one section per building; a building with no one left is not printed."""
    printed = today().isoformat()
    sheet = Sheet(path, title=report.title, footer=f"{report.compound} · 打印于 {printed}")
    sheet.paragraph(report.title, size=16, bold=True, leading=26, align="center")
    left = len(report.lines)
    sheet.paragraph(
        f"应征询 {report.eligible} 户,尚未表态或待核实 {left} 户;姓名已部分隐去。"
        "状态为最后一次走访的结果;走访结果不是意见,不计入同意户数。",
        size=9,
        leading=15,
    )
    width = sheet.width
    columns = [
        Column("房号", width * 0.16),
        Column("户主", width * 0.16),
        Column("状态", width * 0.18, "center"),
        Column("上次走访", width * 0.17, "center"),
        Column("约定再访", width * 0.17, "center"),
        Column("本次结果", width * 0.16),
    ]
    if not report.buildings:
        sheet.paragraph("所有应征询住户均已表态。", size=11, leading=20)
    for building, lines in report.buildings:
        sheet.heading(f"{building}号楼(剩余 {len(lines)} 户)", size=12)
        rows = [
            [ln.address, ln.head or "—", ln.state, ln.visited_on, ln.come_back_on, ""]
            for ln in lines
        ]
        sheet.table(columns, rows, size=9.5, row_height=19)
    return sheet.save()
