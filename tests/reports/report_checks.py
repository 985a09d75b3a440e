"""Reading printed PDFs back: their text (pdftotext), their QR codes (zbarimg)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from survey_app.cli import main

PASSED = "NH-001"
"""Round 1 closed and passed (113 households); round 2 open."""
DEFERRED = "NH-004"
"""Round 1 closed, not passed: 暂缓改造 (692 households)."""
OPEN = "NH-007"
"""Round 1 still open."""


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def needs_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f"{name} is not installed: bash packaging/setup.sh test installs it "
            "(apt install poppler-utils zbar-tools)"
        )
    return found


def pdf_text(path: Path, *, layout: bool = True) -> str:
    """The text pdftotext reads from the PDF (layout mode keeps each table row on one line)."""
    tool = needs_tool("pdftotext")
    args = [tool, "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def qr_text(path: Path, *, page: int = 1, half: int | None = None, dpi: int = 100) -> str:
    """The one QR code zbar finds on a page (or on its top or bottom half), byte for byte.

    `zbarimg -Sbinary` gives the exact bytes but no separator between several codes, so each
    scan covers one code only; a plain scan first checks there is exactly one.
    """
    render = needs_tool("pdftoppm")
    zbar = needs_tool("zbarimg")
    png = path.with_name(f"{path.stem}-p{page}-{half}")
    crop: list[str] = []
    if half is not None:
        width, height = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
        crop = ["-x", "0", "-y", str(half * height // 2), "-W", str(width), "-H", str(height // 2)]
    subprocess.run(
        [render, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
         *crop, str(path), str(png)],
        check=True,
    )  # fmt: skip
    image = f"{png}.png"
    plain = subprocess.run([zbar, "--raw", "-q", image], capture_output=True, check=False)
    assert plain.returncode == 0, f"no QR code found on page {page} half {half}"
    assert len(plain.stdout.splitlines()) == 1, plain.stdout
    exact = subprocess.run([zbar, "--raw", "-q", "-Sbinary", image], capture_output=True)
    return exact.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_extracts_exactly(texts: list[str], path: Path) -> None:
    """Every string drawn on the PDF comes back from pdftotext, character for character."""
    extracted = squeeze(pdf_text(path))
    missing = [t for t in dict.fromkeys(texts) if squeeze(t) not in extracted]
    assert not missing, f"not extracted as drawn: {missing[:5]}"


A4 = (595.28, 841.89)
_STRINGS = re.compile(rb"\((?:\\.|[^\\)])*\)")
_COLOUR_OPERATORS = re.compile(rb"(?<![\w/])(?:rg|RG|k|K|sc|SC|scn|SCN|cs|CS)(?!\w)")


def assert_printable(path: Path) -> None:
    """A4 pages, only embedded TrueType fonts, only black, white and greys."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert reader.pages, "no page"
    for number, page in enumerate(reader.pages, start=1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=0.01), f"page {number} is not A4"
        for stream, resources in _streams(page):
            assert not _COLOUR_OPERATORS.search(_STRINGS.sub(b"", stream)), f"colour on {number}"
            for font in (resources.get("/Font") or {}).values():
                font = font.get_object()
                assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
                assert "/FontFile2" in font["/FontDescriptor"], f"{font['/BaseFont']} not embedded"


def _streams(page: object) -> list[tuple[bytes, dict[str, object]]]:
    contents = page.get_contents()  # type: ignore[attr-defined]
    resources = page.get("/Resources") or {}  # type: ignore[attr-defined]
    found = [(contents.get_data() if contents is not None else b"", resources)]
    for xobject in (resources.get("/XObject") or {}).values():
        form = xobject.get_object()
        if form.get("/Subtype") == "/Form":
            found.append((form.get_data(), form.get("/Resources") or {}))
    return found
