"""Visits that gave no opinion, recorded from the household page by keys alone, shown in the
tree and the progress; the tree's filter driven by keys sent to whatever has the focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from survey_app.core.visits import VisitOutcome
from survey_app.core.votes import Choice
from survey_app.store.household_status import HouseholdFilter
from survey_app.store.visits import household_visits, record_visit
from survey_app.store.votes import record_vote, vote_rows
from tests.ui.conftest import household

ALT = Qt.KeyboardModifier.AltModifier


def activate(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier, times=1):
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def open_household(qtbot, window, address):
    assert window.open_household(f"NH-001/{address}", round_no=1)
    activate(qtbot, window)
    return window.household_page


def shown_rooms(window):
    """The household rows the tree shows, by address."""
    hl = window.household_list
    return [
        h.address
        for h in (node.household for node in _nodes(hl.model.roots()))
        if h is not None and hl.is_shown(h.id)
    ]


def _nodes(nodes):
    for node in nodes:
        yield node
        yield from _nodes(node.children)


def test_not_home_by_keys_is_recorded_and_is_no_opinion(qtbot, window, store):
    page = open_household(qtbot, window, "1-1-101")
    assert window.household_list.tree.isColumnHidden(4)  # no visit yet: no 走访 column
    press(qtbot, Qt.Key.Key_J, ALT)
    assert QApplication.focusWidget() is page.visit_bar.outcome_combo
    press(qtbot, Qt.Key.Key_Down)  # the first outcome: 无人在家
    assert page.visit_bar.outcome() is VisitOutcome.NOT_HOME
    press(qtbot, Qt.Key.Key_Return)
    visits = household_visits(store=store, household="NH-001/1-1-101")
    assert [(v.outcome, v.round_no) for v in visits] == [(VisitOutcome.NOT_HOME, 1)]
    assert vote_rows(store=store, household="NH-001/1-1-101", round_no=1) == []
    panel = page.vote_panels[1]
    assert panel.choice() is None and "未表态" in panel.current.text()
    assert "无人在家" in page.visit_bar.last.text()
    model = window.household_list.model
    assert not window.household_list.tree.isColumnHidden(4)
    assert model.data(model.index_of("NH-001/1-1-101").siblingAtColumn(4)) == "无人在家"
    assert model.data(model.index_of("NH-001/1-1-101").siblingAtColumn(1)) == "—"
    summary = window.household_list.summary
    assert "已同意 0 / 10 户" in summary.headline.text()
    assert "无人在家 1" in summary.visits.text()
    # the next Enter in the strip records nothing: no outcome is chosen any more
    press(qtbot, Qt.Key.Key_Return)
    assert len(household_visits(store=store, household="NH-001/1-1-101")) == 1
    assert vote_rows(store=store, household="NH-001/1-1-101", round_no=1) == []


def test_come_back_takes_the_day_by_keys(qtbot, window, store):
    page = open_household(qtbot, window, "1-1-102")
    press(qtbot, Qt.Key.Key_J, ALT)
    press(qtbot, Qt.Key.Key_Down, times=2)  # 改日再访
    assert page.visit_bar.outcome() is VisitOutcome.COME_BACK
    press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.visit_bar.date_edit
    assert household_visits(store=store, household="NH-001/1-1-102") == []
    page.visit_bar.date_edit.setDate(page.visit_bar.date_edit.date().addDays(2))
    expected = page.visit_bar.date_edit.date().toPython()
    press(qtbot, Qt.Key.Key_Return)
    [visit] = household_visits(store=store, household="NH-001/1-1-102")
    assert visit.outcome is VisitOutcome.COME_BACK
    assert visit.come_back_on == expected.isoformat()
    assert "约定" in page.visit_bar.last.text()


def test_keys_in_the_visit_strip_never_choose_an_opinion(qtbot, window, store):
    page = open_household(qtbot, window, "1-1-201")
    press(qtbot, Qt.Key.Key_J, ALT)
    for key in (Qt.Key.Key_Space, Qt.Key.Key_1, Qt.Key.Key_Return, Qt.Key.Key_Tab):
        press(qtbot, key)
    press(qtbot, Qt.Key.Key_1, ALT)  # Alt+1 chooses only inside the vote panel
    panel = page.vote_panels[1]
    assert all(not b.isChecked() for b in panel.choice_buttons.values())
    assert vote_rows(store=store, household="NH-001/1-1-201", round_no=1) == []


def test_filter_by_keys(qtbot, window, store):
    record_visit(store=store, household=household(store, "1-1-102"), outcome=VisitOutcome.REFUSED)
    record_vote(store=store, household=household(store, "1-1-201"), round_no=1,
                choice=Choice.AGREE)  # fmt: skip
    window.set_compound("NH-001", 1)
    window.household_list.reload()  # as after a sync
    activate(qtbot, window)
    hl = window.household_list
    hl.tree.setFocus()
    press(qtbot, Qt.Key.Key_H, ALT)
    assert QApplication.focusWidget() is hl.filter_combo
    press(qtbot, Qt.Key.Key_Down)
    assert hl.current_filter() is HouseholdFilter.NOT_VISITED
    rooms = shown_rooms(window)
    assert "1-1-102" not in rooms and "1-1-201" not in rooms and "1-1-101" in rooms
    assert len(rooms) == 8  # 10 eligible households, 2 reached
    press(qtbot, Qt.Key.Key_Down)
    assert hl.current_filter() is HouseholdFilter.NO_OPINION
    assert shown_rooms(window) == ["1-1-102"]
    assert hl.filter_count.text() == "1 户"
    press(qtbot, Qt.Key.Key_Down)
    assert hl.current_filter() is HouseholdFilter.TO_VERIFY
    assert shown_rooms(window) == []
    press(qtbot, Qt.Key.Key_Up, times=2)
    assert hl.current_filter() is HouseholdFilter.NOT_VISITED
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is hl.tree
    # a visit recorded now: the household leaves 未走访, the filter stays
    page = open_household(qtbot, window, "1-1-101")
    press(qtbot, Qt.Key.Key_J, ALT)
    press(qtbot, Qt.Key.Key_Down, times=4)  # 空置
    press(qtbot, Qt.Key.Key_Return)
    assert page.visit_bar.outcome() is None
    assert hl.current_filter() is HouseholdFilter.NOT_VISITED
    assert "1-1-101" not in shown_rooms(window) and len(shown_rooms(window)) == 7
    hl.set_filter(HouseholdFilter.NO_OPINION)
    assert shown_rooms(window) == ["1-1-101", "1-1-102"]


def test_back_to_every_household_by_keys_shows_every_row_again(qtbot, window, store):
    record_vote(store=store, household=household(store, "1-1-201"), round_no=1,
                choice=Choice.AGREE)  # fmt: skip
    window.household_list.refresh()
    activate(qtbot, window)
    hl = window.household_list
    assert len(shown_rooms(window)) == 10
    hl.filter_combo.setFocus()
    press(qtbot, Qt.Key.Key_Down)  # 未走访
    assert len(shown_rooms(window)) == 9
    press(qtbot, Qt.Key.Key_Up)  # 全部住户
    assert hl.current_filter() is HouseholdFilter.ALL
    assert len(shown_rooms(window)) == 10 and hl.filter_count.text() == ""
    hl.reload()  # a reload under 全部住户 shows every row, with no walk of the tree
    assert len(shown_rooms(window)) == 10


def test_a_scan_of_a_hidden_household_shows_it(qtbot, window, store):
    record_vote(store=store, household=household(store, "1-1-201"), round_no=1,
                choice=Choice.AGREE)  # fmt: skip
    window.set_compound("NH-001", 1)
    window.household_list.reload()
    window.household_list.set_filter(HouseholdFilter.NOT_VISITED)
    assert not window.household_list.is_shown("NH-001/1-1-201")
    assert window.open_household("NH-001/1-1-201", round_no=1)
    assert window.household_list.current_filter() is HouseholdFilter.ALL
    assert window.household_list.is_shown("NH-001/1-1-201")
