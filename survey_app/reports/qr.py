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

    The mask is the one with the lowest penalty (ISO/IEC 18004 §7.8.3), exactly as the qrcode
    package picks it, but several times faster: the code is built once with mask 0, the other
    masks are derived by flipping its data modules, and the penalty is scored on bit strings.
    """
    code = _builder()(error_correction=_ecc_m(), border=0, mask_pattern=0)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    n = len(code.modules)
    flips, formats, format_area = _version_masks(code)
    rows = [int("".join("1" if v else "0" for v in row), 2) for row in code.modules]
    unformatted = [row & ~area for row, area in zip(rows, format_area, strict=True)]
    scores = []
    for mask in range(8):
        masked = [row ^ flip for row, flip in zip(unformatted, flips[mask], strict=True)]
        scores.append((penalty([format(row, f"0{n}b") for row in masked]), mask))
    best = min(scores)[1]
    final = [
        (row ^ flip) | fmt
        for row, flip, fmt in zip(unformatted, flips[best], formats[best], strict=True)
    ]
    return [format(row, f"0{n}b") for row in final]


def _ecc_m() -> int:
    from qrcode.constants import ERROR_CORRECT_M

    return int(ERROR_CORRECT_M)


_BUILDER: type | None = None
_MASKS: dict[int, tuple[list[list[int]], list[list[int]], list[int]]] = {}


def _builder() -> type:
    """qrcode's QRCode, remembering which modules hold data when it maps them."""
    global _BUILDER
    if _BUILDER is None:
        from qrcode import QRCode

        class Builder(QRCode):  # type: ignore[misc]
            def map_data(self, data: Any, mask_pattern: int) -> None:
                self.data_modules = [
                    (r, c)
                    for r, row in enumerate(self.modules)
                    for c, v in enumerate(row)
                    if v is None
                ]
                super().map_data(data, mask_pattern)

        _BUILDER = Builder
    return _BUILDER


def _version_masks(code: Any) -> tuple[list[list[int]], list[list[int]], list[int]]:
    """For this code's size, as row bits: per mask, the modules that differ from mask 0 (data
    modules only) and the dark format-information modules; and the format area itself, which
    is left light while masks are scored."""
    n = len(code.modules)
    if n not in _MASKS:
        from qrcode.util import mask_func

        def row_bits(matrix: list[list[Any]], keep: Any) -> list[int]:
            return [sum(1 << (n - 1 - c) for c, v in enumerate(row) if keep(v)) for row in matrix]

        flips = []
        for mask in range(8):
            first, other = mask_func(0), mask_func(mask)
            flipped = [[False] * n for _ in range(n)]
            for r, c in code.data_modules:
                flipped[r][c] = first(r, c) != other(r, c)
            flips.append(row_bits(flipped, bool))
        built = code.modules
        formats = []
        for mask in range(8):
            code.modules = [[None] * n for _ in range(n)]
            code.setup_type_info(False, mask)
            formats.append(row_bits(code.modules, bool))
        area = row_bits(code.modules, lambda v: v is not None)
        code.modules = built
        _MASKS[n] = (flips, formats, area)
    return _MASKS[n]


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
