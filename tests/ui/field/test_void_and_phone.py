"""Voiding a vote from the household page's history, and a vote verified by phone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from survey_app.core.votes import Channel, Choice
from survey_app.store.tallies import tally_json
from survey_app.store.votes import vote_rows
from survey_app.ui.field.confirm_vote import ConfirmVoteDialog
from survey_app.ui.field.void_vote import VoidVoteDialog


@pytest.fixture
def confirmations(monkeypatch):
    shown = []

    def ask(cls, parent, vote):
        shown.append(vote)
        return True

    monkeypatch.setattr(ConfirmVoteDialog, "ask", classmethod(ask))
    return shown


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier, times=1):
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def open_panel(qtbot, window, address="1-1-101"):
    assert window.open_household(f"NH-001/{address}", round_no=1)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return window.household_page.vote_panels[1]


def agree(store) -> int:
    return tally_json(store=store, compound="NH-001", round_no=1)["agree"]


def record_agree_by_keys(qtbot, panel):
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    press(qtbot, Qt.Key.Key_Return)
    assert len(panel.history) >= 1


def test_the_void_button_asks_a_reason_and_strikes_the_vote_through(
    qtbot, window, store, confirmations, monkeypatch
):
    panel = open_panel(qtbot, window)
    record_agree_by_keys(qtbot, panel)
    assert agree(store) == 1
    monkeypatch.setattr(VoidVoteDialog, "ask", classmethod(lambda cls, p, a, v: None))
    qtbot.mouseClick(panel.void_button, Qt.MouseButton.LeftButton)
    assert agree(store) == 1  # cancelled: nothing voided
    asked = []

    def ask(cls, parent, address, vote):
        asked.append((address, vote.choice))
        return "记错户了"

    monkeypatch.setattr(VoidVoteDialog, "ask", classmethod(ask))
    qtbot.mouseClick(panel.void_button, Qt.MouseButton.LeftButton)
    assert asked == [("1-1-101", Choice.AGREE)]
    assert agree(store) == 0
    model = panel.history_model
    assert model.data(model.index(0, 0)) == "已作废"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.FontRole).strikeOut()
    assert "作废:记错户了" in model.data(model.index(0, 6))
    assert "未表态" in panel.current.text()
    assert not panel.void_button.isEnabled()
    index = window.household_list.model.index_of("NH-001/1-1-101")
    assert window.household_list.model.data(index.siblingAtColumn(1)) != "✓ 同意"


def answer_void_dialog(qtbot, keys: str, problems: list[str]) -> None:
    """Type `keys` and Enter into the real dialog once it has the focus; a dialog the keys
    left open is closed (so the test fails instead of waiting) and noted in `problems`."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, VoidVoteDialog):
            problems.append(f"no void dialog: {dialog}")
            return
        try:
            qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.reason_edit)
            if not keys:
                assert not dialog.void_button.isEnabled()
            qtbot.keyClicks(QApplication.focusWidget(), keys)
            press(qtbot, Qt.Key.Key_Return)
        finally:
            if dialog.isVisible():
                problems.append("the dialog stayed open")
                dialog.reject()

    QTimer.singleShot(100, answer)


def test_the_real_void_dialog_needs_a_reason_typed_and_enter(qtbot, window, store, confirmations):
    panel = open_panel(qtbot, window)
    record_agree_by_keys(qtbot, panel)
    problems: list[str] = []
    answer_void_dialog(qtbot, "", problems)  # an empty reason: Enter cancels
    qtbot.mouseClick(panel.void_button, Qt.MouseButton.LeftButton)
    assert problems == [] and agree(store) == 1
    window.activateWindow()
    panel.void_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.void_button)
    answer_void_dialog(qtbot, "wrong door, is 1-1-102", problems)
    press(qtbot, Qt.Key.Key_Space)
    assert problems == []
    assert agree(store) == 0
    assert panel.voids[0].reason == "wrong door, is 1-1-102"


def test_a_phone_vote_asks_the_number_and_shows_it_masked(qtbot, window, store, confirmations):
    panel = open_panel(qtbot, window)
    assert not panel.number_edit.isVisibleTo(panel)
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    press(qtbot, Qt.Key.Key_Tab, times=2)
    assert panel.signer_edit.hasFocus()
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    assert panel.channel_combo.hasFocus()
    panel.channel_combo.setFocus()
    while panel.channel() is not Channel.PHONE:
        press(qtbot, Qt.Key.Key_Down)
    assert panel.number_edit.isVisibleTo(panel)
    press(qtbot, Qt.Key.Key_Return)
    assert panel.number_edit.hasFocus()
    press(qtbot, Qt.Key.Key_Return)  # to the note
    press(qtbot, Qt.Key.Key_Return)  # record: the number is missing
    assert "拨打的号码" in panel.error.text() and panel.number_edit.hasFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "138 0000-0101")
    press(qtbot, Qt.Key.Key_Return, times=2)
    assert confirmations[-1].called_number == "138 0000-0101"
    assert not panel.error.isVisible(), panel.error.text()
    (row,) = vote_rows(store=store, household="NH-001/1-1-101", round_no=1)
    assert (row.channel, row.called_number) == ("phone", "13800000101")
    model = panel.history_model
    assert model.data(model.index(0, 4)) == "电话核实 138*0101"
