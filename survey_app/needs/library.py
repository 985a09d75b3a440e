"""Where the app's forms live: the package's resources/forms, or $SURVEY_APP_FORMS; the
earlier versions of shipped forms in its `earlier/` folder."""

from __future__ import annotations

import os
from functools import cache
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


def shipped_forms() -> list[Path]:
    """The forms in the forms folder (the needs survey first)."""
    found = sorted(forms_directory().glob("*.xlsx"), key=lambda p: (p.stem != NEEDS_SURVEY, p.name))
    return [p for p in found if not p.name.startswith(("~$", "."))]


def earlier_versions(form_id: str) -> dict[str, Form]:
    """The earlier shipped versions of a form, by version (`earlier/<form_id>-<version>.xlsx`)."""
    folder = forms_directory() / "earlier"
    paths = sorted(folder.glob(f"{form_id}-*.xlsx")) if folder.is_dir() else []
    forms = [_load(path) for path in paths]
    return {form.version: form for form in forms if form.form_id == form_id}


@cache
def _load_cached(path: str, size: int, modified: float) -> Form:
    return load_form(Path(path))


def _load(path: Path) -> Form:
    stat = path.stat()
    return _load_cached(str(path), stat.st_size, stat.st_mtime)
