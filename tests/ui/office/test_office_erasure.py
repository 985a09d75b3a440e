"""删除个人信息 in the office window: pick a household in the compounds view, confirm; Enter
cancels, the button erases; the household stays on the roster with its name shown erased."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from test_office_rounds import when_shown

from survey_app.core.privacy import ERASED_NAME
from survey_app.core.votes import Choice
from survey_app.store.households import find_household, households_of
from survey_app.store.tallies import tally_json
from survey_app.store.votes import record_vote, vote_rows
from survey_app.ui.office.compounds_view import CompoundsView
from survey_app.ui.office.erase_dialog import EraseHouseholdDialog


def test_enter_cancels_and_the_button_erases_by_keyboard(qtbot, store, translations):
    target = find_household(store=store, compound="NH-001", address="1-1-102")
    record_vote(store=store, household=target, round_no=1, choice=Choice.AGREE, signer="王芳",
                note="本人签字")  # fmt: skip
    tally = tally_json(store=store, compound="NH-001", round_no=1)
    dialog = EraseHouseholdDialog(store, "NH-001", None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select(target.id)
    assert "王芳" in dialog.household_combo.currentText()
    QTest.keyClick(dialog.household_combo, Qt.Key.Key_Return)  # Enter never erases
    assert dialog.result() == dialog.DialogCode.Rejected and dialog.report is None
    assert find_household(store=store, compound="NH-001", address="1-1-102").head == "王芳"

    dialog.show()
    dialog.erase_button.setFocus()
    QTest.keyClick(dialog.erase_button, Qt.Key.Key_Space)
    assert dialog.report is not None and dialog.result() == dialog.DialogCode.Accepted
    erased = find_household(store=store, compound="NH-001", address="1-1-102")
    assert (erased.head, erased.phone, erased.eligible) == (ERASED_NAME, None, True)
    [vote] = vote_rows(store=store, household=target.id, round_no=1)
    assert vote.signer == ERASED_NAME and not vote.note and vote.choice is Choice.AGREE
    assert tally_json(store=store, compound="NH-001", round_no=1) == tally
    assert len(households_of(store=store, compound="NH-001")) == len(dialog.households)


def test_the_compounds_view_erases_the_household_chosen(qtbot, store, db_path, translations):
    view = CompoundsView(store, db_path, None)
    qtbot.addWidget(view)
    view.select("NH-001")
    assert view.erase_button.isEnabled()

    def choose_and_erase(dialog: EraseHouseholdDialog) -> None:
        dialog.select(find_household(store=store, compound="NH-001", address="1-1-201").id)
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)

    when_shown(EraseHouseholdDialog, choose_and_erase)
    with qtbot.waitSignal(view.changed):
        qtbot.mouseClick(view.erase_button, Qt.MouseButton.LeftButton)
    assert find_household(store=store, compound="NH-001", address="1-1-201").head == ERASED_NAME
    assert find_household(store=store, compound="NH-001", address="1-1-101").head == "张伟"


def test_a_field_laptop_cannot_erase(qtbot, tmp_path, translations):
    from survey_app.store.database import open_store

    laptop = open_store(tmp_path / "laptop.db", role="field")
    try:
        view = CompoundsView(laptop, tmp_path / "laptop.db", None)
        qtbot.addWidget(view)
        assert not view.erase_button.isEnabled() and view.erase_button.toolTip()
    finally:
        laptop.close()
