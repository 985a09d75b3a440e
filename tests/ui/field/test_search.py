"""Finding a household from the search box: address in any spelling, name, phone, ballot QR."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from survey_app.core.qr_texts import make_ballot_text, make_survey_text
from survey_app.core.votes import Channel


def search(qtbot, window, text):
    window.search.setFocus()
    window.search.setText(text)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)


def shown_address(window):
    page = window.household_page
    assert window.stack.currentWidget() is page
    return page.household.id


@pytest.mark.parametrize(
    "text",
    ["1-1-201", "1幢1单元201室", "1栋1单元201", " 1 - 1 - 201 ", "１－１－２０１", "1号楼1单元201"],
)
def test_address_in_any_spelling_opens_the_household(qtbot, window, text):
    search(qtbot, window, text)
    assert shown_address(window) == "NH-001/1-1-201"
    assert window.household_page.address.text() == "1-1-201"
    assert window.search.text() == ""


def test_address_of_the_current_compound_wins(qtbot, window):
    assert window.workspace.compound == "NH-001"
    search(qtbot, window, "1-1-101")
    assert shown_address(window) == "NH-001/1-1-101"


def test_unique_name_opens_the_household(qtbot, window):
    search(qtbot, window, "李娜")
    assert shown_address(window) == "NH-001/1-1-201"


def test_name_in_another_compound_switches_compound(qtbot, window):
    search(qtbot, window, "孙红")
    assert shown_address(window) == "NH-002/1-102"
    assert window.workspace.compound == "NH-002"
    assert window.compound_combo.currentText().startswith("NH-002")


def test_several_names_offer_a_list(qtbot, window):
    search(qtbot, window, "张")
    popup = window.search.completer_popup.popup()
    qtbot.waitUntil(popup.isVisible)
    assert window.search.results.rowCount() == 3
    assert window.stack.currentWidget() is window.progress_view
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert shown_address(window) == "NH-001/1-2-102"


def test_phone_number(qtbot, window):
    search(qtbot, window, "13800000402")
    assert shown_address(window) == "NH-001/2-1-102"


def test_scanned_ballot_opens_round_with_paper_channel(qtbot, window):
    search(qtbot, window, make_ballot_text("NH-001/1-2-101", 1))
    assert shown_address(window) == "NH-001/1-2-101"
    panel = window.household_page.vote_panels[1]
    assert window.household_page.tabs.currentWidget() is panel
    assert panel.channel_combo.currentData() == Channel.PAPER
    assert panel.choice() is None
    assert panel.hasFocus()  # where Enter chooses nothing and Alt+1/2/3 still work


def test_scanned_ballot_text_of_the_report_format(qtbot, window):
    search(qtbot, window, "SAB|NH-002/1-101|R2")
    assert shown_address(window) == "NH-002/1-101"
    assert window.workspace.round_no == 2


def test_nothing_found_says_so(qtbot, window):
    search(qtbot, window, "没有这个人")
    assert window.stack.currentWidget() is window.progress_view
    assert "没有找到" in window.statusBar().currentMessage()
    assert "c62828" in window.search.styleSheet()
    window.search.setText("")
    qtbot.keyClicks(window.search, "x")
    assert window.search.styleSheet() == ""


def test_ctrl_f_focuses_the_search_box(qtbot, window):
    window.household_list.tree.setFocus()
    window.find_action.trigger()
    assert window.search.hasFocus()
    assert window.find_action.shortcut().toString() == "Ctrl+F"


def focus_tree_on(qtbot, window, household):
    """The tree has the focus, its current row on a household it has not opened."""
    window.activateWindow()
    tree = window.household_list.tree
    tree.setFocus()
    tree.expandAll()
    tree.setCurrentIndex(window.household_list.model.index_of(household))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tree)
    return tree


def scan(qtbot, text):
    """What a USB scanner does: the text typed fast, then Enter, to whatever has the focus."""
    qtbot.keyClicks(QApplication.focusWidget(), text)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_a_scan_with_focus_in_the_tree_opens_the_scanned_household(qtbot, window):
    focus_tree_on(qtbot, window, "NH-001/2-1-202")
    scan(qtbot, "SAB|NH-001/1-2-102|R1")
    assert shown_address(window) == "NH-001/1-2-102"
    panel = window.household_page.vote_panels[1]
    assert panel.channel_combo.currentData() == Channel.PAPER
    assert panel.choice() is None
    assert window.search.text() == ""
    assert "已扫描征询表" in window.statusBar().currentMessage()


def key_events(text, first_ms):
    """A scanner's key presses and releases, stamped 5 ms apart from `first_ms`."""
    events = []
    for i, char in enumerate(text):
        key = Qt.Key.Key_Return if char == "\n" else Qt.Key(ord(char.upper()))
        shift = Qt.KeyboardModifier.ShiftModifier if char.isupper() or char == "|" else None
        modifiers = shift or Qt.KeyboardModifier.NoModifier
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, modifiers, "\r" if char == "\n" else char)
            event.setTimestamp(first_ms + 5 * i)
            events.append(event)
    return events


def test_a_scan_read_late_by_a_busy_window_is_still_a_scan(qtbot, window):
    """The first key is held back; the window is then busy (a save) past the hold while the
    scanner types the rest in time, and the hold's timer fires before the window has read
    them: the keys waiting are read first, by their own times they continue the scan."""
    tree = focus_tree_on(qtbot, window, "NH-001/2-1-202")
    first, *rest = key_events("SAB|NH-001/1-2-102|R1\n", first_ms=1_000_000)
    QApplication.sendEvent(tree, first)
    assert window.scanner.timer.isActive()  # the S held back as a possible scan
    for event in rest:
        QApplication.postEvent(tree, event)
    window.scanner.timer.stop()
    window.scanner._timed_out()  # the timer's call, before the window reads the keys waiting
    qtbot.wait(100)  # whatever was still waiting is read now
    assert shown_address(window) == "NH-001/1-2-102"
    assert window.household_page.vote_panels[1].channel_combo.currentData() == Channel.PAPER
    assert window.search.text() == ""


def test_a_scan_with_focus_in_the_vote_form_goes_to_search(qtbot, window):
    assert window.open_household("NH-001/1-1-101", round_no=1)
    panel = window.household_page.vote_panels[1]
    window.activateWindow()
    panel.note_edit.setFocus()
    qtbot.waitUntil(panel.note_edit.hasFocus)
    scan(qtbot, "sab|nh-001/2-1-101|r1")  # caps lock on
    assert shown_address(window) == "NH-001/2-1-101"
    assert panel.note_edit.text() == ""
    assert panel.channel_combo.currentData() == Channel.PAPER
    assert panel.choice() is None


def test_typing_that_is_not_a_scan_reaches_the_field(qtbot, window):
    assert window.open_household("NH-001/1-1-101", round_no=1)
    panel = window.household_page.vote_panels[1]
    window.activateWindow()
    panel.signer_edit.clear()
    panel.signer_edit.setFocus()
    qtbot.waitUntil(panel.signer_edit.hasFocus)
    qtbot.keyClicks(QApplication.focusWidget(), "Sabine S")
    qtbot.waitUntil(lambda: panel.signer_edit.text() == "Sabine S")  # the last S comes late
    for key in "SAB|":  # a person typing the prefix, slowly
        qtbot.wait(120)
        qtbot.keyClicks(QApplication.focusWidget(), key)
    qtbot.waitUntil(lambda: panel.signer_edit.text() == "Sabine SSAB|")
    assert shown_address(window) == "NH-001/1-1-101"


def test_a_scan_without_its_enter_waits_in_the_search_box(qtbot, window):
    focus_tree_on(qtbot, window, "NH-001/2-1-202")
    qtbot.keyClicks(QApplication.focusWidget(), "SAB|NH-001/1-2-102|R1")
    qtbot.waitUntil(lambda: window.search.text() == "SAB|NH-001/1-2-102|R1", timeout=3000)
    assert window.search.hasFocus()
    assert window.stack.currentWidget() is window.progress_view
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert shown_address(window) == "NH-001/1-2-102"


def test_a_scanned_questionnaire_opens_the_household_s_survey_page(qtbot, window):
    """The QR code of a printed 入户调查表: the survey page opens for its answers to be typed."""
    focus_tree_on(qtbot, window, "NH-001/2-1-202")
    scan(qtbot, make_survey_text("NH-001/1-2-102", "needs_survey"))
    assert shown_address(window) == "NH-001/1-2-102"
    page = window.household_page
    assert page.tabs.currentWidget() is page.survey_view
    assert "已扫描调查表" in window.statusBar().currentMessage()
    assert window.search.text() == ""


def test_the_list_of_hits_is_made_with_the_first_search_and_styled_as_such(qtbot, window):
    lists = [w for w in QApplication.allWidgets() if w.objectName() == "searchResults"]
    assert lists == []  # not made at the start
    search(qtbot, window, "张")
    popup = window.search.completer_popup.popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.objectName() == "searchResults"
    assert popup.font().pointSizeF() == 12  # QListView#searchResults { font-size: 12pt; }
