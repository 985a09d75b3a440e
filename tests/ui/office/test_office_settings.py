"""Settings are kept per user (QSettings) and applied; the office menu is in the window."""

from __future__ import annotations

from survey_app.store.database import open_store
from survey_app.ui.base import preferences
from survey_app.ui.office import settings
from survey_app.ui.office.settings import SettingsDialog
from survey_app.ui.office.sync_dialog import SyncDialog


def test_settings_are_kept_per_user(qtbot, tmp_path, translations):
    dialog = SettingsDialog(None, store_values={"device_name": "旧名", "data_path": "/x/a.db"})
    qtbot.addWidget(dialog)
    assert dialog.device_edit.text() == "旧名" and dialog.data_row.edit.text() == "/x/a.db"
    dialog.device_edit.setText("解放街道-01")
    dialog.surveyor_edit.setText("王芳")
    dialog.central_row.edit.setText(str(tmp_path / "central.db"))
    dialog.data_row.edit.setText(str(tmp_path / "work.db"))
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    dialog.save()
    assert settings.value("device_name") == "解放街道-01"
    assert settings.value("surveyor") == "王芳"
    assert settings.central_path() == tmp_path / "central.db"
    assert settings.data_path() == tmp_path / "work.db"
    assert preferences.language() == "en"
    assert preferences.settings().fileName().startswith(str(tmp_path))
    again = SettingsDialog(None, store_values={})
    qtbot.addWidget(again)
    assert again.device_edit.text() == "解放街道-01"
    assert again.language_combo.currentData() == "en"
    sync = SyncDialog(tmp_path / "x.db", None)
    qtbot.addWidget(sync)
    assert sync.path_edit.text() == str(tmp_path / "central.db")


def test_the_menu_applies_settings_to_this_laptop(qtbot, window, monkeypatch, translations):
    menu = window.office_menu
    assert menu.menuAction() in window.menuBar().actions()
    chosen = {"device_name": "建设街道-03", "surveyor": "赵磊", "central_path": "",
              "data_path": "", "language": "en"}  # fmt: skip
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, parent, values: chosen))
    menu.settings()
    store = open_store(window.workspace.store.path)
    assert (store.device_name, store.surveyor) == ("建设街道-03", "赵磊")
    store.close()
    assert translations.language == "en"
    assert menu.title() == "&Office"
    assert menu.actions_["sync"].text() == "Sync with the central file…"
    window.switch_language("zh_CN")
    assert menu.title() == "办公(&O)"
