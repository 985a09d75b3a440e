"""The window's plain start reads `gui`'s options without click: for every command line it
takes, it reads what the click command reads; any other goes to click."""

from __future__ import annotations

import dataclasses
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from survey_app.cli import main
from survey_app.cli.gui_cli import gui
from survey_app.cli.gui_start import plain_gui_options
from survey_app.ui import app

PIECES = [
    [], ["--demo"], ["--demo=1"], ["--lang", "en"], ["--lang=zh_CN"], ["--lang", "fr"],
    ["--lang", "EN"], ["--size", "800x600"], ["--size=1366x768"], ["--size", "12"],
    ["--size", "x600"], ["--screenshot", "S.png"], ["--screenshot=S.png"],
    ["--screenshot", "DIR"], ["--db", "G.db"], ["--db=G.db"], ["--db", ""], ["--db", "-x"],
    ["--db", "DIR"], ["--db", "G.db", "--db", "H.db"], ["-h"], ["--help"], ["--"],
    ["extra"], ["--unknown"], ["--db"], ["--lang"],
]  # fmt: skip
GROUP = [[], ["--db", "F.db"], ["--db=F.db"], ["--db", "DIR"], ["--version"], ["-h"],
         ["--db", "gui"], ["--db", "F.db", "--db", "F.db"], ["extra"]]  # fmt: skip


def click_reads(args: list[str], *, group: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    """What the click command hands the window: its options, or ('refused', exit code)."""
    seen: list[app.GuiOptions] = []
    monkeypatch.setattr(app, "run", lambda options: seen.append(options) or 0)
    result = CliRunner().invoke(main if group else gui, args, env={"SURVEY_APP_DB": None})
    return dataclasses.asdict(seen[0]) if seen else ("refused", result.exit_code)


def command_lines(where: Path) -> list[list[str]]:
    lines = []
    for before, first, second in itertools.product(GROUP, PIECES, PIECES):
        lines.append([*before, "gui", *first, *second])
    lines += [["gui", *a, *b, *c] for a, b, c in itertools.permutations(PIECES[:14], 3)]
    return [[arg.replace("DIR", str(where)) for arg in line] for line in lines]


@pytest.mark.parametrize("group", [True, False])
def test_every_line_taken_is_read_as_click_reads_it(
    group: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("G.db").write_bytes(b"")  # a file that is there, and (below) one that is not readable
    taken = 0
    for line in command_lines(tmp_path):
        args = line if group else line[line.index("gui") + 1 :]
        plain = plain_gui_options(args, group=group, environ={})
        if plain is None:
            continue
        taken += 1
        assert plain == click_reads(args, group=group, monkeypatch=monkeypatch), args
    assert taken > 400  # the plain lines are taken: this can fail


def test_a_line_click_refuses_is_left_to_click(tmp_path: Path) -> None:
    for line in command_lines(tmp_path):
        plain = plain_gui_options(line, environ={})
        if any(bad in line for bad in ("fr", "EN", "12", "x600", "-h", "--version", str(tmp_path))):
            assert plain is None, line


def test_an_unreadable_file_and_the_environment_go_to_click(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked.db"
    locked.write_bytes(b"")
    assert plain_gui_options(["gui", "--db", str(locked)], environ={}) is not None
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != locked)  # root reads all
    assert plain_gui_options(["gui", "--db", str(locked)], environ={}) is None
    assert click_reads(["gui", "--db", str(locked)], group=True, monkeypatch=monkeypatch)[0] == (
        "refused"
    )
    assert plain_gui_options(["gui"], environ={"SURVEY_APP_DB": "x.db"}) is None
    assert plain_gui_options(["rank"], environ={}) is None


def test_a_plain_start_imports_neither_click_nor_the_command_group(tmp_path: Path) -> None:
    code = (
        "import sys; from survey_app.cli import gui_start;"
        "sys.exit(gui_start.start_plain_gui(['gui', '--size', 'wrong'])"
        " or sorted({'click', 'survey_app.cli.base', 'PySide6'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.stderr.strip() == "[]"  # nothing of the window for a line click is to read


@pytest.mark.parametrize(
    ("entry", "args"),
    [("command_line", ["gui", "--size", "wrong"]), ("gui_command_line", ["--size", "wrong"]),
     ("command_line", ["gui", "-h"]), ("gui_command_line", ["--help"])],
)  # fmt: skip
def test_the_entry_points_leave_what_they_do_not_take_to_click(entry: str, args: list) -> None:
    code = f"import sys; sys.argv[1:] = {args!r}; from survey_app.cli import gui_start;"
    code += f"gui_start.{entry}()"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    if "wrong" in args:
        assert result.returncode == 2 and "write it as WIDTHxHEIGHT" in result.stderr
    else:
        assert result.returncode == 0 and "--screenshot" in result.stdout
