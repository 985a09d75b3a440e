"""The `survey-app` command line: a click group, one module per command group."""

from survey_app.cli.base import main, register_commands

register_commands()

__all__ = ["main"]
