"""The office gives an enrolled laptop its compounds from the devices view, by the keyboard:
the laptop's row shows what it works in, the dialog ticks compounds with Space and saves with
Enter, the assignment reaches the central file, and the laptop's next sync takes only those."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_office_devices import press, shown, when_shown

from survey_app.actions.devices import assignments
from survey_app.store.database import Store, open_store
from survey_app.store.enrolment import enrol_device
from survey_app.sync.central import sync_with_central
from survey_app.ui.office.assign_dialog import AssignDialog, Assigned
from survey_app.ui.office.devices_view import DevicesView


@pytest.fixture
def central(db_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "usb" / "central.db"
    path.parent.mkdir()
    office = open_store(db_path)
    sync_with_central(store=office, central=path)
    office.remember_central(str(path))
    office.close()
    return path


@pytest.fixture
def enrolled(central: Path, store: Store, tmp_path: Path) -> Store:
    laptop = open_store(tmp_path / "laptop.db", device_name="解放街道-04", role="field")
    sync_with_central(store=laptop, central=central)
    enrol_device(store=store, fingerprint=laptop.fingerprint)
    sync_with_central(store=store, central=central)
    return laptop


def held_compounds(laptop: Store) -> set[str]:
    return {str(c) for (c,) in laptop.db.execute("SELECT DISTINCT compound FROM households")}


def test_the_office_ticks_a_laptops_compounds_from_the_keyboard(
    qtbot, enrolled, store, central, translations
):
    view = shown(qtbot, DevicesView(store, None))
    assert view.laptops_table.rowCount() == 1
    cells = [view.laptops_table.item(0, c).text() for c in range(3)]
    assert cells == ["解放街道-04", enrolled.fingerprint, "全部小区"]
    seen: list[str] = []

    def tick_the_second(dialog: AssignDialog) -> None:
        assert dialog.all_box.isChecked() and not dialog.list.isEnabled()
        assert QApplication.focusWidget() is dialog.all_box
        press(qtbot, Qt.Key.Key_Space)  # not all compounds any more
        assert dialog.list.isEnabled()
        press(qtbot, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.list
        press(qtbot, Qt.Key.Key_Down)
        press(qtbot, Qt.Key.Key_Space)
        seen.extend(dialog.ticked())
        press(qtbot, Qt.Key.Key_Return)

    view.laptops_table.setFocus()
    when_shown(AssignDialog, tick_the_second)
    task = view.assign_compounds()
    assert task is not None
    qtbot.waitUntil(lambda: view.task is None, timeout=10000)
    assert seen == ["NH-002"]
    assert view.laptops_table.item(0, 2).text() == "NH-002"
    assert "NH-002" in view.outcome.text() and "已写入中心文件" in view.outcome.text()
    assert [a.compounds for a in assignments(store=store)] == [("NH-002",)]
    sync_with_central(store=enrolled, central=central)
    assert held_compounds(enrolled) == {"NH-002"}
    enrolled.close()


def test_nothing_ticked_is_refused_in_the_dialog_and_cancel_changes_nothing(
    qtbot, enrolled, store, translations, monkeypatch
):
    dialog = AssignDialog("解放街道-04", enrolled.fingerprint, [], ("NH-001",), None)
    qtbot.addWidget(dialog)
    assert not dialog.all_box.isChecked()
    assert dialog.chosen() is None and "至少" in dialog.error.text()
    monkeypatch.setattr(AssignDialog, "ask", classmethod(lambda cls, *args: None))
    view = shown(qtbot, DevicesView(store, None))
    assert view.assign_compounds() is None
    assert [a.compounds for a in assignments(store=store)] == [None]
    monkeypatch.setattr(AssignDialog, "ask", classmethod(lambda cls, *a: Assigned(("NH-001",))))
    view.assign_compounds()
    qtbot.waitUntil(lambda: view.task is None, timeout=10000)
    assert view.laptops_table.item(0, 2).text() == "NH-001"
    enrolled.close()


def test_a_laptop_given_one_compound_offers_only_that_one(qtbot, enrolled, store, central):
    from survey_app.store.assignments import assign_compounds
    from survey_app.ui.field.workspace import Workspace

    assign_compounds(store=store, fingerprint=enrolled.fingerprint, compounds=["NH-002"])
    sync_with_central(store=store, central=central)
    sync_with_central(store=enrolled, central=central)
    assert [c.code for c in Workspace(enrolled).compounds()] == ["NH-002"]
    assert [c.code for c in Workspace(store).compounds()] == ["NH-001", "NH-002"]
