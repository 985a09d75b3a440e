"""The office window shows a rule conflict between two office laptops, keeps the version the
office chooses, and tells a laptop at start that its clock is far off."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from survey_app.core.ids import new_record_id
from survey_app.core.records import Record
from survey_app.core.rules import ConsentRule
from survey_app.store.compounds import save_compound
from survey_app.store.database import Store, insert_records, open_store
from survey_app.store.enrolment import enrol_device
from survey_app.store.projection import project_pending
from survey_app.store.round_changes import open_round
from survey_app.store.rounds import round_state
from survey_app.sync.central import sync_with_central
from survey_app.sync.rule_conflicts import list_rule_conflicts
from survey_app.ui.base.translations import Translations
from survey_app.ui.field.workspace import Workspace
from survey_app.ui.main_window import MainWindow
from survey_app.ui.office.conflicts_view import ConflictsDialog


@pytest.fixture
def two_offices(tmp_path: Path) -> Iterator[tuple[Store, Store, Path]]:
    """The office and a second office laptop that each opened round 1 of NH-001 unaware of the
    other: 80 % and 50 %."""
    central = tmp_path / "central.db"
    office = open_store(tmp_path / "o.db", device_name="街道办公室")
    save_compound(store=office, code="NH-001", name="东方新村")
    second = open_store(tmp_path / "s.db", device_name="二号", role="field")
    enrol_device(store=office, fingerprint=second.fingerprint, role="office")
    for store in (office, second):
        sync_with_central(store=store, central=central)
    open_round(store=office, compound="NH-001", round_no=1, rule=ConsentRule())
    open_round(store=second, compound="NH-001", round_no=1, rule=ConsentRule(Fraction(1, 2)))
    for store in (second, office):
        sync_with_central(store=store, central=central)
    yield office, second, central
    office.close()
    second.close()


def test_the_conflicts_window_shows_a_rule_conflict_and_keeps_the_chosen_version(
    qtbot, two_offices: tuple[Store, Store, Path]
) -> None:  # type: ignore[no-untyped-def]
    office, second, central = two_offices
    dialog = ConflictsDialog(office, None, None)
    qtbot.addWidget(dialog)
    panel = dialog.rules
    assert dialog.tabs.currentWidget() is panel  # no vote conflict: the rule tab is shown
    assert "规则/名册冲突 (1)" in dialog.tabs.tabText(1)
    assert panel.list.count() == 1 and "NH-001" in panel.list.item(0).text()
    cards = [panel.card(i) for i in range(2)]
    assert {c.title() for c in cards} == {"街道办公室", "二号"}
    offices = next(c for c in cards if "80%" in c.says.text())
    assert any("50%" in c.says.text() for c in cards)
    with qtbot.waitSignal(panel.settled):
        qtbot.mouseClick(offices.keep_button, Qt.MouseButton.LeftButton)
    assert panel.list.count() == 0 and "没有规则/名册冲突" in panel.heading.text()
    assert "规则/名册冲突 (0)" in dialog.tabs.tabText(1)
    for store in (office, second):
        sync_with_central(store=store, central=central)
    assert list_rule_conflicts(store=second) == []
    assert round_state(store=second, compound="NH-001", round_no=1).rule == ConsentRule()


def test_a_laptop_whose_clock_is_behind_the_records_is_told_at_start(
    qtbot, tmp_path: Path, translations: Translations
) -> None:  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "l.db", device_name="本机")
    record = Record.before_signing(
        id=new_record_id("d-ahead", 1), kind="device", device="d-ahead", seq=1,  # type: ignore[arg-type]
        created_at="2099-01-01T00:00:00.000000Z",
        payload={"id": "d-ahead", "name": "快钟电脑", "surveyor": ""},
    )  # fmt: skip
    with store.transaction():
        insert_records(store.db, [record])
        project_pending(store.db)
    window = MainWindow(Workspace(store), translations)
    qtbot.addWidget(window)
    window.show()
    assert window.clock_notice.isVisible()
    assert "快钟电脑" in window.clock_notice.text() and "早" in window.clock_notice.text()
    window.close()
