"""The sheets of an XLSForm workbook as text cells, the way a person sees them in Excel/WPS.

Formula cells give their cached value; numbers, booleans and dates become text; stray spaces
are trimmed; blank rows are skipped (rows keep their Excel numbers).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from survey_app.core.errors import UnreadableFile
from survey_app.spreadsheets.read import SheetRows, uncached_formulas
from survey_app.spreadsheets.read import read_workbook as read_sheets


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
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file", code="no_form_file", path=str(path))
    try:
        book = read_sheets(path)
        uncached = uncached_formulas(path, book)
    except UnreadableFile as error:
        kind = error.params.get("reason", "")
        message = f"{path.name}: not an Excel .xlsx workbook ({kind})"
        raise UnreadableFile(
            message, code="not_a_workbook", path=str(path), name=path.name, kind=kind
        ) from error
    sheets = {_sheet_key(rows.title): _read_sheet(rows) for rows in book}
    for title, cells in uncached.items():
        sheets[_sheet_key(title)].uncached_formulas = cells
    return sheets


def _sheet_key(title: str) -> str:
    return re.sub(r"\s+", "_", title.strip().lower())


def _read_sheet(rows: SheetRows) -> Sheet:
    header = [cell_text(value) for value in rows.rows[0]] if rows.rows else []
    sheet = Sheet(rows.title, header)
    for number, values in enumerate(rows.rows[1:], start=2):
        cells = [cell_text(value) for value in values]
        if any(cells):
            sheet.rows.append(Row(number, cells))
    return sheet


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # as Excel shows it, and pyxform writes it
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).replace("\u00a0", " ").strip()
