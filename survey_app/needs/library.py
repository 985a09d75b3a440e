"""Where the app's forms live: the package's resources/forms, or $SURVEY_APP_FORMS; the
earlier versions of shipped forms in its `earlier/` folder; and the forms the office
published into the data file (store/forms.py), which a laptop receives at sync. Of a shipped
and a published version of one form, the higher version is used."""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

from survey_app.core.errors import NotFound
from survey_app.resources import resource_path
from survey_app.spreadsheets.atomic import write_atomically
from survey_app.store.database import Store
from survey_app.store.forms import (
    PublishedForm,
    published_forms,
    published_workbook,
    version_key,
)
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


def open_form(name: str = NEEDS_SURVEY, store: Store | None = None) -> Form:
    """The form by path or name; with a store, its published version when that is newer."""
    try:
        shipped: Form | None = load_form(find_form(name))
    except NotFound:
        if store is None:
            raise
        shipped = None
    if store is None:
        assert shipped is not None
        return shipped
    form_id = shipped.form_id if shipped else Path(name).stem
    published = published_forms(store=store, form_id=form_id)
    if not published:
        if shipped is None:
            raise NotFound(code="unknown_form", form=name, folder=str(forms_directory()))
        return shipped
    newest = published_form(store, published[0])
    if shipped is None or version_key(newest.version) > version_key(shipped.version):
        return newest
    return shipped


def published_form(store: Store, published: PublishedForm) -> Form:
    """A published form read from its workbook (kept once per content in a cache folder)."""
    folder = Path(tempfile.gettempdir()) / "survey-app-forms"
    folder.mkdir(exist_ok=True)
    path = folder / f"{published.form_id}-{published.sha256[:16]}.xlsx"
    if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != published.sha256:
        with write_atomically(path) as temporary:
            temporary.write_bytes(published_workbook(store=store, record=published.record))
    return _load(path)


def available_forms(store: Store | None = None) -> list[Form]:
    """Every form a surveyor may fill in: the shipped ones (the needs survey first) and the
    ones the office published, each in its version in force."""
    forms = {}
    for path in shipped_forms():
        form = _load(path)
        forms[form.form_id] = form
    if store is not None:
        for published in published_forms(store=store):
            shipped = forms.get(published.form_id)
            if shipped is None or version_key(published.version) > version_key(shipped.version):
                forms[published.form_id] = published_form(store, published)
    return sorted(forms.values(), key=lambda f: (f.form_id != NEEDS_SURVEY, f.form_id))


def known_versions(store: Store | None, form_id: str) -> dict[str, Form]:
    """Every version of the form this laptop knows: shipped ones (the earlier ones too) and
    published ones."""
    versions = earlier_versions(form_id)
    for path in shipped_forms():
        shipped = _load(path)
        if shipped.form_id == form_id:
            versions[shipped.version] = shipped
    if store is not None:
        for published in published_forms(store=store, form_id=form_id, every_version=True):
            versions[published.version] = published_form(store, published)
    return versions


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
