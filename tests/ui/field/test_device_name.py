"""The first run asks this laptop's name and surveyor and keeps them in the data file; a
named file, the sample batch and a screenshot are not asked."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from survey_app.store.database import open_store
from survey_app.ui import app
from survey_app.ui.field.device_name import DeviceNameDialog
from tests.ui.conftest import fill_store


def typed(qtbot, dialog: DeviceNameDialog, device: str, surveyor: str) -> None:
    """As a person does: type the name, Tab, type the surveyor, Enter (QTest types Latin-1)."""
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.device_edit)
    QTest.keyClicks(QApplication.focusWidget(), device)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    QTest.keyClicks(QApplication.focusWidget(), surveyor)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_both_names_are_needed_before_ok(qtbot, translations):
    dialog = DeviceNameDialog()
    qtbot.addWidget(dialog)
    typed(qtbot, dialog, "JF-03", "")
    assert dialog.isVisible() and not dialog.ok_button.isEnabled()  # Enter did nothing yet
    QTest.keyClicks(QApplication.focusWidget(), "Wang Fang")
    with qtbot.waitSignal(dialog.accepted):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.chosen() == ("JF-03", "Wang Fang")


def open_through_the_app(qtbot, path: Path, translations) -> list[object]:
    opened: list[object] = []
    app.open_window(app.GuiOptions(db=path), translations, opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    return opened


def shut(window) -> None:
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    window.workspace.store.close()


def when_asked(qtbot, device: str, surveyor: str, seen: list[str]) -> None:
    def answer(tries: int = 500) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, DeviceNameDialog):
            seen.append("asked")
            typed(qtbot, dialog, device, surveyor)
        elif tries:
            QTimer.singleShot(10, lambda: answer(tries - 1))

    QTimer.singleShot(0, answer)


def test_a_data_file_without_a_name_asks_once_and_keeps_it(qtbot, tmp_path, translations):
    path = tmp_path / "survey.db"
    fill_store(open_store(path), tmp_path).close()  # made by the CLI: data, no name
    seen: list[str] = []
    when_asked(qtbot, "JF-03", "Wang Fang", seen)
    [window] = open_through_the_app(qtbot, path, translations)
    assert seen == ["asked"]
    store = window.workspace.store  # type: ignore[attr-defined]
    assert (store.device_name, store.surveyor) == ("JF-03", "Wang Fang")
    device = store.db.execute(
        "SELECT json_extract(payload, '$.name') FROM records WHERE kind = 'device' "
        "ORDER BY seq DESC LIMIT 1"
    ).fetchone()[0]
    assert device == "JF-03"  # announced: the office learns it at the next sync
    shut(window)
    again = open_store(path)
    assert again.device_name == "JF-03"
    again.close()
    when_asked(qtbot, "other", "someone", seen)
    [reopened] = open_through_the_app(qtbot, path, translations)
    assert seen == ["asked"]  # a named file is not asked again
    shut(reopened)


def test_a_screenshot_never_asks(qtbot, tmp_path, translations, monkeypatch):
    path = tmp_path / "survey.db"
    fill_store(open_store(path), tmp_path).close()
    monkeypatch.setattr(DeviceNameDialog, "ask", classmethod(lambda cls, parent=None: 1 / 0))
    opened: list[object] = []
    options = app.GuiOptions(db=path, screenshot=tmp_path / "x.png")
    app.open_window(options, translations, opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    [window] = opened
    assert window.workspace.store.device_name == ""  # type: ignore[attr-defined]
    shut(window)
