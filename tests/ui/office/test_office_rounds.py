"""Compounds and rounds: add and edit compounds, open a round with its rule, close it after
seeing the final tally and its fingerprint."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from survey_app.actions.rounds import close_round
from survey_app.core.clock import today
from survey_app.core.tally import RoundStatus
from survey_app.core.votes import Choice
from survey_app.store.compounds import find_compound
from survey_app.store.database import open_store
from survey_app.store.enrolment import enrol_device
from survey_app.store.households import find_household
from survey_app.store.rounds import round_state
from survey_app.store.tallies import tally_json
from survey_app.store.votes import record_vote
from survey_app.ui.office.compounds_view import CompoundsView
from survey_app.ui.office.rounds_dialog import CloseRoundDialog, CompoundDialog, OpenRoundDialog


def test_add_and_edit_a_compound(qtbot, store, translations):
    dialog = CompoundDialog(store, None, None)
    qtbot.addWidget(dialog)
    dialog.code_edit.setText("nh-010")
    assert dialog.save() is None and dialog.error.text()  # no name yet
    dialog.name_edit.setText("向阳小区")
    dialog.street_edit.setText("建设街道")
    dialog.built_spin.setValue(1988)
    assert dialog.save() is not None
    saved = find_compound(store=store, code="NH-010")
    assert (saved.name, saved.street, saved.built) == ("向阳小区", "建设街道", 1988)
    edit = CompoundDialog(store, saved, None)
    qtbot.addWidget(edit)
    assert edit.code_edit.isReadOnly()
    edit.name_edit.setText("向阳新村")
    edit.save()
    assert find_compound(store=store, code="NH-010").name == "向阳新村"


def test_open_a_round_with_a_custom_strict_rule_and_dates(qtbot, store, translations):
    dialog = OpenRoundDialog(store, "NH-002", 1, None)
    qtbot.addWidget(dialog)
    assert "80%" in dialog.summary.text()
    dialog.threshold_combo.setCurrentIndex(2)
    assert dialog.custom_edit.isVisibleTo(dialog)
    dialog.custom_edit.setText("abc")
    assert dialog.open_round() is None and "无效" in dialog.error.text()
    dialog.custom_edit.setText("90%")
    dialog.strict_radio.setChecked(True)
    dialog.double_check.setChecked(True)
    dialog.start_date.setDate(date(2027, 3, 1))
    dialog.end_date.setDate(date(2027, 3, 31))
    assert "超过" in dialog.summary.text() and "面积" in dialog.summary.text()
    assert dialog.open_round() is not None
    state = round_state(store=store, compound="NH-002", round_no=1)
    assert state.status is RoundStatus.OPEN
    assert state.rule.threshold == Fraction(9, 10)
    assert not state.rule.inclusive and state.rule.double_majority
    assert (state.starts, state.ends) == ("2027-03-01", "2027-03-31")


def test_two_thirds_preset(qtbot, store, translations):
    dialog = OpenRoundDialog(store, "NH-002", 1, None)
    qtbot.addWidget(dialog)
    dialog.threshold_combo.setCurrentIndex(1)
    dialog.end_check.setChecked(False)
    dialog.open_round()
    state = round_state(store=store, compound="NH-002", round_no=1)
    assert state.rule.threshold == Fraction(2, 3) and state.ends is None


def test_round_two_is_refused_before_round_one_closed(qtbot, store, translations):
    dialog = OpenRoundDialog(store, "NH-001", 2, None)
    qtbot.addWidget(dialog)
    assert dialog.open_round() is None
    assert "第1轮" in dialog.error.text()


def vote_all(store, choices):
    for address, choice in choices.items():
        household = find_household(store=store, compound="NH-001", address=address)
        record_vote(store=store, household=household, round_no=1, choice=choice, signer="户主")


def test_close_shows_the_final_tally_and_the_fingerprint_it_freezes(qtbot, store, translations):
    addresses = ["1-1-101", "1-1-102", "1-1-201", "1-1-202", "1-2-101", "1-2-102",
                 "2-1-101", "2-1-102"]  # fmt: skip
    vote_all(store, dict.fromkeys(addresses, Choice.AGREE) | {"2-1-201": Choice.DISAGREE})
    dialog = CloseRoundDialog(store, "NH-001", 1, None)
    qtbot.addWidget(dialog)
    shown = {left.text(): right.text() for left, right in dialog.cells}
    assert shown["应征询户数"] == "10" and shown["同意"] == "8" and shown["不同意"] == "1"
    assert shown["未表态"] == "1" and shown["同意率"] == "80.00%"
    assert shown["结论"] == "达到通过比例"
    fingerprint = dialog.fingerprint_label.text()
    assert len(fingerprint) == 64
    assert dialog.close_round() is not None
    assert round_state(store=store, compound="NH-001", round_no=1).fingerprint == fingerprint
    assert tally_json(store=store, compound="NH-001", round_no=1)["fingerprint"] == fingerprint
    again = CloseRoundDialog(store, "NH-001", 1, None)
    qtbot.addWidget(again)
    assert again.close_round() is None and again.error.text()


def test_compounds_view_opens_and_closes_rounds(qtbot, store, db_path, translations, monkeypatch):
    view = CompoundsView(store, db_path, None)
    qtbot.addWidget(view)
    assert view.table.rowCount() == 2
    assert view.table.item(0, 4).text() == "进行中" and view.table.item(1, 4).text() == "未开始"
    view.select("NH-002")
    assert view.open_button.isEnabled() and not view.close_button.isEnabled()
    monkeypatch.setattr(OpenRoundDialog, "ask", classmethod(
        lambda cls, parent, s, code, n: bool(cls(s, code, n, parent).open_round())))  # fmt: skip
    monkeypatch.setattr(CloseRoundDialog, "ask", classmethod(
        lambda cls, parent, s, code, n: bool(cls(s, code, n, parent).close_round())))  # fmt: skip
    with qtbot.waitSignal(view.changed):
        view.open_button.click()
    assert view.table.item(1, 4).text() == "进行中"
    assert view.close_button.isEnabled()
    with qtbot.waitSignal(view.changed):
        view.close_button.click()
    assert view.table.item(1, 4).text() == "已结束"
    assert round_state(store=store, compound="NH-002", round_no=1).status is RoundStatus.CLOSED


def when_shown(kind, act, tries=500):
    """Run act on the modal dialog of this kind once it is up (a modal exec blocks the test)."""
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, kind):
        act(dialog)
    elif tries:
        QTimer.singleShot(10, lambda: when_shown(kind, act, tries - 1))


def test_toolbar_rounds_follow_a_round_opened_in_the_office_window(qtbot, store, window):
    addresses = ["1-1-101", "1-1-102", "1-1-201", "1-1-202", "1-2-101", "1-2-102",
                 "2-1-101", "2-1-102"]  # fmt: skip
    vote_all(store, dict.fromkeys(addresses, Choice.AGREE))  # round 1 passes
    close_round(store=store, compound="NH-001", round_no=1)
    window.set_compound("NH-001", 1)
    assert window.round_buttons[2].text() == "第2轮 · 未开始"
    seen: list[object] = []

    def open_round_two(dialog) -> None:  # the round dialog, opened from the compounds view
        seen.append(str(dialog.round_no))
        seen.append(dialog.open_round() is not None or dialog.error.text())

    def in_compounds_view(view) -> None:
        view.select("NH-001")
        view.round_combo.setCurrentIndex(view.round_combo.findData(2))
        when_shown(OpenRoundDialog, open_round_two)
        view.open_button.click()
        view.reject()

    when_shown(CompoundsView, in_compounds_view)
    window.office_menu.compounds()
    assert seen == ["2", True]  # the dialogs really ran, on round 2
    assert window.round_buttons[2].text() == "第2轮 · 进行中"
    assert window.round_buttons[1].text() == "第1轮 · 已结束"


def test_closing_before_the_end_date_warns_and_enter_goes_back(qtbot, store, translations):
    opening = OpenRoundDialog(store, "NH-002", 1, None)
    qtbot.addWidget(opening)
    ends = today() + timedelta(days=10)
    opening.end_check.setChecked(True)
    opening.end_date.setDate(ends)
    assert opening.open_round() is not None
    dialog = CloseRoundDialog(store, "NH-002", 1, None)
    qtbot.addWidget(dialog)
    assert f"截止日期 {ends.isoformat()} 尚未到" in dialog.warning.text()
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.cancel_button)
    assert dialog.cancel_button.isDefault() and not dialog.close_button.isDefault()
    with qtbot.waitSignal(dialog.rejected):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.closed is None
    assert round_state(store=store, compound="NH-002", round_no=1).status is RoundStatus.OPEN
    no_end = CloseRoundDialog(store, "NH-001", 1, None)  # opened without an end date
    qtbot.addWidget(no_end)
    assert "尚未到" not in no_end.warning.text()


def test_closing_names_the_enrolled_laptops_without_a_vote_of_the_round(
    qtbot, store, tmp_path, translations
):
    laptop = open_store(tmp_path / "二号机.db", device_name="二号机", role="field")
    enrol_device(store=store, fingerprint=laptop.fingerprint)  # never synced since
    dialog = CloseRoundDialog(store, "NH-001", 1, None)
    qtbot.addWidget(dialog)
    warning = dialog.warning.text()
    assert "1 台已登记的笔记本还没有本轮的意见" in warning and laptop.fingerprint in warning
    laptop.close()
