"""A restored or copied data file in the window: the sync dialog says what it got back or why
it refused, never success when a record stayed behind; the window says once that the file
comes from another computer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from survey_app.core.vocabulary import SYNC_REFUSALS
from survey_app.core.votes import Choice
from survey_app.store import driver
from survey_app.store.database import open_store
from survey_app.store.households import find_household
from survey_app.store.location import MACHINE_ID_KEY, MACHINE_NAME_KEY
from survey_app.store.votes import record_vote
from survey_app.ui.field.workspace import Workspace
from survey_app.ui.main_window import MainWindow
from survey_app.ui.office.sync_dialog import SyncDialog

pytestmark = pytest.mark.usefixtures("central_passphrase")
"""Every new central file is encrypted: the office sets its passphrase when asked."""


def sync_in_dialog(qtbot, db_path: Path, central: Path) -> SyncDialog:  # type: ignore[no-untyped-def]
    dialog = SyncDialog(db_path, None)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(central))
    task = dialog.start_sync()
    with qtbot.waitSignal(task.finished, timeout=60000):
        pass
    return dialog


def backup(db_path: Path) -> Path:
    target = db_path.with_name("backup.db")
    store, out = open_store(db_path), driver.connect(str(target))
    store.db.backup(out)
    out.close()
    store.close()
    return target


def restore(db_path: Path, copy: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    shutil.copy(copy, db_path)


def vote(db_path: Path, *addresses: str) -> None:
    store = open_store(db_path)
    for address in addresses:
        household = find_household(store=store, compound="NH-001", address=address)
        record_vote(store=store, household=household, round_no=1, choice=Choice.AGREE)
    store.close()


def test_a_restored_file_gets_its_records_back_and_says_so(
    qtbot, db_path, tmp_path, translations
) -> None:  # type: ignore[no-untyped-def]
    central = tmp_path / "central.db"
    sync_in_dialog(qtbot, db_path, central)
    saved = backup(db_path)
    vote(db_path, "1-1-101", "1-1-102")
    sync_in_dialog(qtbot, db_path, central)
    restore(db_path, saved)
    dialog = sync_in_dialog(qtbot, db_path, central)
    assert dialog.report.recovered_own == 2
    assert dialog.outcome.text().startswith("同步完成")
    assert "本机数据文件曾从备份恢复:已从中心文件取回本机的 2 条记录" in dialog.details.text()


def test_a_restored_file_that_wrote_since_is_refused_in_plain_words(
    qtbot, db_path, tmp_path, translations
) -> None:  # type: ignore[no-untyped-def]
    central = tmp_path / "central.db"
    sync_in_dialog(qtbot, db_path, central)
    saved = backup(db_path)
    vote(db_path, "1-1-101")
    sync_in_dialog(qtbot, db_path, central)
    restore(db_path, saved)
    vote(db_path, "1-1-102")
    dialog = sync_in_dialog(qtbot, db_path, central)
    assert dialog.report is None and dialog.refused.code == "identity_reused"
    assert dialog.error.text() == SYNC_REFUSALS["identity_reused"].zh
    assert "survey-app device reset" in dialog.technical.text()
    assert dialog.outcome.text() == "同步未进行"


def test_a_sync_that_left_records_behind_is_not_shown_as_success(
    qtbot, db_path, tmp_path, translations, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from survey_app.sync import central as central_module

    central = tmp_path / "central.db"
    sync_in_dialog(qtbot, db_path, central)
    vote(db_path, "1-1-101")
    monkeypatch.setattr(central_module, "_send", lambda store, path, key, receive=True: 0)
    dialog = sync_in_dialog(qtbot, db_path, central)
    assert dialog.report is None and dialog.refused.code == "not_all_sent"
    assert dialog.outcome.text() == "同步没有成功"
    assert dialog.error.text() == SYNC_REFUSALS["not_all_sent"].zh
    assert "同步完成" not in dialog.outcome.text() + dialog.details.text()


def test_the_window_says_once_that_the_file_comes_from_another_computer(
    qtbot, db_path, translations
) -> None:  # type: ignore[no-untyped-def]
    store = open_store(db_path)
    with store.transaction():  # as if the file had been used on another computer
        store.set_meta(MACHINE_ID_KEY, "0123456789abcdef")
        store.set_meta(MACHINE_NAME_KEY, "街道旧电脑")
    window = MainWindow(Workspace(store), translations)
    try:
        message = window.statusBar().currentMessage()
        assert "此数据文件来自另一台电脑" in message and "街道旧电脑" in message
        assert "survey-app device reset" in message
        window.statusBar().clearMessage()
        window.tell_if_copied()  # said once: the file now belongs to this computer
        assert window.statusBar().currentMessage() == ""
    finally:
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        store.close()
