"""The report commands: help with an example, and people's errors in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from report_checks import run

from survey_app.cli import main


@pytest.mark.parametrize(
    "command",
    [
        ["report"],
        ["report", "tally"],
        ["report", "ballots"],
        ["report", "ranking"],
        ["report", "needs"],
        ["verify"],
    ],
)
def test_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "-h"])
    assert result.exit_code == 0
    if command != ["report"]:
        assert "Example: survey-app" in result.output


def test_an_unknown_compound_is_one_line(db: Path, tmp_path: Path) -> None:
    result = run(db, "report", "tally", "--compound", "XX-1", "--round", "1",
                 "--pdf", str(tmp_path / "x.pdf"))  # fmt: skip
    assert result.exit_code == 1
    assert result.output.strip() == "错误 Error: 没有编码为 XX-1 的小区"
    assert not (tmp_path / "x.pdf").exists()


def test_the_tally_command_prints_the_verification_text(db: Path, tmp_path: Path) -> None:
    result = run(db, "report", "tally", "--compound", "nh-001", "--round", "1",
                 "--pdf", str(tmp_path / "x.pdf"))  # fmt: skip
    assert result.exit_code == 0
    assert "A4,共 1 页" in result.output
    assert "核验文本 SA2|NH-001|R1|E113|" in result.output


def test_a_round_not_yet_opened_has_no_notice(db: Path, tmp_path: Path) -> None:
    result = run(db, "report", "tally", "--compound", "NH-004", "--round", "2",
                 "--pdf", str(tmp_path / "x.pdf"))  # fmt: skip
    assert result.exit_code == 1
    assert result.output.strip() == "错误 Error: NH-004 第2轮征询尚未开始,没有可以公示的结果"
    assert not (tmp_path / "x.pdf").exists()


def test_a_missing_folder_is_one_line(db: Path, tmp_path: Path) -> None:
    result = run(db, "report", "ranking", "--pdf", str(tmp_path / "nowhere" / "x.pdf"))
    assert result.exit_code == 1
    assert result.output.startswith("错误 Error: 文件夹 ")


def test_a_file_that_cannot_be_replaced_leaves_nothing_behind(tmp_path: Path) -> None:
    from survey_app.core.errors import SurveyAppError
    from survey_app.reports.sheet import Sheet

    taken = tmp_path / "taken.pdf"
    (taken / "inside").mkdir(parents=True)
    sheet = Sheet(taken, title="x")
    sheet.paragraph("公示")
    with pytest.raises(SurveyAppError) as error:
        sheet.save()
    assert error.value.code == "cannot_write"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.pdf"]
