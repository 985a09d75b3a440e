"""Devices awaiting the office, driven from the keyboard: a laptop whose votes do not count is
listed (and announced in the status bar and the sync result), enrolled after comparing its
fingerprint, or rejected (Enter never rejects), or enrolled by a typed fingerprint before it
ever synced; the decision reaches the central file, and the tallies count it. This laptop's
identity in Settings; a field laptop's office-only actions are disabled, saying why."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from survey_app.actions.devices import identity, newcomers
from survey_app.core.votes import Choice
from survey_app.store.database import Store, open_store
from survey_app.store.households import find_household
from survey_app.store.tallies import compute_tally
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central
from survey_app.ui.field.workspace import Workspace
from survey_app.ui.main_window import MainWindow
from survey_app.ui.office.compounds_view import CompoundsView
from survey_app.ui.office.devices_view import DevicesView, EnrolDialog, RejectDialog
from survey_app.ui.office.roster_dialog import RosterImportDialog
from survey_app.ui.office.settings_dialog import SettingsDialog
from tests.ui.conftest import CENTRAL_PASSPHRASE, ROSTER, write_roster

FIELD_NAME = "解放街道-02"

pytestmark = pytest.mark.usefixtures("central_passphrase")
"""Every new central file is encrypted: the office sets its passphrase when asked."""


def when_shown(kind: type, act: Callable[[QWidget], None], tries: int = 500) -> None:
    """Run act on the modal dialog of this kind once it is up (a modal exec blocks the test)."""
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, kind) and dialog.isActiveWindow():
        try:
            act(dialog)
        except BaseException:
            dialog.reject()  # a failed check must not leave the test waiting on the dialog
            raise
    elif tries:
        QTimer.singleShot(10, lambda: when_shown(kind, act, tries - 1))


def press(qtbot, key: Qt.Key, text: str = "") -> None:
    """A key as a person presses it: to whichever widget has the focus."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)  # a dialog just closed
    widget = QApplication.focusWidget()
    if text:
        qtbot.keyClicks(widget, text)
    else:
        qtbot.keyClick(widget, key)


def field_laptop(path: Path, central: Path, votes: int, name: str = FIELD_NAME) -> Store:
    """A surveyor's laptop that synced, took `votes` agrees in NH-001 and synced again, never
    enrolled: the office holds its votes and counts none of them."""
    laptop = open_store(path, device_name=name, role="field")
    sync_with_central(store=laptop, central=central, central_passphrase=CENTRAL_PASSPHRASE)
    for address in ("1-1-101", "1-1-102", "1-1-201")[:votes]:
        household = find_household(store=laptop, compound="NH-001", address=address)
        record_vote(store=laptop, household=household, round_no=1, choice=Choice.AGREE,
                    signer="户主")  # fmt: skip
    sync_with_central(store=laptop, central=central, central_passphrase=CENTRAL_PASSPHRASE)
    return laptop


@pytest.fixture
def central(db_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "usb" / "central.db"
    path.parent.mkdir()
    office = open_store(db_path)
    sync_with_central(store=office, central=path, central_passphrase=CENTRAL_PASSPHRASE)
    office.remember_central(str(path))
    office.close()
    return path


@pytest.fixture
def laptop(central: Path, db_path: Path, tmp_path: Path) -> Iterator[Store]:
    opened = field_laptop(tmp_path / "laptop.db", central, votes=3)
    office = open_store(db_path)
    sync_with_central(
        store=office, central=central, central_passphrase=CENTRAL_PASSPHRASE
    )  # the office now holds its 3 votes
    office.close()
    yield opened
    opened.close()


def shown(qtbot, view: QWidget) -> QWidget:
    """On screen and active, so keys reach the widget with the focus."""
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitActive(view):
        view.activateWindow()
    return view


@pytest.fixture
def devices_view(laptop, store, qtbot, translations) -> DevicesView:
    view = DevicesView(store, None)
    shown(qtbot, view)
    view.table.setFocus()
    return view


@contextmanager
def main_window(qtbot, store: Store, translations) -> Iterator[MainWindow]:
    """The window on this file, gone before the file is closed (as the `window` fixture)."""
    window = MainWindow(Workspace(store), translations)
    window.show()
    try:
        yield window
    finally:
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def agrees(store: Store) -> int:
    return compute_tally(store=store, compound="NH-001", round_no=1).counts.agree


def test_a_laptop_not_enrolled_is_listed_and_enrolled_from_the_keyboard(
    qtbot, devices_view, laptop, store, central
):
    view = devices_view
    assert view.table.rowCount() == 1
    cells = [view.table.item(0, c).text() for c in range(5)]
    assert cells == [FIELD_NAME, laptop.fingerprint, "4", "3", "待登记"]  # its device + 3 votes
    assert agrees(store) == 0
    seen: list[str] = []

    def compare_and_enrol(dialog: EnrolDialog) -> None:
        seen.append(dialog.fingerprint.text())
        seen.append(dialog.question.text())
        assert dialog.field_radio.isChecked()  # a field laptop unless the office says so
        press(qtbot, Qt.Key.Key_Return)

    when_shown(EnrolDialog, compare_and_enrol)
    with qtbot.waitSignal(view.changed, timeout=30000):
        press(qtbot, Qt.Key.Key_Return)  # Enter in the list asks to enrol the chosen device
    assert seen[0] == laptop.fingerprint
    assert "3 条意见" in seen[1]
    qtbot.waitUntil(lambda: view.task is None)
    assert view.outcome.text() == f"已登记 {laptop.fingerprint}(入户调查),已写入中心文件"
    assert view.table.rowCount() == 0 and view.empty.isVisible()
    assert agrees(store) == 3  # the tallies count it at once
    sync_with_central(store=laptop, central=central, central_passphrase=CENTRAL_PASSPHRASE)
    assert identity(store=laptop).enrolled  # the laptop learns it from the central file


def test_enter_never_rejects_and_a_rejected_laptop_stays_uncounted(
    qtbot, devices_view, laptop, store, central
):
    view = devices_view
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.reject_button
    asked: list[str] = []

    def press_enter(dialog: RejectDialog) -> None:
        asked.append(dialog.fingerprint.text())
        assert QApplication.focusWidget() is dialog.cancel_button
        press(qtbot, Qt.Key.Key_Tab)  # even on the reject button, Enter means cancel
        press(qtbot, Qt.Key.Key_Return)

    when_shown(RejectDialog, press_enter)
    press(qtbot, Qt.Key.Key_Return)
    assert asked == [laptop.fingerprint]
    assert view.task is None and not newcomers(store=store)[0].revoked
    assert view.focusWidget() is view.reject_button  # back where the person was
    with qtbot.waitActive(view):  # the offscreen platform does not hand activation back
        view.activateWindow()

    def reject_with_space(dialog: RejectDialog) -> None:
        assert "3 条意见" in dialog.warning.text()
        press(qtbot, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.reject_button
        press(qtbot, Qt.Key.Key_Space)

    when_shown(RejectDialog, reject_with_space)
    with qtbot.waitSignal(view.changed, timeout=30000):
        press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: view.task is None)
    assert view.outcome.text() == f"已拒绝 {laptop.fingerprint},已写入中心文件"
    assert view.table.item(0, 4).text() == "已拒绝(或已撤销)"
    assert not view.accept_button.isEnabled() and not view.reject_button.isEnabled()
    assert "不能再登记" in view.accept_button.toolTip()
    assert agrees(store) == 0
    sync_with_central(store=laptop, central=central, central_passphrase=CENTRAL_PASSPHRASE)
    assert not identity(store=laptop).enrolled


def test_a_laptop_not_synced_yet_is_enrolled_by_its_typed_fingerprint(
    qtbot, store, central, tmp_path, translations
):
    view = DevicesView(store, None)
    shown(qtbot, view)
    assert view.table.rowCount() == 0
    newcomer = open_store(tmp_path / "new.db", device_name="解放街道-03", role="field")
    typed = newcomer.fingerprint.replace("-", "").lower()
    errors: list[str] = []

    def type_it(dialog: EnrolDialog) -> None:
        assert QApplication.focusWidget() is dialog.fingerprint_edit
        press(qtbot, Qt.Key.Key_A, typed[:-1])
        press(qtbot, Qt.Key.Key_Return)  # one digit short: refused, the dialog stays
        errors.append(dialog.error.text())
        press(qtbot, Qt.Key.Key_A, typed[-1])
        dialog.office_radio.setFocus()
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_Return)

    view.typed_button.setFocus()
    when_shown(EnrolDialog, type_it)
    with qtbot.waitSignal(view.changed, timeout=30000):
        press(qtbot, Qt.Key.Key_Space)
    assert "密钥指纹" in errors[0] and "无效" in errors[0]
    qtbot.waitUntil(lambda: view.task is None)
    assert view.outcome.text() == f"已登记 {newcomer.fingerprint}(办公室),已写入中心文件"
    sync_with_central(store=newcomer, central=central, central_passphrase=CENTRAL_PASSPHRASE)
    assert newcomer.role == "office" and identity(store=newcomer).enrolled
    newcomer.close()


def test_a_central_file_out_of_reach_keeps_the_decision_and_says_so(
    qtbot, laptop, db_path, tmp_path, translations
):
    office = open_store(db_path)
    office.remember_central(str(tmp_path / "no-stick" / "central.db"))
    view = DevicesView(office, None)
    qtbot.addWidget(view)
    assert "no-stick" in view.central.text()
    with qtbot.waitSignal(view.start(laptop.fingerprint, "field").finished, timeout=30000):
        pass
    assert view.outcome.text() == f"已登记 {laptop.fingerprint}(入户调查)"
    assert "未能写入中心文件" in view.error.text() and "U 盘" in view.error.text()
    assert agrees(office) == 3
    office.close()


def test_the_window_and_the_sync_say_when_devices_await_the_office(
    qtbot, laptop, store, central, tmp_path, translations
):
    with main_window(qtbot, store, translations) as window:
        awaiting_in_the_window_and_the_sync(qtbot, window, central, tmp_path)


def awaiting_in_the_window_and_the_sync(qtbot, window: MainWindow, central, tmp_path) -> None:
    assert window.awaiting_button.isVisibleTo(window)
    assert window.awaiting_button.text() == "1 台设备的记录未计入:待登记"
    second = field_laptop(tmp_path / "second.db", central, votes=1, name="解放街道-04")
    dialog = window.office_menu.sync_dialog()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.start_sync().finished, timeout=60000):
        pass
    assert "2 台设备的记录未计入:待登记" in dialog.details.text()
    assert dialog.devices_button.isVisibleTo(dialog)
    assert window.awaiting_button.text() == "2 台设备的记录未计入:待登记"  # reloaded after sync

    def enrol_first(view: DevicesView) -> None:
        when_shown(EnrolDialog, lambda d: press(qtbot, Qt.Key.Key_Return))
        view.table.setFocus()
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: view.task is None, timeout=30000)
        view.reject()  # closing the list (Esc / Close)

    when_shown(DevicesView, enrol_first)
    qtbot.mouseClick(window.awaiting_button, Qt.MouseButton.LeftButton)
    assert window.awaiting_button.text() == "1 台设备的记录未计入:待登记"
    second.close()


def test_settings_show_this_laptops_identity(qtbot, laptop, store, central, translations):
    office = SettingsDialog(store, None)
    qtbot.addWidget(office)
    box = office.this_laptop
    assert box.role.text() == "办公室" and box.fingerprint.text() == store.fingerprint
    assert box.office.text() == "本机(本机持有办公室密钥)"
    assert box.fingerprint.font().fixedPitch() or box.fingerprint.font().pointSize() >= 20
    field = SettingsDialog(laptop, None)
    qtbot.addWidget(field)
    box = field.this_laptop
    assert (box.device.text(), box.role.text()) == (laptop.device_id, "入户调查")
    assert box.fingerprint.text() == laptop.fingerprint
    assert box.office.text() == f"密钥指纹 {store.fingerprint}"
    assert box.enrolled.text().startswith("尚未登记:本机记录的意见不计入统计")


def test_a_field_laptop_cannot_reach_the_office_only_actions(qtbot, laptop, tmp_path, translations):
    with main_window(qtbot, laptop, translations) as window:
        assert not window.import_action.isEnabled()
        assert "只由办公室电脑录入" in window.import_action.toolTip()
        assert not window.office_menu.actions_["roster"].isEnabled()
        assert not window.awaiting_button.isVisibleTo(window)  # only the office decides
    compounds = CompoundsView(laptop, laptop.path, None)
    qtbot.addWidget(compounds)
    for button in (compounds.add_button, compounds.edit_button, compounds.open_button):
        assert not button.isEnabled() and "只由办公室电脑录入" in button.toolTip()
    assert compounds.tally_button.isEnabled()  # reading stays open
    devices = DevicesView(laptop, None)
    qtbot.addWidget(devices)
    assert not devices.typed_button.isEnabled()
    assert "只由办公室电脑录入" in devices.typed_button.toolTip()
    # reached anyway (an old shortcut, a script): the store refuses, in words
    roster = RosterImportDialog(laptop.path, [], None)
    qtbot.addWidget(roster)
    roster.code_combo.setCurrentText("NH-009")
    roster.name_edit.setText("新村")
    roster.file_edit.setText(str(write_roster(tmp_path / "r.csv", ROSTER)))
    with qtbot.waitSignal(roster.load_preview().finished, timeout=30000):
        pass
    with qtbot.waitSignal(roster.start_import().finished, timeout=30000):
        pass
    assert "是入户调查电脑,不能写入" in roster.error.text()
    assert "household" not in roster.error.text()


def test_the_devices_view_in_english(qtbot, devices_view, laptop, store, translations):
    assert translations.install("en")
    view = devices_view
    assert view.windowTitle() == "Devices awaiting the office"
    assert view.table.item(0, 4).text() == "Awaiting enrolment"
    assert (view.accept_button.text(), view.reject_button.text()) == ("Enrol…", "Reject…")
    settings = SettingsDialog(store, None)
    qtbot.addWidget(settings)
    assert settings.this_laptop.role.text() == "Office"
    assert settings.this_laptop.title() == "This laptop"
