"""Writing tables to an .xlsx workbook (each sheet's XML written as text, as openpyxl's write-only
mode wrote it: rows stream to disk, memory stays flat however many rows) or to CSV files,
atomically and with progress.

Cells are data, never code (the OWASP CSV-injection rule): a text that begins with = + - @, a tab
or a carriage return is written so no spreadsheet evaluates it. In .xlsx it is a text cell with
Excel's quote prefix (the ' it shows in the formula bar, which keeps it text when edited); in CSV
it gets a leading '. Numbers stay numbers; `Formatted` gives one a number format ("0.00%").

A sheet past Excel's 1,048,576 rows (header included) goes on in a sheet named "意见 (2)" right
after it; a CSV file has no limit.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from survey_app.core.errors import UnreadableFile
from survey_app.spreadsheets import ooxml
from survey_app.spreadsheets.atomic import PRIVATE_FOLDER, write_atomically

EXCEL_MAX_ROWS = 1_048_576
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WIDTH_SAMPLE = 200
"""Rows looked at to size the columns, before they are written."""
PROGRESS_EVERY = 1000
_ILLEGAL_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_OOXML_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_NEEDS_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]|_x")
_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
"""Texts openpyxl would write as error cells (openpyxl.cell.cell.ERROR_CODES)."""

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Formatted:
    """A number shown with an Excel number format; CSV holds the number itself."""

    value: int | float
    number_format: str


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def plain_number(value: object) -> object:
    """Whole floats as int (90, never 90.0 or 9E+1); NaN (pandas' empty) as no value."""
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return int(value)
    return value


class SheetWriter(Protocol):
    def append(self, row: Sequence[object]) -> None: ...


class Book(Protocol):
    """Where tables go: an .xlsx workbook or a folder of CSV files."""

    total: int
    """The rows expected in all, for the progress (done, total)."""

    def sheet(
        self, name: str, headers: Sequence[str], formats: Mapping[str, str] | None = None
    ) -> SheetWriter: ...


class _Counter:
    def __init__(self, total: int, progress: Progress | None) -> None:
        self.done, self.total, self.progress = 0, total, progress

    def count(self) -> None:
        self.done += 1
        if self.progress is not None and self.done % PROGRESS_EVERY == 0:
            self.progress(self.done, max(self.total, self.done))

    def finish(self) -> None:
        """Every row written: done, whatever the total expected."""
        if self.progress is not None:
            self.progress(self.done, self.done)


def _cannot_write(path: Path, error: OSError) -> UnreadableFile:
    reason = error.strerror or str(error)
    return UnreadableFile(
        code="cannot_export",
        path=str(path),
        error=reason,
    )


class _CountedBook:
    """A book's row counter: `total` is how many rows it expects, for the progress."""

    counter: _Counter

    @property
    def total(self) -> int:
        return self.counter.total

    @total.setter
    def total(self, rows: int) -> None:
        self.counter.total = rows


# -- xlsx ------------------------------------------------------------------------------------


class XlsxBook(_CountedBook):
    """`with XlsxBook(path) as book:` the sheets are written as rows come (each to a temporary
    file of its own, as text: ooxml.py); the file appears whole when the block ends, and not at
    all if it fails."""

    def __init__(
        self,
        path: Path,
        *,
        title: str | None = None,
        total: int = 0,
        progress: Progress | None = None,
        max_rows: int = EXCEL_MAX_ROWS,
    ) -> None:
        self.path, self.max_rows, self.title = path, max_rows, title
        self.styles = ooxml.Styles()
        self.counter = _Counter(total, progress)
        self.sheets: list[_XlsxSheet] = []
        self.parts: list[ooxml.SheetStream] = []
        self._atomic = write_atomically(path)

    def __enter__(self) -> XlsxBook:
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
                ooxml.save(self._temporary, self.parts, self.styles, self.title)
            self._atomic.__exit__(kind, error, trace)
        except OSError as failure:
            self._abandon(failure)
            raise _cannot_write(self.path, failure) from failure
        except Exception as failure:  # a value no cell can hold: no file either
            self._abandon(failure)
            raise
        finally:
            for part in self.parts:
                part.discard()
        if error is None:
            self.counter.finish()

    def _abandon(self, failure: BaseException) -> None:
        with contextlib.suppress(OSError):
            self._atomic.__exit__(type(failure), failure, failure.__traceback__)

    def sheet(
        self, name: str, headers: Sequence[str], formats: Mapping[str, str] | None = None
    ) -> _XlsxSheet:
        sheet = _XlsxSheet(self, name, list(headers), dict(formats or {}))
        self.sheets.append(sheet)
        return sheet

    def new_part(self, name: str, after: ooxml.SheetStream | None) -> ooxml.SheetStream:
        if any(part.title.lower() == name.lower() for part in self.parts):
            raise ValueError(f"two sheets named {name!r}")
        part = ooxml.SheetStream(name)
        self.parts.insert(len(self.parts) if after is None else self.parts.index(after) + 1, part)
        return part


class _XlsxSheet:
    """One table: the first rows wait until the column widths are known, then rows stream as
    `<row>` text."""

    def __init__(
        self, book: XlsxBook, name: str, headers: list[str], formats: dict[str, str]
    ) -> None:
        self.book, self.name, self.headers = book, name, headers
        self.formats = {i: formats[h] for i, h in enumerate(headers) if h in formats}
        self.waiting: list[list[object]] | None = []
        self.widths: list[float] = []
        self.parts = 1
        self.part = book.new_part(name, None)  # now, so sheets keep the order they came
        self.rows_in_part = 0
        self.letters = ooxml.column_letters(len(headers))

    def append(self, row: Sequence[object]) -> None:
        if self.waiting is None:
            self._write(row)
        else:
            self.waiting.append(list(row))
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
        for row in waiting:
            self._write(row)

    def _write(self, row: Sequence[object]) -> None:
        if self.rows_in_part >= self.book.max_rows - 1:
            self.parts += 1
            self.part = self.book.new_part(f"{self.name} ({self.parts})", self.part)
            self._start_part()
        self.rows_in_part += 1
        self.part.write(self._row(row, str(self.rows_in_part + (1 if self.headers else 0))))

    def _start_part(self) -> None:
        self.rows_in_part = 0
        self.part.start(self.widths, frozen_header=bool(self.headers))
        if self.headers:
            cells = [
                _text_cell(f"{letter}1", _HEADER, _safe_text(title))
                for letter, title in zip(self.letters, self.headers, strict=False)
            ]
            self.part.write(f'<row r="1">{"".join(cells)}</row>')

    def _row(self, row: Sequence[object], number: str) -> str:
        """One row's XML; the common cases inline, since this runs for every cell."""
        if len(row) > len(self.letters):
            self.letters = ooxml.column_letters(len(row))
        letters, formats = self.letters, self.formats
        cells = [f'<row r="{number}">']
        for column, value in enumerate(row):
            kind = type(value)
            if kind is str:  # an empty text is a blank cell, as every reader reads it
                if not value:
                    continue
                reference = letters[column] + number
                if _is_plain(value):  # type: ignore[arg-type]
                    cells.append(f'<c r="{reference}" t="inlineStr"><is><t>{value}</t></is></c>')
                else:
                    cells.append(_text(reference, value))  # type: ignore[arg-type]
            elif value is None:
                continue
            elif kind is int and column not in formats:
                cells.append(f'<c r="{letters[column]}{number}" t="n"><v>{value:.16g}</v></c>')
            else:
                cells.append(self._cell(letters[column] + number, column, value))
        cells.append("</row>")
        return "".join(cells)

    def _cell(self, reference: str, column: int, value: object) -> str:
        number_format = self.formats.get(column)
        if isinstance(value, Formatted):
            number_format = value.number_format
            value = value.value
        value = plain_number(value)
        if value is None:
            return ""
        if isinstance(value, str):
            return _text(reference, str(value)) if value else ""
        if isinstance(value, bool):
            return f'<c r="{reference}" t="b"><v>{value:d}</v></c>'
        if isinstance(value, int | float):
            if number_format is None:
                return f'<c r="{reference}" t="n"><v>{_number(value)}</v></c>'
            style = self.book.styles.number_format(number_format)
            return f'<c r="{reference}" s="{style}" t="n"><v>{_number(value)}</v></c>'
        return self._other(reference, value)

    def _other(self, reference: str, value: object) -> str:
        """Dates, times, Decimal and numpy's numbers, as openpyxl writes them."""
        from openpyxl.cell.cell import TIME_TYPES, get_time_format
        from openpyxl.compat.numbers import NUMERIC_TYPES
        from openpyxl.utils.datetime import to_excel

        if isinstance(value, TIME_TYPES):
            if getattr(value, "tzinfo", None) is not None:
                raise TypeError("Excel does not support timezones in datetimes")
            style = self.book.styles.number_format(get_time_format(type(value)))
            return f'<c r="{reference}" s="{style}" t="n"><v>{_number(to_excel(value))}</v></c>'
        if isinstance(value, NUMERIC_TYPES):
            return f'<c r="{reference}" t="n"><v>{_number(value)}</v></c>'
        if isinstance(value, bytes):
            return _text(reference, value.decode("utf-8")) if value else ""
        raise ValueError(f"Cannot convert {value!r} to Excel")


_HEADER = f' s="{ooxml.Styles.HEADER}"'
_QUOTED = f' s="{ooxml.Styles.QUOTED}"'
MAX_TEXT = 32_767
"""Characters Excel holds in a cell: a longer text is cut, as openpyxl did."""


_UNPLAIN_FIRST = frozenset(" =+-@#")
"""First characters of texts that may be formula-like or an error code, or have kept spaces."""


def _is_plain(text: str) -> bool:
    """Whether `text` goes into a cell as it is (the usual case: string methods only, as this
    runs for most cells): no character to drop, escape or keep as space, nothing to quote, not
    too long. Anything else goes through `_text`, which writes the same for a plain text."""
    return (
        text.isprintable()  # no control character, surrogate or non-character; no tab or \n
        and text[0] not in _UNPLAIN_FIRST
        and text[-1] != " "  # the only printable space
        and "&" not in text
        and "<" not in text
        and ">" not in text
        and "_" not in text  # the OOXML escape _xHHHH_
        and len(text) <= MAX_TEXT
    )


def _text(reference: str, text: str) -> str:
    if text.startswith(FORMULA_STARTS) or text in _ERROR_CODES:
        return _text_cell(reference, _QUOTED, _safe_text(text))  # Excel's ': stays text
    return _text_cell(reference, "", _safe_text(text) if _NEEDS_ESCAPE.search(text) else text)


def _text_cell(reference: str, style: str, text: str) -> str:
    if not text:
        return f'<c r="{reference}"{style} t="inlineStr" />'
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    space = ""  # openpyxl's rule: kept spaces marked, unless the text is nothing else
    if (text[0].isspace() or text[-1].isspace()) and not text.isspace():
        space = ' xml:space="preserve"'
    text = ooxml.escape(text)
    return f'<c r="{reference}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _number(value: Any) -> str:
    """openpyxl's: 16 significant digits (of the number as a float); NaN and infinity as no
    value."""
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        return ""
    return f"{number:.16g}"


def _safe_text(text: str) -> str:
    """Characters XML cannot hold dropped; a carriage return escaped as OOXML does (_x000D_),
    since XML readers turn a bare one into a line feed."""
    text = _ILLEGAL_IN_XML.sub("", text)
    if "_x" in text:
        text = _OOXML_ESCAPE.sub(r"_x005F_\1", text)
    return text.replace("\r", "_x000D_")


def column_widths(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[float]:
    """Wide enough for the header and the first rows (CJK characters count double), at most 60."""
    widths = [_text_width(h) for h in headers]
    for row in rows:
        for index, value in enumerate(row):
            shown = _text_width(_shown(value))
            if index < len(widths):
                widths[index] = max(widths[index], shown)
            else:
                widths.append(shown)
    return [min(w + 2, 60) for w in widths]


def _shown(value: object) -> str:
    """The text a cell shows, for its column's width."""
    if isinstance(value, Formatted):
        value = value.value
    if isinstance(value, str):
        return _safe_text(value)
    value = plain_number(value)
    return "" if value is None else str(value)


def _text_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


# -- csv -------------------------------------------------------------------------------------


class CsvFolder(_CountedBook):
    """`with CsvFolder(folder) as book:` one UTF-8 CSV (with BOM, so Excel reads the Chinese) per
    sheet; each file appears whole when the block ends, none if it fails."""

    def __init__(self, folder: Path, *, total: int = 0, progress: Progress | None = None) -> None:
        self.folder = folder
        self.counter = _Counter(total, progress)
        self._files = contextlib.ExitStack()

    def __enter__(self) -> CsvFolder:
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
        except OSError as error:
            raise _cannot_write(self.folder, error) from error
        self._files.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            self._files.__exit__(kind, error, trace)
        except OSError as failure:
            raise _cannot_write(self.folder, failure) from failure
        if error is None:
            self.counter.finish()

    def sheet(
        self, name: str, headers: Sequence[str], formats: Mapping[str, str] | None = None
    ) -> _CsvSheet:
        path = self.folder / f"{name}.csv"
        try:
            temporary = self._files.enter_context(write_atomically(path))
            stream = self._files.enter_context(
                temporary.open("w", encoding="utf-8-sig", newline="")
            )
        except OSError as error:
            raise _cannot_write(path, error) from error
        sheet = _CsvSheet(csv.writer(stream), self.counter)
        if headers:
            sheet.writer.writerow([csv_cell(h) for h in headers])
        return sheet


class _CsvSheet:
    def __init__(self, writer: Any, counter: _Counter) -> None:
        self.writer, self.counter = writer, counter

    def append(self, row: Sequence[object]) -> None:
        self.writer.writerow([csv_cell(v) for v in row])
        self.counter.count()


def csv_cell(value: object) -> object:
    """A CSV field: numbers as numbers, formula-like text behind a ' (OWASP)."""
    if isinstance(value, Formatted):
        value = value.value
    value = plain_number(value)
    if value is None:
        return ""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


# -- tables ----------------------------------------------------------------------------------


def write_records(
    book: Book,
    name: str,
    records: Iterable[Mapping[str, object]],
    *,
    columns: Sequence[str] | None = None,
    formats: Mapping[str, str] | None = None,
) -> int:
    """A sheet of dicts, returning its row count: `columns`, or else the first record's keys,
    are the header (a sheet of no records and no columns is empty)."""
    rows = iter(records)
    first = next(rows, None)
    headers = list(columns if columns is not None else (first or {}))
    sheet = book.sheet(name, headers, formats)
    if first is None:
        return 0
    count = 0
    for record in itertools.chain([first], rows):
        sheet.append([record.get(h) for h in headers])
        count += 1
    return count
