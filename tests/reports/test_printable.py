"""Every printed document is A4, embeds its CJK TrueType font and uses no colour."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_checks import DEFERRED, PASSED, assert_printable, run


@pytest.mark.parametrize(
    "args",
    [
        ["report", "tally", "--compound", PASSED, "--round", "1", "--households"],
        ["report", "tally", "--compound", DEFERRED, "--round", "1"],
        ["report", "ballots", "--compound", PASSED, "--round", "1", "--building", "2"],
        ["report", "ballots", "--compound", PASSED, "--round", "2", "--per-page", "2"],
        ["report", "ranking"],
        ["report", "ranking", "--round", "2"],
    ],
)
def test_documents_are_printable(db: Path, tmp_path: Path, args: list[str]) -> None:
    pdf = tmp_path / "out.pdf"
    result = run(db, *args, "--pdf", str(pdf))
    assert result.exit_code == 0, result.output
    assert "已生成" in result.output
    assert_printable(pdf)


def test_the_check_sees_colour_and_other_paper(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen.canvas import Canvas

    from survey_app.reports.fonts import cjk_font

    font = cjk_font()
    coloured = Canvas(str(tmp_path / "red.pdf"), pagesize=(595.28, 841.89), initialFontName=font)
    coloured.setFillColorRGB(1, 0, 0)
    coloured.rect(10, 10, 50, 50, fill=1)
    coloured.save()
    with pytest.raises(AssertionError, match="colour"):
        assert_printable(tmp_path / "red.pdf")
    letter = Canvas(str(tmp_path / "letter.pdf"), pagesize=LETTER, initialFontName=font)
    letter.rect(10, 10, 50, 50, fill=1)
    letter.save()
    with pytest.raises(AssertionError, match="A4"):
        assert_printable(tmp_path / "letter.pdf")
