"""Checking a form before publishing it, as the window does: the check writes nothing, a file
that changes while it is read is refused, a missing one is worded, and publishing applies the
rules again (another version may have arrived between the check and the confirmation)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import survey_app.actions.forms as forms
from survey_app.core.errors import InvalidInput, UnreadableFile
from survey_app.resources import resource_path
from survey_app.store.database import Store
from survey_app.store.forms import published_forms


def needs_version(folder: Path, version: str) -> Path:
    book = openpyxl.load_workbook(resource_path("forms", "needs_survey.xlsx"))
    book["settings"]["C2"] = version
    path = folder / f"needs_survey-{version}.xlsx"
    book.save(path)
    return path


def records(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM records").fetchone()[0])


def test_a_check_writes_nothing_and_the_checked_bytes_are_published(
    store: Store, tmp_path: Path
) -> None:
    path = needs_version(tmp_path, "2027.3")
    before = records(store)
    checked = forms.check_publication(store=store, path=path)
    assert checked.publishable and records(store) == before
    path.write_bytes(b"not a workbook any more")  # what was checked is what gets published
    published = forms.publish_checked(store=store, checked=checked)
    assert published.version == "2027.3" and records(store) == before + 1
    assert published.sha256 == forms.hashlib.sha256(checked.workbook).hexdigest()


def test_a_file_that_changes_while_it_is_checked_is_refused(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = needs_version(tmp_path, "2027.3")
    real = forms.check_form

    def edited(source):  # type: ignore[no-untyped-def]
        result = real(source)
        path.write_bytes(path.read_bytes() + b"\0")  # saved again meanwhile: other bytes
        return result

    monkeypatch.setattr(forms, "check_form", edited)
    checked = forms.check_publication(store=store, path=path)
    assert not checked.publishable
    assert checked.refusal is not None and checked.refusal.code == "form_file_changed"
    with pytest.raises(InvalidInput):
        forms.publish_checked(store=store, checked=checked)
    assert published_forms(store=store) == []


def test_a_missing_file_is_worded(store: Store, tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile) as refused:
        forms.check_publication(store=store, path=tmp_path / "gone.xlsx")
    assert refused.value.code == "form_file_unreadable" and "gone.xlsx" in str(refused.value)


def test_publishing_applies_the_rules_again(store: Store, tmp_path: Path) -> None:
    first = forms.check_publication(store=store, path=needs_version(tmp_path, "2027.3"))
    newer = tmp_path / "newer"
    newer.mkdir()
    forms.publish_form_file(store=store, path=needs_version(newer, "2027.4"))
    with pytest.raises(InvalidInput) as refused:
        forms.publish_checked(store=store, checked=first)
    assert refused.value.code == "form_version_not_newer"
    assert [p.version for p in published_forms(store=store, every_version=True)] == ["2027.4"]
