"""A real roster end to end: areas and phones as people write them, a footer, and what the
CLI shows of them (roster import, household list, tally, export)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import Workbook

from survey_app.cli import main

ROWS = [
    ["楼栋", "单元", "室", "户主", "电话", "建筑面积(㎡)"],
    ["1", "1", "101", "刘伟军", "138-0000-0101", 90],
    ["1", "1", "102", "王芳", "１３８００００0102", "８５．６"],
    ["1", "1", "201", "李娜", "138 0000 0201", "85.6 平方米"],
    ["1", "1", "202", "赵磊", None, "72㎡"],
    ["1", "1", "301", "陈静", "(138)0000-0301", 90.0],
    [None, None, None, None, None, None],
    ["合计", None, None, None, None, 423.2],
    ["填表人:张三", None, None, "审核人:李四", None, None],
]


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = tmp_path / "cli.db"

    def invoke(*args: str) -> Result:
        result = CliRunner().invoke(main, ["--db", str(db), *args])
        assert result.exit_code == 0, result.output + result.stderr
        return result

    invoke("init", "--office", "--device", "测试-01", "--surveyor", "王芳")
    invoke("compound", "add", "--code", "NH-001", "--name", "东方新村")
    return invoke


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in ROWS:
        sheet.append(row)
    path = tmp_path / "名册.xlsx"
    book.save(path)
    return path


def test_import_reports_the_footer_as_skipped_not_as_errors(run, roster):
    result = run("roster", "import", str(roster), "--compound", "NH-001")
    lines = result.output.splitlines()
    assert lines[0] == "导入 5 户,未变化 0 户,有误 0 行,跳过表尾 2 行"
    assert lines[1:] == [
        "  第 8 行:表尾行(“合计”),不是住户,已跳过",
        "  第 9 行:表尾行(“填表人:张三”),不是住户,已跳过",
    ]


def test_import_json_lists_the_skipped_rows(run, roster):
    report = json.loads(
        run("roster", "import", str(roster), "--compound", "NH-001", "--json").output
    )
    assert report["errors"] == []
    assert [s["row"] for s in report["skipped"]] == [8, 9]


def test_areas_and_phones_are_shown_as_written_and_stored_as_digits(run, roster, tmp_path):
    run("roster", "import", str(roster), "--compound", "NH-001")
    listed = json.loads(run("household", "list", "--compound", "NH-001", "--json").output)
    assert [(h["area"], h["phone"]) for h in listed] == [
        ("90", "13800000101"),
        ("85.6", "13800000102"),
        ("85.6", "13800000201"),
        ("72", None),
        ("90", "13800000301"),
    ]
    table = run("household", "list", "--compound", "NH-001").output
    assert "9E+1" not in table and "90.0" not in table
    run("export", "--csv", str(tmp_path / "out"))
    with (tmp_path / "out" / "住户.csv").open(encoding="utf-8-sig") as exported:
        rows = list(csv.DictReader(exported))
    assert [r["建筑面积(㎡)"] for r in rows] == ["90", "85.6", "85.6", "72", "90"]
    assert rows[0]["电话"] == "13800000101"


def test_every_household_is_in_the_eighty_percent_base(run, roster):
    run("roster", "import", str(roster), "--compound", "NH-001")
    run("round", "open", "--compound", "NH-001", "--round", "1")
    tally = json.loads(run("tally", "--compound", "NH-001", "--round", "1", "--json").output)
    assert tally["eligible"] == 5
