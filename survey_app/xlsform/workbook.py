"""Reads the sheets of an .xlsx workbook as text cells, the way a person sees them in Excel/WPS.

Formula cells give their cached value; numbers, booleans and dates become text; stray spaces
are trimmed; blank rows are skipped (rows keep their Excel numbers).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from survey_app.core.errors import UnreadableFile

UNCACHED_FORMULA = re.compile(rb"<c [^>]*>\s*<f[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>)?\s*</c>")


@dataclass
class Row:
    number: int
    cells: list[str]


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    uncached_formulas: list[str] = field(default_factory=list)  # cell references like "B4"


def read_workbook(path: Path) -> dict[str, Sheet]:
    """Every sheet by its lower-case title (spaces as underscores); raises UnreadableFile."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it drops
        workbook = _open(path)
        try:
            sheets = {_sheet_key(ws.title): _read_sheet(ws) for ws in workbook.worksheets}
        finally:
            workbook.close()
    if _has_uncached_formulas(path):
        _mark_uncached_formulas(path, sheets)
    return sheets


def _sheet_key(title: str) -> str:
    return re.sub(r"\s+", "_", title.strip().lower())


def _open(path: Path) -> Any:
    import openpyxl

    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file", code="no_form_file", path=str(path))
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        kind = error.__class__.__name__
        message = f"{path.name}: not an Excel .xlsx workbook ({kind})"
        raise UnreadableFile(
            message, code="not_a_workbook", path=str(path), name=path.name, kind=kind
        ) from error


def _read_sheet(worksheet: Any) -> Sheet:
    worksheet.reset_dimensions()  # declared sizes like A1:AMI986 are often far too large
    rows = worksheet.iter_rows(values_only=True)
    header = [cell_text(value) for value in next(rows, ())]
    sheet = Sheet(worksheet.title, header)
    for number, values in enumerate(rows, start=2):
        cells = [cell_text(value) for value in values]
        if any(cells):
            sheet.rows.append(Row(number, cells))
    return sheet


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).replace("\u00a0", " ").strip()


def _has_uncached_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return any(
            UNCACHED_FORMULA.search(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _mark_uncached_formulas(path: Path, sheets: dict[str, Sheet]) -> None:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        for worksheet in workbook.worksheets:
            sheet = sheets[_sheet_key(worksheet.title)]
            sheet.uncached_formulas = _formula_cells(worksheet, sheet)
    finally:
        workbook.close()


def _formula_cells(worksheet: Any, sheet: Sheet) -> list[str]:
    from openpyxl.utils import get_column_letter

    texts = {row.number: row.cells for row in sheet.rows}
    found = []
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        cached = sheet.header if number == 1 else texts.get(number, [])
        for column, value in enumerate(values):
            if isinstance(value, str) and value.startswith("=") and not _at(cached, column):
                found.append(f"{get_column_letter(column + 1)}{number}")
    return found


def _at(cells: list[str], column: int) -> str:
    return cells[column] if column < len(cells) else ""
