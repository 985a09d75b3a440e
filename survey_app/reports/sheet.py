"""A4 pages drawn on reportlab's canvas: CJK text, wrapped paragraphs, ruled tables, QR codes.

Everything is black on white (greys only as light fills), so pages print and copy in black and
white. Each string is drawn in one piece, never split into glyph runs, so pdftotext gives it
back exactly; `Sheet.texts` keeps every drawn string for the tests to look for.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from survey_app.core.errors import SurveyAppError
from survey_app.reports.fonts import cjk_font
from survey_app.spreadsheets.atomic import write_atomically

MM = 72 / 25.4
PAGE_WIDTH = 210 * MM
PAGE_HEIGHT = 297 * MM
MARGIN = 18 * MM
FOOTER_SIZE = 8

Align = Literal["left", "right", "center"]

_TOKEN = re.compile(r"[A-Za-z0-9@#&_.%/+*|=\-]+ ?|\s+|.", re.S)
_NO_LINE_START = set(",.;:!?)]}%、。\uff0c\uff1b\uff1a\uff01\uff1f\uff09\u3011\u300b\u300d\u201d")


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    align: Align = "left"


@dataclass
class Rendered:
    """What a report wrote: the file, its page count, and every string drawn on it."""

    path: Path
    pages: int
    texts: list[str] = field(default_factory=list)
    missing_glyphs: set[str] = field(default_factory=set)


PAGE_WORDS = {"zh": ("第{page}页", "共{pages}页"), "en": ("page {page}", "of {pages}")}
"""The page numbers in the footer, in the document's language."""


class Sheet:
    """A PDF being drawn top to bottom; `y` is the baseline cursor of the flowing content."""

    def __init__(
        self, path: Path, *, title: str, footer: str = "", numbered: bool = True,
        language: str = "zh",
    ) -> None:  # fmt: skip
        from reportlab import rl_config
        from reportlab.pdfgen.canvas import Canvas

        rl_config.useA85 = 0  # binary streams: smaller files, and no slow pure-Python encoding
        self.font = cjk_font()
        self.path = path
        if not path.parent.is_dir():
            raise SurveyAppError(code="no_folder_to_save", folder=str(path.parent), name=path.name)
        self._pdf = io.BytesIO()  # reportlab builds the whole file in memory anyway
        self.canvas: Any = Canvas(
            self._pdf,
            pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            initialFontName=self.font,
            initialFontSize=10,
        )
        self.canvas.setTitle(title)
        self.canvas.setAuthor("survey-app")
        self.canvas.setCreator("survey-app")
        self.footer = footer
        self.numbered = numbered
        self.page_words = PAGE_WORDS["en" if language.startswith("en") else "zh"]
        self.left = MARGIN
        self.right = PAGE_WIDTH - MARGIN
        self.top = PAGE_HEIGHT - MARGIN
        self.bottom = MARGIN + (12 if footer or numbered else 0)
        self.y = self.top
        self.page = 1
        self.on_new_page: Callable[[Sheet], None] | None = None
        self.texts: list[str] = []
        self.missing: set[str] = set()
        self._glyphs = _glyphs(self.font)
        self._widths: dict[tuple[str, float], float] = {}

    @property
    def width(self) -> float:
        return self.right - self.left

    # -- text -----------------------------------------------------------------
    def measure(self, text: str, size: float) -> float:
        key = (text, size)
        found = self._widths.get(key)
        if found is None:
            from reportlab.pdfbase.pdfmetrics import stringWidth

            found = self._widths[key] = stringWidth(text, self.font, size)
        return found

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        align: Align = "left",
        grey: float = 0,
    ) -> float:
        """Draw one string at a baseline; returns its width."""
        if not text:
            return 0
        self._note(text)
        width = self.measure(text, size)
        if align == "center":
            x -= width / 2
        elif align == "right":
            x -= width
        c = self.canvas
        if bold or grey:
            c.saveState()
            c.setFillGray(grey)
            words = c.beginText(x, y)
            words.setFont(self.font, size)
            if bold:
                c.setLineWidth(size * 0.035)
                words.setTextRenderMode(2)
            words.textOut(text)
            c.drawText(words)
            c.restoreState()
        else:
            c.setFont(self.font, size)
            c.drawString(x, y, text)
        return width

    def fitted(
        self, x: float, y: float, text: str, width: float, *, size: float, **kw: Any
    ) -> None:
        """Draw text in at most `width`, shrinking it when it is too long."""
        natural = self.measure(text, size)
        if natural > width > 0:
            size = max(5.0, size * width / natural)
        self.text(x, y, text, size=size, **kw)

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        lines: list[str] = []
        for paragraph in text.split("\n"):
            lines += self._wrap_line(paragraph, width, size)
        return lines

    def _wrap_line(self, text: str, width: float, size: float) -> list[str]:
        lines: list[str] = []
        current = ""
        for token in _TOKEN.findall(text):
            starts_ok = token.strip() and token[0] not in _NO_LINE_START
            if current and starts_ok and self.measure(current + token.rstrip(), size) > width:
                lines.append(current.rstrip())
                current = token.lstrip()
            else:
                current += token
        lines.append(current.rstrip())
        return lines

    def _note(self, text: str) -> None:
        self.texts.append(text)
        for ch in text:
            if ord(ch) not in self._glyphs and not ch.isspace():
                self.missing.add(ch)

    # -- flowing content ------------------------------------------------------
    def ensure(self, height: float) -> None:
        """Start a new page unless `height` more points fit above the bottom margin."""
        if self.y - height < self.bottom:
            self.new_page()

    def new_page(self) -> None:
        self._finish_page()
        self.canvas.showPage()
        self.page += 1
        self.y = self.top
        if self.on_new_page:
            self.on_new_page(self)

    def skip(self, height: float) -> None:
        self.y -= height

    def paragraph(
        self,
        text: str,
        *,
        size: float = 10,
        leading: float | None = None,
        indent: float = 0,
        bold: bool = False,
        align: Align = "left",
    ) -> None:
        leading = leading or size * 1.5
        for line in self.wrap(text, self.width - indent, size):
            self.ensure(leading)
            self.y -= leading
            x = {"left": self.left + indent, "center": PAGE_WIDTH / 2, "right": self.right}[align]
            self.text(x, self.y + leading * 0.28, line, size=size, bold=bold, align=align)

    def heading(self, text: str, *, size: float = 13) -> None:
        self.ensure(size * 2.6 + 40)
        self.y -= size * 0.8
        self.paragraph(text, size=size, bold=True, leading=size * 1.7)

    def rule(self, *, width: float = 0.6, dash: Sequence[float] | None = None) -> None:
        self.line(self.left, self.y, self.right, self.y, width=width, dash=dash)

    # -- drawing --------------------------------------------------------------
    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        *,
        width: float = 0.6,
        dash: Sequence[float] | None = None,
    ) -> None:
        c = self.canvas
        c.setLineWidth(width)
        c.setDash(list(dash) if dash else [])
        c.line(x1, y1, x2, y2)
        c.setDash([])

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        width: float = 0.8,
        fill: float | None = None,
    ) -> None:
        """A rectangle from its bottom-left corner; `fill` is a grey level (1 = white)."""
        c = self.canvas
        c.setLineWidth(width)
        if fill is not None:
            c.setFillGray(fill)
        c.rect(x, y, w, h, stroke=1 if width else 0, fill=1 if fill is not None else 0)
        c.setFillGray(0)

    def qr(self, text: str, x: float, y: float, size: float) -> None:
        """A QR code whose bottom-left corner is (x, y); leave 4 modules of white around it."""
        from survey_app.reports.qr import draw_qr

        draw_qr(self.canvas, text, x, y, size)

    # -- tables ---------------------------------------------------------------
    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        *,
        size: float = 9.5,
        row_height: float | None = None,
        bold_last: bool = False,
        x: float | None = None,
    ) -> None:
        """A ruled table flowing down the page; the header repeats on each new page."""
        row_height = row_height or size * 2
        x0 = self.left if x is None else x
        self.ensure(row_height * 2)
        self._table_row(columns, [c.title for c in columns], x0, row_height, size, header=True)
        for index, row in enumerate(rows):
            if self.y - row_height < self.bottom:
                self.new_page()
                self._table_row(columns, [c.title for c in columns], x0, row_height, size, True)
            last = bold_last and index == len(rows) - 1
            self._table_row(columns, row, x0, row_height, size, header=False, bold=last)

    def _table_row(
        self,
        columns: Sequence[Column],
        cells: Sequence[str],
        x0: float,
        height: float,
        size: float,
        header: bool,
        bold: bool = False,
    ) -> None:
        total = sum(c.width for c in columns)
        top = self.y
        self.y -= height
        if header:
            self.box(x0, self.y, total, height, width=0, fill=0.88)
        self.line(x0, top, x0 + total, top, width=0.8 if header else 0.4)
        self.line(x0, self.y, x0 + total, self.y, width=0.8 if header else 0.4)
        baseline = self.y + (height - size * 0.72) / 2
        x = x0
        for column, cell in zip(columns, cells, strict=True):
            self.line(x, top, x, self.y, width=0.4)
            align = "center" if header else column.align
            anchor = {"left": x + 4, "center": x + column.width / 2, "right": x + column.width - 4}
            self.fitted(
                anchor[align],
                baseline,
                cell,
                column.width - 8,
                size=size,
                align=align,
                bold=header or bold,
            )
            x += column.width
        self.line(x, top, x, self.y, width=0.4)

    # -- finishing ------------------------------------------------------------
    def _finish_page(self) -> None:
        y = MARGIN - 2
        if self.footer:
            self.text(self.left, y, self.footer, size=FOOTER_SIZE, grey=0.25)
        if self.numbered:
            c = self.canvas
            number = self.page_words[0].format(page=self.page)
            self.text(self.right - 34, y, number, size=FOOTER_SIZE, align="right")
            c.saveState()
            c.translate(self.right - 30, y)
            c.doForm("page_count")
            c.restoreState()

    def save(self) -> Rendered:
        self._finish_page()
        self.canvas.showPage()
        if self.numbered:
            c = self.canvas
            c.beginForm("page_count")
            self.text(0, 0, self.page_words[1].format(pages=self.page), size=FOOTER_SIZE)
            c.endForm()
        self.canvas.save()
        try:
            with write_atomically(self.path) as temporary:
                temporary.write_bytes(self._pdf.getvalue())
        except OSError as error:
            raise SurveyAppError(
                code="cannot_write", path=str(self.path), error=error.strerror or error
            ) from error
        return Rendered(self.path, self.page, self.texts, self.missing)


def _glyphs(font: str) -> set[int] | dict[int, int]:
    from reportlab.pdfbase.pdfmetrics import getFont

    face = getattr(getFont(font), "face", None)
    return face.charToGlyph if face is not None else set()
