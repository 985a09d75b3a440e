"""Exports are data, never code (checked by LibreOffice), stream past Excel's row limit, report
progress, and leave no partial file when they fail."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from libreoffice import CSV_FILTER, QUOTED_TEXT, libreoffice_convert

from survey_app.cli import main
from survey_app.core.clock import today
from survey_app.core.errors import UnreadableFile
from survey_app.core.rules import ConsentRule
from survey_app.core.votes import Choice
from survey_app.spreadsheets.read import read_csv, read_workbook
from survey_app.spreadsheets.write import EXCEL_MAX_ROWS, CsvFolder, Formatted, XlsxBook
from survey_app.store.compounds import save_compound
from survey_app.store.database import Store
from survey_app.store.households import households_of
from survey_app.store.roster_import import import_roster
from survey_app.store.round_changes import open_round
from survey_app.store.votes import record_vote
from survey_app.sync.export import export_file_name
from tests.conftest import write_csv

FORMULAS = ['=1+2', '=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(1)", "\t=1", "\r=1",
            "=cmd|' /C calc'!A0"]  # fmt: skip


def quoted_csv(path: Path) -> list[list[tuple[str, bool]]]:
    """LibreOffice's CSV: each field with whether it was quoted (text) or bare (a number)."""
    with path.open(encoding="utf-8", newline="") as stream:  # a carriage return stays one
        text = stream.read()
    rows: list[list[tuple[str, bool]]] = []
    row: list[tuple[str, bool]] = []
    field, quoted, inside, at = "", False, False, 0
    while at < len(text):
        char = text[at]
        if inside and char == '"' and text[at + 1 : at + 2] == '"':
            field, at = field + '"', at + 1  # a doubled quote inside quotes is one quote
        elif char == '"':
            inside, quoted = not inside, True
        elif inside or char not in ",\n":
            field += char
        else:
            row.append((field, quoted))
            field, quoted = "", False
            if char == "\n":
                rows.append(row)
                row = []
        at += 1
    return rows


def libreoffice_sheets(workbook: Path, out: Path) -> dict[str, list[list[tuple[str, bool]]]]:
    written = libreoffice_convert(workbook, f"csv:{CSV_FILTER}:{QUOTED_TEXT}", out)
    return {p.stem.removeprefix(workbook.stem + "-"): quoted_csv(p) for p in written}


@pytest.fixture
def hostile(store: Store, tmp_path: Path) -> Store:
    """A compound whose name, heads, notes, signers and vote notes look like formulas."""
    save_compound(store=store, code="NH-001", name="=1+2")
    rows = [["楼栋", "室", "户主", "建筑面积", "备注"]]
    rows += [["3", str(501 + i), f'"{text}"', "90", f'"{text}"'] for i, text in
             enumerate(t.replace('"', '""') for t in FORMULAS)]  # fmt: skip
    import_roster(store=store, path=write_csv(tmp_path / "r.csv", rows), compound="NH-001")
    open_round(store=store, compound="NH-001", round_no=1, rule=ConsentRule())
    for household, text in zip(households_of(store=store, compound="NH-001"), FORMULAS,
                               strict=True):  # fmt: skip
        record_vote(store=store, household=household, round_no=1, choice=Choice.AGREE,
                    signer=text, note=text)  # fmt: skip
    return store


def export(store: Store, *args: str) -> None:
    result = CliRunner().invoke(main, ["--db", str(store.path), "export", *args])
    assert result.exit_code == 0, result.output


def test_formula_text_in_the_workbook_stays_text_in_libreoffice(
    hostile: Store, tmp_path: Path
) -> None:
    target = tmp_path / "汇总.xlsx"
    export(hostile, "--xlsx", str(target))
    sheets = libreoffice_sheets(target, tmp_path / "lo")
    votes = sheets["意见"]
    header = [text for text, _quoted in votes[0]]
    signers = [row[header.index("签字人")] for row in votes[1:]]
    notes = [row[header.index("备注")] for row in votes[1:]]
    assert sorted(signers) == sorted(notes) == sorted((text, True) for text in FORMULAS)
    homes = sheets["住户"]
    heads = {row[[t for t, _q in homes[0]].index("户主")] for row in homes[1:]}
    assert heads == {(text.strip(), True) for text in FORMULAS}  # the roster trims its cells
    summary = sheets["小区汇总"]
    columns = [text for text, _quoted in summary[0]]
    assert summary[1][columns.index("名称")] == ("=1+2", True)
    assert summary[1][columns.index("第1轮同意率(%)")] == ("100", False)  # a number, not text
    assert summary[1][columns.index("第1轮同意")] == ("8", False)
    assert homes[1][[t for t, _q in homes[0]].index("建筑面积(㎡)")] == ("90", False)


def test_formula_text_in_the_csv_export_gets_a_quote_libreoffice_keeps(
    hostile: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "csv"
    export(hostile, "--csv", str(folder))
    ours = list(csv.reader((folder / "意见.csv").open(encoding="utf-8-sig", newline="")))
    signers = [row[ours[0].index("签字人")] for row in ours[1:]]
    assert sorted(signers) == sorted("'" + text for text in FORMULAS)
    (opened,) = libreoffice_convert(folder / "意见.csv", f"csv:{CSV_FILTER}:{QUOTED_TEXT}",
                                    tmp_path / "lo", infilter="CSV:44,34,76,1")  # fmt: skip
    seen = quoted_csv(opened)
    column = [text for text, _quoted in seen[0]].index("签字人")
    # LibreOffice reads a line break inside a CSV field, \r too, as its own line break (\n)
    expected = sorted(("'" + t.replace("\r", "\n"), True) for t in FORMULAS)
    assert sorted(row[column] for row in seen[1:]) == expected
    summary = read_csv(folder / "小区汇总.csv")
    assert summary[1][summary[0].index("第1轮同意率(%)")] == "100"


def test_a_sheet_past_the_row_limit_goes_on_in_the_next_sheet(tmp_path: Path) -> None:
    target = tmp_path / "big.xlsx"
    seen: list[tuple[int, int]] = []
    with XlsxBook(target, total=13, progress=lambda d, t: seen.append((d, t)), max_rows=5) as book:
        votes = book.sheet("投票", ["编号", "签字人"])
        after = book.sheet("需求调查", ["编号"])
        for n in range(12):
            votes.append([n, f"户主{n}"])
        after.append([1])
    sheets = read_workbook(target)
    assert [s.title for s in sheets] == ["投票", "投票 (2)", "投票 (3)", "需求调查"]
    assert [len(s.rows) for s in sheets] == [5, 5, 5, 2]
    assert all(s.rows[0] == ["编号", "签字人"] for s in sheets[:3])
    assert [r[0] for s in sheets[:3] for r in s.rows[1:]] == list(range(12))
    assert seen[-1] == (13, 13)

    folder = tmp_path / "csv"
    with CsvFolder(folder) as csv_book:
        sheet = csv_book.sheet("投票", ["编号"])
        for n in range(12):
            sheet.append([n])
    assert len(read_csv(folder / "投票.csv")) == 13  # CSV has no limit


def test_the_row_limit_is_excels() -> None:
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.xml.constants import MAX_ROW

    from survey_app.spreadsheets.write import _ERROR_CODES

    assert EXCEL_MAX_ROWS == MAX_ROW == 2**20  # header included: 1,048,575 rows of data
    assert frozenset(ERROR_CODES) == _ERROR_CODES


def test_numbers_stay_numbers_with_their_format(tmp_path: Path) -> None:
    target = tmp_path / "排名.xlsx"
    with XlsxBook(target) as book:
        sheet = book.sheet("排名", ["小区", "同意率", "面积", "状态"])
        sheet.append(["东方新村", Formatted(0.8025, "0.00%"), 90.0, "#N/A"])
        sheet.append(["西湖", Formatted(2 / 3, '0.00%"(进行中)"'), 86.5, None])
    from openpyxl import load_workbook

    cells = list(load_workbook(target).active.iter_rows(min_row=2))  # type: ignore[union-attr]
    assert [(c.value, c.number_format) for c in (cells[0][1], cells[1][1])] == [
        (0.8025, "0.00%"),
        (2 / 3, '0.00%"(进行中)"'),
    ]
    assert (cells[0][2].value, cells[0][3].data_type, cells[0][3].value) == (90, "s", "#N/A")
    shown = libreoffice_convert(target, f"csv:{CSV_FILTER}:44,34,76,1,,0,true,true,true",
                                tmp_path / "lo")  # fmt: skip
    assert quoted_csv(shown[0])[1:] == [
        [("东方新村", True), ("80.25%", False), ("90", False), ("#N/A", True)],
        [("西湖", True), ("66.67%(进行中)", False), ("86.5", False), ("", False)],
    ]


def test_a_failed_export_leaves_no_file_and_no_traceback(hostile: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(RuntimeError), XlsxBook(out / "x.xlsx") as book:
        book.sheet("投票", ["编号"]).append([1])
        raise RuntimeError("cut off")
    with pytest.raises(RuntimeError), CsvFolder(out / "csv") as csv_book:
        csv_book.sheet("投票", ["编号"]).append([1])
        raise RuntimeError("cut off")
    assert [p for p in out.rglob("*") if p.is_file()] == []
    taken = out / "汇总.xlsx"
    taken.mkdir()  # the name is taken by a folder: the rename fails at the very end
    with pytest.raises(UnreadableFile) as caught, XlsxBook(taken) as book:
        book.sheet("投票", ["编号"]).append([1])
    assert caught.value.code == "cannot_export"
    inner = taken / export_file_name(masked=False, day=today().isoformat(), suffix=".xlsx")
    inner.mkdir()  # given a folder, the CLI names the workbook inside it: taken by a folder too
    result = CliRunner().invoke(main, ["--db", str(hostile.path), "export", "--xlsx", str(taken)])
    assert result.exit_code == 1 and "无法写入" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert sorted(p.name for p in out.iterdir()) == ["csv", "汇总.xlsx"]
    assert list(taken.iterdir()) == [inner] and list(inner.iterdir()) == []


def test_the_cli_prints_a_progress_line(hostile: Store, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["--db", str(hostile.path), "export", "--xlsx", str(tmp_path / "a.xlsx")]
    )
    assert result.exit_code == 0
    assert "正在导出" in result.stderr and "(100%)" in result.stderr
    assert "已导出" in result.stdout


def test_an_empty_text_is_a_blank_cell(tmp_path: Path) -> None:
    """No cell is written for "" (an empty text cell is a blank to every reader, and the
    export has hundreds of thousands of them); the CSV keeps its empty field."""
    import zipfile

    target = tmp_path / "空.xlsx"
    with XlsxBook(target) as book:
        book.sheet("住户", ["单元", "户主", "备注"]).append(["", "张三", ""])
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="B2"' in xml and '<c r="A2"' not in xml and '<c r="C2"' not in xml
    assert read_workbook(target)[0].rows[1][:2] == [None, "张三"]

    folder = tmp_path / "csv"
    with CsvFolder(folder) as csv_book:
        csv_book.sheet("住户", ["单元", "户主", "备注"]).append(["", "张三", ""])
    assert read_csv(folder / "住户.csv")[1] == ["", "张三", ""]
