"""The export dialog: full or masked, Excel or CSV, a suggested name that says which, the work in
a worker; the masked workbook holds none of the roster's names or phones, the full one does."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from survey_app.ui.office.export_dialog import ExportDialog
from tests.ui.conftest import OTHER_ROSTER, ROSTER


def names_and_phones() -> tuple[list[str], list[str]]:
    """The heads (all of two characters or more) and phones of the window tests' rosters."""
    rows = [line.split(",") for text in (ROSTER, OTHER_ROSTER) for line in text.splitlines()[1:]]
    names = [r[3] if len(r) > 4 else r[2] for r in rows]
    phones = [r[4] for r in rows if len(r) > 4]
    assert all(len(n) >= 2 for n in names) and len(phones) >= 8
    return names, phones


def exported(qtbot, dialog: ExportDialog) -> list:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.exported, timeout=30000) as signal:
        dialog.export_button.click()
    return signal.args[0]


def raw_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8", "replace")


def test_the_suggested_name_follows_full_or_masked(qtbot, db_path, tmp_path, translations):
    dialog = ExportDialog(db_path, folder=tmp_path)
    qtbot.addWidget(dialog)
    assert "含个人信息" in dialog.path_edit.text() and dialog.path_edit.text().endswith(".xlsx")
    dialog.masked.click()
    assert "已脱敏" in dialog.path_edit.text() and "含个人信息" not in dialog.path_edit.text()
    assert "已脱敏" not in dialog.holds.text() and "电话" in dialog.holds.text()
    dialog.csv.click()
    assert Path(dialog.path_edit.text()).parent == tmp_path
    assert Path(dialog.path_edit.text()).suffix == ""
    dialog.path_edit.setText(str(tmp_path / "我的.xlsx"))
    dialog.full.click()  # a name the user typed stays
    assert dialog.path_edit.text() == str(tmp_path / "我的.xlsx")


def test_a_masked_export_from_the_dialog_holds_no_name_or_phone(
    qtbot, db_path, tmp_path, translations
):
    dialog = ExportDialog(db_path, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    dialog.masked.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.masked)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # the radio, as by keyboard
    assert dialog.masked.isChecked()
    [written] = exported(qtbot, dialog)
    assert "已脱敏" in written.target.name
    text = raw_text(written.target)
    names, phones = names_and_phones()
    assert [s for s in (*names, *phones) if s in text] == []
    assert stat.S_IMODE(written.target.stat().st_mode) == 0o600
    assert "已导出" in dialog.outcome.text()


def test_the_full_export_holds_them_and_is_its_owners_only(qtbot, db_path, tmp_path, translations):
    dialog = ExportDialog(db_path, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.csv.click()
    [written] = exported(qtbot, dialog)
    assert "含个人信息" in written.target.name and written.target.is_dir()
    text = "".join(p.read_text(encoding="utf-8-sig") for p in written.target.iterdir())
    names, phones = names_and_phones()
    assert set(names) <= {n for n in names if n in text} and phones[0] in text
    assert {stat.S_IMODE(p.stat().st_mode) for p in written.target.iterdir()} == {0o600}


def test_a_failed_export_says_why_in_one_line(qtbot, db_path, tmp_path, translations):
    dialog = ExportDialog(db_path, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "gone" / "x.xlsx"))
    assert dialog.start_export() is not None
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
    assert dialog.error.text().startswith("导出失败") and "\n" not in dialog.error.text()
    assert not (tmp_path / "gone").exists()


def test_the_office_menu_opens_the_export(window, monkeypatch):
    asked = []
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, *a: asked.append(a) or []))
    window.office_menu.actions_["export"].trigger()
    assert asked and asked[0][1] == window.workspace.store.path
