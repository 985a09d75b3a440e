"""The CJK font: found on the system, skipped when unusable, and a clear word when missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_app.core.errors import NotFound
from survey_app.reports import fonts


def test_a_cjk_font_is_found_and_registered() -> None:
    assert fonts.cjk_font() == fonts.FONT_NAME
    chosen = fonts.font_in_use()
    assert chosen is not None and chosen.path.suffix.lower() in {".ttf", ".ttc"}


def test_no_font_gives_install_instructions() -> None:
    with pytest.raises(NotFound) as error:
        fonts._register_first([])
    message = error.value.message
    assert "sudo apt install fonts-wqy-microhei" in message
    assert "微软雅黑" in message and fonts.FONT_ENV in message
    assert "\n" not in message


def test_fonts_without_chinese_or_not_fonts_at_all_are_skipped(tmp_path: Path) -> None:
    not_a_font = tmp_path / "readme.ttf"
    not_a_font.write_text("not a font")
    latin = Path("/usr/share/fonts/truetype/noto/NotoMono-Regular.ttf")
    candidates = [fonts.FontChoice(not_a_font)] + (
        [fonts.FontChoice(latin)] if latin.exists() else []
    )
    with pytest.raises(NotFound):
        fonts._register_first(candidates)


def test_the_environment_variable_comes_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    wanted = tmp_path / "mine.ttf"
    wanted.write_bytes(b"")
    monkeypatch.setenv(fonts.FONT_ENV, str(wanted))
    assert fonts.candidate_fonts()[0].path == wanted


def test_characters_the_font_lacks_are_reported(tmp_path: Path) -> None:
    from survey_app.reports.sheet import Sheet

    sheet = Sheet(tmp_path / "rare.pdf", title="x")
    sheet.paragraph("户主:李\U00020bb7 张三")
    rendered = sheet.save()
    assert rendered.missing_glyphs == {"\U00020bb7"}
