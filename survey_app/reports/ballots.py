"""入户征询意见表: one paper ballot per household, with a QR code the app's search accepts.

A returned ballot is entered by scanning its QR code (`SAB|NH-001/3-2-501|R1`): a USB scanner
types the text, the search finds the household and round. The head of household is masked by
default, because ballots pass through many hands; `full_names` prints the name in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from survey_app.core.errors import NotFound
from survey_app.core.privacy import mask_name
from survey_app.core.qr_texts import make_ballot_text
from survey_app.core.vocabulary import ROUND_ORDINALS, ROUND_QUESTIONS, ROUND_TOPICS, rule_words
from survey_app.reports.common import (
    committee_name,
    period_text,
    spelled_address,
    street_office_name,
)
from survey_app.reports.sheet import MARGIN, MM, PAGE_HEIGHT, Rendered, Sheet
from survey_app.store.compounds import get_compound
from survey_app.store.database import Store
from survey_app.store.households import households_of
from survey_app.store.rounds import round_state
from survey_app.store.tallies import round_outcomes

CHOICES = ("同意", "不同意", "弃权")


@dataclass(frozen=True)
class Ballot:
    household: str
    address: str
    spelled_address: str
    head: str
    qr_text: str


@dataclass(frozen=True)
class BallotBatch:
    compound: str
    compound_name: str
    round_no: int
    question: str
    rule: str
    period: str
    issuer: str
    ballots: tuple[Ballot, ...]

    @property
    def title(self) -> str:
        return f"{self.compound_name}老旧小区改造{ROUND_ORDINALS[self.round_no].zh}征询意见表"


def ballot_batch(
    *,
    store: Store,
    compound: str,
    round_no: int,
    building: str | None = None,
    question: str | None = None,
    full_names: bool = False,
    pending: bool = False,
) -> BallotBatch:
    """`pending`: only the households without an opinion in the round, and those awaiting
    verification (待核实), whose next vote settles them."""
    found = get_compound(store=store, code=compound)
    state = round_state(store=store, compound=found.code, round_no=round_no)
    households = [h for h in households_of(store=store, compound=found.code) if h.eligible]
    if building is not None:
        wanted = building.strip().upper().removesuffix("幢").removesuffix("栋")
        households = [h for h in households if h.building == wanted]
    if pending and households:
        outcomes, _late = round_outcomes(store=store, compound=found.code, round_no=round_no)
        households = [
            h for h in households if h.id not in outcomes or outcomes[h.id].choice is None
        ]
        if not households:
            raise NotFound(code="no_pending_households", compound=found.code, round_no=round_no)
    if not households:
        if building:
            raise NotFound(code="no_households_in_building", compound=found.code, building=building)
        raise NotFound(code="no_households", compound=found.code)
    return BallotBatch(
        compound=found.code,
        compound_name=found.name,
        round_no=round_no,
        question=question or ROUND_QUESTIONS[round_no].zh,
        rule=rule_words(state.rule),
        period=period_text(state),
        issuer=f"{street_office_name(found)} {committee_name(found)}",
        ballots=tuple(
            Ballot(
                household=h.id,
                address=h.address,
                spelled_address=spelled_address(h),
                head=(h.head or "") if full_names else mask_name(h.head),
                qr_text=make_ballot_text(h.id, round_no),
            )
            for h in households
        ),
    )


# -- drawing ------------------------------------------------------------------------------
# The parts every ballot of a batch shares are drawn once into a PDF form and placed on each
# ballot; only the address, the head of household and the QR code are drawn per household.

HALF = PAGE_HEIGHT / 2
FORM = "ballot"


def render_ballots(batch: BallotBatch, path: Path, *, per_page: int = 1) -> Rendered:
    """All ballots of the batch, one per A4 page or two with a cut line between."""
    sheet = Sheet(path, title=batch.title, numbered=False)
    height, scale = (HALF, 1.0) if per_page == 2 else (PAGE_HEIGHT, 1.3)
    sheet.canvas.beginForm(FORM)
    _draw_ballot(sheet, batch, None, top=PAGE_HEIGHT, height=height, k=scale)
    sheet.canvas.endForm()
    total = len(batch.ballots)
    for index, ballot in enumerate(batch.ballots):
        slot = index % per_page
        if index and slot == 0:
            sheet.new_page()
        if slot == 1:
            _cut_line(sheet)
        sheet.canvas.saveState()
        sheet.canvas.translate(0, -slot * HALF)
        sheet.canvas.doForm(FORM)
        _draw_ballot(sheet, batch, ballot, top=PAGE_HEIGHT, height=height, k=scale)
        sheet.text(
            sheet.right,
            PAGE_HEIGHT - height + 10 * MM,
            f"第{index + 1}份 共{total}份",
            size=8,
            align="right",
            grey=0.25,
        )
        sheet.canvas.restoreState()
    return sheet.save()


def _cut_line(sheet: Sheet) -> None:
    sheet.line(8 * MM, HALF, sheet.right + MARGIN - 8 * MM, HALF, width=0.5, dash=[4, 3])
    label = "沿此线剪开"
    width = sheet.measure(label, 7)
    middle = sheet.left + sheet.width / 2
    sheet.box(middle - width / 2 - 4, HALF - 5, width + 8, 10, width=0, fill=1)
    sheet.text(middle, HALF - 2.5, label, size=7, align="center", grey=0.3)


def _draw_ballot(
    sheet: Sheet,
    batch: BallotBatch,
    ballot: Ballot | None,
    *,
    top: float,
    height: float,
    k: float,
) -> None:
    """The shared parts when `ballot` is None, else this household's fields (same layout)."""
    static = ballot is None
    left, right = sheet.left, sheet.right
    width = right - left
    margin = 14 * MM
    qr_size = 26 * MM * min(k, 1.15)
    beside_qr = width - qr_size - 12
    y = top - margin - 14 * k
    if ballot is None:
        sheet.fitted(left, y, batch.title, beside_qr, size=15 * k, bold=True)
        sheet.text(left, y - 17 * k, f"({ROUND_TOPICS[batch.round_no].zh})", size=10 * k)
    else:
        qr_top = top - margin + 2
        sheet.qr(ballot.qr_text, right - qr_size, qr_top - qr_size, qr_size)
        sheet.text(
            right - qr_size / 2, qr_top - qr_size - 9, ballot.qr_text, size=6.5, align="center"
        )
    y -= 43 * k
    fields = [
        ("地址", ballot and f"{ballot.spelled_address}({ballot.address})"),
        ("户主", ballot and (ballot.head or "(未登记)")),
        ("征询期间", batch.period),
    ]
    for label, value in fields:
        if static:
            sheet.text(left, y, f"{label}:", size=11 * k, bold=True)
        if value and (static == (label == "征询期间")):
            sheet.fitted(left + 62 * k, y, value, beside_qr - 62 * k, size=11 * k)
        y -= 19 * k
    if static:
        _shared_parts(sheet, batch, y, top - height + 10 * MM, k)


def _shared_parts(sheet: Sheet, batch: BallotBatch, y: float, bottom: float, k: float) -> None:
    """Question, boxes, instructions, a space for comments, signature and date lines."""
    left, right = sheet.left, sheet.right
    width = right - left
    y -= 8 * k
    for line in sheet.wrap(f"征询事项:{batch.question}", width, 12 * k):
        sheet.text(left, y, line, size=12 * k, bold=True)
        y -= 18 * k
    y -= 10 * k
    _choice_boxes(sheet, left, y, k)
    y -= 32 * k
    note = (
        "填写说明:请在一个方框内打“√”。统计以本小区应征询总户数为基数,仅“同意”计入同意户数;"
        f"未交回或未勾选的按未表态统计。通过规则:{batch.rule},未达到的小区暂缓改造。"
    )
    for line in sheet.wrap(note, width, 9 * k):
        sheet.text(left, y, line, size=9 * k)
        y -= 13.5 * k

    signer_y = bottom + 22 + 56 * k
    y -= 12 * k
    if y - 24 * k > signer_y + 16 * k:
        sheet.text(left, y, "意见或建议:", size=10 * k)
        y -= 24 * k
        while y > signer_y + 16 * k:
            sheet.line(left, y, right, y, width=0.4, dash=[1, 2])
            y -= 24 * k

    y = signer_y
    sheet.text(left, y, "签字人:", size=11 * k)
    sheet.line(left + 48 * k, y - 2, left + 200 * k, y - 2)
    sheet.text(left + 230 * k, y, "征询人员:", size=11 * k)
    sheet.line(left + 284 * k, y - 2, right, y - 2)
    y -= 28 * k
    sheet.text(left, y, "与户主关系:", size=11 * k)
    _relation_boxes(sheet, left + 68 * k, y, k)
    y -= 28 * k
    sheet.text(left, y, "日期:", size=11 * k)
    sheet.text(left + 48 * k, y, "          年        月        日", size=11 * k)

    sheet.line(left, bottom + 10, right, bottom + 10, width=0.4)
    sheet.text(left, bottom, f"征询单位:{batch.issuer}", size=8, grey=0.25)


def _choice_boxes(sheet: Sheet, x: float, y: float, k: float) -> None:
    size = 13 * k
    for label in CHOICES:
        sheet.box(x, y - 2 * k, size, size, width=1.2)
        sheet.text(x + size + 6 * k, y, label, size=14 * k, bold=True)
        x += size + 6 * k + sheet.measure(label, 14 * k) + 46 * k


def _relation_boxes(sheet: Sheet, x: float, y: float, k: float) -> None:
    size = 9.5 * k
    for label in ("本人", "家庭成员", "受托人(须附委托书)"):
        sheet.box(x, y - 1.5 * k, size, size, width=0.8)
        sheet.text(x + size + 4 * k, y, label, size=10.5 * k)
        x += size + 4 * k + sheet.measure(label, 10.5 * k) + 16 * k
