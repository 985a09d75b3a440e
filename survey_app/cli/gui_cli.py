"""`gui`: the desktop window."""

from __future__ import annotations

from pathlib import Path

import click

from survey_app.cli.base import main, state


@main.command()
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
    help="Render offscreen to a PNG and exit.",
)
@click.option(
    "--view",
    default="main",
    show_default=True,
    help="View to render: main, household, vote, confirm, closed, search, survey, profile, "
    "first-run, or an office view (office-dashboard, office-ranking ...).",
)
@click.option(
    "--size", default="1366x768", show_default=True, help="Window size for --screenshot, WxH."
)
def gui(
    db_path: Path | None,
    demo: bool,
    lang: str | None,
    screenshot: Path | None,
    view: str,
    size: str,
) -> None:
    """Open the desktop window for door-to-door work (Chinese by default, English selectable).

    Example: survey-app gui --demo
    Example: survey-app gui --demo --lang en --screenshot main.png --view household
    """
    # The one place the CLI reaches into the ui package (see ignore_imports in pyproject.toml);
    # imported only when the command runs, so every other command starts without loading Qt.
    from survey_app.ui.app import GuiOptions, run, view_names

    if view != "main" and view not in view_names():  # the list loads every view's module
        choices = ", ".join(view_names())
        raise click.BadParameter(f"{view!r}; choose one of {choices}", param_hint="--view")

    width, _x, height = size.partition("x")
    options = GuiOptions(
        db=db_path or state().db_path,
        demo=demo,
        language=lang,
        screenshot=screenshot,
        view=view,
        size=(int(width), int(height)),
    )
    raise SystemExit(run(options))
