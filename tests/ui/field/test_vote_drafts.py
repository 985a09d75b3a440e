"""A vote in progress (chosen or signed, not recorded) is a draft: it survives switching
households, and leaving it asks what to do."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from survey_app.core.votes import Channel, Choice
from survey_app.store.drafts import drafted_households, load_vote_draft
from survey_app.store.votes import vote_rows
from survey_app.ui.field.confirm_vote import ConfirmVoteDialog
from survey_app.ui.field.leave_vote import LeaveChoice, LeaveVoteBox

HERE = "NH-001/1-1-101"
THERE = "NH-001/2-1-202"


@pytest.fixture
def answers(monkeypatch):
    """Answer the leave question with the choices given, remembering each question."""
    asked: list[str] = []
    queue: list[LeaveChoice] = []

    def ask(cls, parent, address):
        asked.append(address)
        return queue.pop(0)

    monkeypatch.setattr(LeaveVoteBox, "ask", classmethod(ask))
    monkeypatch.setattr(ConfirmVoteDialog, "ask", classmethod(lambda cls, parent, vote: True))
    return queue, asked


def mouse(widget, kind, x, y, buttons):
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    point = QPointF(x, y)
    event = QMouseEvent(kind, point, widget.mapToGlobal(point), button, buttons,
                        Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(widget, event)


def sign(pad):
    left = Qt.MouseButton.LeftButton
    mouse(pad, QEvent.Type.MouseButtonPress, 20, 80, left)
    for x, y in ((80, 40), (160, 110), (240, 50)):
        mouse(pad, QEvent.Type.MouseMove, x, y, left)
    mouse(pad, QEvent.Type.MouseButtonRelease, 240, 50, Qt.MouseButton.NoButton)


def click_household(qtbot, window, household):
    tree = window.household_list.tree
    tree.expandAll()
    rect = tree.visualRect(window.household_list.model.index_of(household))
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def start_vote(qtbot, window):
    """Open HERE, choose 不同意 with Alt+2 and sign."""
    assert window.open_household(HERE, round_no=1)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    panel = window.household_page.vote_panels[1]
    sign(panel.signature_pad)
    assert (panel.choice(), panel.signature_pad.stroke_count()) == (Choice.DISAGREE, 1)
    return panel


def test_switching_away_from_a_signed_vote_asks_and_staying_keeps_it(qtbot, window, answers):
    queue, asked = answers
    panel = start_vote(qtbot, window)
    queue.append(LeaveChoice.STAY)
    click_household(qtbot, window, THERE)
    assert asked == ["1-1-101"]
    assert window.household_page.household.id == HERE
    assert (panel.choice(), panel.signature_pad.stroke_count()) == (Choice.DISAGREE, 1)
    tree = window.household_list.tree
    assert tree.currentIndex() == window.household_list.model.index_of(HERE)
    queue.append(LeaveChoice.STAY)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.household_page
    assert asked == ["1-1-101", "1-1-101"]


def test_keeping_the_draft_restores_it_when_the_household_is_reopened(qtbot, window, store,
                                                                     answers):  # fmt: skip
    queue, _asked = answers
    panel = start_vote(qtbot, window)
    strokes = panel.signature_pad.strokes()
    queue.append(LeaveChoice.KEEP_DRAFT)
    click_household(qtbot, window, THERE)
    assert window.household_page.household.id == THERE
    assert panel.choice() is None and panel.signature_pad.is_empty()
    draft = load_vote_draft(store=store, household=HERE, round_no=1)
    assert draft is not None and draft.choice is Choice.DISAGREE
    assert drafted_households(store=store, compound="NH-001") == set()  # not a survey draft
    click_household(qtbot, window, HERE)
    assert panel.choice() is Choice.DISAGREE
    assert panel.signature_pad.strokes() == [
        [(round(x, 1), round(y, 1)) for x, y in s] for s in strokes
    ]
    assert "草稿" in panel.draft_note.text()
    assert QApplication.focusWidget() is panel.choice_buttons[Choice.DISAGREE]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    rows = vote_rows(store=store, household=HERE, round_no=1)
    assert [r.choice for r in rows] == [Choice.DISAGREE]
    assert rows[0].has_signature
    assert load_vote_draft(store=store, household=HERE, round_no=1) is None


def test_recording_on_the_way_out(qtbot, window, store, answers):
    queue, _asked = answers
    start_vote(qtbot, window)
    queue.append(LeaveChoice.RECORD)
    click_household(qtbot, window, THERE)
    assert window.household_page.household.id == THERE
    assert [r.choice for r in vote_rows(store=store, household=HERE, round_no=1)] == [
        Choice.DISAGREE
    ]
    assert load_vote_draft(store=store, household=HERE, round_no=1) is None


def test_discarding_drops_the_vote_and_its_draft(qtbot, window, store, answers):
    queue, _asked = answers
    panel = start_vote(qtbot, window)
    panel.save_draft_now()
    queue.append(LeaveChoice.DISCARD)
    assert window.show_progress()
    assert window.stack.currentWidget() is window.progress_view
    assert load_vote_draft(store=store, household=HERE, round_no=1) is None
    assert vote_rows(store=store, household=HERE, round_no=1) == []
    click_household(qtbot, window, HERE)
    assert panel.choice() is None and panel.signature_pad.is_empty()


def test_a_scan_does_not_overwrite_a_vote_in_progress(qtbot, window, store, answers):
    queue, asked = answers
    panel = start_vote(qtbot, window)
    queue.append(LeaveChoice.KEEP_DRAFT)
    qtbot.keyClicks(QApplication.focusWidget(), "SAB|NH-001/2-1-202|R1")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert asked == ["1-1-101"]
    assert window.household_page.household.id == THERE
    assert panel.channel_combo.currentData() == Channel.PAPER
    assert panel.choice() is None
    assert load_vote_draft(store=store, household=HERE, round_no=1).choice is Choice.DISAGREE


def test_a_draft_is_kept_within_half_a_second(qtbot, window, store, answers):
    start_vote(qtbot, window)
    qtbot.waitUntil(
        lambda: load_vote_draft(store=store, household=HERE, round_no=1) is not None, timeout=2000
    )
    draft = load_vote_draft(store=store, household=HERE, round_no=1)
    assert (draft.choice, len(draft.strokes), draft.signer) == (Choice.DISAGREE, 1, "张伟")


def test_moving_without_a_vote_in_progress_asks_nothing(qtbot, window):
    assert window.open_household(HERE, round_no=1)
    click_household(qtbot, window, THERE)  # the autouse fixture fails the test if asked
    assert window.household_page.household.id == THERE
