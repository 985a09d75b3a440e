"""排名表: the compounds of the batch ranked by approval rate (SPEC §9), for project managers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from survey_app.core.clock import today
from survey_app.core.rules import rate_text
from survey_app.core.tally import Counts, RoundStatus
from survey_app.core.vocabulary import ROUND_ORDINALS, word
from survey_app.reports.sheet import Column, Rendered, Sheet
from survey_app.store.database import Store
from survey_app.store.rounds import round_state
from survey_app.store.tallies import counts_by_compound, ranking

DEFAULT_TITLE = "老旧小区改造征询排名表"
RANK_RULE = (
    "排名规则:达到通过比例的小区在前,按同意率从高到低排列(按分数精确比较);同意率相同时依次比较"
    "另一轮同意率、应征询户数(多者在前)和小区编码。征询中和未开始的小区随后,未达到通过比例的小区"
    "列于最后,标注暂缓改造。同意率 = 同意户数 ÷ 应征询户数。"
)


@dataclass(frozen=True)
class RankingLine:
    position: int
    compound: str
    name: str
    eligible: int
    agree: int
    rate: str
    other_rate: str
    """The other round's rate, or — when that round has not been opened."""
    standing: str


@dataclass(frozen=True)
class RankingReport:
    title: str
    round_no: int
    lines: tuple[RankingLine, ...]
    printed_on: date

    @property
    def other_round(self) -> int:
        return 2 if self.round_no == 1 else 1


def ranking_report(
    *, store: Store, round_no: int = 1, title: str | None = None, printed_on: date | None = None
) -> RankingReport:
    other = 2 if round_no == 1 else 1
    other_counts = counts_by_compound(store=store, round_no=other)
    lines = []
    for ranked in ranking(store=store, round_no=round_no):
        e = ranked.entry
        opened = round_state(store=store, compound=e.compound, round_no=other).status
        theirs = other_counts.get(e.compound, Counts())
        other_rate = (
            "—"
            if opened is RoundStatus.NOT_OPENED
            else f"{rate_text(theirs.agree, theirs.eligible)}%"
        )
        lines.append(
            RankingLine(
                position=ranked.position,
                compound=e.compound,
                name=e.name,
                eligible=e.eligible,
                agree=e.agree,
                rate=f"{e.rate_text()}%",
                other_rate=other_rate,
                standing=word(e.standing),
            )
        )
    return RankingReport(
        title=title or DEFAULT_TITLE,
        round_no=round_no,
        lines=tuple(lines),
        printed_on=printed_on or today(),
    )


def render_ranking(report: RankingReport, path: Path) -> Rendered:
    sheet = Sheet(
        path,
        title=report.title,
        footer=f"{report.title}(按{ROUND_ORDINALS[report.round_no].zh}征询同意率)",
    )
    sheet.skip(6)
    sheet.paragraph(report.title, size=19, bold=True, align="center", leading=30)
    subtitle = f"按{ROUND_ORDINALS[report.round_no].zh}征询同意率排名 · 共{len(report.lines)}个小区"
    sheet.paragraph(
        f"{subtitle} · 打印日期 {report.printed_on.isoformat()}",
        size=10,
        align="center",
        leading=18,
    )
    sheet.skip(6)
    sheet.paragraph(RANK_RULE, size=9, leading=14)
    sheet.skip(6)
    w = sheet.width
    columns = [
        Column("名次", w * 0.07, "center"),
        Column("编码", w * 0.11, "center"),
        Column("小区", w * 0.18, "left"),
        Column("应征询户数", w * 0.12, "right"),
        Column("同意户数", w * 0.11, "right"),
        Column(f"{ROUND_ORDINALS[report.round_no].zh}同意率", w * 0.15, "right"),
        Column(f"{ROUND_ORDINALS[report.other_round].zh}同意率", w * 0.15, "right"),
        Column("状态", w * 0.11, "center"),
    ]
    rows = [
        [str(r.position), r.compound, r.name, str(r.eligible), str(r.agree), r.rate,
         r.other_rate, r.standing]
        for r in report.lines
    ]  # fmt: skip
    sheet.table(columns, rows, size=9.5, row_height=19)
    sheet.ensure(60)
    sheet.skip(34)
    third = sheet.width / 3
    for index, label in enumerate(["编制人:", "审核人:", "日期:          年      月      日"]):
        x = sheet.left + index * third
        sheet.text(x, sheet.y, label, size=10)
        if index < 2:
            sheet.line(x + 42, sheet.y - 2, x + third - 20, sheet.y - 2)
    return sheet.save()
