"""The search box takes pinyin, initials and phones in any spelling, typed the way a surveyor
types them: Ctrl+F, the keys to whatever has the focus, Enter; the list shows what matched."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def type_text(text):
    """Each character as a key press to the focused widget; a full-width one (as an input
    method gives it) with its text and no key code, which QTest cannot map itself."""
    for char in text:
        if char.isascii():
            QTest.keyClick(QApplication.focusWidget(), char)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                QApplication.focusWidget(),
                Qt.Key.Key_unknown,
                char,
                Qt.KeyboardModifier.NoModifier,
            )


def type_search(qtbot, window, text):
    window.activateWindow()
    window.household_list.tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.household_list.tree)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.search)
    type_text(text)
    qtbot.waitUntil(lambda: window.search.text() == text, timeout=3000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def shown_address(window):
    assert window.stack.currentWidget() is window.household_page
    return window.household_page.household.id


@pytest.mark.parametrize("text", ["liuyang", "ly", "liuy", "LiuYang", "liu yang", "ｌｙ"])
def test_pinyin_and_initials_open_the_household(qtbot, window, text):
    type_search(qtbot, window, text)
    assert shown_address(window) == "NH-001/2-1-101"
    assert window.household_page.household.head == "刘洋"


@pytest.mark.parametrize(
    "text", ["138-0000-0401", "138 0000 0401", "１３８００００0401", "(138)0000-0401"]
)
def test_a_phone_in_any_spelling_opens_the_household(qtbot, window, text):
    type_search(qtbot, window, text)
    assert shown_address(window) == "NH-001/2-1-101"


def popup_rows(qtbot, window):
    popup = window.search.completer_popup.popup()
    qtbot.waitUntil(popup.isVisible)
    model = window.search.results
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def test_the_list_shows_the_pinyin_that_matched(qtbot, window):
    type_search(qtbot, window, "zw")
    assert popup_rows(qtbot, window) == [
        "1-1-101   张伟 (zhang wei)   (东方新村)",
        "1-101   张伟明 (zhang wei ming)   (和平小区)",
    ]
    popup = window.search.completer_popup.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert shown_address(window) == "NH-002/1-101"


def test_the_list_shows_the_phone_that_matched(qtbot, window):
    type_search(qtbot, window, "138-0000-010")
    assert popup_rows(qtbot, window) == [
        "1-1-101   张伟   ☎ 13800000101   (东方新村)",
        "1-1-102   王芳   ☎ 13800000102   (东方新村)",
    ]


def test_a_name_as_written_shows_the_name_alone(qtbot, window):
    type_search(qtbot, window, "张")
    rows = popup_rows(qtbot, window)
    assert rows[0] == "1-1-101   张伟   (东方新村)"
    assert all("(zhang" not in row for row in rows)
