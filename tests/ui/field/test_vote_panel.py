"""Recording, changing and refusing votes through the round panels."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from survey_app.core.rules import ConsentRule
from survey_app.core.votes import Channel, Choice, Relation
from survey_app.store.round_changes import close_round, open_round
from survey_app.store.votes import record_vote, vote_rows
from survey_app.ui.field.confirm_vote import ConfirmVoteDialog, PendingVote


@pytest.fixture
def confirmations(monkeypatch):
    """Answer the confirm step with yes, remembering what it showed."""
    shown: list[PendingVote] = []

    def ask(cls, parent, vote):
        shown.append(vote)
        return True

    monkeypatch.setattr(ConfirmVoteDialog, "ask", classmethod(ask))
    return shown


def open_panel(window, address="1-1-101", round_no=1, compound="NH-001"):
    assert window.open_household(f"{compound}/{address}", round_no=round_no)
    return window.household_page.vote_panels[round_no]


def test_record_a_vote(qtbot, window, store, confirmations):
    panel = open_panel(window)
    assert not panel.record_button.isEnabled()
    panel.choice_buttons[Choice.AGREE].click()
    assert panel.signer_edit.text() == "张伟"
    panel.record_button.click()
    assert len(confirmations) == 1
    shown = confirmations[0]
    assert (shown.choice, shown.signer, shown.relation, shown.channel) == (
        Choice.AGREE, "张伟", Relation.SELF, Channel.DOOR)  # fmt: skip
    assert shown.replaces == ()
    rows = vote_rows(store=store, household="NH-001/1-1-101", round_no=1)
    assert [(r.choice, r.signer, r.relation, r.channel) for r in rows] == [
        (Choice.AGREE, "张伟", "self", "door")
    ]
    assert "当前意见:✓ 同意" in panel.current.text()
    assert panel.choice() is None
    index = window.household_list.model.index_of("NH-001/1-1-101")
    assert window.household_list.model.data(index.siblingAtColumn(1)) == "✓ 同意"
    assert "已同意 1 / 10 户" in window.household_list.summary.headline.text()
    assert "已保存" in window.statusBar().currentMessage()


def test_change_a_vote_shows_the_earlier_one(qtbot, window, store, confirmations):
    record_vote(store=store, household=window_household(store), round_no=1, choice=Choice.AGREE,
                signer="张伟")  # fmt: skip
    panel = open_panel(window)
    assert "当前意见:✓ 同意" in panel.current.text()
    panel.choice_buttons[Choice.DISAGREE].click()
    panel.record_button.click()
    assert [v.choice for v in confirmations[0].replaces] == [Choice.AGREE]
    rows = vote_rows(store=store, household="NH-001/1-1-101", round_no=1)
    assert [r.choice for r in rows] == [Choice.AGREE, Choice.DISAGREE]
    assert rows[1].replaces == (rows[0].id,)
    assert "此前的意见:✓ 同意" in panel.current.text()
    assert panel.history_model.rowCount() == 2
    assert panel.history_model.data(panel.history_model.index(1, 0)) == "已替换"


def test_going_back_at_the_confirm_step_records_nothing(qtbot, window, store, monkeypatch):
    monkeypatch.setattr(ConfirmVoteDialog, "ask", classmethod(lambda cls, parent, vote: False))
    panel = open_panel(window)
    panel.choice_buttons[Choice.ABSTAIN].click()
    panel.record_button.click()
    assert vote_rows(store=store, household="NH-001/1-1-101", round_no=1) == []
    assert panel.choice() is Choice.ABSTAIN


def test_a_round_not_opened_accepts_nothing(qtbot, window, confirmations):
    panel = open_panel(window, round_no=2)
    assert "尚未开始" in panel.banner.text()
    assert not panel.choice_buttons[Choice.AGREE].isEnabled()
    assert not panel.record_button.isVisible()
    assert panel.record() is None
    assert confirmations == []


def test_a_closed_round_accepts_nothing(qtbot, window, store, confirmations):
    close_round(store=store, compound="NH-001", round_no=1)
    panel = open_panel(window)
    assert "结束" in panel.banner.text()
    assert not panel.signer_edit.isEnabled()
    assert panel.record() is None


def test_a_round_closed_meanwhile_refuses_inline(qtbot, window, store, confirmations):
    panel = open_panel(window)
    panel.choice_buttons[Choice.AGREE].click()
    close_round(store=store, compound="NH-001", round_no=1)
    panel.record_button.click()
    assert "不能记录意见" in panel.error.text()
    assert vote_rows(store=store, household="NH-001/1-1-101", round_no=1) == []
    assert not panel.choice_buttons[Choice.AGREE].isEnabled()


def test_round_two_once_open(qtbot, window, store, confirmations):
    for address in ("1-1-101", "1-1-102", "1-1-201", "1-1-202", "1-2-101", "1-2-102", "2-1-101",
                    "2-1-102"):  # fmt: skip
        target = window_household(store, address)
        record_vote(store=store, household=target, round_no=1, choice=Choice.AGREE)
    close_round(store=store, compound="NH-001", round_no=1)
    open_round(store=store, compound="NH-001", round_no=2, rule=ConsentRule())
    panel = open_panel(window, round_no=2)
    panel.choice_buttons[Choice.AGREE].click()
    panel.record_button.click()
    assert [r.choice for r in vote_rows(store=store, household="NH-001/1-1-101", round_no=2)] == [
        Choice.AGREE
    ]


def test_proxy_needs_a_note(qtbot, window, store, confirmations):
    panel = open_panel(window)
    panel.choice_buttons[Choice.AGREE].click()
    panel.relation_combo.setCurrentIndex(list(Relation).index(Relation.PROXY))
    assert panel.signer_edit.text() == ""
    panel.signer_edit.setText("张小伟")
    panel.record_button.click()
    assert "委托书" in panel.error.text()
    assert confirmations == []
    panel.note_edit.setText("委托书:张伟委托张小伟,2027-03-01")
    panel.record_button.click()
    rows = vote_rows(store=store, household="NH-001/1-1-101", round_no=1)
    assert (rows[0].relation, rows[0].signer, rows[0].note) == (
        "proxy", "张小伟", "委托书:张伟委托张小伟,2027-03-01")  # fmt: skip


def test_signer_is_required(qtbot, window, confirmations):
    panel = open_panel(window)
    panel.choice_buttons[Choice.AGREE].click()
    panel.signer_edit.clear()
    panel.record_button.click()
    assert "签字人" in panel.error.text()
    assert confirmations == []


def activate(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier, times=1):
    """Keys go where a person's keys go: to whatever has the focus."""
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), key, modifier)


ALT = Qt.KeyboardModifier.AltModifier


@pytest.mark.parametrize(
    ("key", "choice"),
    [(Qt.Key.Key_2, Choice.DISAGREE), (Qt.Key.Key_3, Choice.ABSTAIN), (Qt.Key.Key_1, Choice.AGREE)],
)
def test_alt_number_then_enters_records_that_choice(qtbot, window, store, confirmations, key,
                                                    choice):  # fmt: skip
    panel = open_panel(window)
    activate(qtbot, window)
    press(qtbot, key, ALT)
    assert panel.choice() is choice
    assert QApplication.focusWidget() is panel.choice_buttons[choice]
    press(qtbot, Qt.Key.Key_Return, times=6)
    assert [v.choice for v in confirmations] == [choice]
    rows = vote_rows(store=store, household="NH-001/1-1-101", round_no=1)
    assert [r.choice for r in rows] == [choice]


def test_enter_and_space_after_opening_choose_nothing(qtbot, window, store, confirmations):
    panel = open_panel(window)
    activate(qtbot, window)
    assert QApplication.focusWidget() is panel
    press(qtbot, Qt.Key.Key_Return, times=3)
    press(qtbot, Qt.Key.Key_Space)
    assert panel.choice() is None
    assert confirmations == []
    assert vote_rows(store=store, household="NH-001/1-1-101", round_no=1) == []


def test_enter_or_space_on_a_choice_button_never_changes_the_choice(qtbot, window, store,
                                                                    confirmations):  # fmt: skip
    panel = open_panel(window)
    activate(qtbot, window)
    press(qtbot, Qt.Key.Key_2, ALT)
    press(qtbot, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is panel.choice_buttons[Choice.AGREE]
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Return)
    assert panel.choice() is Choice.DISAGREE
    assert "Alt+2" in panel.error.text()
    assert confirmations == []
    press(qtbot, Qt.Key.Key_3, ALT)
    assert QApplication.focusWidget() is panel.choice_buttons[Choice.ABSTAIN]
    press(qtbot, Qt.Key.Key_Return)
    assert [v.choice for v in confirmations] == [Choice.ABSTAIN]


def test_clicking_a_choice_gives_it_the_focus(qtbot, window, confirmations):
    panel = open_panel(window)
    activate(qtbot, window)
    qtbot.mouseClick(panel.choice_buttons[Choice.ABSTAIN], Qt.MouseButton.LeftButton)
    assert panel.choice() is Choice.ABSTAIN
    assert QApplication.focusWidget() is panel.choice_buttons[Choice.ABSTAIN]
    press(qtbot, Qt.Key.Key_Return)
    assert [v.choice for v in confirmations] == [Choice.ABSTAIN]


def test_keyboard_flow_with_enter_through_the_fields(qtbot, window, store, confirmations):
    panel = open_panel(window)
    activate(qtbot, window)
    press(qtbot, Qt.Key.Key_2, ALT)
    press(qtbot, Qt.Key.Key_Tab, times=2)
    assert panel.signer_edit.hasFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert panel.relation_combo.hasFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert panel.channel_combo.hasFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert panel.note_edit.hasFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "door 2")
    press(qtbot, Qt.Key.Key_Return)
    assert confirmations[0].choice is Choice.DISAGREE
    assert confirmations[0].note == "door 2"
    assert len(vote_rows(store=store, household="NH-001/1-1-101", round_no=1)) == 1


def test_after_saving_the_focus_is_in_the_search_box(qtbot, window, store, confirmations):
    open_panel(window)
    activate(qtbot, window)
    press(qtbot, Qt.Key.Key_1, ALT)
    press(qtbot, Qt.Key.Key_Return)
    assert len(confirmations) == 1
    assert QApplication.focusWidget() is window.search
    press(qtbot, Qt.Key.Key_Down, times=2)
    assert window.workspace.compound == "NH-001"
    assert window.compound_combo.currentText().startswith("NH-001")
    qtbot.keyClicks(QApplication.focusWidget(), "1-1-102")
    press(qtbot, Qt.Key.Key_Return)
    assert window.household_page.household.id == "NH-001/1-1-102"


def test_the_real_confirm_step_takes_enter(qtbot, window, store):
    """No monkeypatched confirm: the dialog itself is answered with Enter."""
    panel = open_panel(window)
    activate(qtbot, window)
    press(qtbot, Qt.Key.Key_2, ALT)

    shown: list[str] = []

    def answer():
        # On a loaded machine the dialog may not be up yet: look again until it is, so the
        # modal loop is always answered (an assertion in here would leave it open for ever).
        # Enter goes to the focused widget once the dialog has the focus: a key sent while the
        # window behind still had it would record the vote again, behind a second dialog.
        dialog = QApplication.activeModalWidget()
        focus = QApplication.focusWidget()
        if not isinstance(dialog, ConfirmVoteDialog) or not (
            focus is dialog or (focus is not None and dialog.isAncestorOf(focus))
        ):
            QTimer.singleShot(50, answer)
            return
        shown.append(dialog.choice_label.text())
        qtbot.keyClick(focus, Qt.Key.Key_Return)

    QTimer.singleShot(100, answer)
    press(qtbot, Qt.Key.Key_Return)
    assert len(shown) == 1 and "不同意" in shown[0]
    rows = vote_rows(store=store, household="NH-001/1-1-101", round_no=1)
    assert [r.choice for r in rows] == [Choice.DISAGREE]
    assert panel.choice() is None


def test_tab_order_through_the_panel(qtbot, window):
    panel = open_panel(window)
    window.activateWindow()
    expected = [
        *panel.choice_buttons.values(), panel.signer_edit, panel.relation_combo,
        panel.channel_combo, panel.note_edit,
    ]  # fmt: skip
    panel.choice_buttons[Choice.AGREE].click()
    panel.focus_first()
    seen = [QApplication.focusWidget()]
    for _ in [*expected[1:], panel.record_button]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [*expected, panel.record_button]


def test_alt_number_chooses(qtbot, window):
    panel = open_panel(window)
    activate(qtbot, window)
    press(qtbot, Qt.Key.Key_3, ALT)
    assert panel.choice() is Choice.ABSTAIN


def test_household_not_eligible(qtbot, window, store, confirmations, tmp_path):
    from survey_app.store.roster_import import import_roster

    roster = tmp_path / "eligible.csv"
    roster.write_text("楼栋,单元,室,户主,应征询\n3,1,101,吴刚,否\n", encoding="utf-8")
    import_roster(store=store, path=roster, compound="NH-001")
    window.household_list.reload()
    panel = open_panel(window, address="3-1-101")
    assert "不在应征询范围" in panel.banner.text()
    assert not panel.choice_buttons[Choice.AGREE].isEnabled()


def window_household(store, address="1-1-101"):
    from survey_app.store.households import find_household

    return find_household(store=store, compound="NH-001", address=address)


CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_a_refusal_in_english_is_all_english(qtbot, window, store, confirmations):
    window.switch_language("en")
    panel = open_panel(window)
    panel.choice_buttons[Choice.AGREE].click()
    close_round(store=store, compound="NH-001", round_no=1)
    panel.record_button.click()
    assert panel.error.text() == "Round 1 of NH-001 is closed; no vote can be recorded"
    assert not CHINESE.search(panel.error.text())
