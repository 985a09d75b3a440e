"""A fast reader for the cell values of plain .xlsx sheets, such as rosters.

openpyxl spends about 30 µs a cell; a roster of 10,000 households has 70,000 cells. This reader
streams the sheet XML with the standard library and returns what openpyxl's read-only mode
returns (numbers as int or float, shared and inline strings, booleans, cached formula results)
for workbooks without dates. A workbook with a date-formatted cell, or anything this reader does
not know, returns None and is read by openpyxl instead, so nothing is ever read differently.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element, iterparse

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
BUILTIN_DATE_FORMATS = {*range(14, 23), 45, 46, 47}
_DATE_TOKENS = re.compile(r"[dmyhs]", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_COLUMN = re.compile(r"^([A-Z]+)(\d+)$")

Rows = list[tuple[int, Sequence[object]]]


class NotPlain(Exception):
    """The workbook holds something only openpyxl should read."""


def read_plain_xlsx(path: Path) -> list[Rows] | None:
    """Every sheet's rows as (row number, values), or None when openpyxl should read it."""
    try:
        with zipfile.ZipFile(path) as book:
            dates = _date_styles(book)
            shared = _shared_strings(book)
            return [list(_rows(book, sheet, shared, dates)) for sheet in _sheet_paths(book)]
    except (NotPlain, KeyError, ValueError, zipfile.BadZipFile, SyntaxError):
        return None


def _sheet_paths(book: zipfile.ZipFile) -> list[str]:
    targets = {}
    for _event, rel in iterparse(book.open("xl/_rels/workbook.xml.rels")):
        if rel.tag == f"{PACKAGE_REL}Relationship":
            targets[rel.get("Id")] = rel.get("Target", "")
    paths = []
    for _event, sheet in iterparse(book.open("xl/workbook.xml")):
        if sheet.tag == f"{MAIN}sheet":
            target = targets[sheet.get(f"{REL}id")]
            full = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            paths.append(str(PurePosixPath(full)))
    return paths


def _shared_strings(book: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in book.namelist():
        return []
    strings = []
    for _event, item in iterparse(book.open("xl/sharedStrings.xml")):
        if item.tag == f"{MAIN}si":
            strings.append(_text_of(item))
            item.clear()
    return strings


def _text_of(item: Element) -> str:
    """The text of a string item: its runs, without the phonetic (ruby) runs."""
    parts = []
    for child in item:
        if child.tag == f"{MAIN}t":
            parts.append(child.text or "")
        elif child.tag == f"{MAIN}r":
            parts.extend(t.text or "" for t in child.iter(f"{MAIN}t"))
    return "".join(parts)


def _date_styles(book: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles that format a number as a date or time."""
    if "xl/styles.xml" not in book.namelist():
        return set()
    custom: dict[int, str] = {}
    styles: list[int] = []
    in_cell_xfs = False
    for event, element in iterparse(book.open("xl/styles.xml"), events=("start", "end")):
        if element.tag == f"{MAIN}numFmt" and event == "end":
            custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
        elif element.tag == f"{MAIN}cellXfs":
            in_cell_xfs = event == "start"
        elif element.tag == f"{MAIN}xf" and in_cell_xfs and event == "end":
            styles.append(int(element.get("numFmtId", "0")))
    return {i for i, fmt in enumerate(styles) if _is_date_format(fmt, custom.get(fmt))}


def _is_date_format(number_format: int, code: str | None) -> bool:
    if number_format in BUILTIN_DATE_FORMATS:
        return True
    return code is not None and bool(_DATE_TOKENS.search(_QUOTED.sub("", code)))


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _value(cell: Element, shared: list[str]) -> object:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(f"{MAIN}is")
        return None if inline is None else _text_of(inline)
    raw = cell.findtext(f"{MAIN}v") or None  # an empty <v/> is no value, as for openpyxl
    if raw is None:
        return None
    if kind == "s":
        return shared[int(raw)]
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return raw == "1"
    if kind == "n":
        return float(raw) if any(c in raw for c in ".eE") else int(raw)
    raise NotPlain(kind)


def _rows(
    book: zipfile.ZipFile, sheet: str, shared: list[str], dates: set[int]
) -> Iterator[tuple[int, Sequence[object]]]:
    expected = 1
    for _event, row in iterparse(book.open(sheet)):
        if row.tag != f"{MAIN}row":
            continue
        number = int(row.get("r") or expected)
        while expected < number:  # rows Excel left out are empty rows
            yield expected, []
            expected += 1
        values: list[object] = []
        for cell in row.iter(f"{MAIN}c"):
            match = _COLUMN.match(cell.get("r", ""))
            column = _column_index(match[1]) if match else len(values)
            value = _value(cell, shared)
            if value is not None and cell.get("t", "n") == "n" and int(cell.get("s", "0")) in dates:
                raise NotPlain("date")
            values.extend([None] * (column - len(values)))
            values.append(value)
        yield number, values
        expected = number + 1
        row.clear()
