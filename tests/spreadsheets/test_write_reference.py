"""The workbook written as text (ooxml.py) reads as the one openpyxl's write-only mode wrote
(openpyxl_reference.py): every value, type, number format, quote prefix, sheet, width and frozen
header, in openpyxl, python-calamine, pandas and LibreOffice."""

from __future__ import annotations

import datetime as dt
import math
import random
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from libreoffice import CSV_FILTER, QUOTED_TEXT, libreoffice_convert
from openpyxl import load_workbook
from openpyxl_reference import OpenpyxlBook
from test_write import FORMULAS, quoted_csv
from test_write import hostile as hostile  # a fixture

from survey_app.spreadsheets.write import Formatted, XlsxBook
from survey_app.store.database import Store
from survey_app.sync.export import Provenance, write_export

TEXTS = [
    *FORMULAS, "#N/A", "#DIV/0!", "#REF", "a\x01b\x1fc", "\x00", "_x0041_", "x_x00411_", "_x",
    "line\r\nbreak", "tab\tinside", " lead", "trail ", "\u3000全角空格", "\n", "<&>\"'", "]]>",
    "东方新村 3-2-501", "emoji 🏠", "a" * 40_000, "--", "=", "+",
    "0012", "1e5", "TRUE", "’quote",
]  # fmt: skip
NUMBERS = [
    0, 1, -1, 2**31, 2**53 + 1, 10**15, 10**16, 2**62, -(2**63), 0.1, 2 / 3, 1e20, 1.5e-7,
    -0.0, 90.0, 86.5, math.nan, True, False, Decimal("1.25"), math.pi * 1e10,
]  # fmt: skip
OTHERS = [
    None, "", Formatted(0.8025, "0.00%"), Formatted(2 / 3, '0.00%"(进行中)"'), Formatted(3, "0"),
    Formatted(math.nan, "0.00"), Formatted(1e300, "0.00E+00"), dt.date(2027, 3, 2),
    dt.datetime(2027, 3, 2, 14, 5, 9), dt.time(8, 30), dt.timedelta(hours=30),
]  # fmt: skip
HEADERS = ["编号", "名称", "率", "备注", "=header", " 空格 "]


def rows(count: int, seed: int) -> list[list[object]]:
    """Rows of every kind of value, in every column, with gaps and ragged ends."""
    chosen = random.Random(seed)
    pool = TEXTS + NUMBERS + OTHERS
    table = []
    for n in range(count):
        width = chosen.randint(0, len(HEADERS) + 2)
        table.append([n, *(chosen.choice(pool) for _ in range(width))])
    return table


def write_both(folder: Path, table: list[list[object]], max_rows: int) -> tuple[Path, Path]:
    written = []
    for kind in (OpenpyxlBook, XlsxBook):
        path = folder / f"{kind.__name__}.xlsx"
        seen: list[tuple[int, int]] = []
        with kind(path, title="标题 <&>", total=len(table) + 3, max_rows=max_rows,
                  progress=lambda d, t, seen=seen: seen.append((d, t))) as book:  # fmt: skip
            notice = book.sheet("说明", [])
            notice.append(["说明 Notice", "=not a formula"])
            notice.append(["", "second line"])
            sheet = book.sheet("意见", HEADERS, formats={"率": "0.00"})
            after = book.sheet("需求调查", ["编号"])
            for row in table:
                sheet.append(row)
            after.append([1])
        written.append((path, seen))
    (old, old_seen), (new, new_seen) = written
    assert new_seen == old_seen
    return old, new


def openpyxl_view(path: Path) -> dict[str, Any]:
    """What openpyxl reads: per sheet its cells (value, type, format, quote prefix, bold),
    column widths and frozen pane; and the workbook's title."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = load_workbook(path)
    sheets = {}
    for sheet in book.worksheets:
        cells = [
            [(c.value, c.data_type, c.number_format, c.quotePrefix, c.font.b) for c in row]
            for row in sheet.iter_rows()
        ]
        widths = {k: d.width for k, d in sheet.column_dimensions.items()}
        sheets[sheet.title] = (cells, widths, sheet.freeze_panes)
    return {"sheets": sheets, "order": book.sheetnames, "title": book.properties.title}


def calamine_view(path: Path) -> dict[str, list[list[object]]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def pandas_view(path: Path, engine: str) -> dict[str, Any]:
    import pandas as pd

    frames = pd.read_excel(path, sheet_name=None, header=None, engine=engine)
    return {name: frame.astype(object).where(frame.notna(), None).values.tolist()
            for name, frame in frames.items()}  # fmt: skip


def same(a: object, b: object) -> bool:
    """Equal, NaN equal to NaN (a pandas empty cell)."""
    return repr(a) == repr(b)


@pytest.mark.parametrize("max_rows", [7, 1_048_576])
def test_every_kind_of_value_reads_as_openpyxl_wrote_it(tmp_path: Path, max_rows: int) -> None:
    table = rows(60, seed=max_rows)
    old, new = write_both(tmp_path, table, max_rows)
    old_view, new_view = openpyxl_view(old), openpyxl_view(new)
    assert new_view == old_view
    if max_rows == 7:
        assert new_view["order"][:3] == ["说明", "意见", "意见 (2)"]
        assert new_view["order"][-1] == "需求调查" and len(new_view["order"]) == 2 + 10
    assert same(calamine_view(new), calamine_view(old))
    for engine in ("openpyxl", "calamine"):
        assert same(pandas_view(new, engine), pandas_view(old, engine))


def test_the_cells_are_what_the_export_promises(tmp_path: Path) -> None:
    """Not only the same as before: formula-like and error-like text is quoted text, numbers
    are numbers with their formats, a text too long for a cell is cut at Excel's limit."""
    table = [[1, "=1+2", 0.25, Formatted(0.5, "0.00%"), "#N/A", "a" * 40_000],
             [2**62, "", True, None, "_x0041_\r", dt.date(2027, 3, 2)]]  # fmt: skip
    _old, new = write_both(tmp_path, table, 1_048_576)
    cells, widths, frozen = openpyxl_view(new)["sheets"]["意见"]
    assert frozen == "A2" and all(cell[4] for cell in cells[0])  # a bold, frozen header
    assert cells[1][:6] == [
        (1, "n", "General", False, False),
        ("=1+2", "s", "General", True, False),
        (0.25, "n", "0.00", False, False),
        (0.5, "n", "0.00%", False, False),
        ("#N/A", "s", "General", True, False),
        ("a" * 32_767, "s", "General", False, False),
    ]
    assert cells[2][0][0] == 2**62 and cells[2][2][:2] == (True, "b")
    assert cells[2][4][0] == "_x005F_x0041__x000D_"  # openpyxl reads the escapes as written
    assert calamine_view(new)["意见"][2][4] == "_x0041_\r"  # calamine (and Excel) decode them
    assert cells[2][5][0] == dt.datetime(2027, 3, 2) and cells[2][5][2] == "yyyy-mm-dd"
    assert widths["F"] == 60


def test_libreoffice_reads_the_same_sheets(tmp_path: Path) -> None:
    old, new = write_both(tmp_path, rows(40, seed=3), 1_048_576)
    seen = []
    for path in (old, new):
        written = libreoffice_convert(path, f"csv:{CSV_FILTER}:{QUOTED_TEXT}", tmp_path / path.stem)
        seen.append({p.stem.removeprefix(path.stem + "-"): quoted_csv(p) for p in written})
    assert seen[1] == seen[0] and set(seen[1]) == {"说明", "意见", "需求调查"}


def test_the_export_reads_as_before(hostile: Store, tmp_path: Path) -> None:
    provenance = Provenance("账户 test@host", "2027-03-02T06:00:00Z", hostile.path)
    paths = []
    for kind in (OpenpyxlBook, XlsxBook):
        path = tmp_path / f"{kind.__name__}.xlsx"
        with kind(path, title="导出") as book:
            write_export(hostile, book, provenance)
        paths.append(path)
    old, new = paths
    assert openpyxl_view(new) == openpyxl_view(old)
    assert calamine_view(new) == calamine_view(old)


def test_characters_xml_cannot_hold_are_dropped(tmp_path: Path) -> None:
    """U+FFFE, U+FFFF and lone surrogates too (openpyxl wrote the first two as they were: a
    workbook no reader opened; a surrogate failed the export)."""
    target = tmp_path / "x.xlsx"
    with XlsxBook(target) as book:
        book.sheet("意见", ["备注\ufffe"]).append(["a\ufffeb\uffffc\ud800d\x00e", "\udfff"])
    cells, _widths, _frozen = openpyxl_view(target)["sheets"]["意见"]
    assert [[c[0] for c in row] for row in cells] == [["备注", None], ["abcde", None]]
    assert calamine_view(target)["意见"] == [["备注"], ["abcde"]]


def test_a_value_no_cell_holds_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "x.xlsx"
    with pytest.raises(ValueError), XlsxBook(target) as book:
        book.sheet("投票", ["编号"]).append([object()])
        book.sheet("空", [])
    assert list(tmp_path.iterdir()) == []


def test_the_package_holds_the_parts_openpyxl_wrote(tmp_path: Path) -> None:
    old, new = write_both(tmp_path, rows(5, seed=1), 1_048_576)
    with zipfile.ZipFile(old) as before, zipfile.ZipFile(new) as after:
        assert sorted(after.namelist()) == sorted(before.namelist())
        assert after.testzip() is None
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in after.infolist())


def test_a_text_written_as_it_is_is_what_the_careful_path_writes() -> None:
    """The common cell's shortcut (`_is_plain`) only takes texts `_text` leaves alone."""
    from survey_app.spreadsheets.write import _is_plain, _text

    alphabet = "a张1é =+-@#_x0&<>\"'\t\n\r\x00\x1f\x7f\x85\xa0\u3000\u200d\u2028\ufffe\ud800🏠"
    chosen = random.Random(7)
    plain = 0
    for _ in range(20_000):
        text = "".join(chosen.choice(alphabet) for _ in range(chosen.randint(1, 5)))
        if _is_plain(text):
            plain += 1
            assert _text("B7", text) == f'<c r="B7" t="inlineStr"><is><t>{text}</t></is></c>'
    assert 1_000 < plain < 19_000
    assert not _is_plain("a" * 32_768) and _is_plain("a" * 32_767)
