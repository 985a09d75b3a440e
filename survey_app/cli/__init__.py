"""The `survey-app` command line: a click group, one module per command group, each imported
when one of its commands runs (see SurveyAppGroup). The group itself (and click) is imported
at the first use of `main`: the window's plain start (cli/gui_start.py) goes without it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from survey_app.cli.base import main

__all__ = ["main"]


def __getattr__(name: str) -> Any:
    if name == "main":
        from survey_app.cli.base import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
