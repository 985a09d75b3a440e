"""Export for project managers and other systems: an Excel workbook or CSV files, one table per
sheet, Chinese headers, after a first sheet (说明) saying what the file holds, who exported it,
when and from which file.

The full export holds names, phone numbers and notes (个人信息, protected under 个人信息保护法);
the masked one, for sharing, masks names as the notice does and leaves out phones, notes, device
names and every survey answer that is not a choice, a number or a date; its survey answers are
not tied to an address.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from survey_app.core.clock import chosen_zone, shown_time
from survey_app.core.privacy import mask_name
from survey_app.core.roster import Tenure
from survey_app.core.tally import RoundStatus, outcome_kind
from survey_app.core.vocabulary import (
    VERDICT_CELLS,
    outcome_words,
    rule_words,
    verdict_key,
    word,
    word_of,
)
from survey_app.core.votes import Channel, Outcome, Relation, effective_outcomes
from survey_app.spreadsheets.write import Book, CsvFolder, Progress, XlsxBook, write_records
from survey_app.store.compounds import Compound, list_compounds
from survey_app.store.database import Store, table_names
from survey_app.store.households import Household, households_of
from survey_app.store.rounds import ROUNDS, round_state
from survey_app.store.tallies import compute_tally
from survey_app.store.voids import voided_votes
from survey_app.store.votes import VoteRow, compound_vote_rows

if TYPE_CHECKING:
    import pandas as pd

NOTICE, SUMMARY, HOUSEHOLDS, VOTES, ANSWERS = "说明", "小区汇总", "住户", "意见", "需求调查"
SHEETS = (SUMMARY, HOUSEHOLDS, VOTES, ANSWERS)
"""The data sheets, after the notice."""
WORKBOOK_TITLE = "老旧小区改造征询数据(含个人信息,请妥善保管)"
MASKED_TITLE = "老旧小区改造征询数据(已脱敏)"
MASKED_COLUMNS = frozenset({"户主", "签字人", "调查员"})
LEFT_OUT_WHEN_MASKED = frozenset({"电话", "备注", "设备名称"})
UNTIED_WHEN_MASKED = frozenset({"地址", "住户编号"})


@dataclass(frozen=True)
class Masking:
    """A masked export: `shareable` names, per form, the questions whose answers may be shared
    (choices, numbers, dates); every other answer, and any of a form it does not list, is left
    out."""

    shareable: dict[str, frozenset[str]] = field(default_factory=dict)

    def row(self, row: dict[str, Any]) -> dict[str, Any]:
        return {
            column: mask_name(value) if column in MASKED_COLUMNS else value
            for column, value in row.items()
            if column not in LEFT_OUT_WHEN_MASKED
        }

    def answers_row(self, row: dict[str, Any]) -> dict[str, Any]:
        """An answer row not tied to a door (no address, no household number): counts such as
        残疾人 stay figures, never facts about one home."""
        return {k: v for k, v in self.row(row).items() if k not in UNTIED_WHEN_MASKED}

    def columns(self, columns: Iterable[str]) -> list[str]:
        return [c for c in columns if c not in LEFT_OUT_WHEN_MASKED]


@dataclass(frozen=True)
class Provenance:
    """Who exported the file, when, from which file: the notice sheet says so."""

    exported_by: str
    exported_at: str
    """A stored UTC timestamp (shown in the chosen zone)."""
    source: Path


def notice_rows(provenance: Provenance, masking: Masking | None) -> list[list[str]]:
    """The first sheet: what the file holds and how to treat it, in Chinese and English."""
    if masking is None:
        what = [
            "本文件含个人信息(户主姓名、电话、备注、签字人、调查员、需求调查的回答),"
            "受《中华人民共和国个人信息保护法》保护:仅用于本次改造征询,请勿外传,用完请删除。",
            "This file holds personal information (names, phone numbers, notes, signers, "
            "surveyors, survey answers) protected under the Personal Information Protection Law "
            "of the PRC (个人信息保护法): use it for this consultation only, do not pass it on, "
            "delete it when done.",
        ]
    else:
        what = [
            "本文件已脱敏,可用于分享:姓名已遮盖(如 张*明),不含电话、备注、签名和"
            "需求调查中自由填写的回答,调查回答不对应门牌;住户和意见仍含门牌地址,请只发给需要的人。",
            "Masked for sharing: names are masked (张*明); no phone numbers, notes, signatures or "
            "free-text survey answers, and survey answers are not tied to an address. Households "
            "and votes still show addresses: share it only with those who need it.",
        ]
    return [
        ["说明 Notice", what[0]],
        ["", what[1]],
        ["导出人 Exported by", provenance.exported_by],
        [f"导出{time_heading()} Exported at", shown_time(provenance.exported_at)],
        ["来源文件 From file", str(provenance.source)],
        ["内容 Sheets", "、".join(SHEETS)],
    ]


def time_heading() -> str:
    """`时间(北京时间)`, or `时间(本机时间)` when local time was chosen."""
    return f"时间({word(chosen_zone())})"


def answer_base() -> list[str]:
    return ["小区编码", "地址", "住户编号", "调查员", time_heading()]


class VoteFlag:
    EFFECTIVE = "有效"
    REPLACED = "已替换"
    CONFLICT = "冲突"
    LATE = "逾期"
    VOIDED = "已作废"
    DUPLICATE = "重复"
    """The same choice recorded twice without one replacing the other: counted once."""


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _summary_row(store: Store, code: str, name: str, extra: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {"编码": code, "名称": name, **extra}
    for round_no in ROUNDS:
        tally = compute_tally(store=store, compound=code, round_no=round_no)
        state = round_state(store=store, compound=code, round_no=round_no)
        c = tally.counts
        p = f"第{round_no}轮"
        row["应征询户数"] = c.eligible
        row[f"{p}状态"] = word(state.status)
        row.update({f"{p}同意": c.agree, f"{p}不同意": c.disagree, f"{p}弃权": c.abstain,
                    f"{p}未表态": c.no_response, f"{p}待核实": c.pending, f"{p}逾期": tally.late,
                    f"{p}同意率(%)": float(tally.rate)})  # fmt: skip
        row[f"{p}规则"] = (
            rule_words(tally.rule) if state.status is not RoundStatus.NOT_OPENED else ""
        )
        row[f"{p}结论"] = _verdict(state.status, tally.passed)
        row[f"{p}指纹"] = state.fingerprint or ""
    return row


def _verdict(status: RoundStatus, passed: bool) -> str:
    key = verdict_key(status, passed)
    return VERDICT_CELLS[key].zh if key else ""


@dataclass(frozen=True)
class RoundVotes:
    rows: list[VoteRow]
    outcomes: dict[str, Outcome]
    flags: dict[str, str]


def _round_votes(store: Store, code: str, round_no: int) -> RoundVotes:
    rows = compound_vote_rows(store=store, compound=code, round_no=round_no)
    cutoff = round_state(store=store, compound=code, round_no=round_no).cutoff
    facts = [r.fact() for r in rows]
    voided = voided_votes(store=store, compound=code, round_no=round_no, cutoff=cutoff)
    outcomes = effective_outcomes(facts, cutoff, voided)
    counted = {f.id for f in facts if cutoff is None or f.seq <= cutoff.get(f.device, 0)}
    replaced = {old for f in facts if f.id in counted for old in f.replaces}
    flags = {}
    for row in rows:
        outcome = outcomes.get(row.household)
        if row.id not in counted:
            flags[row.id] = VoteFlag.LATE
        elif row.id in voided:
            flags[row.id] = VoteFlag.VOIDED
        elif row.id in replaced:
            flags[row.id] = VoteFlag.REPLACED
        elif outcome is not None and outcome.conflict:
            flags[row.id] = VoteFlag.CONFLICT
        elif outcome is not None and outcome.effective.id == row.id:
            flags[row.id] = VoteFlag.EFFECTIVE
        else:
            flags[row.id] = VoteFlag.DUPLICATE
    return RoundVotes(rows, outcomes, flags)


def _household_row(
    compound: Compound, h: Household, rounds: dict[int, RoundVotes]
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "小区编码": compound.code, "小区名称": compound.name, "地址": h.address,
        "楼栋": h.building, "单元": h.unit or "", "室": h.room, "户主": h.head or "",
        "电话": h.phone or "", "建筑面积(㎡)": _number(h.area),
        "性质": word_of(Tenure, h.tenure), "应征询": "是" if h.eligible else "否",
    }  # fmt: skip
    for n, rv in rounds.items():
        row[f"第{n}轮意见"] = outcome_words(outcome_kind(rv.outcomes.get(h.id)))
    row.update({"备注": h.note or "", "住户编号": h.id})
    return row


def _household_columns() -> list[str]:
    return ["小区编码", "小区名称", "地址", "楼栋", "单元", "室", "户主", "电话", "建筑面积(㎡)",
            "性质", "应征询", *(f"第{n}轮意见" for n in ROUNDS), "备注", "住户编号"]  # fmt: skip


def _summary_rows(store: Store, compounds: list[Compound]) -> list[dict[str, Any]]:
    return [
        _summary_row(store, c.code, c.name, {
            "区": c.district or "", "街道": c.street or "", "社区": c.community or ""})
        for c in compounds
    ]  # fmt: skip


RATE_FORMATS = {f"第{n}轮同意率(%)": "0.00" for n in ROUNDS}
"""Rates stay numbers (percent, as the header says), shown with their two decimals."""


def export_rows_total(store: Store) -> int:
    """How many rows of data an export writes, for its progress: known before the first row,
    so the bar only moves forward (the survey answers' rows are counted by their table, and
    the sheet corrects the total if it writes another number)."""
    count = "SELECT (SELECT count(*) FROM compounds) + (SELECT count(*) FROM households)"
    total = int(store.db.execute(count + " + (SELECT count(*) FROM votes)").fetchone()[0])
    return total + _survey_rows(store)


def _survey_rows(store: Store) -> int:
    if "survey_current" not in table_names(store.db):
        return 0
    return int(store.db.execute("SELECT count(*) FROM survey_current").fetchone()[0])


def write_export(
    store: Store, book: Book, provenance: Provenance, masking: Masking | None = None
) -> dict[str, int]:
    """The notice and the four sheets into `book` (a workbook or a CSV folder), rows streamed
    compound by compound; returns the rows of each data sheet. With `masking`, the masked
    variant for sharing."""
    lines = list(notice_rows(provenance, masking))
    book.total = len(lines) + export_rows_total(store)
    notice = book.sheet(NOTICE, [])
    for line in lines:
        notice.append(line)
    shared = masking.row if masking is not None else dict
    compounds = list_compounds(store=store)  # by code: the votes sheet's first sort key
    counts = {SUMMARY: write_records(book, SUMMARY, _summary_rows(store, compounds),
                                     formats=RATE_FORMATS)}  # fmt: skip
    households = book.sheet(HOUSEHOLDS, _shown_columns(_household_columns(), masking))
    vote_columns = tuple(_vote_columns())  # once: its time heading reads the chosen zone
    votes = book.sheet(VOTES, _shown_columns(vote_columns, masking))
    counts.update({HOUSEHOLDS: 0, VOTES: 0})
    for compound in compounds:
        rounds = {n: _round_votes(store, compound.code, n) for n in ROUNDS}
        for h in households_of(store=store, compound=compound.code):
            households.append(list(shared(_household_row(compound, h, rounds)).values()))
            counts[HOUSEHOLDS] += 1
        rows = [_vote_row(vote_columns, compound.code, n, v, rv.flags[v.id])
                for n, rv in rounds.items() for v in rv.rows]  # fmt: skip
        heading = time_heading()
        rows.sort(key=lambda r: (r["轮次"], r["地址"], r[heading]))
        for row in rows:
            votes.append(list(shared(row).values()))
        counts[VOTES] += len(rows)
    answers = survey_answers(store, masking)
    book.total += len(answers) - _survey_rows(store)
    columns = [str(c) for c in answers.columns]
    records = (dict(zip(columns, row, strict=True)) for row in answers.itertuples(index=False))
    counts[ANSWERS] = write_records(book, ANSWERS, records, columns=columns)
    return counts


def _shown_columns(columns: Iterable[str], masking: Masking | None) -> list[str]:
    return masking.columns(columns) if masking is not None else list(columns)


def _vote_columns() -> Iterable[str]:
    return ("小区编码", "地址", "轮次", "意见", "状态", "签字人", "签字人关系", "征询方式",
            "调查员", "设备名称", "设备编号", "设备序号", time_heading(), "有签名", "备注",
            "替换的意见", "意见编号", "住户编号")  # fmt: skip


def _vote_row(
    columns: tuple[str, ...], code: str, round_no: int, v: VoteRow, flag: str
) -> dict[str, Any]:
    values = (code, v.household.partition("/")[2], round_no, word(v.choice), flag, v.signer or "",
              word_of(Relation, v.relation), word_of(Channel, v.channel), v.surveyor or "",
              v.device_name or "", v.device, v.seq, shown_time(v.created_at),
              "是" if v.has_signature else "否", v.note or "", ",".join(v.replaces), v.id,
              v.household)  # fmt: skip
    return dict(zip(columns, values, strict=True))


def survey_answers(store: Store, masking: Masking | None = None) -> pd.DataFrame:
    """需求调查: each surveyed household's current answers, one column per question (by its
    name in the form), after the household and the form; headers only when nobody was surveyed.
    Masked: the surveyor's name masked, only the answers `masking` calls shareable."""
    import pandas as pd

    from survey_app.store.survey_answers import current_survey_answers

    if "survey_current" not in table_names(store.db):
        return pd.DataFrame(columns=answer_base())
    forms = [r[0] for r in store.db.execute("SELECT DISTINCT form_id FROM survey_current")]
    rows = []
    for form_id in sorted(forms):
        for answer in current_survey_answers(store=store, form_id=form_id):
            row: dict[str, Any] = {
                "小区编码": answer.compound, "地址": answer.household.partition("/")[2],
                "住户编号": answer.household, "调查员": answer.surveyor or "",
                time_heading(): shown_time(answer.created_at), "问卷": form_id,
            }  # fmt: skip
            shareable = masking.shareable.get(form_id, frozenset()) if masking else None
            row.update({name: _cell(value) for name, value in answer.answers.items()
                        if shareable is None or name in shareable})  # fmt: skip
            rows.append(masking.answers_row(row) if masking else row)
    columns = [*answer_base(), "问卷"]
    if masking is not None:
        columns = [c for c in columns if c not in UNTIED_WHEN_MASKED]
    return pd.DataFrame(rows, columns=None if rows else columns)


def _cell(value: object) -> object:
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    if isinstance(value, dict):
        return str(value)
    return value


def write_xlsx(
    store: Store,
    path: Path,
    provenance: Provenance,
    masking: Masking | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write the workbook (nothing is left behind if it fails); returns the rows of each sheet."""
    title = MASKED_TITLE if masking is not None else WORKBOOK_TITLE
    with XlsxBook(path, title=title, progress=progress) as book:
        return write_export(store, book, provenance, masking)


def write_csv(
    store: Store,
    folder: Path,
    provenance: Provenance,
    masking: Masking | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """One UTF-8 CSV (with BOM, so Excel reads the Chinese) per sheet in `folder`, the notice
    (说明.csv) among them."""
    with CsvFolder(folder, progress=progress) as book:
        return write_export(store, book, provenance, masking)


_NAME_WORDS = {
    "zh": ("征询数据", "含个人信息", "已脱敏"),
    "en": ("survey-data", "personal-data", "masked"),
}


def export_file_name(*, masked: bool, day: str, language: str = "zh", suffix: str = "") -> str:
    """The name an export is given: it says whether it holds personal data
    (`征询数据-含个人信息-2027-03-02.xlsx`) or was masked (`征询数据-已脱敏-…`); English
    `survey-data-personal-data-…` / `survey-data-masked-…`. A CSV folder has no suffix."""
    base, full, shared = _NAME_WORDS["en" if language.startswith("en") else "zh"]
    return f"{base}-{shared if masked else full}-{day}{suffix}"
