"""Reading workbooks (.xlsx, .xlsm, .xls, .ods) and CSV files into rows of cell values.

Workbooks are read by python-calamine (Rust; about 10× openpyxl on a roster). A sheet's rows
start at row 1 and column A, so a value's place is its Excel row and column. Cells come back as:

- numbers: int when whole (a floor area typed 90 is 90, never 90.0), else float;
- dates and times: datetime.date for a date at midnight, datetime.datetime, datetime.time,
  datetime.timedelta for durations;
- text: str, trimmed of surrounding whitespace (calamine already trims inline strings that do
  not say xml:space="preserve", so trimming every text is the one rule that always holds);
- True / False; None for an empty cell (and for empty text);
- formula cells: their cached result, as Excel last computed it (None if it never did).

Two kinds of .xlsx are read by openpyxl instead, where calamine would change a value (see
`openpyxl_needed`): one holding error cells (#N/A, #DIV/0!), which calamine reads as empty, so a
roster's "#N/A" floor area would pass for a missing one; and one whose text runs start or end
with spaces without xml:space="preserve" (written by tools other than Excel), which calamine
trims run by run, joining "FROM " and "DOLA" into "FROMDOLA". openpyxl also names the cells of
formulas without a cached result (`uncached_formulas`): calamine gives no formula text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from survey_app.core.errors import UnreadableFile

Cell = int | float | str | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
"""UTF-8 with or without BOM, else GB18030 (a superset of GBK: what Chinese Excel and WPS save)."""
_ERROR_CELL = re.compile(rb'<c [^>]*t="e"')
_UNPRESERVED_SPACE = re.compile(rb"<t>(?:\s[^<]*|[^<]*\s)</t>")
_UNCACHED_FORMULA = re.compile(rb"<c [^>]*>\s*<f[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>)?\s*</c>")


@dataclass(frozen=True)
class SheetRows:
    """One sheet: its title and its rows from row 1 (rows[0] is Excel's row 1)."""

    title: str
    rows: list[list[Cell]]


def read_workbook(path: Path) -> list[SheetRows]:
    """Every worksheet of a workbook, in workbook order; raises UnreadableFile."""
    if not path.is_file():
        raise UnreadableFile(f"找不到文件 {path}", code="missing_file", path=str(path))
    if openpyxl_needed(path):
        return _read_with_openpyxl(path)
    return _read_with_calamine(path)


def _read_with_calamine(path: Path) -> list[SheetRows]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        with CalamineWorkbook.from_path(str(path)) as book:
            return [
                SheetRows(sheet.name, [_row(r) for r in book.get_sheet_by_name(sheet.name)
                                       .to_python(skip_empty_area=False)])
                for sheet in book.sheets_metadata
                if sheet.typ == SheetTypeEnum.WorkSheet
            ]  # fmt: skip
    except Exception as error:  # calamine raises its own kinds, and ValueError, for foreign files
        raise not_a_workbook(path, error) from error


def not_a_workbook(path: Path, error: BaseException) -> UnreadableFile:
    return UnreadableFile(
        code="bad_xlsx",
        path=str(path),
        name=path.name,
        error=str(error),
        reason=type(error).__name__,
    )


def _row(values: Iterable[object]) -> list[Cell]:
    return [cell_value(v) for v in values]


def cell_value(value: object) -> Cell:
    """One cell in the documented kinds (see the module's docstring)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value  # type: ignore[return-value]


def openpyxl_needed(path: Path) -> str | None:
    """Why calamine would misread this .xlsx ("error cells", "unpreserved spaces"), or None."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            for name in _sheet_parts(archive):
                data = archive.read(name)
                if _ERROR_CELL.search(data):
                    return "error cells"
                if _UNPRESERVED_SPACE.search(data):
                    return "unpreserved spaces"
            strings = "xl/sharedStrings.xml"
            if strings in archive.namelist() and _UNPRESERVED_SPACE.search(archive.read(strings)):
                return "unpreserved spaces"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        pass  # not a zip: calamine's error says what the file is not
    return None


def _sheet_parts(archive: zipfile.ZipFile) -> list[str]:
    return [
        name
        for name in archive.namelist()
        if name.startswith("xl/worksheets/") and name.endswith(".xml")
    ]


def _read_with_openpyxl(path: Path) -> list[SheetRows]:
    # Only where calamine would change a value (see the module's docstring).
    book = _open_openpyxl(path, data_only=True)
    try:
        sheets = []
        for worksheet in book.worksheets:
            worksheet.reset_dimensions()  # declared sizes like A1:AMI986 are often far too large
            sheets.append(SheetRows(worksheet.title, [_row(r) for r in worksheet.iter_rows(
                values_only=True)]))  # fmt: skip
        return sheets
    finally:
        book.close()


def _open_openpyxl(path: Path, *, data_only: bool) -> Any:
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it drops
        try:
            return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise not_a_workbook(path, error) from error


def uncached_formulas(path: Path, sheets: Sequence[SheetRows]) -> dict[str, list[str]]:
    """The cells ("B4") of each sheet whose formula Excel never computed (saved by a tool that
    writes formulas without their results), by sheet title; {} for almost every workbook."""
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not _has_uncached_formulas(path):
        return {}
    from openpyxl.utils import get_column_letter

    values = {sheet.title: sheet.rows for sheet in sheets}
    book = _open_openpyxl(path, data_only=False)  # calamine does not give formula text
    try:
        found: dict[str, list[str]] = {}
        for worksheet in book.worksheets:
            cached = values.get(worksheet.title, [])
            for number, formulas in enumerate(worksheet.iter_rows(values_only=True), start=1):
                for column, formula in enumerate(formulas):
                    if _is_formula(formula) and _at(cached, number, column) is None:
                        cell = f"{get_column_letter(column + 1)}{number}"
                        found.setdefault(worksheet.title, []).append(cell)
        return found
    finally:
        book.close()


def _has_uncached_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return any(_UNCACHED_FORMULA.search(archive.read(name)) for name in _sheet_parts(archive))


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


def _at(rows: list[list[Cell]], number: int, column: int) -> Cell:
    row = rows[number - 1] if number <= len(rows) else []
    return row[column] if column < len(row) else None


def read_csv(path: Path) -> list[list[str]]:
    """The rows of a CSV file, its encoding and delimiter (, ; or tab) found from its content."""
    if not path.is_file():
        raise UnreadableFile(f"找不到文件 {path}", code="missing_file", path=str(path))
    text = decode_text(path.read_bytes(), path)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def decode_text(data: bytes, path: Path) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(code="bad_encoding", path=str(path), name=path.name)


def read_table_file(path: Path) -> list[SheetRows]:
    """A workbook's sheets, or a CSV file as one sheet named after the file."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return [SheetRows(path.stem, [list(row) for row in read_csv(path)])]
    if suffix in WORKBOOK_SUFFIXES:
        return read_workbook(path)
    raise UnreadableFile(code="bad_table_suffix", path=str(path), name=path.name)
