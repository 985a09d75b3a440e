"""征询结果公示: the tally notice a community committee posts in the compound (SPEC §8).

The notice is gathered first into plain data with names already masked, then drawn; the
drawing never sees a full name, a phone number or an ID number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from survey_app.core.clock import today
from survey_app.core.errors import RefusedAction
from survey_app.core.privacy import mask_name
from survey_app.core.rules import minimum_agree
from survey_app.core.tally import Counts, RoundStatus, outcome_kind
from survey_app.core.vocabulary import (
    FIGURES,
    ROUND_ORDINALS,
    ROUND_TOPICS,
    VERDICTS,
    area_words,
    outcome_words,
    rule_words,
    verdict_key,
    word,
)
from survey_app.reports.common import (
    committee_name,
    period_text,
    place_text,
    street_office_name,
)
from survey_app.reports.sheet import MM, Column, Rendered, Sheet
from survey_app.reports.verification import verification_text
from survey_app.store.compounds import get_compound
from survey_app.store.database import Store
from survey_app.store.households import households_of
from survey_app.store.rounds import RoundState, round_state
from survey_app.store.tallies import compute_tally, counted_households, round_outcomes

NOTICE_DAYS = 7


@dataclass(frozen=True)
class HouseholdLine:
    address: str
    name: str
    """Already masked: 张*明."""
    opinion: str


@dataclass(frozen=True)
class TallyNotice:
    compound: str
    compound_name: str
    place: str
    committee: str
    street_office: str
    round_no: int
    status: RoundStatus
    rule: str
    period: str
    counts: Counts
    rate: str
    passed: bool
    minimum_agree: int
    late: int
    by_building: tuple[tuple[str, Counts], ...]
    households: tuple[HouseholdLine, ...] | None
    verification: str
    printed_on: date
    area: str | None = None
    """Under double majority: the agreeing floor area, its share and what is still needed."""
    frozen: bool = False
    """Closed, counting the households its close froze; False when closed by an older version
    (then counted over the current roster, and the notice says so)."""

    @property
    def title(self) -> str:
        return f"{self.compound_name}老旧小区改造{ROUND_ORDINALS[self.round_no].zh}征询结果公示"

    @property
    def verdict(self) -> str:
        key = verdict_key(self.status, self.passed) or "short_so_far"
        return VERDICTS[key].zh.format(status=word(self.status))


def tally_notice(
    *,
    store: Store,
    compound: str,
    round_no: int,
    with_households: bool = False,
    printed_on: date | None = None,
) -> TallyNotice:
    found = get_compound(store=store, code=compound)
    code = found.code
    state = round_state(store=store, compound=code, round_no=round_no)
    if state.status is RoundStatus.NOT_OPENED:
        raise RefusedAction(code="round_not_opened", compound=code, round_no=round_no)
    tally = compute_tally(store=store, compound=code, round_no=round_no)
    c = tally.counts
    return TallyNotice(
        compound=code,
        compound_name=found.name,
        place=place_text(found),
        committee=committee_name(found),
        street_office=street_office_name(found),
        round_no=round_no,
        status=state.status,
        rule=rule_words(state.rule),
        period=period_text(state),
        counts=c,
        rate=tally.rate,
        passed=tally.passed,
        minimum_agree=minimum_agree(
            c.eligible, state.rule.threshold, inclusive=state.rule.inclusive
        ),
        late=tally.late,
        by_building=tuple(tally.by_building.items()),
        households=household_lines(store, state) if with_households else None,
        verification=verification_text(store=store, compound=code, round_no=round_no),
        printed_on=printed_on or today(),
        area=area_words(tally) if state.rule.double_majority else None,
        frozen=state.frozen,
    )


def household_lines(store: Store, state: RoundState) -> tuple[HouseholdLine, ...]:
    """The households the tally counted, by room; names as the roster has them now."""
    compound, round_no = state.compound, state.round_no
    outcomes, _late = round_outcomes(store=store, compound=compound, round_no=round_no)
    counted = {h.id for h in counted_households(store=store, state=state)}
    return tuple(
        HouseholdLine(h.address, mask_name(h.head), outcome_words(outcome_kind(outcomes.get(h.id))))
        for h in households_of(store=store, compound=compound)
        if h.id in counted
    )


# -- drawing ------------------------------------------------------------------------------

COUNT_HEADERS = [*(figure.zh for figure in FIGURES.values()), "同意率"]
QR_SIZE = 40 * MM
"""Room for a signed statement (about 230 characters, QR version 10) at 0.6 mm a module."""


def count_cells(counts: Counts) -> list[str]:
    c = counts
    values = [c.eligible, c.agree, c.disagree, c.abstain, c.no_response, c.pending]
    return [str(v) for v in values] + [f"{c.rate}%"]


def render_tally_notice(notice: TallyNotice, path: Path) -> Rendered:
    sheet = Sheet(
        path,
        title=notice.title,
        footer=f"{notice.title}  核验码 {_fingerprint_field(notice.verification)}",
    )
    _header(sheet, notice)
    _figures(sheet, notice)
    _buildings(sheet, notice)
    _closing(sheet, notice)
    if notice.households is not None:
        _household_list(sheet, notice)
    return sheet.save()


def _header(sheet: Sheet, n: TallyNotice) -> None:
    sheet.skip(6)
    sheet.paragraph(n.title, size=19, bold=True, align="center", leading=30)
    sheet.paragraph(
        f"{ROUND_TOPICS[n.round_no].zh} · 打印日期 {n.printed_on.isoformat()}",
        size=10,
        align="center",
        leading=18,
    )
    sheet.skip(8)
    lines = [
        ("小区", f"{n.compound_name}({n.compound})" + (f"  {n.place}" if n.place else "")),
        ("征询事项", f"{ROUND_ORDINALS[n.round_no].zh}征询 — {ROUND_TOPICS[n.round_no].zh}"),
        ("征询期间", f"{n.period}(征询{word(n.status)})"),
        ("通过规则", n.rule),
    ]
    for label, value in lines:
        sheet.y -= 19
        sheet.text(sheet.left, sheet.y, f"{label}:", size=11, bold=True)
        sheet.text(sheet.left + 66, sheet.y, value, size=11)
    sheet.skip(12)


def _figures(sheet: Sheet, n: TallyNotice) -> None:
    widths = [84.0] + [62.0] * 5 + [0.0]
    widths[-1] = sheet.width - sum(widths)
    columns = [Column(h, w, "center") for h, w in zip(COUNT_HEADERS, widths, strict=True)]
    sheet.table(columns, [count_cells(n.counts)], size=13, row_height=28)
    sheet.skip(4)
    c = n.counts
    explain = (
        f"同意率 = 同意户数 ÷ 应征询户数 = {c.agree} ÷ {c.eligible} = {n.rate}%;"
        f"按通过规则至少需要{n.minimum_agree}户同意。不同意、弃权、未表态和待核实的意见均不计入同意户数。"
    )
    if n.area:
        explain += f"双过半:{n.area}。"
    if n.late:
        explain += f"本轮结束后收到的{n.late}份意见不计入统计。"
    explain += _roster_note(n)
    sheet.paragraph(explain, size=9.5, leading=15)
    sheet.skip(8)
    height = 34
    sheet.ensure(height)
    sheet.y -= height
    sheet.box(sheet.left, sheet.y, sheet.width, height, width=1.6)
    sheet.text(sheet.left + 12, sheet.y + 12, "结论:", size=15, bold=True)
    sheet.fitted(sheet.left + 62, sheet.y + 12, n.verdict, sheet.width - 74, size=15, bold=True)
    sheet.skip(10)


def _roster_note(n: TallyNotice) -> str:
    if n.status is not RoundStatus.CLOSED:
        return ""
    if n.frozen:
        return "应征询户名单和通过规则已于本轮结束时冻结,之后导入的名册不改变本公示。"
    return "注意:本轮由旧版本结束,未保存应征询户名单(未冻结),以上按当前名册统计。"


def _buildings(sheet: Sheet, n: TallyNotice) -> None:
    if not n.by_building:
        return
    sheet.heading("分楼栋统计", size=12)
    widths = [sheet.width / 8] * 8
    columns = [Column("楼栋", widths[0], "center")] + [
        Column(h, w, "right") for h, w in zip(COUNT_HEADERS, widths[1:], strict=True)
    ]
    rows = [[f"{b}幢", *count_cells(c)] for b, c in n.by_building]
    rows.append(["合计", *count_cells(n.counts)])
    sheet.table(columns, rows, size=9.5, row_height=17, bold_last=True)


def _closing(sheet: Sheet, n: TallyNotice) -> None:
    sheet.skip(6)
    sheet.paragraph(
        f"公示期为自张贴之日起{NOTICE_DAYS}日。对公示结果有异议的,请在公示期内向{n.committee}书面反映。"
        "本公示中住户姓名已部分隐去,不含电话号码和身份证号码。",
        size=9.5,
        leading=15,
    )
    block = QR_SIZE + 34
    sheet.ensure(block)
    sheet.skip(10)
    top = sheet.y
    col = (sheet.width - QR_SIZE - 20) / 2
    for index, office in enumerate([n.committee, n.street_office]):
        x = sheet.left + index * col
        sheet.text(x, top - 14, f"{office}(盖章)", size=11, bold=True)
        sheet.text(x, top - 42, "负责人签字:", size=10)
        sheet.line(x + 58, top - 44, x + col - 16, top - 44)
        sheet.text(x, top - 70, "日期:          年      月      日", size=10)
    qr_x = sheet.right - QR_SIZE
    sheet.qr(n.verification, qr_x, top - QR_SIZE, QR_SIZE)
    sheet.text(qr_x + QR_SIZE / 2, top - QR_SIZE - 10, "扫码核验公示数据", size=7.5, align="center")
    sheet.y = top - block
    statement, _, signed = n.verification.partition("|K")
    sheet.text(sheet.left, sheet.y, f"核验文本:{statement}", size=7.5)
    sheet.y -= 11
    if signed:
        signer, _, signature = signed.partition("|S")
        sheet.text(sheet.left, sheet.y, f"办公室签名:密钥 {signer}  {signature}", size=5.5)
        sheet.y -= 9
    sheet.text(
        sheet.left,
        sheet.y,
        "E应征询 A同意 D不同意 B弃权 N未表态 P待核实 T通过比例 I含本数 M双过半 V结论 "
        "F有效意见指纹 K签发密钥 S办公室签名;"
        "核对方法:survey-app verify 核验文本",
        size=7.5,
        grey=0.25,
    )


def _fingerprint_field(text: str) -> str:
    """The F field (the votes' fingerprint): what a person compares at a glance."""
    return next((f for f in text.split("|") if f.startswith("F")), text.rsplit("|", 1)[-1])


def _household_list(sheet: Sheet, n: TallyNotice) -> None:
    assert n.households is not None
    sheet.new_page()
    sheet.paragraph(f"附:{n.title} — 住户意见明细", size=13, bold=True, leading=22)
    sheet.paragraph(
        f"按房号排列,共{len(n.households)}户;住户姓名已部分隐去(如 张*明)。",
        size=9,
        leading=15,
    )
    sheet.skip(4)
    groups = 3
    gap = 8
    group_width = (sheet.width - gap * (groups - 1)) / groups
    columns = [
        Column("房号", group_width * 0.38, "left"),
        Column("户主", group_width * 0.32, "left"),
        Column("意见", group_width * 0.30, "center"),
    ]
    row_height = 14.5
    rows = [[h.address, h.name or "—", h.opinion] for h in n.households]
    while rows:
        per_group = int((sheet.y - sheet.bottom) // row_height) - 1
        if per_group < 3:
            sheet.new_page()
            continue
        top = sheet.y
        for index in range(groups):
            chunk, rows = rows[:per_group], rows[per_group:]
            if not chunk:
                break
            sheet.y = top
            x = sheet.left + index * (group_width + gap)
            sheet.table(columns, chunk, size=9, row_height=row_height, x=x)
        if rows:
            sheet.new_page()
