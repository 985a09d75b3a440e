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
    assert "核验文本 SA1|NH-001|R1|E113|" in result.output
