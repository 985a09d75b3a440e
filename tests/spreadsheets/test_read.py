"""The workbook reader gives what openpyxl and LibreOffice see, in the documented kinds."""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path

import pytest
from libreoffice import libreoffice_convert
from openpyxl import Workbook, load_workbook

from survey_app.core.errors import UnreadableFile
from survey_app.spreadsheets.read import (
    SheetRows,
    openpyxl_needed,
    read_csv,
    read_table_file,
    read_workbook,
)

SHARED = Path(__file__).resolve().parents[3] / "shared" / "xlsforms"


def corpus() -> list[Path]:
    return sorted(SHARED.rglob("*.xlsx")) if SHARED.is_dir() else []


def openpyxl_sheets(path: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = []
        for worksheet in book.worksheets:
            worksheet.reset_dimensions()
            sheets.append((worksheet.title, list(worksheet.iter_rows(values_only=True))))
        return sheets
    finally:
        book.close()


def documented(value: object) -> object:
    """openpyxl's value in the reader's documented kinds: whole floats as int, text trimmed
    (empty text is no value), a date-time at midnight as a date."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def by_row(rows: list, convert=lambda v: v) -> dict[int, list[tuple[str, object]]]:  # type: ignore[no-untyped-def, type-arg]
    """Non-empty rows by Excel row number, trailing empty cells dropped, each value with its
    type (so 501 and 501.0, or True and 1, never pass for each other)."""
    kept = {}
    for number, values in enumerate(rows, start=1):
        values = [convert(v) for v in values]
        while values and values[-1] is None:
            values.pop()
        if values:
            kept[number] = [(type(v).__name__, v) for v in values]
    return kept


def test_the_shared_corpus_is_there_and_read_by_calamine() -> None:
    assert len(corpus()) >= 30, f"expected the XLSForm corpus in {SHARED}"
    by_openpyxl = {p.name: openpyxl_needed(p) for p in corpus() if openpyxl_needed(p)}
    assert by_openpyxl == {"onaio__onadata__grains.xlsx": "unpreserved spaces"}


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name[:40])
def test_real_workbooks_read_as_openpyxl_reads_them(path: Path) -> None:
    ours = read_workbook(path)
    theirs = openpyxl_sheets(path)
    assert [s.title for s in ours] == [title for title, _rows in theirs]
    for sheet, (_title, rows) in zip(ours, theirs, strict=True):
        assert by_row(sheet.rows) == by_row(rows, documented), sheet.title


def roster_book(tmp_path: Path, *rows: list[object], name: str = "r.xlsx") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_numbers_text_gaps_dates_and_formulas(tmp_path: Path) -> None:
    path = roster_book(
        tmp_path,
        ["东方新村住户名册"],
        [],
        ["楼栋", "单元", "室", "户主", "面积", "应征询", None, "备注", "入住"],
        [3, 2, 501, " 张三明 ", 86.5, True, None, "=1+1", dt.datetime(2001, 5, 1)],
        ["3", 2.0, "502", "李四", 90.0, False, "", "租户", dt.datetime(2001, 5, 1, 8, 30)],
    )
    (sheet,) = read_workbook(path)
    assert sheet.title == "Sheet"
    assert sheet.rows[0][0] == "东方新村住户名册" and not any(sheet.rows[1])
    # openpyxl saves formulas without results: Excel never computed =1+1, so no value
    assert sheet.rows[3] == [3, 2, 501, "张三明", 86.5, True, None, None, dt.date(2001, 5, 1)]
    assert sheet.rows[4] == ["3", 2, "502", "李四", 90, False, None, "租户",
                             dt.datetime(2001, 5, 1, 8, 30)]  # fmt: skip
    assert [type(v) for v in sheet.rows[4][:5]] == [str, int, str, str, int]


def rewrite_cells(path: Path, cells: dict[str, str]) -> Path:
    """Replace cells of the first sheet by raw XML, as other tools write them."""
    target = path.with_name("raw-" + path.name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for old, new in cells.items():
                    assert old in text
                    text = text.replace(old, new)
                data = text.encode()
            out.writestr(name, data)
    return target


def test_a_whole_number_in_any_notation_is_an_int(tmp_path: Path) -> None:
    path = roster_book(tmp_path, ["面积", "面积", "面积"], [1, 2, 3])
    raw = rewrite_cells(path, {"<v>1</v>": "<v>9E+1</v>", "<v>2</v>": "<v>90.0</v>",
                               "<v>3</v>": "<v>8.65E1</v>"})  # fmt: skip
    assert read_workbook(raw)[0].rows[1] == [90, 90, 86.5]
    assert [type(v) for v in read_workbook(raw)[0].rows[1]] == [int, int, float]


def test_error_cells_keep_their_text(tmp_path: Path) -> None:
    path = roster_book(tmp_path, ["室", "面积"], [501, 1])
    raw = rewrite_cells(path, {'t="n"><v>1</v>': 't="e"><f>VLOOKUP(A2,X:Y,2)</f><v>#N/A</v>'})
    assert (openpyxl_needed(raw), openpyxl_needed(path)) == ("error cells", None)
    assert read_workbook(raw)[0].rows == [["室", "面积"], [501, "#N/A"]]


def test_text_runs_keep_their_spaces_when_the_file_does_not_say_preserve(tmp_path: Path) -> None:
    path = roster_book(tmp_path, ["label"], ["x"])
    runs = "<is><r><t>HOW OFTEN DOES THE REP FROM </t></r><r><t>DOLA VISIT?</t></r></is>"
    raw = rewrite_cells(path, {'t="inlineStr"><is><t>x</t></is>': f't="inlineStr">{runs}'})
    assert openpyxl_needed(raw) == "unpreserved spaces"
    assert read_workbook(raw)[0].rows[1] == ["HOW OFTEN DOES THE REP FROM DOLA VISIT?"]


def test_ods_and_xls_read_as_the_xlsx_they_were_made_from(tmp_path: Path) -> None:
    path = roster_book(
        tmp_path,
        ["楼栋", "室", "户主", "面积", "入住"],
        [3, 501, "张三明", 86.5, dt.date(2001, 5, 1)],
        [3, "502", "=cmd|' /C calc'!A0", 90, None],
    )
    expected = read_workbook(path)[0].rows
    for kind in ("ods", "xls"):
        (converted,) = libreoffice_convert(path, kind, tmp_path / kind)
        (sheet,) = read_workbook(converted)
        assert sheet.rows == expected, kind


def test_files_that_are_not_workbooks(tmp_path: Path) -> None:
    garbage = tmp_path / "x.xlsx"
    garbage.write_bytes(b"not a zip")
    with pytest.raises(UnreadableFile, match="无法打开") as caught:
        read_workbook(garbage)
    assert caught.value.code == "bad_xlsx" and caught.value.params["reason"]
    with pytest.raises(UnreadableFile, match="找不到文件"):
        read_workbook(tmp_path / "missing.xlsx")
    (tmp_path / "r.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(UnreadableFile) as caught:
        read_table_file(tmp_path / "r.pdf")
    assert caught.value.code == "bad_table_suffix"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_in_the_encodings_and_delimiters_excel_and_wps_save(
    tmp_path: Path, encoding: str, delimiter: str
) -> None:
    rows = [
        ["楼栋", "室", "户主", "备注"],
        ["3", "501", "张三明", "租户,姓赵"],
        ["3", "502", "", ""],
    ]
    text = "\r\n".join(delimiter.join(f'"{c}"' if delimiter in c else c for c in r) for r in rows)
    path = tmp_path / "名册.csv"
    path.write_bytes(text.encode(encoding))
    assert read_csv(path) == rows
    assert read_table_file(path) == [SheetRows("名册", rows)]  # type: ignore[arg-type]


def test_csv_in_no_known_encoding(tmp_path: Path) -> None:
    path = tmp_path / "bin.csv"
    path.write_bytes(bytes(range(128, 256)) * 4)
    with pytest.raises(UnreadableFile) as caught:
        read_csv(path)
    assert caught.value.code == "bad_encoding"
