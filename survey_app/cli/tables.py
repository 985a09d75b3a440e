"""Readable tables for a terminal, aligned for Chinese characters (two columns wide)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import click


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]
    numeric = [
        all(c.replace(".", "").replace("%", "").lstrip("-").isdigit() for c in col if c)
        for col in zip(*cells, strict=True)
    ] or [False] * len(headers)
    lines = ["  ".join(_pad(h, w, False) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("─" * w for w in widths))
    for row in cells:
        lines.append("  ".join(_pad(c, w, n) for c, w, n in zip(row, widths, numeric, strict=True)))
    return "\n".join(line.rstrip() for line in lines)


def echo_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    click.echo(format_table(headers, rows))
