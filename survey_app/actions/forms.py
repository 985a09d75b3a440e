"""Publishing a survey form to the batch: a new version of a shipped form, or a further form.
The office writes it into its data file; the central file and every laptop get it at sync.

The window checks a file first (`check_publication`, in a worker: a large form takes seconds),
shows the result, and publishes exactly the bytes it checked (`publish_checked`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from survey_app.core.errors import InvalidInput, SurveyAppError, UnreadableFile
from survey_app.core.qr_texts import make_survey_text
from survey_app.needs.library import (
    NEEDS_SURVEY,
    available_forms,
    earlier_versions,
    published_form,
    shipped_forms,
)
from survey_app.needs.needs_list import check_needs_form
from survey_app.needs.satisfaction import SATISFACTION_SURVEY, check_satisfaction_form
from survey_app.store.database import Store
from survey_app.store.forms import (
    PublishedForm,
    households_by_version,
    publish_form,
    published_forms,
    version_key,
)
from survey_app.xlsform.findings import FormRefused
from survey_app.xlsform.model import Form
from survey_app.xlsform.reader import FormCheck, check_form, load_form

CHECKS = {NEEDS_SURVEY: check_needs_form, SATISFACTION_SURVEY: check_satisfaction_form}
"""A new version of a shipped form must still have what its reports read."""

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PublishCheck:
    """A file as `form check` reads it, and why it may not be published (None: it may)."""

    path: Path
    check: FormCheck
    workbook: bytes
    refusal: SurveyAppError | None

    @property
    def form(self) -> Form | None:
        return self.check.form if self.check.ok else None

    @property
    def publishable(self) -> bool:
        return self.form is not None and self.refusal is None


def check_publication(
    *, store: Store, path: Path, progress: Progress | None = None
) -> PublishCheck:
    """Read the file as the app reads forms, then the rules of publishing (a version above the
    one in use, the same bytes under a version already published, what its reports read).
    Writes nothing."""
    step = progress or (lambda done, total: None)
    step(0, 3)
    workbook = _read_bytes(path)
    check = check_form(path)
    step(1, 3)
    refusal: SurveyAppError | None = None
    if _read_bytes(path) != workbook:
        refusal = InvalidInput(code="form_file_changed", file=path.name)
    elif check.ok and check.form is not None:
        try:
            _may_publish(store, check.form, workbook)
        except SurveyAppError as error:
            refusal = error
    step(2, 3)
    return PublishCheck(path, check, workbook, refusal)


def publish_checked(*, store: Store, checked: PublishCheck) -> PublishedForm:
    """Publish the bytes that were checked (one transaction; the rules are applied again
    inside it, as another version may have arrived since)."""
    form = checked.form
    if form is None:
        raise FormRefused(checked.path.name, checked.check.findings)
    if checked.refusal is not None:
        raise checked.refusal
    with store.transaction():
        _may_publish(store, form, checked.workbook)
        return publish_form(
            store=store,
            form_id=form.form_id,
            version=form.version,
            title=form.settings.form_title,
            file_name=checked.path.name,
            workbook=checked.workbook,
        )


def publish_form_file(*, store: Store, path: Path) -> PublishedForm:
    """Check the XLSForm as the app reads it, then publish it (one transaction). A version
    already published with the same bytes is returned as it is."""
    checked = check_publication(store=store, path=path)
    if checked.form is None:
        load_form(path)  # raises the refusal, with every finding
    return publish_checked(store=store, checked=checked)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise UnreadableFile(
            code="form_file_unreadable", file=path.name, reason=str(error)
        ) from None


def _may_publish(store: Store, form: Form, workbook: bytes) -> None:
    make_survey_text("X/1-101", form.form_id)  # a form_id the questionnaire's QR code can hold
    if not form.version:
        raise InvalidInput(code="form_without_version", form=form.form_id)
    if form.form_id in CHECKS:
        CHECKS[form.form_id](form)
    same = [
        p for p in published_forms(store=store, form_id=form.form_id, every_version=True)
        if p.version == form.version
    ]  # fmt: skip
    if same:
        if same[0].sha256 != hashlib.sha256(workbook).hexdigest():
            raise InvalidInput(code="form_version_taken", form=form.form_id, version=form.version)
        return  # the same bytes are already there: publishing them again changes nothing
    in_force = next((f for f in available_forms(store) if f.form_id == form.form_id), None)
    if in_force is not None and version_key(form.version) <= version_key(in_force.version):
        raise InvalidInput(
            code="form_version_not_newer",
            form=form.form_id,
            version=form.version,
            current=in_force.version,
        )


@dataclass(frozen=True)
class FormVersion:
    """One version of a form this file knows, for the office's list of forms."""

    form_id: str
    title: str
    version: str
    source: str
    """`shipped` (with the app), `earlier` (an earlier shipped one) or `published`."""
    in_force: bool
    households: int
    """Households whose current answers were made with this version."""
    published_at: str = ""
    device: str = ""
    device_name: str = ""
    file_name: str = ""


def form_versions(*, store: Store) -> list[FormVersion]:
    """Every form in use and each of its versions (shipped, earlier, published), by form and
    version; the one in force of each form is marked."""
    answered = households_by_version(store=store)
    in_force = {f.form_id: f.version for f in available_forms(store)}
    found: dict[tuple[str, str], FormVersion] = {}
    shipped = [load_form(path) for path in shipped_forms()]
    for form in shipped:
        for earlier in earlier_versions(form.form_id).values():
            found[(earlier.form_id, earlier.version)] = _row(earlier, "earlier", in_force, answered)
        found[(form.form_id, form.version)] = _row(form, "shipped", in_force, answered)
    for published in published_forms(store=store, every_version=True):
        form = published_form(store, published)
        found[(form.form_id, form.version)] = FormVersion(
            form_id=published.form_id,
            title=published.title,
            version=published.version,
            source="published",
            in_force=in_force.get(published.form_id) == published.version,
            households=answered.get((published.form_id, published.version), 0),
            published_at=published.created_at,
            device=published.device,
            device_name=_device_name(store, published.device),
            file_name=published.file_name,
        )
    for (form_id, version), count in answered.items():  # answers of a version not known here
        if (form_id, version) not in found:
            found[(form_id, version)] = FormVersion(form_id, "", version, "unknown", False, count)
    order = {f: i for i, f in enumerate(in_force)}
    return sorted(
        found.values(),
        key=lambda v: (order.get(v.form_id, len(order)), v.form_id, version_key(v.version)),
    )


def _row(
    form: Form, source: str, in_force: dict[str, str], answered: dict[tuple[str, str], int]
) -> FormVersion:
    return FormVersion(
        form_id=form.form_id,
        title=form.settings.form_title,
        version=form.version,
        source=source,
        in_force=in_force.get(form.form_id) == form.version,
        households=answered.get((form.form_id, form.version), 0),
    )


def _device_name(store: Store, device: str) -> str:
    row = store.db.execute("SELECT name FROM devices WHERE id = ?", [device]).fetchone()
    return str(row[0]) if row and row[0] else ""
