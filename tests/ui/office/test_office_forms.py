"""The office's forms view and the publish dialog, driven as a person would: the list of forms
and versions, a new version published by keys (path, Enter, check, Enter), a refused form
whose problems are listed by sheet and row and which cannot be published, and the errors of
publishing worded for people."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from survey_app.needs.library import open_form
from survey_app.needs.submit import submit_survey
from survey_app.resources import resource_path
from survey_app.store.database import Store
from survey_app.store.forms import published_forms
from survey_app.store.households import households_of
from survey_app.ui.office.forms_view import FormsView, PublishFormDialog
from tests.needs.test_survey_answers import ANSWERS
from tests.xlsform.conftest import write_workbook


def needs_version(tmp_path: Path, version: str, *, drop: str | None = None) -> Path:
    """The shipped needs survey under another version (without the question `drop`)."""
    book = openpyxl.load_workbook(resource_path("forms", "needs_survey.xlsx"))
    book["settings"]["C2"] = version
    if drop:
        survey = book["survey"]
        for row in survey.iter_rows(min_row=2):
            if row[1].value == drop:
                survey.delete_rows(row[0].row)
                break
    path = tmp_path / f"needs_survey-{version}.xlsx"
    book.save(path)
    return path


def broken_form(tmp_path: Path) -> Path:
    return write_workbook(
        tmp_path / "broken-form.xlsx",
        {
            "survey": [
                ["type", "name", "label"],
                ["integer", "rooms", "间数"],
                ["text", "note1", "见 ${nowhere}"],
                ["select_one colours", "colour", "颜色"],
                ["audio", "voice", "录音"],
            ],
            "settings": [["form_id", "version"], ["broken", "1"]],
        },
    )


def shown_dialog(qtbot, store: Store) -> PublishFormDialog:  # type: ignore[no-untyped-def]
    dialog = PublishFormDialog(store.path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    dialog.path_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.path_edit)
    return dialog


def type_path_and_enter(qtbot, dialog: PublishFormDialog, path: Path):  # type: ignore[no-untyped-def]
    qtbot.keyClicks(QApplication.focusWidget(), str(path))
    with qtbot.waitSignal(dialog.checked, timeout=60000) as signal:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.task is None)
    return signal.args[0]


def test_the_forms_view_lists_every_version_with_households_answered(
    qtbot, qtmodeltester, store: Store, translations
) -> None:
    form = open_form()
    for home in households_of(store=store, compound="NH-001")[:3]:
        submit_survey(store=store, form=form, household=home, answers=ANSWERS)
    view = FormsView(store)
    qtbot.addWidget(view)
    qtmodeltester.check(view.model)
    rows = {(r.form_id, r.version): r for r in view.model.rows}
    assert rows[("needs_survey", "2027.2")].households == 3
    assert rows[("needs_survey", "2027.2")].in_force
    assert not rows[("needs_survey", "2027.1")].in_force
    assert ("satisfaction_survey", "2027.1") in rows
    first = view.model.cells(view.model.rows[0])
    assert first[0] == "needs_survey" and first[3] in ("", "使用中")
    current = next(r for r in view.model.rows if r.version == "2027.2")
    assert view.model.cells(current)[3] == "使用中" and view.model.cells(current)[7] == "3"
    assert view.publish_button.isEnabled()


def test_a_new_version_is_checked_and_published_by_keys(
    qtbot, store: Store, tmp_path: Path, translations
) -> None:
    dialog = shown_dialog(qtbot, store)
    assert not dialog.publish_button.isEnabled()
    result = type_path_and_enter(qtbot, dialog, needs_version(tmp_path, "2027.3"))
    assert result.publishable
    assert "可以使用" in dialog.report.toPlainText() and "题目" in dialog.report.toPlainText()
    assert "可以发布" in dialog.outcome.text() and "2027.3" in dialog.outcome.text()
    assert published_forms(store=store) == []  # checking wrote nothing
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.publish_button)
    with qtbot.waitSignal(dialog.published, timeout=30000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.task is None)
    [published] = published_forms(store=store)
    assert (published.form_id, published.version) == ("needs_survey", "2027.3")
    assert "已发布" in dialog.outcome.text()
    assert not dialog.publish_button.isEnabled()  # published once: Enter again does nothing
    assert open_form(store=store).version == "2027.3"


def test_a_refused_form_lists_its_problems_by_row_and_cannot_be_published(
    qtbot, store: Store, tmp_path: Path, translations
) -> None:
    dialog = shown_dialog(qtbot, store)
    result = type_path_and_enter(qtbot, dialog, broken_form(tmp_path))
    assert not result.publishable
    report = dialog.report.toPlainText()
    assert "不能使用,3 个问题" in report
    for row in ("第 3 行", "第 4 行", "第 5 行"):
        assert row in report
    assert "不支持 survey 第 5 行" in report and "错误" in report
    assert "${nowhere}:没有题目叫这个名字" in report and "本应用不支持录音" in report
    assert "no question has this name" not in report  # the details too, in the window's words
    assert "不能发布" in dialog.error.text()
    assert not dialog.publish_button.isEnabled()
    with qtbot.waitSignal(dialog.checked, timeout=60000):  # Enter checks again, never publishes
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.task is None)
    assert not dialog.publish_button.isEnabled()
    dialog.start_publish()  # even called directly, a refused check publishes nothing
    assert dialog.task is None
    assert published_forms(store=store, every_version=True) == []


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda tmp: needs_version(tmp, "2027.2"), "不比现用的 2027.2 新"),
        (lambda tmp: needs_version(tmp, "2027.4", drop="tenure"), "缺少需求清单所需的问题"),
    ],
    ids=["version-not-newer", "needs-survey-missing-questions"],
)
def test_publishing_errors_are_worded_for_people(
    qtbot, store: Store, tmp_path: Path, translations, make, words
) -> None:
    dialog = shown_dialog(qtbot, store)
    result = type_path_and_enter(qtbot, dialog, make(tmp_path))
    assert result.check.ok and not result.publishable
    assert words in dialog.error.text() and dialog.error.text().startswith("不能发布")
    assert not dialog.publish_button.isEnabled()


def test_a_changed_file_under_a_published_version_is_refused(
    qtbot, store: Store, tmp_path: Path, translations
) -> None:
    from survey_app.actions.forms import publish_form_file

    publish_form_file(store=store, path=needs_version(tmp_path, "2027.3"))
    changed = tmp_path / "changed"
    changed.mkdir()
    path = needs_version(changed, "2027.3", drop="comments")
    dialog = shown_dialog(qtbot, store)
    type_path_and_enter(qtbot, dialog, path)
    assert "已发布过且内容不同" in dialog.error.text()
    assert not dialog.publish_button.isEnabled()


def test_the_file_chosen_with_the_mouse_is_checked_and_a_new_path_needs_a_new_check(
    qtbot, store: Store, tmp_path: Path, translations, monkeypatch
) -> None:
    good = needs_version(tmp_path, "2027.3")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(good), ""))
    dialog = shown_dialog(qtbot, store)
    with qtbot.waitSignal(dialog.checked, timeout=60000):
        qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.publish_button.isEnabled())
    dialog.path_edit.setFocus()
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Backspace)  # the path is no longer the one checked
    assert not dialog.publish_button.isEnabled()


def test_the_forms_view_opens_the_publish_dialog_and_shows_the_new_version(
    qtbot, store: Store, tmp_path: Path, translations, monkeypatch
) -> None:
    from survey_app.actions.forms import publish_form_file

    def publish(cls, parent, db_path):  # type: ignore[no-untyped-def]
        return publish_form_file(store=store, path=needs_version(tmp_path, "2027.3"))

    monkeypatch.setattr(PublishFormDialog, "ask", classmethod(publish))
    view = FormsView(store)
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitExposed(view)
    view.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(view.published))  # a mnemonic clicks its button a moment later
    rows = {(r.form_id, r.version): r for r in view.model.rows}
    new = rows[("needs_survey", "2027.3")]
    assert new.in_force and new.source == "published" and new.device == store.device_id
    assert not rows[("needs_survey", "2027.2")].in_force
    assert view.published


def test_a_field_laptop_cannot_publish(qtbot, tmp_path: Path, translations) -> None:
    from survey_app.store.database import open_store

    laptop = open_store(tmp_path / "field.db", device_name="笔记本1", role="field")
    try:
        view = FormsView(laptop)
        qtbot.addWidget(view)
        assert not view.publish_button.isEnabled()
        assert "只由办公室电脑录入" in view.publish_button.toolTip()
    finally:
        laptop.close()


def test_the_office_menu_opens_the_forms_and_reloads_after_a_publication(
    qtbot, window, monkeypatch
) -> None:
    opened, reloaded = [], []
    monkeypatch.setattr(FormsView, "ask", classmethod(lambda cls, *a: opened.append(a) or True))
    monkeypatch.setattr(window, "reload_data", lambda: reloaded.append(True))
    action = window.office_menu.actions_["forms"]
    assert action.text() == "表单与版本…"
    action.trigger()
    assert opened and opened[0][1] is window.workspace.store and reloaded == [True]


def test_the_problems_of_a_form_follow_an_english_window(
    qtbot, store: Store, tmp_path: Path, translations
) -> None:
    translations.install("en")
    try:
        dialog = shown_dialog(qtbot, store)
        type_path_and_enter(qtbot, dialog, broken_form(tmp_path))
        report = dialog.report.toPlainText()
    finally:
        translations.install("zh_CN")
    assert "${nowhere}: no question has this name" in report
    assert "audio recording are not supported" in report
    assert "没有题目叫这个名字" not in report and "本应用不支持" not in report
