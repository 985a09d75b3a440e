"""Where the app's forms live: the package's resources/forms, or $SURVEY_APP_FORMS."""

from __future__ import annotations

import os
from pathlib import Path

from survey_app.core.errors import NotFound
from survey_app.resources import resource_path
from survey_app.xlsform.model import Form
from survey_app.xlsform.reader import load_form

NEEDS_SURVEY = "needs_survey"


def forms_directory() -> Path:
    configured = os.environ.get("SURVEY_APP_FORMS")
    return Path(configured) if configured else resource_path("forms")


def find_form(name: str) -> Path:
    """A form by file path, by file name in the forms folder, or by its form_id."""
    given = Path(name)
    if given.suffix.lower() == ".xlsx" and given.is_file():
        return given
    candidate = forms_directory() / f"{given.stem}.xlsx"
    if candidate.is_file():
        return candidate
    raise NotFound(code="unknown_form", form=name, folder=str(forms_directory()))


def open_form(name: str = NEEDS_SURVEY) -> Form:
    return load_form(find_form(name))
