"""Finding and registering a TrueType CJK font that reportlab can embed in every PDF.

Looked for in this order: the file named by SURVEY_APP_FONT, the package's resources/fonts,
then the usual system fonts (WenQuanYi / Droid on Linux, 微软雅黑 / 黑体 / 宋体 on Windows,
华文黑体 on macOS).
OpenType fonts with PostScript outlines (most Noto CJK / 思源 files) cannot be embedded by
reportlab and are skipped.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from survey_app.core.errors import NotFound
from survey_app.resources import resource_path

FONT_ENV = "SURVEY_APP_FONT"
FONT_NAME = "SurveyCJK"
RESOURCE_FONTS = resource_path("fonts")
_PROBE = "征询结果公示同意率暂缓改造张*明0123456789%()-:"

_LINUX = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/google-droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
]
_WINDOWS = ["msyh.ttc", "msyh.ttf", "simhei.ttf", "simsun.ttc", "Deng.ttf", "simkai.ttf"]
_MACOS = [
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
]


@dataclass(frozen=True)
class FontChoice:
    path: Path
    subfont: int = 0


def candidate_fonts() -> list[FontChoice]:
    found: list[Path] = []
    if env := os.environ.get(FONT_ENV):
        found.append(Path(env))
    if RESOURCE_FONTS.is_dir():
        found += sorted(p for p in RESOURCE_FONTS.iterdir() if p.suffix.lower() in {".ttf", ".ttc"})
    found += [Path(p) for p in system_font_paths()]
    return [FontChoice(p) for p in found if p.is_file()]


def system_font_paths() -> list[str]:
    if sys.platform == "win32":
        folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        return [str(folder / name) for name in _WINDOWS]
    if sys.platform == "darwin":
        return _MACOS
    return _LINUX


_registered: FontChoice | None = None


def cjk_font() -> str:
    """Register the first usable CJK font once per process; its reportlab name."""
    global _registered
    if _registered is None:
        _registered = _register_first(candidate_fonts())
    return FONT_NAME


def font_in_use() -> FontChoice | None:
    return _registered


def _register_first(choices: list[FontChoice]) -> FontChoice:
    from reportlab.pdfbase import pdfmetrics

    for choice in choices:
        font = _load(choice)
        if font is not None:
            pdfmetrics.registerFont(font)
            return choice
    raise NotFound(code="no_cjk_font", variable=FONT_ENV)


def _load(choice: FontChoice) -> object | None:
    """The font when reportlab can embed it and it has the glyphs the documents use."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        font = TTFont(FONT_NAME, str(choice.path), subfontIndex=choice.subfont)
    except (TTFError, OSError, ValueError, KeyError):
        return None
    glyphs = font.face.charToGlyph
    return font if all(ord(ch) in glyphs for ch in _PROBE) else None
