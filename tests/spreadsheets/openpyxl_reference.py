"""The export's workbook as openpyxl's write-only mode wrote it before the sheets' XML was
written as text (survey_app/spreadsheets/ooxml.py): the reference the new output is compared with."""

# ruff: noqa

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from survey_app.spreadsheets.atomic import write_atomically
from survey_app.spreadsheets.write import (
    EXCEL_MAX_ROWS,
    WIDTH_SAMPLE,
    Formatted,
    Progress,
    _cannot_write,
    _CountedBook,
    _Counter,
    _text_width,
    plain_number,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_OOXML_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_NEEDS_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f]|_x")
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))


def _safe_text(text: str) -> str:
    text = _ILLEGAL_IN_XML.sub("", text)
    if "_x" in text:
        text = _OOXML_ESCAPE.sub(r"_x005F_\1", text)
    return text.replace("\r", "_x000D_")


def column_widths(headers: Sequence[str], rows: Any) -> list[float]:
    widths = [_text_width(h) for h in headers]
    for row in rows:
        for index, value in enumerate(row):
            inner = getattr(value, "value", value)
            shown = _text_width("" if inner is None else str(inner))
            if index < len(widths):
                widths[index] = max(widths[index], shown)
            else:
                widths.append(shown)
    return [min(w + 2, 60) for w in widths]


class OpenpyxlBook(_CountedBook):
    """`with XlsxBook(path) as book:` the sheets are written as rows come; the file appears
    whole when the block ends, and not at all if it fails."""

    def __init__(
        self,
        path: Path,
        *,
        title: str | None = None,
        total: int = 0,
        progress: Progress | None = None,
        max_rows: int = EXCEL_MAX_ROWS,
    ) -> None:
        from openpyxl import Workbook

        self.path, self.max_rows = path, max_rows
        self.workbook = Workbook(write_only=True)
        if title:
            self.workbook.properties.title = title
        self.counter = _Counter(total, progress)
        self.sheets: list[_XlsxSheet] = []
        self._atomic = write_atomically(path)

    def __enter__(self) -> OpenpyxlBook:
        try:
            self._temporary = self._atomic.__enter__()
        except OSError as error:
            raise _cannot_write(self.path, error) from error
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            if error is None:
                for sheet in self.sheets:
                    sheet.flush()
                self.workbook.save(str(self._temporary))
            self._atomic.__exit__(kind, error, trace)
        except OSError as failure:
            with contextlib.suppress(OSError):
                self._atomic.__exit__(type(failure), failure, failure.__traceback__)
            raise _cannot_write(self.path, failure) from failure
        if error is None:
            self.counter.finish()

    def sheet(
        self, name: str, headers: Sequence[str], formats: Mapping[str, str] | None = None
    ) -> _XlsxSheet:
        sheet = _XlsxSheet(self, name, list(headers), dict(formats or {}))
        self.sheets.append(sheet)
        return sheet

    def new_part(self, name: str, after: Any | None) -> Any:
        part = self.workbook.create_sheet(name)
        if after is not None:
            titles = self.workbook.sheetnames
            self.workbook.move_sheet(name, titles.index(after.title) + 1 - titles.index(name))
        return part


class _XlsxSheet:
    """One table: the first rows wait until the column widths are known, then rows stream."""

    def __init__(
        self, book: OpenpyxlBook, name: str, headers: list[str], formats: dict[str, str]
    ) -> None:
        self.book, self.name, self.headers = book, name, headers
        self.formats = {i: formats[h] for i, h in enumerate(headers) if h in formats}
        self.waiting: list[list[object]] | None = []
        self.widths: list[float] = []
        self.parts = 1
        self.part: Any = book.new_part(name, None)  # now, so sheets keep the order they came
        self.rows_in_part = 0

    def append(self, row: Sequence[object]) -> None:
        cells = [self._cell(i, v) for i, v in enumerate(row)]
        if self.waiting is None:
            self._write(cells)
        else:
            self.waiting.append(cells)
            if len(self.waiting) >= WIDTH_SAMPLE:
                self.flush()
        self.book.counter.count()

    def flush(self) -> None:
        """Size the columns by the rows so far, then write them (only the first time)."""
        if self.waiting is None:
            return
        waiting, self.waiting = self.waiting, None
        self.widths = column_widths(self.headers, waiting)
        self._start_part()
        for cells in waiting:
            self._write(cells)

    def _write(self, cells: list[object]) -> None:
        if self.rows_in_part >= self.book.max_rows - 1:
            self.parts += 1
            self.part = self.book.new_part(f"{self.name} ({self.parts})", self.part)
            self._start_part()
        self.part.append(cells)
        self.rows_in_part += 1

    def _start_part(self) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        for index, width in enumerate(self.widths, start=1):
            self.part.column_dimensions[get_column_letter(index)].width = width
        self.rows_in_part = 0
        if not self.headers:
            return
        self.part.freeze_panes = "A2"
        header = []
        for title in self.headers:
            cell = _as_text(WriteOnlyCell(self.part, _safe_text(title)))
            cell.font = Font(bold=True)
            header.append(cell)
        self.part.append(header)

    def _cell(self, column: int, value: object) -> object:
        kind = type(value)
        if kind is str:  # an empty text is a blank cell, as every reader reads it: not written
            return self._text(value) if value else None  # type: ignore[arg-type]
        number_format = self.formats.get(column)
        if (kind is int and number_format is None) or value is None:
            return value  # the common cases first: this runs for every cell
        if isinstance(value, Formatted):
            number_format = value.number_format
            value = value.value
        value = plain_number(value)
        if number_format is None or isinstance(value, bool) or not isinstance(value, int | float):
            return value
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.part, value)
        cell.number_format = number_format
        return cell

    def _text(self, text: str) -> object:
        if not (text.startswith(FORMULA_STARTS) or text in _ERROR_CODES):
            return _safe_text(text) if _NEEDS_ESCAPE.search(text) else text
        from openpyxl.cell import WriteOnlyCell

        cell = _as_text(WriteOnlyCell(self.part, _safe_text(text)))
        cell.quotePrefix = True  # Excel's ' : the cell stays text even when edited
        return cell


def _as_text(cell: Any) -> Any:
    cell.data_type = "s"  # openpyxl takes "=…" for a formula and "#N/A" for an error
    return cell
