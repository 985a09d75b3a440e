"""`vote void`, `vote --channel phone`, `vote import` and `household edit` through the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from survey_app.cli import main

ROSTER = """楼栋,单元,室,户主,电话,建筑面积,应征询
1,1,101,张伟,13800000101,80.5,是
1,1,102,王芳,13800000102,72,是
1,1,201,李娜、李强,13800000201,72,是
1,1,202,赵磊,13800000202,60,否
2,1,101,陈静,13800000301,65,是
2,1,102,,13800000302,65,是
"""


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = tmp_path / "office.db"

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, ["--db", str(db), *args])

    (tmp_path / "r.csv").write_text(ROSTER, encoding="utf-8")
    ok(invoke("init", "--office", "--device", "办公室", "--surveyor", "周主任"))
    ok(invoke("compound", "add", "--code", "NH-001", "--name", "东方新村"))
    ok(invoke("roster", "import", str(tmp_path / "r.csv"), "--compound", "NH-001"))
    ok(invoke("round", "open", "--compound", "NH-001", "--round", "1"))
    return invoke


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output + result.stderr
    return result


def fails(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def tally(run) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return json.loads(ok(run("tally", "--compound", "NH-001", "--round", "1", "--json")).output)  # type: ignore[no-any-return]


def vote(run, address: str, choice: str = "同意", *extra: str) -> Result:  # type: ignore[no-untyped-def]
    return run("vote", "--compound", "NH-001", "--household", address, "--round", "1",
               "--choice", choice, *extra)  # fmt: skip


def test_a_vote_voided_with_a_reason_stops_counting_and_stays_in_the_export(
    run, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ok(vote(run, "1-1-101"))
    ok(vote(run, "1-1-102"))
    assert tally(run)["agree"] == 2
    args = ["vote", "void", "--compound", "NH-001", "--household", "1幢1单元102室", "--round", "1"]
    fails(run(*args, "--reason", "  "), "作废须写明原因")
    voided = json.loads(ok(run(*args, "--reason", "记错户,应为 1-1-201", "--json")).output)
    assert voided["reason"] == "记错户,应为 1-1-201"
    assert voided["surveyor"] == "周主任" and voided["device_name"] == "办公室"
    assert tally(run)["agree"] == 1
    fails(run(*args, "--reason", "again"), "没有可作废的意见")
    fails(run(*args[:5], "2-1-101", *args[6:], "--reason", "x"), "没有可作废的意见")


def test_a_phone_vote_needs_the_number_and_keeps_it_digits_only(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fails(vote(run, "1-1-101", "同意", "--channel", "电话核实"), "拨打的号码")
    ok(vote(run, "1-1-101", "同意", "--channel", "phone", "--called-number", "138 0000-0101"))
    from survey_app.store.database import open_store
    from survey_app.store.votes import vote_rows
    from tests.conftest import TEST_PASSPHRASE

    store = open_store(tmp_path / "office.db", passphrase=TEST_PASSPHRASE)
    (row,) = vote_rows(store=store, household="NH-001/1-1-101", round_no=1)
    store.close()
    assert (row.channel, row.called_number, row.called_by) == ("phone", "13800000101", "周主任")


EXPORT = [
    ["事项表决结果:东方新村改造意愿征询"],
    ["序号", "房号", "姓名", "表决结果", "表决时间"],
    ["1", "1-1-101", "张 伟", "同意", "2027-03-01 10:00"],
    ["2", "１幢１单元１０２室", "王芳", "反对", "2027-03-01 10:05"],
    ["3", "1-1-201", "李强", "赞成", "2027-03-01 11:00"],
    ["4", "1-1-202", "赵磊", "同意", "2027-03-01 11:10"],
    ["5", "9-9-999", "无名", "同意", "2027-03-01 11:20"],
    ["6", "2-1-101", "陈晶", "同意", "2027-03-01 11:30"],
    ["7", '=HYPERLINK("http://x")', "=1+1", "同意", ""],
    ["8", "2-1-102", "某人", "同意", ""],
    ["9", "1-1-101", "张伟", "同意", "2027-03-02 09:00"],
    ["10", "2-1-101", "陈静", "没想好", ""],
]


def write_export(path: Path, rows: list[list[str]] = EXPORT) -> Path:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            csv.writer(out).writerows(rows)
        return path
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_online_export_imports_matched_rows_once_and_lists_the_rest(
    run, tmp_path: Path, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    path = write_export(tmp_path / f"表决结果{suffix}")
    args = ["vote", "import", str(path), "--compound", "NH-001", "--round", "1", "--json"]
    dry = json.loads(ok(run(*args, "--dry-run")).output)
    assert tally(run)["agree"] == 0 and tally(run)["disagree"] == 0
    assert [(m["row"], m["address"], m["choice"]) for m in dry["matched"]] == [
        (3, "1-1-101", "agree"), (4, "1-1-102", "disagree"), (5, "1-1-201", "agree"),
    ]  # fmt: skip
    reasons = {u["row"]: u["reason"] for u in dry["unmatched"]}
    assert reasons == {
        6: "not_eligible", 7: "no_such_household", 8: "name_differs",
        9: "no_address" if suffix == ".xlsx" else "bad_address",
        10: "no_head_on_roster", 11: "duplicate_row", 12: "unknown_choice",
    }  # fmt: skip
    done = json.loads(ok(run(*args)).output)
    assert done["imported"] == 3 and not done["dry_run"]
    t = tally(run)
    assert (t["agree"], t["disagree"]) == (2, 1)
    again = json.loads(ok(run(*args)).output)
    assert again["imported"] == 0 and len(again["already_imported"]) == 3
    assert tally(run) == t
    text = ok(run(*args[:-1], "--dry-run")).output
    assert "第8行 未导入:2-1-101 陈晶:姓名与名册上的户主不符" in text


def test_rows_of_one_household_that_disagree_import_nothing_and_a_bad_file_is_one_line(
    run, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rows = [
        ["住址", "业主姓名", "意见"],
        ["1-1-101", "张伟", "同意"],
        ["1-1-101", "张伟", "不同意"],
    ]
    path = write_export(tmp_path / "x.csv", rows)
    done = json.loads(ok(run("vote", "import", str(path), "--compound", "NH-001", "--round",
                             "1", "--json")).output)  # fmt: skip
    assert done["imported"] == 0
    assert [(u["row"], u["reason"]) for u in done["unmatched"]] == [
        (2, "conflicting_rows"),
        (3, "conflicting_rows"),
    ]
    other = write_export(tmp_path / "y.csv", [["a", "b"], ["1", "2"]])
    fails(run("vote", "import", str(other), "--compound", "NH-001", "--round", "1"),
          "不是线上表决结果")  # fmt: skip


def test_the_office_edits_a_household_and_a_frozen_round_does_not_move(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    args = ["household", "edit", "--compound", "NH-001", "--household", "1-1-202"]
    edited = json.loads(ok(run(*args, "--phone", "１３８-0000 0999", "--head", "赵磊磊",
                               "--area", "６０．５㎡", "--json")).output)  # fmt: skip
    assert edited["changed"] == ["head", "phone", "area"]
    assert (edited["phone"], edited["area"], edited["edited_by"]) == (
        "13800000999",
        "60.5",
        "周主任",
    )
    fails(run(*args, "--head", "赵磊磊"), "没有变化")
    assert tally(run)["eligible"] == 5
    ok(run(*args, "--eligible"))
    assert tally(run)["eligible"] == 6
    ok(vote(run, "1-1-202"))
    ok(run("round", "close", "--compound", "NH-001", "--round", "1"))
    before = tally(run)
    out = ok(run(*args, "--not-eligible")).output
    assert "第1轮已结束" in out
    assert tally(run) == before
