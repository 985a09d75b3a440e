"""check-file finds what is wrong with a file; the export reads back to the tally's numbers."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from sync_helpers import COMPOUNDS, Field, all_tallies, file_bytes, household

from survey_app.cli import main
from survey_app.core.votes import Choice
from survey_app.store.round_changes import close_round
from survey_app.store.survey_answers import record_survey_answer
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central


@pytest.fixture
def worked(field_batch: Field) -> Field:
    """Two laptops' work synced into the central file: an effective vote, a changed vote, a
    conflict, the same choice twice, and a vote that came in after the round closed."""
    sync_with_central(store=field_batch.office, central=field_batch.central)
    a, b = field_batch.laptop("A", "王芳"), field_batch.laptop("B", "李强")
    for store in (a, b):
        sync_with_central(store=store, central=field_batch.central)

    def vote(store, compound, index, choice):  # type: ignore[no-untyped-def]
        record_vote(
            store=store,
            household=household(store, compound, index),
            round_no=1,
            choice=choice,
            signer=f"户主{index}",
        )

    vote(a, "NH-001", 0, Choice.AGREE)
    vote(a, "NH-001", 1, Choice.DISAGREE)
    vote(a, "NH-001", 1, Choice.AGREE)  # changed
    vote(a, "NH-001", 2, Choice.AGREE)
    vote(b, "NH-001", 2, Choice.DISAGREE)  # conflict
    vote(a, "NH-001", 3, Choice.ABSTAIN)
    vote(b, "NH-001", 3, Choice.ABSTAIN)  # the same choice twice
    vote(a, "NH-002", 0, Choice.AGREE)
    record_survey_answer(
        store=b,
        household=household(b, "NH-001", 4),
        form_id="needs",
        form_version="1",
        answers={"elevator": "yes", "items": ["roof", "gas"]},
    )
    for store in (a, field_batch.office):
        sync_with_central(store=store, central=field_batch.central)
    close_round(store=field_batch.office, compound="NH-002", round_no=1)
    vote(b, "NH-002", 1, Choice.AGREE)  # late
    for store in (field_batch.office, a, b, a, field_batch.office):
        sync_with_central(store=store, central=field_batch.central)
    return field_batch


def check(path: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["check-file", str(path), "--json"])
    return result.exit_code, json.loads(result.output)


def test_check_file_passes_good_files_and_changes_nothing(worked: Field) -> None:
    before = file_bytes(worked.central)
    code, report = check(worked.central)
    assert (code, report["ok"], report["role"], report["problems"]) == (0, True, "central", [])
    assert report["records"] == len(worked.office.db.execute("SELECT id FROM records").fetchall())
    assert file_bytes(worked.central) == before
    assert check(worked.laptops["A"].path)[1]["role"] == "laptop"


def test_check_file_finds_a_changed_record(worked: Field) -> None:
    conn = sqlite3.connect(worked.central)
    vote = conn.execute("SELECT id FROM records WHERE kind = 'vote' LIMIT 1").fetchone()[0]
    conn.execute(
        "UPDATE records SET payload = replace(payload, 'agree', 'disagree') WHERE id = ?", [vote]
    )
    conn.commit()
    conn.close()
    code, report = check(worked.central)
    assert code == 1
    assert [p["code"] for p in report["problems"]] == ["bad_hash"]
    assert vote in report["problems"][0]["message"]


def test_check_file_finds_a_record_with_a_rewritten_hash_and_a_deleted_record(
    worked: Field,
) -> None:
    conn = sqlite3.connect(worked.central)
    device, last = conn.execute(
        "SELECT device, max(seq) FROM records WHERE kind = 'vote' GROUP BY device LIMIT 1"
    ).fetchone()
    conn.execute("DELETE FROM records WHERE device = ? AND seq = ?", [device, last - 1])
    conn.commit()
    conn.close()
    code, report = check(worked.central)
    assert code == 1
    found = {p["code"] for p in report["problems"]}
    assert found == {"broken_chain", "sequence_gap", "summary_mismatch"}
    # the deleted vote's personal row stays behind, without its record: a note (never shown,
    # never synced; the deletion itself is the problem reported)
    assert "orphan_personal" in {n["code"] for n in report["notes"]}
    assert all(device in p["message"] for p in report["problems"])


@pytest.mark.parametrize(
    ("damage", "problem"),
    [(lambda data: b"not a database" * 10, "not_sqlite"), (lambda data: data[:5000], "truncated")],
)
def test_check_file_on_a_damaged_file_says_what_is_wrong(worked: Field, damage, problem) -> None:  # type: ignore[no-untyped-def]
    worked.central.write_bytes(damage(worked.central.read_bytes()))
    code, report = check(worked.central)
    assert code == 1 and [p["code"] for p in report["problems"]] == [problem]
    result = CliRunner().invoke(main, ["check-file", str(worked.central)])
    assert result.exit_code == 1 and "问题" in result.output


def summary_matches_tallies(summary: pd.DataFrame, worked: Field) -> None:
    tallies = all_tallies(worked.office)
    assert list(summary["编码"]) == list(COMPOUNDS)
    for _, row in summary.iterrows():
        for round_no in (1, 2):
            t = tallies[(row["编码"], round_no)]
            p = f"第{round_no}轮"
            assert int(row["应征询户数"]) == t["eligible"]
            for column, key in (
                ("同意", "agree"),
                ("不同意", "disagree"),
                ("弃权", "abstain"),
                ("未表态", "no_response"),
                ("待核实", "pending"),
                ("逾期", "late"),
            ):
                assert int(row[p + column]) == t[key], (row["编码"], round_no, column)
            assert f"{float(row[p + '同意率(%)']):.2f}" == t["rate"]


def test_export_xlsx_reads_back_to_the_tally(worked: Field, tmp_path: Path) -> None:
    target = tmp_path / "汇总.xlsx"
    before = file_bytes(worked.central)
    result = CliRunner().invoke(
        main, ["export", "--file", str(worked.central), "--xlsx", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert file_bytes(worked.central) == before
    sheets = pd.read_excel(target, sheet_name=None, engine="openpyxl")
    assert list(sheets) == ["说明", "小区汇总", "住户", "意见", "需求调查"]
    summary_matches_tallies(sheets["小区汇总"], worked)
    assert len(sheets["住户"]) == 48
    votes = sheets["意见"]
    assert sorted(votes["状态"]) == sorted(
        ["有效", "已替换", "有效", "冲突", "冲突", "有效", "重复", "有效", "逾期"]
    )
    homes = sheets["住户"].set_index("住户编号")
    assert homes.loc[household(worked.office, "NH-001", 2).id, "第1轮意见"] == "待核实"
    assert homes.loc[household(worked.office, "NH-001", 1).id, "第1轮意见"] == "同意"
    answers = sheets["需求调查"]
    assert list(answers.columns)[:3] == ["小区编码", "地址", "住户编号"]
    assert answers[["elevator", "items"]].values.tolist() == [["yes", "roof gas"]]


def test_export_csv_reads_back_to_the_tally(worked: Field, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    result = CliRunner().invoke(
        main, ["--db", str(worked.office.path), "export", "--csv", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{s}.csv" for s in ("说明", "小区汇总", "住户", "意见", "需求调查")
    )
    assert folder.joinpath("住户.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    summary_matches_tallies(pd.read_csv(folder / "小区汇总.csv", encoding="utf-8-sig"), worked)


def test_the_workbook_opens_in_libreoffice(worked: Field, tmp_path: Path) -> None:
    target = tmp_path / "汇总.xlsx"
    CliRunner().invoke(main, ["export", "--file", str(worked.central), "--xlsx", str(target)])
    out = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(out),
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    summary_matches_tallies(pd.read_csv(out / "汇总-小区汇总.csv"), worked)
    assert len(pd.read_csv(out / "汇总-意见.csv")) == 9


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_export_s_progress_only_moves_forward(
    worked: Field, tmp_path: Path, monkeypatch, kind: str
) -> None:  # type: ignore[no-untyped-def]
    """The rows in all are known before the first is written (the notice's and the survey
    answers' among them), so the bar never jumps back; the last report is the whole."""
    from survey_app.actions.sync import export_data
    from survey_app.spreadsheets import write
    from survey_app.sync.files import open_for_reading

    monkeypatch.setattr(write, "PROGRESS_EVERY", 1)  # every row reported
    reports: list[tuple[int, int]] = []
    store = open_for_reading(worked.central)
    try:
        target = tmp_path / ("汇总.xlsx" if kind == "xlsx" else "csv")
        export_data(
            store=store, **{"xlsx" if kind == "xlsx" else "csv_folder": target},
            progress_for=lambda _target: lambda done, total: reports.append((done, total)),
        )  # fmt: skip
    finally:
        store.close()
    totals = {total for _, total in reports}
    assert len(totals) == 1, sorted(totals)  # one total from the first row to the last
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    assert reports[-1][0] == reports[-1][1] == len(reports) - 1  # the last: the whole, again
