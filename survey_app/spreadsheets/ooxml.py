"""The parts of an .xlsx package, written as text: the workbook, its styles and its sheets'
XML as openpyxl's write-only mode wrote them (the same elements and attributes), without a
Python object per cell. Each sheet streams to an anonymous temporary file (sheets are written
in turns, and a zip takes one entry at a time); `save` deflates them into the zip.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPE_PREFIX = "application/vnd.openxmlformats-officedocument."
INVALID_TITLE = frozenset("\\*?:/[]")
"""Characters Excel refuses in a sheet name (openpyxl's INVALID_TITLE_REGEX)."""
FIRST_CUSTOM_FORMAT = 164
BUFFERED = 1 << 20
"""Bytes of a sheet's rows kept before they go to its temporary file."""


def escape(text: str) -> str:
    """Text as XML character data (what lxml escapes in a text node)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_attribute(text: str) -> str:
    return escape(text).replace('"', "&quot;")


def column_letters(count: int) -> list[str]:
    """A, B, …, Z, AA, …: the first `count` column names."""
    letters = []
    for index in range(1, count + 1):
        name = ""
        while index:
            index, rest = divmod(index - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


class Styles:
    """The cell formats (cellXfs) the sheets use: 0 is the default, 1 the bold header, 2 the
    quote prefix (Excel's ', which keeps a text cell text when edited); one more per number
    format, added as they come."""

    DEFAULT, HEADER, QUOTED = 0, 1, 2

    def __init__(self) -> None:
        self.formats: dict[str, int] = {}
        """number format -> its cellXfs index."""

    def number_format(self, number_format: str) -> int:
        index = self.formats.get(number_format)
        if index is None:
            index = self.formats[number_format] = 3 + len(self.formats)
        return index

    def xml(self) -> str:
        from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE

        ids: list[int] = []
        custom: list[str] = []
        for number_format in self.formats:
            format_id = BUILTIN_FORMATS_REVERSE.get(number_format)
            if format_id is None:
                format_id = FIRST_CUSTOM_FORMAT + len(custom)
                code = escape_attribute(number_format)
                custom.append(f'<numFmt numFmtId="{format_id}" formatCode="{code}" />')
            ids.append(format_id)
        xfs = [_xf(0, 0, 0), _xf(0, 1, 0), _xf(0, 0, 1), *(_xf(i, 0, 0) for i in ids)]
        return (
            f'<styleSheet xmlns="{MAIN}"><numFmts count="{len(custom)}">{"".join(custom)}'
            '</numFmts><fonts count="2"><font><name val="Calibri" /><family val="2" />'
            '<color theme="1" /><sz val="11" /><scheme val="minor" /></font>'
            '<font><b val="1" /></font></fonts><fills count="2"><fill><patternFill /></fill>'
            '<fill><patternFill patternType="gray125" /></fill></fills><borders count="1">'
            "<border><left /><right /><top /><bottom /><diagonal /></border></borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" />'
            f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0" hidden="0" />'
            '</cellStyles><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
            'defaultPivotStyle="PivotStyleLight16" /></styleSheet>'
        )


def _xf(format_id: int, font: int, quote_prefix: int) -> str:
    return (
        f'<xf numFmtId="{format_id}" fontId="{font}" fillId="0" borderId="0" pivotButton="0" '
        f'quotePrefix="{quote_prefix}" xfId="0" />'
    )


class SheetStream:
    """One worksheet's XML, streamed to a temporary file: `start` (column widths, frozen header
    row), then `rows` of `<row>` text, then `close`."""

    def __init__(self, title: str) -> None:
        if not title or INVALID_TITLE.intersection(title):
            raise ValueError(f"not a sheet name Excel accepts: {title!r}")
        self.title = title
        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115  (closed by discard)
        self.pending: list[str] = []
        self.pending_size = 0
        self.started = self.closed = False

    def start(self, widths: Sequence[float], frozen_header: bool) -> None:
        if frozen_header:
            view = (
                '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen" />'
                '<selection pane="bottomLeft" activeCell="A1" sqref="A1" />'
            )
        else:
            view = '<selection activeCell="A1" sqref="A1" />'
        cols = "".join(
            f'<col width="{width:.16g}" customWidth="1" min="{n}" max="{n}" />'
            for n, width in enumerate(widths, start=1)
        )
        self.write(
            f'<worksheet xmlns="{MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1" />'
            f'<pageSetUpPr /></sheetPr><sheetViews><sheetView workbookViewId="0">{view}'
            '</sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15" />'
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
        )
        self.started = True

    def write(self, text: str) -> None:
        self.pending.append(text)
        self.pending_size += len(text)
        if self.pending_size >= BUFFERED:
            self.flush()

    def flush(self) -> None:
        self.file.write("".join(self.pending).encode("utf-8"))
        self.pending.clear()
        self.pending_size = 0

    def close(self) -> None:
        if not self.started:
            self.start([], False)
        if not self.closed:
            self.write(
                '</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" '
                'header="0.5" footer="0.5" /></worksheet>'
            )
            self.flush()
            self.closed = True

    def discard(self) -> None:
        self.file.close()


def save(path: Path, sheets: Sequence[SheetStream], styles: Styles, title: str | None) -> None:
    """The package: each sheet's XML deflated into it, then the workbook's own parts."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for number, sheet in enumerate(sheets, start=1):
            sheet.close()
            size = sheet.file.tell()
            sheet.file.seek(0)
            entry = zipfile.ZipInfo(f"xl/worksheets/sheet{number}.xml", time.localtime()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(entry, "w", force_zip64=size >= zipfile.ZIP64_LIMIT) as part:
                shutil.copyfileobj(sheet.file, part, BUFFERED)
        for name, xml in _package_parts(sheets, styles, title, now):
            archive.writestr(name, xml)


def _package_parts(
    sheets: Sequence[SheetStream], styles: Styles, title: str | None, now: str
) -> list[tuple[str, str]]:
    from openpyxl.writer.theme import theme_xml

    worksheet = f"{TYPE_PREFIX}spreadsheetml.worksheet+xml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{worksheet}" />'
        for n in range(1, len(sheets) + 1)
    )
    sheet_rels = "".join(
        f'<Relationship Type="{RELATIONSHIPS}/worksheet" '
        f'Target="/xl/worksheets/sheet{n}.xml" Id="rId{n}" />'
        for n in range(1, len(sheets) + 1)
    )
    after = len(sheets)
    entries = "".join(
        f'<sheet name="{escape_attribute(s.title)}" sheetId="{n}" state="visible" r:id="rId{n}" />'
        for n, s in enumerate(sheets, start=1)
    )
    title_xml = f"<dc:title>{escape(title)}</dc:title>" if title else ""
    return [
        ("docProps/app.xml", f'<Properties xmlns="{_EXTENDED}"><Application>'
         "Microsoft Excel Compatible / survey-app</Application></Properties>"),
        ("docProps/core.xml", f"<cp:coreProperties {_CORE_NAMESPACES}>"
         f"<dc:creator>survey-app</dc:creator>{title_xml}"
         f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
         f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
         "</cp:coreProperties>"),
        ("xl/theme/theme1.xml", theme_xml),
        ("xl/styles.xml", styles.xml()),
        ("_rels/.rels", f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
         f'<Relationship Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml" '
         'Id="rId1" />'
         f'<Relationship Type="{PACKAGE_RELATIONSHIPS}/metadata/core-properties" '
         'Target="docProps/core.xml" Id="rId2" />'
         f'<Relationship Type="{RELATIONSHIPS}/extended-properties" Target="docProps/app.xml" '
         'Id="rId3" /></Relationships>'),
        ("xl/workbook.xml", f'<workbook xmlns:r="{RELATIONSHIPS}" xmlns="{MAIN}"><workbookPr />'
         '<workbookProtection /><bookViews><workbookView visibility="visible" minimized="0" '
         'showHorizontalScroll="1" showVerticalScroll="1" showSheetTabs="1" tabRatio="600" '
         'firstSheet="0" activeTab="0" autoFilterDateGrouping="1" /></bookViews>'
         f'<sheets>{entries}</sheets><definedNames /><calcPr calcId="124519" '
         'fullCalcOnLoad="1" /></workbook>'),
        ("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
         f'{sheet_rels}<Relationship Type="{RELATIONSHIPS}/styles" Target="styles.xml" '
         f'Id="rId{after + 1}" /><Relationship Type="{RELATIONSHIPS}/theme" '
         f'Target="theme/theme1.xml" Id="rId{after + 2}" /></Relationships>'),
        ("[Content_Types].xml", f'<Types xmlns="{_CONTENT_TYPES}">'
         f'<Default Extension="rels" ContentType="{_RELS_TYPE}" />'
         '<Default Extension="xml" ContentType="application/xml" />'
         '<Override PartName="/xl/styles.xml" '
         f'ContentType="{TYPE_PREFIX}spreadsheetml.styles+xml" />'
         f'<Override PartName="/xl/theme/theme1.xml" ContentType="{TYPE_PREFIX}theme+xml" />'
         '<Override PartName="/docProps/core.xml" '
         'ContentType="application/vnd.openxmlformats-package.core-properties+xml" />'
         '<Override PartName="/docProps/app.xml" '
         f'ContentType="{TYPE_PREFIX}extended-properties+xml" />{overrides}'
         '<Override PartName="/xl/workbook.xml" '
         f'ContentType="{TYPE_PREFIX}spreadsheetml.sheet.main+xml" /></Types>'),
    ]  # fmt: skip


_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_CORE_NAMESPACES = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
)
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
