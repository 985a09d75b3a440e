"""QR codes drawn as vector rectangles: sharp at any print size, and fast for 800 ballots."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from typing import Any

QUIET_ZONE = 4
"""Modules of white a scanner needs around the code; callers leave that much space."""


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of the QR code for `text`, dark as True (see `qr_rows`)."""
    return [[ch == "1" for ch in row] for row in qr_rows(text)]


def qr_rows(text: str) -> list[str]:
    """The rows of the smallest QR code (error correction M) that holds `text`.

    The mask is the one qrcode picks (the lowest penalty of ISO/IEC 18004 §7.8.3, scored with
    the format and version information left light), but several times faster: qrcode builds
    the code once, with mask 0, and the other masks are derived from it by flipping the
    modules in which they differ, learned once per size from qrcode's own codes.
    """
    built = _qrcode_rows(text, mask=0)
    n = len(built)
    flips, information = _mask_changes(text, n)
    area = _information_area(n)
    unformatted = [row & ~light for row, light in zip(built, area, strict=True)]
    scores = []
    for mask in range(8):
        masked = [row ^ flip for row, flip in zip(unformatted, flips[mask], strict=True)]
        scores.append((penalty([format(row, f"0{n}b") for row in masked]), mask))
    best = min(scores)[1]
    final = [
        (row ^ flip) | info
        for row, flip, info in zip(unformatted, flips[best], information[best], strict=True)
    ]
    return [format(row, f"0{n}b") for row in final]


def _qrcode_rows(text: str, *, mask: int) -> list[int]:
    """The code qrcode makes for `text` with this mask, its rows as bits (dark = 1)."""
    from qrcode import QRCode
    from qrcode.constants import ERROR_CORRECT_M

    code = QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=mask)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    return [int("".join("1" if dark else "0" for dark in row), 2) for row in code.get_matrix()]


_MASKS: dict[int, tuple[list[list[int]], list[list[int]]]] = {}


def _mask_changes(text: str, n: int) -> tuple[list[list[int]], list[list[int]]]:
    """For codes of `n` modules, per mask: the modules outside the information area that differ
    from mask 0, and the dark modules of the information area. Neither depends on the data (a
    mask flips data modules by position), so one text of that size teaches them for all."""
    if n not in _MASKS:
        area = _information_area(n)
        codes = [_qrcode_rows(text, mask=mask) for mask in range(8)]
        flips = [
            [(row ^ first) & ~light for row, first, light in zip(code, codes[0], area, strict=True)]
            for code in codes
        ]
        information = [
            [row & light for row, light in zip(code, area, strict=True)] for code in codes
        ]
        _MASKS[n] = (flips, information)
    return _MASKS[n]


def _information_area(n: int) -> list[int]:
    """The format information (ISO/IEC 18004 §7.9) with the always-dark module beside it, and
    from version 7 the version information (§7.10), as row bits of a code `n` modules wide."""
    modules = {(8, c) for c in (*range(6), 7, 8, *range(n - 8, n))}
    modules |= {(r, 8) for r in (*range(6), 7, 8, *range(n - 8, n))}
    if n >= 45:
        modules |= {(r, c) for r in range(6) for c in range(n - 11, n - 8)}
        modules |= {(r, c) for r in range(n - 11, n - 8) for c in range(6)}
    return [sum(1 << (n - 1 - c) for c in range(n) if (r, c) in modules) for r in range(n)]


_ONLY_DARK = str.maketrans("02", "  ")
_ONLY_LIGHT = str.maketrans("12", "  ")
_FINDER_LIKE = ("10111010000", "00001011101")
"""Neither overlaps itself, so `str.count` finds every occurrence."""


def penalty(rows: list[str]) -> int:
    """The mask penalty of ISO/IEC 18004 §7.8.3 over rows of "0"/"1", as qrcode scores it."""
    n = len(rows)
    lines = "2".join(rows + ["".join(col) for col in zip(*rows, strict=True)])
    same = lines.translate(_ONLY_DARK).split() + lines.translate(_ONLY_LIGHT).split()
    runs = sum((size - 2) * times for size, times in Counter(map(len, same)).items() if size >= 5)
    finders = 40 * sum(lines.count(pattern) for pattern in _FINDER_LIKE)
    bits = [int(row, 2) for row in rows]
    full = (1 << n) - 1
    blocks = 0
    for upper, lower in pairwise(bits):
        dark = upper & lower
        light = ~(upper | lower) & full
        blocks += (dark & dark >> 1).bit_count() + (light & light >> 1).bit_count()
    share = float(sum(row.count("1") for row in rows)) / (n**2)
    balance = int(abs(share * 100 - 50) / 5) * 10
    return runs + 3 * blocks + finders + balance


_DARK_RUN = re.compile("1+")


def dark_runs(rows: list[str]) -> list[tuple[int, int, int]]:
    """Horizontal runs of dark modules as (row, first column, length)."""
    return [
        (y, m.start(), m.end() - m.start())
        for y, row in enumerate(rows)
        for m in _DARK_RUN.finditer(row)
    ]


def draw_qr(canvas: Any, text: str, x: float, y: float, size: float) -> None:
    """Draw the code with its bottom-left corner at (x, y), `size` points wide.

    The modules are written as one filled path in module units (integer coordinates), which is
    exact, has no seams between modules, and is many times faster than drawing rectangles.
    """
    rows = qr_rows(text)
    count = len(rows)
    module = size / count
    runs = " ".join(
        f"{col} {count - row - 1} {length} 1 re" for row, col, length in dark_runs(rows)
    )
    canvas.addLiteral(f"q 0 g {module:.4f} 0 0 {module:.4f} {x:.3f} {y:.3f} cm {runs} f Q")
