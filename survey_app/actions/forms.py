"""Publishing a survey form to the batch: a new version of a shipped form, or a further form.
The office writes it into its data file; the central file and every laptop get it at sync."""

from __future__ import annotations

from pathlib import Path

from survey_app.core.errors import InvalidInput
from survey_app.core.qr_texts import make_survey_text
from survey_app.needs.library import NEEDS_SURVEY, available_forms
from survey_app.needs.needs_list import check_needs_form
from survey_app.needs.satisfaction import SATISFACTION_SURVEY, check_satisfaction_form
from survey_app.store.database import Store
from survey_app.store.forms import PublishedForm, publish_form, published_forms, version_key
from survey_app.xlsform.reader import load_form

CHECKS = {NEEDS_SURVEY: check_needs_form, SATISFACTION_SURVEY: check_satisfaction_form}
"""A new version of a shipped form must still have what its reports read."""


def publish_form_file(*, store: Store, path: Path) -> PublishedForm:
    """Check the XLSForm as the app reads it, then publish it (one transaction). A version
    already published with the same bytes is returned as it is."""
    form = load_form(path)
    make_survey_text("X/1-101", form.form_id)  # a form_id the questionnaire's QR code can hold
    if not form.version:
        raise InvalidInput(code="form_without_version", form=form.form_id)
    if form.form_id in CHECKS:
        CHECKS[form.form_id](form)
    workbook = path.read_bytes()
    same = [
        p for p in published_forms(store=store, form_id=form.form_id, every_version=True)
        if p.version == form.version
    ]  # fmt: skip
    if not same:
        in_force = next((f for f in available_forms(store) if f.form_id == form.form_id), None)
        if in_force is not None and version_key(form.version) <= version_key(in_force.version):
            raise InvalidInput(
                code="form_version_not_newer",
                form=form.form_id,
                version=form.version,
                current=in_force.version,
            )
    return publish_form(
        store=store,
        form_id=form.form_id,
        version=form.version,
        title=form.settings.form_title,
        file_name=path.name,
        workbook=workbook,
    )
