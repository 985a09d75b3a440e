"""The window's start without click: `survey-app [--db F] gui [options]`, written plainly, is
read here, so neither click nor the command group is imported (about 20 ms of the start).
Anything else (help, `--version`, a mistyped or repeated option, a value click would refuse,
SURVEY_APP_DB set) goes to the click command, which does the same or says what is wrong."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

LANGUAGES = ("zh_CN", "en")
VALUE_OPTIONS = ("--db", "--lang", "--screenshot", "--size")
FLAG_OPTIONS = ("--demo",)
PATH_OPTIONS = ("--db", "--screenshot")
DEFAULT_SIZE = "1366x768"


def window_size(text: str) -> tuple[int, int] | None:
    """`1366x768` as (width, height); None when it is not written WIDTHxHEIGHT."""
    width, _x, height = text.partition("x")
    if not (width.isdigit() and height.isdigit()):
        return None
    return int(width), int(height)


def plain_gui_options(
    args: Sequence[str], *, group: bool = True, environ: Mapping[str, str] = os.environ
) -> dict[str, Any] | None:
    """The `gui` command's options (GuiOptions' fields) when `args` (after the program name)
    are `[--db F] gui [options]` (with `group`) or the gui options alone, each given once
    and each value one click takes as it is; None: click is to read them."""
    if os.name == "nt" and any(set(arg) & set("*?[~$%") for arg in args):
        return None  # click expands patterns, ~ and variables in a Windows command line
    args = list(args)
    group_db = None
    if group:
        if "SURVEY_APP_DB" in environ or "gui" not in args:
            return None
        at = args.index("gui")
        before = _options(args[:at], values=("--db",), flags=())
        if before is None:
            return None
        group_db, args = before.get("--db"), args[at + 1 :]
    given = _options(args, values=VALUE_OPTIONS, flags=FLAG_OPTIONS)
    if given is None or given.get("--lang", "zh_CN") not in LANGUAGES:
        return None
    size = window_size(given.get("--size", DEFAULT_SIZE))
    if size is None or not all(_path_click_takes(given[o]) for o in PATH_OPTIONS if o in given):
        return None
    if group_db is not None and not _path_click_takes(group_db):
        return None
    db = given.get("--db") or group_db
    screenshot = given.get("--screenshot")
    return {
        "db": None if db is None else Path(db),
        "demo": "--demo" in given,
        "language": given.get("--lang"),
        "screenshot": None if screenshot is None else Path(screenshot),
        "size": size,
    }


def _options(
    args: list[str], *, values: tuple[str, ...], flags: tuple[str, ...]
) -> dict[str, str] | None:
    """`--name value`, `--name=value` and flags, each once; None for anything else."""
    given: dict[str, str] = {}
    rest = iter(args)
    for arg in rest:
        name, equals, value = arg.partition("=")
        if name in flags and not equals:
            value = ""
        elif name in values and not equals:
            value = next(rest, "")
        elif name not in values:
            return None
        if name in given or (name in values and (not value or value.startswith("-"))):
            return None
        given[name] = value
    return given


def _path_click_takes(text: str) -> bool:
    """click.Path(dir_okay=False) takes a path that is not there, or a readable file."""
    path = Path(text)
    return not path.exists() or (not path.is_dir() and os.access(path, os.R_OK))


def start_plain_gui(args: Sequence[str], *, group: bool = True) -> None:
    """Open the window when `args` are plainly the `gui` command's (never returns then);
    otherwise return, for the click command to read them."""
    options = plain_gui_options(args, group=group)
    if options is None:
        return
    # The CLI's other way into the ui package (see ignore_imports in pyproject.toml).
    from survey_app.core.errors import SurveyAppError
    from survey_app.ui.app import GuiOptions, run

    try:
        code = run(GuiOptions(**options))
    except SurveyAppError as error:  # as the click group says it
        print(f"错误 Error: {error.message}", file=sys.stderr)
        code = 1
    except (EOFError, KeyboardInterrupt):  # as click says it
        print("\nAborted!", file=sys.stderr)
        code = 1
    raise SystemExit(code)


def command_line() -> None:
    """The `survey-app` entry point (and `python -m survey_app`): a plain `gui` command line
    opens the window here, any other goes to the click group."""
    start_plain_gui(sys.argv[1:])
    from survey_app.cli import main

    main()


def gui_command_line() -> None:
    """The `survey-app-gui` entry point: plain options open the window here, any other (help,
    a mistake) goes to the click command."""
    start_plain_gui(sys.argv[1:], group=False)
    from survey_app.cli.gui_cli import gui_main

    gui_main()
