"""Settings: the open data file's device, surveyor and central file are kept in that file (so
opening another file shows its own), the language and the start file per user (QSettings);
the office menu is in the window and applies them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import QByteArray

from survey_app.cli import main as cli
from survey_app.store.database import open_store
from survey_app.ui.base import settings
from survey_app.ui.office.settings_dialog import SettingsDialog
from tests.ui.conftest import fill_store

pytestmark = pytest.mark.usefixtures("central_passphrase")
"""Every new central file is encrypted: the office sets its passphrase when asked."""


def identities(*paths: Path) -> list[tuple[str, str, str]]:
    found = []
    for path in paths:
        store = open_store(path)
        found.append((store.device_name, store.surveyor, store.central_path))
        store.close()
    return found


def two_data_files(tmp_path: Path) -> tuple[Path, Path]:
    for name, device, surveyor in (("a", "解放街道-01", "王芳"), ("b", "建设街道-07", "赵磊")):
        (tmp_path / name).mkdir()
        store = open_store(tmp_path / name / "survey.db", device_name=device, surveyor=surveyor)
        store.remember_central(f"E:/{name}/central.db")
        fill_store(store, tmp_path / name).close()
    return tmp_path / "a" / "survey.db", tmp_path / "b" / "survey.db"


def test_settings_show_and_save_the_open_data_files_identity(
    qtbot, window, tmp_path, monkeypatch, translations
):
    a, b = two_data_files(tmp_path)
    window.use_database(a)
    window.use_database(b)
    shown = []

    def fill_in(cls, parent, store):
        dialog = cls(store, parent)
        qtbot.addWidget(dialog)
        shown.append((dialog.device_edit.text(), dialog.surveyor_edit.text(),
                      dialog.central_row.edit.text()))  # fmt: skip
        dialog.surveyor_edit.setText("李娜")
        dialog.central_row.edit.setText("F:/central.db")
        return dialog.values()

    monkeypatch.setattr(SettingsDialog, "ask", classmethod(fill_in))
    window.office_menu.settings()
    assert shown == [("建设街道-07", "赵磊", "E:/b/central.db")]
    assert identities(a, b) == [
        ("解放街道-01", "王芳", "E:/a/central.db"),
        ("建设街道-07", "李娜", "F:/central.db"),
    ]
    window.use_database(a)
    window.office_menu.settings()
    assert shown[1] == ("解放街道-01", "王芳", "E:/a/central.db")


def test_a_renamed_laptop_is_announced_to_the_other_laptops(qtbot, window, monkeypatch):
    store = window.workspace.store
    chosen = SettingsDialog(store, None)
    qtbot.addWidget(chosen)
    chosen.device_edit.setText("建设街道-03")
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, p, s: chosen.values()))
    window.office_menu.settings()
    row = store.db.execute(
        "SELECT json_extract(payload, '$.name') FROM records WHERE kind = 'device' "
        "ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert row[0] == "建设街道-03"
    assert "建设街道-03" in window.location.text()


def test_language_and_start_file_are_kept_per_user(qtbot, store, tmp_path, translations):
    dialog = SettingsDialog(store, None)
    qtbot.addWidget(dialog)
    assert dialog.data_row.edit.text() == str(store.path)
    dialog.data_row.edit.setText(str(tmp_path / "work.db"))
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    from survey_app.ui.office.settings_dialog import save_settings

    save_settings(store, dialog.values())
    assert settings.data_path() == tmp_path / "work.db"
    assert settings.user_settings().fileName().startswith(str(tmp_path))
    assert settings.user_settings().value("office/device_name") is None
    settings.set_language("en")
    again = SettingsDialog(store, None)
    qtbot.addWidget(again)
    assert again.language_combo.currentData() == "en"
    assert again.data_row.edit.text() == str(tmp_path / "work.db")


def test_the_menu_applies_the_language(qtbot, window, monkeypatch, translations):
    menu = window.office_menu
    assert menu.menuAction() in window.menuBar().actions()
    dialog = SettingsDialog(window.workspace.store, None)
    qtbot.addWidget(dialog)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, p, s: dialog.values()))
    menu.settings()
    assert translations.language == "en" and settings.language() == "en"
    assert menu.title() == "&Office"
    assert menu.actions_["sync"].text() == "Sync with the central file…"
    window.switch_language("zh_CN")
    assert menu.title() == "办公(&O)"


def test_the_central_file_chosen_in_sync_is_kept_in_the_data_file(qtbot, window, tmp_path):
    central = tmp_path / "usb" / "central.db"
    central.parent.mkdir()
    dialog = window.office_menu.sync_dialog()
    qtbot.addWidget(dialog)
    assert dialog.path_edit.text() == ""
    dialog.path_edit.setText(str(central))
    with qtbot.waitSignal(dialog.start_sync().finished, timeout=60000):
        pass
    assert dialog.report is not None and dialog.report.created
    assert settings.central_path(window.workspace.store) == central
    again = window.office_menu.sync_dialog()
    qtbot.addWidget(again)
    assert again.path_edit.text() == str(central)
    shown = SettingsDialog(window.workspace.store, None)
    qtbot.addWidget(shown)
    assert shown.central_row.edit.text() == str(central)


def test_a_screenshot_leaves_the_users_settings_alone(qapp, db_path, tmp_path):
    settings.set_language("en")
    settings.set_data_path(str(db_path))
    settings.set_window_state(QByteArray(b"geometry"))
    ini = Path(settings.user_settings().fileName())
    before = ini.read_bytes()
    store = open_store(db_path)
    store.remember_central("E:/central.db")
    before_store = (store.device_name, store.surveyor, store.central_path)
    store.close()
    for lang in ("zh_CN", "en"):
        shot = tmp_path / f"shot-{lang}.png"
        args = ["gui", "--db", str(db_path), "--lang", lang, "--screenshot", str(shot)]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert shot.stat().st_size > 10_000
    assert ini.read_bytes() == before
    assert settings.user_settings().fileName() == str(ini)
    assert identities(db_path) == [before_store]
