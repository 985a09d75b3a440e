"""Progress where the surveyor works: agree count against eligible, threshold, who is left."""

from __future__ import annotations

from PySide6.QtCore import Qt

from survey_app.actions.progress import round_progress
from survey_app.core.rules import ConsentRule
from survey_app.core.votes import Choice
from survey_app.store.database import open_store
from survey_app.store.households import find_household
from survey_app.store.round_changes import close_round, open_round
from survey_app.store.votes import record_vote
from survey_app.ui.field.progress_panel import headline


def vote(store, address, choice=Choice.AGREE, compound="NH-001", round_no=1):
    target = find_household(store=store, compound=compound, address=address)
    return record_vote(store=store, household=target, round_no=round_no, choice=choice)


def test_headline_counts_against_all_eligible_households(window, store):
    vote(store, "1-1-101")
    vote(store, "1-1-102", Choice.DISAGREE)
    window.household_list.refresh()
    summary = window.household_list.summary
    assert summary.headline.text() == "已同意 1 / 10 户,还需 7 户达到 80%"
    assert "同意率 10.00%" in summary.counts.text()
    assert "不同意 1" in summary.counts.text()
    assert (summary.bar.agree, summary.bar.eligible, summary.bar.threshold) == (1, 10, 0.8)


def test_progress_follows_a_recorded_vote(qtbot, window, store, monkeypatch):
    from survey_app.ui.field.confirm_vote import ConfirmVoteDialog

    monkeypatch.setattr(ConfirmVoteDialog, "ask", classmethod(lambda cls, parent, v: True))
    window.show_progress()
    view = window.progress_view
    assert view.model.data(view.model.index(0, 2)) == "6"
    window.open_household("NH-001/1-1-101", round_no=1)
    panel = window.household_page.vote_panels[1]
    panel.choice_buttons[Choice.AGREE].click()
    panel.record_button.click()
    assert window.household_list.summary.headline.text().startswith("已同意 1 / 10 户")
    window.show_progress()
    assert view.model.data(view.model.index(0, 1)) == "1 / 6"
    assert view.model.data(view.model.index(0, 2)) == "5"
    assert not view.model.data(view.model.index(0, 3)).startswith("1-1-101")


def test_the_progress_view_shows_what_the_list_has_just_read(window, store):
    queries: list[str] = []
    store.db.set_trace_callback(queries.append)
    window.show_progress()
    store.db.set_trace_callback(None)
    view = window.progress_view
    assert view.model.data(view.model.index(0, 2)) == "6"
    assert not [q for q in queries if "FROM votes" in q or "FROM households" in q]


def test_the_progress_view_reads_again_what_another_connection_wrote(window, store):
    window.show_progress()
    other = open_store(store.path)  # a sync or an import in a worker has its own connection
    vote(other, "1-1-101")
    other.close()
    window.open_household("NH-001/1-1-102")
    window.show_progress()
    view = window.progress_view
    assert view.model.data(view.model.index(0, 1)) == "1 / 6"
    assert view.model.data(view.model.index(0, 2)) == "5"


def test_passed_and_closed_wording(store, translations):
    for address in ("1-1-101", "1-1-102", "1-1-201", "1-1-202", "1-2-101", "1-2-102", "2-1-101",
                    "2-1-102"):  # fmt: skip
        vote(store, address)
    progress = round_progress(store=store, compound="NH-001", round_no=1)
    assert headline(progress) == "已同意 8 / 10 户,已达到 80%"
    close_round(store=store, compound="NH-001", round_no=1)
    closed = round_progress(store=store, compound="NH-001", round_no=1)
    assert headline(closed) == "已结束:同意 8 / 10 户,通过"
    assert headline(round_progress(store=store, compound="NH-001", round_no=2)) == "第2轮尚未开始"


def test_strict_rule_and_deferred_wording(store, translations):
    open_round(store=store, compound="NH-002", round_no=1, rule=ConsentRule(inclusive=False))
    vote(store, "1-101", compound="NH-002")
    progress = round_progress(store=store, compound="NH-002", round_no=1)
    assert headline(progress) == "已同意 1 / 2 户,还需 1 户超过 80%"
    close_round(store=store, compound="NH-002", round_no=1)
    closed = round_progress(store=store, compound="NH-002", round_no=1)
    assert headline(closed) == "已结束:同意 1 / 2 户,未达到 80% → 暂缓改造"


def test_buildings_list_who_is_not_reached_and_jump_there(qtbot, window, store):
    vote(store, "2-1-101")
    window.show_progress()
    view = window.progress_view
    assert view.model.data(view.model.index(1, 3)) == "2-1-102  2-1-201  2-1-202"
    view.table.setCurrentIndex(view.model.index(1, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert window.household_page.household.id == "NH-001/2-1-102"
    assert window.stack.currentWidget() is window.household_page


def test_round_buttons_switch_the_progress(qtbot, window):
    assert window.round_buttons[1].isChecked()
    assert window.round_buttons[1].text() == "第1轮 · 进行中"
    window.round_buttons[2].click()
    assert window.workspace.round_no == 2
    assert window.household_list.summary.headline.text() == "第2轮尚未开始"


def test_summary_click_opens_progress(qtbot, window):
    window.open_household("NH-001/1-1-101")
    qtbot.mouseClick(window.household_list.summary, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.progress_view


def test_double_majority_shows_the_agreeing_area_and_what_it_still_needs(window, store):
    open_round(store=store, compound="NH-001", round_no=1, amend=True,
               rule=ConsentRule(double_majority=True))  # fmt: skip
    for address in ("1-1-101", "1-1-102", "1-1-201", "1-1-202", "1-2-101", "1-2-102", "2-1-101",
                    "2-1-102"):  # fmt: skip
        vote(store, address)
    window.household_list.refresh()
    summary = window.household_list.summary
    assert summary.headline.text() == "已同意 8 / 10 户,户数已够,面积占比 77.36% 未达到 80%"
    area = "同意户建筑面积 615.00 / 795.00 ㎡,占 77.36%,还需同意面积 21.00 ㎡"
    assert summary.counts.text().splitlines()[-1] == area
    window.show_progress()
    assert window.progress_view.counts.text().splitlines()[-1] == area
    vote(store, "2-1-201")
    window.show_progress()
    assert window.progress_view.counts.text().endswith("占 88.68%,面积已达到")


def test_the_list_reads_each_rounds_votes_once_for_its_states_and_its_progress(window, store):
    vote(store, "1-1-101")
    queries: list[str] = []
    store.db.set_trace_callback(queries.append)
    window.household_list.reload()
    window.household_list.refresh()
    store.db.set_trace_callback(None)
    read_votes = [q for q in queries if "FROM votes v WHERE v.compound" in q]
    assert len(read_votes) == 2 * 2  # rounds 1 and 2, at the reload and at the refresh
    assert window.household_list.summary.headline.text().startswith("已同意 1 / 10 户")
