"""`gui`: the desktop window. `survey-app-gui` runs this same command on its own."""

from __future__ import annotations

import gc
from pathlib import Path

import click

from survey_app.cli.base import CONTEXT_SETTINGS, CliState, main


@main.command(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), help="Database file."
)
@click.option("--demo", is_flag=True, help="Open the sample batch (created on first use).")
@click.option(
    "--lang",
    type=click.Choice(["zh_CN", "en"]),
    help="Language (default: last used, else Chinese).",
)
@click.option(
    "--screenshot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Render the main window offscreen to a PNG and exit (the user's settings are "
    "left alone). Screenshots of each view: python tools/screenshots.py.",
)
@click.option(
    "--size", default="1366x768", show_default=True, help="Window size for --screenshot, WxH."
)
@click.pass_context
def gui(
    ctx: click.Context,
    db_path: Path | None,
    demo: bool,
    lang: str | None,
    screenshot: Path | None,
    size: str,
) -> None:
    """Open the desktop window for door-to-door work (Chinese by default, English selectable).

    A --db file that does not exist is created only after asking.

    Example: survey-app gui --demo
    Example: survey-app gui --demo --lang en --screenshot main.png
    """
    # The start makes what lives as long as the window (modules, classes, widgets): the
    # collector's passes through it find no garbage. It is paused until the event loop's first
    # turn (before any dialog or the window's first frame), see `collect_from_now_on`.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # The one place the CLI reaches into the ui package (see ignore_imports in
        # pyproject.toml); imported only when the command runs, so every other command starts
        # without loading Qt.
        from survey_app.ui.app import GuiOptions, run

        width, _x, height = size.partition("x")
        if not (width.isdigit() and height.isdigit()):
            raise click.BadParameter(f"{size!r}; write it as WIDTHxHEIGHT", param_hint="--size")
        group = ctx.find_object(CliState)  # absent when run as survey-app-gui
        options = GuiOptions(
            db=db_path or (group.db_path if group else None),
            demo=demo,
            language=lang,
            screenshot=screenshot,
            size=(int(width), int(height)),
        )
        raise SystemExit(run(options, on_started=collect_from_now_on if collecting else None))
    finally:
        if collecting:
            gc.enable()


def collect_from_now_on() -> None:
    """The collector on again, leaving out what the start made (`gc.freeze`): else its first
    pass would go through all of it at once, in the first frame, and every full pass after."""
    gc.freeze()
    gc.enable()


def gui_main() -> None:
    """The `survey-app-gui` entry point: the `gui` command, with its options and help."""
    gui.main(prog_name="survey-app-gui")
