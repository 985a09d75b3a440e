"""The fast .xlsx reader returns what openpyxl returns, or steps aside (None)."""

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from survey_app.store.roster_import import read_xlsx_sheets_openpyxl
from survey_app.store.xlsx_rows import read_plain_xlsx

SHARED = Path(__file__).resolve().parents[3] / "shared" / "xlsforms"


def normalised(sheets: list) -> list[dict[int, list[object]]]:  # type: ignore[type-arg]
    result = []
    for rows in sheets:
        kept = {}
        for number, values in rows:
            values = list(values)
            while values and values[-1] is None:
                values.pop()
            if values:  # typed: 501 and 501.0, or True and 1, must not pass for each other
                kept[number] = [(type(v).__name__, v) for v in values]
        result.append(kept)
    return result


def corpus() -> list[Path]:
    return sorted(SHARED.rglob("*.xlsx")) if SHARED.is_dir() else []


def test_the_shared_corpus_is_there() -> None:
    assert len(corpus()) >= 30, f"expected the XLSForm corpus in {SHARED}"


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name[:40])
def test_real_workbooks_read_as_openpyxl_reads_them(path: Path) -> None:
    fast = read_plain_xlsx(path)
    if fast is None:
        return  # dates or something unusual: openpyxl reads it, nothing to compare
    assert normalised(fast) == normalised(read_xlsx_sheets_openpyxl(path))


def roster_book(tmp_path: Path, *rows: list[object]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / "r.xlsx"
    book.save(path)
    return path


def test_a_roster_with_numbers_text_gaps_and_formulas(tmp_path: Path) -> None:
    path = roster_book(
        tmp_path,
        ["东方新村住户名册"],
        [],
        ["楼栋", "单元", "室", "户主", "面积", "应征询", None, "备注"],
        [3, 2, 501, "张三明", 86.5, True, None, "=1+1"],
        ["3", 2.0, "502", "李四", 72, False, None, "租户"],
    )
    fast = read_plain_xlsx(path)
    assert fast is not None
    assert normalised(fast) == normalised(read_xlsx_sheets_openpyxl(path))
    assert fast[0][3] == (4, [3, 2, 501, "张三明", 86.5, True, None, None])
    assert [type(v) for v in fast[0][3][1][2:5]] == [int, str, float]


def test_a_workbook_with_dates_is_left_to_openpyxl(tmp_path: Path) -> None:
    path = roster_book(tmp_path, ["楼栋", "室", "入住日期"], [3, 501, date(2001, 5, 1)])
    assert read_plain_xlsx(path) is None
    assert read_xlsx_sheets_openpyxl(path)[0][1][1][2].year == 2001


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    assert read_plain_xlsx(path) is None
