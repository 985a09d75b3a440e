"""The `survey-app` command line: a click group, one module per command group, each imported
when one of its commands runs (see SurveyAppGroup)."""

from survey_app.cli.base import main

__all__ = ["main"]
