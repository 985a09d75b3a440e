"""Export for project managers and other systems: an Excel workbook or CSV files, one table per
sheet, Chinese headers. The households and votes hold names and phone numbers (个人信息)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from survey_app.core.errors import UnreadableFile
from survey_app.core.roster import Tenure
from survey_app.core.tally import RoundStatus, outcome_kind
from survey_app.core.votes import Channel, Choice, Outcome, Relation, effective_outcomes
from survey_app.store.compounds import list_compounds
from survey_app.store.database import Store, table_names
from survey_app.store.households import households_of
from survey_app.store.rounds import ROUNDS, round_state
from survey_app.store.tallies import compute_tally
from survey_app.store.votes import VoteRow, vote_rows

if TYPE_CHECKING:
    import pandas as pd

SUMMARY, HOUSEHOLDS, VOTES, ANSWERS = "小区汇总", "住户", "意见", "需求调查"
SHEETS = (SUMMARY, HOUSEHOLDS, VOTES, ANSWERS)
BEIJING = timezone(timedelta(hours=8))
OUTCOME_ZH = {"agree": "同意", "disagree": "不同意", "abstain": "弃权",
              "no_response": "未表态", "pending": "待核实"}  # fmt: skip
ANSWER_BASE = ["小区编码", "地址", "住户编号", "调查员", "时间(北京时间)"]


class VoteFlag:
    EFFECTIVE = "有效"
    REPLACED = "已替换"
    CONFLICT = "冲突"
    LATE = "逾期"
    DUPLICATE = "重复"
    """The same choice recorded twice without one replacing the other: counted once."""


def beijing_time(utc_text: str) -> str:
    moment = datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


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
        row[f"{p}状态"] = state.status.zh
        row.update({f"{p}同意": c.agree, f"{p}不同意": c.disagree, f"{p}弃权": c.abstain,
                    f"{p}未表态": c.no_response, f"{p}待核实": c.pending, f"{p}逾期": tally.late,
                    f"{p}同意率(%)": float(tally.rate)})  # fmt: skip
        row[f"{p}规则"] = (
            tally.rule.describe_zh() if state.status is not RoundStatus.NOT_OPENED else ""
        )
        row[f"{p}结论"] = _verdict(state.status, tally.passed)
        row[f"{p}指纹"] = state.fingerprint or ""
    return row


def _verdict(status: RoundStatus, passed: bool) -> str:
    if status is RoundStatus.NOT_OPENED:
        return ""
    if status is RoundStatus.CLOSED:
        return "达到" if passed else "未达到(暂缓改造)"
    return "进行中,目前" + ("达到" if passed else "未达到")


@dataclass(frozen=True)
class RoundVotes:
    rows: list[VoteRow]
    outcomes: dict[str, Outcome]
    flags: dict[str, str]


def _round_votes(store: Store, code: str, round_no: int) -> RoundVotes:
    ids = [r[0] for r in store.db.execute(
        "SELECT DISTINCT household FROM votes WHERE compound = ? AND round = ?", [code, round_no]
    ).fetchall()]  # fmt: skip
    rows = [v for h in ids for v in vote_rows(store=store, household=h, round_no=round_no)]
    cutoff = round_state(store=store, compound=code, round_no=round_no).cutoff
    facts = [r.fact() for r in rows]
    outcomes = effective_outcomes(facts, cutoff)
    counted = {f.id for f in facts if cutoff is None or f.seq <= cutoff.get(f.device, 0)}
    replaced = {old for f in facts if f.id in counted for old in f.replaces}
    flags = {}
    for row in rows:
        outcome = outcomes.get(row.household)
        if row.id not in counted:
            flags[row.id] = VoteFlag.LATE
        elif row.id in replaced:
            flags[row.id] = VoteFlag.REPLACED
        elif outcome is not None and outcome.conflict:
            flags[row.id] = VoteFlag.CONFLICT
        elif outcome is not None and outcome.effective.id == row.id:
            flags[row.id] = VoteFlag.EFFECTIVE
        else:
            flags[row.id] = VoteFlag.DUPLICATE
    return RoundVotes(rows, outcomes, flags)


def _zh(
    kind: type[Choice] | type[Relation] | type[Channel] | type[Tenure], value: str | None
) -> str:
    if not value:
        return ""
    try:
        return str(kind(value).zh)
    except ValueError:
        return value


def export_tables(store: Store) -> dict[str, pd.DataFrame]:
    """The four tables of the export, as DataFrames with Chinese headers."""
    import pandas as pd

    summary: list[dict[str, Any]] = []
    households: list[dict[str, Any]] = []
    votes: list[dict[str, Any]] = []
    for compound in list_compounds(store=store):
        code = compound.code
        summary.append(_summary_row(store, code, compound.name, {
            "区": compound.district or "", "街道": compound.street or "",
            "社区": compound.community or ""}))  # fmt: skip
        rounds = {n: _round_votes(store, code, n) for n in ROUNDS}
        for h in households_of(store=store, compound=code):
            row: dict[str, Any] = {
                "小区编码": code, "小区名称": compound.name, "地址": h.address,
                "楼栋": h.building, "单元": h.unit or "", "室": h.room, "户主": h.head or "",
                "电话": h.phone or "", "建筑面积(㎡)": _number(h.area),
                "性质": _zh(Tenure, h.tenure), "应征询": "是" if h.eligible else "否",
            }  # fmt: skip
            for n, rv in rounds.items():
                row[f"第{n}轮意见"] = OUTCOME_ZH[outcome_kind(rv.outcomes.get(h.id))]
            row.update({"备注": h.note or "", "住户编号": h.id})
            households.append(row)
        for n, rv in rounds.items():
            votes.extend(_vote_row(code, n, v, rv.flags[v.id]) for v in rv.rows)
    votes.sort(key=lambda r: (r["小区编码"], r["轮次"], r["地址"], r["时间(北京时间)"]))
    return {
        SUMMARY: pd.DataFrame(summary),
        HOUSEHOLDS: pd.DataFrame(households),
        VOTES: pd.DataFrame(votes, columns=list(_vote_columns())),
        ANSWERS: survey_answers(store),
    }


def _vote_columns() -> Iterable[str]:
    return ("小区编码", "地址", "轮次", "意见", "状态", "签字人", "签字人关系", "征询方式",
            "调查员", "设备名称", "设备编号", "设备序号", "时间(北京时间)", "有签名", "备注",
            "替换的意见", "意见编号", "住户编号")  # fmt: skip


def _vote_row(code: str, round_no: int, v: VoteRow, flag: str) -> dict[str, Any]:
    values = (code, v.household.partition("/")[2], round_no, v.choice.zh, flag, v.signer or "",
              _zh(Relation, v.relation), _zh(Channel, v.channel), v.surveyor or "",
              v.device_name or "", v.device, v.seq, beijing_time(v.created_at),
              "是" if v.has_signature else "否", v.note or "", ",".join(v.replaces), v.id,
              v.household)  # fmt: skip
    return dict(zip(_vote_columns(), values, strict=True))


def survey_answers(store: Store) -> pd.DataFrame:
    """需求调查: each surveyed household's current answers, one column per question (by its
    name in the form), after the household and the form; headers only when nobody was surveyed."""
    import pandas as pd

    from survey_app.store.survey_answers import current_survey_answers

    if "survey_current" not in table_names(store.db):
        return pd.DataFrame(columns=ANSWER_BASE)
    forms = [r[0] for r in store.db.execute("SELECT DISTINCT form_id FROM survey_current")]
    rows = []
    for form_id in sorted(forms):
        for answer in current_survey_answers(store=store, form_id=form_id):
            row: dict[str, Any] = {
                "小区编码": answer.compound, "地址": answer.household.partition("/")[2],
                "住户编号": answer.household, "调查员": answer.surveyor or "",
                "时间(北京时间)": beijing_time(answer.created_at), "问卷": form_id,
            }  # fmt: skip
            row.update({name: _cell(value) for name, value in answer.answers.items()})
            rows.append(row)
    return pd.DataFrame(rows, columns=None if rows else [*ANSWER_BASE, "问卷"])


def _cell(value: object) -> object:
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    if isinstance(value, dict):
        return str(value)
    return value


def write_xlsx(store: Store, path: Path) -> dict[str, int]:
    """Write the workbook; returns the rows of each sheet."""
    import pandas as pd

    tables = export_tables(store)
    temporary = path.with_name(f".{path.name}.writing")
    try:
        with pd.ExcelWriter(temporary, engine="openpyxl") as writer:
            for sheet, frame in tables.items():
                frame.to_excel(writer, sheet_name=sheet, index=False)
                _shape_sheet(writer.sheets[sheet], frame)
            writer.book.properties.title = "老旧小区改造征询数据(含个人信息,请妥善保管)"
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UnreadableFile(
            f"无法写入 {path}:{error}", code="cannot_write", path=str(path)
        ) from error
    return {sheet: len(frame) for sheet, frame in tables.items()}


def _shape_sheet(sheet: Any, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Font

    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(frame.columns, start=1):
        values = [str(column), *(str(v) for v in frame[column].head(200))]
        width = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in v) for v in values)
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(width + 2, 60)


def write_csv(store: Store, folder: Path) -> dict[str, int]:
    """One UTF-8 CSV (with BOM, so Excel reads the Chinese) per sheet in `folder`."""
    tables = export_tables(store)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for sheet, frame in tables.items():
            temporary = folder / f".{sheet}.csv.writing"
            frame.to_csv(temporary, index=False, encoding="utf-8-sig")
            temporary.replace(folder / f"{sheet}.csv")
    except OSError as error:
        raise UnreadableFile(
            f"无法写入 {folder}:{error}", code="cannot_write", path=str(folder)
        ) from error
    return {sheet: len(frame) for sheet, frame in tables.items()}
