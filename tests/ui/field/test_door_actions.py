"""How many actions a surveyor needs, counted while doing them with real key events (each sent to
whatever has the focus, as a keyboard does) and a real mouse drag on the signature pad; the
confirm step is the real dialog, answered with Enter.

The README's figures come from here: from "start search" to "vote saved with signature" is six
actions, and a returned paper ballot is one scan and one choice (then the two Enters that
confirm, as for every vote)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from survey_app.core.votes import Channel, Choice
from survey_app.store.votes import signature_png, vote_rows
from survey_app.ui.field.confirm_vote import ConfirmVoteDialog

NO_MODIFIER = Qt.KeyboardModifier.NoModifier


class Hands:
    """A surveyor's keyboard, mouse and scanner; every action is written down as it is done."""

    def __init__(self, qtbot, window) -> None:
        self.qtbot, self.window = qtbot, window
        self.actions: list[str] = []

    def key(self, name: str, key: Qt.Key, modifier=NO_MODIFIER) -> None:
        self.actions.append(name)
        self.qtbot.keyClick(QApplication.focusWidget(), key, modifier)

    def type_then_enter(self, name: str, text: str) -> None:
        """Typing a word and Enter (a person), or a scanner's burst and its Enter: one action."""
        self.actions.append(name)
        self.qtbot.keyClicks(QApplication.focusWidget(), text)
        self.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    def sign(self) -> None:
        pad = self.window.household_page.vote_panels[1].signature_pad
        self.actions.append("signature")
        points = [QPoint(40, 60), QPoint(90, 30), QPoint(150, 90), QPoint(230, 40)]
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, NO_MODIFIER, points[0])
        for point in points[1:]:
            QTest.mouseMove(pad, point, 10)
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, NO_MODIFIER, points[-1])

    def enter_then_confirm(self) -> None:
        """Enter on the chosen opinion opens the real confirm step; Enter there records."""

        def answer() -> None:
            dialog, focus = QApplication.activeModalWidget(), QApplication.focusWidget()
            if not isinstance(dialog, ConfirmVoteDialog) or not dialog.isAncestorOf(focus):
                QTimer.singleShot(50, answer)  # not up (or not focused) yet: look again
                return
            self.actions.append("Enter (confirm step)")
            QTest.keyClick(focus, Qt.Key.Key_Return)

        QTimer.singleShot(100, answer)
        self.key("Enter", Qt.Key.Key_Return)


def start(qtbot, window) -> Hands:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return Hands(qtbot, window)


def test_from_start_search_to_a_signed_vote_saved_is_six_actions(qtbot, window, store):
    hands = start(qtbot, window)
    hands.key("Ctrl+F", Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    hands.type_then_enter("address + Enter", "1-1-102")
    assert window.household_page.household.id == "NH-001/1-1-102"
    hands.key("Alt+2", Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    hands.sign()
    hands.enter_then_confirm()
    rows = vote_rows(store=store, household="NH-001/1-1-102", round_no=1)
    assert [(r.choice, r.channel, r.signer) for r in rows] == [(Choice.DISAGREE, "door", "王芳")]
    assert signature_png(store=store, vote_id=rows[0].id)
    assert hands.actions == [
        "Ctrl+F", "address + Enter", "Alt+2", "signature", "Enter", "Enter (confirm step)",
    ]  # fmt: skip
    assert len(hands.actions) <= 6
    assert window.focusWidget() is window.search  # ready for the next household
    window.activateWindow()  # offscreen has no window manager to give the window back its keys
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.search)


def test_a_returned_paper_ballot_is_one_scan_and_one_choice(qtbot, window, store):
    hands = start(qtbot, window)
    tree = window.household_list.tree
    tree.setFocus()  # where a click on the list leaves the focus
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree)
    hands.type_then_enter("scan", "SAB|NH-001/2-1-201|R1")
    assert window.household_page.household.id == "NH-001/2-1-201"
    assert window.household_page.vote_panels[1].channel_combo.currentData() == Channel.PAPER
    hands.key("Alt+3", Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    hands.enter_then_confirm()
    rows = vote_rows(store=store, household="NH-001/2-1-201", round_no=1)
    assert [(r.choice, r.channel) for r in rows] == [(Choice.ABSTAIN, "paper")]
    assert hands.actions == ["scan", "Alt+3", "Enter", "Enter (confirm step)"]
    assert hands.actions[:2] == ["scan", "Alt+3"]  # one scan and one choice, then confirming
