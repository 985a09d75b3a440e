"""LibreOffice, the reference for what a spreadsheet makes of a file, run headless."""

from __future__ import annotations

import subprocess
from pathlib import Path

CSV_FILTER = "Text - txt - csv (StarCalc)"
QUOTED_TEXT = "44,34,76,1,,0,true,true,false,false,false,-1"
"""Comma, double quotes, UTF-8, from line 1, text cells quoted (so an unquoted field is a
number), cell contents as stored (not as shown), every sheet to its own file."""


def libreoffice_convert(source: Path, to: str, out: Path, infilter: str = "") -> list[Path]:
    """Convert `source` with headless LibreOffice (`to`: "ods", "xls", "csv:<filter>:<options>";
    `infilter` how to read it, e.g. "CSV:44,34,76,1": comma, quote, UTF-8, from line 1, with
    LibreOffice's default of evaluating formulas); returns the files it wrote."""
    out.mkdir(parents=True, exist_ok=True)
    before = set(out.iterdir())
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{out.parent}/lo-profile",
            "--headless",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    written = sorted(set(out.iterdir()) - before)
    assert written, f"LibreOffice wrote nothing for {source}"
    return written
