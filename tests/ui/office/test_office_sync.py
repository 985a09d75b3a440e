"""Sync with the central file from the dialog: the result, a conflict and its resolution, a
refused file in plain words, and a window that stays responsive during a long sync."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from survey_app.core.vocabulary import SYNC_REFUSALS
from survey_app.core.votes import Channel, Choice
from survey_app.store.database import open_store
from survey_app.store.enrolment import enrol_device
from survey_app.store.households import find_household
from survey_app.store.tallies import compute_tally
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central
from survey_app.sync.conflicts import list_conflicts
from survey_app.ui.office.conflicts_view import ConflictsDialog
from survey_app.ui.office.sync_dialog import SyncDialog
from tests.ui.conftest import CENTRAL_PASSPHRASE

pytestmark = pytest.mark.usefixtures("central_passphrase")
"""Every new central file is encrypted: the office sets its passphrase when asked."""


def sync_in_dialog(qtbot, db_path, central):
    dialog = SyncDialog(db_path, None)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(central))
    dialog.chosen = []
    dialog.central_chosen.connect(dialog.chosen.append)
    task = dialog.start_sync()
    with qtbot.waitSignal(task.finished, timeout=60000):
        pass
    return dialog


def vote(store, address, choice, signer):
    household = find_household(store=store, compound="NH-001", address=address)
    return record_vote(store=store, household=household, round_no=1, choice=choice, signer=signer)


def test_sync_with_a_conflict_and_its_resolution(qtbot, store, db_path, tmp_path, translations):
    central = tmp_path / "usb" / "central.db"
    central.parent.mkdir()
    other = open_store(tmp_path / "other.db", device_name="解放街道-02", surveyor="李娜",
                       role="field")  # fmt: skip
    enrol_device(store=store, fingerprint=other.fingerprint)
    first = sync_in_dialog(qtbot, db_path, central)
    assert first.report.sent > 0 and first.report.created
    assert first.outcome.text().startswith(f"同步完成:送出 {first.report.sent} 条")
    assert first.chosen == [central]  # the office menu keeps it in the data file
    sync_with_central(store=other, central=central, central_passphrase=CENTRAL_PASSPHRASE)
    vote(other, "1-1-101", Choice.DISAGREE, "张伟")
    sync_with_central(store=other, central=central, central_passphrase=CENTRAL_PASSPHRASE)
    other.close()
    vote(store, "1-1-101", Choice.AGREE, "张伟")
    second = sync_in_dialog(qtbot, db_path, central)
    assert second.report.received == 2 and second.report.conflicts == 1  # device + vote
    assert "待核实 1 户" in second.outcome.text()
    assert second.conflicts_button.isVisibleTo(second)
    assert compute_tally(store=store, compound="NH-001", round_no=1).counts.pending == 1

    conflicts = ConflictsDialog(store, "NH-001", None)
    qtbot.addWidget(conflicts)
    assert conflicts.list.count() == 1
    cards = [conflicts.card(0), conflicts.card(1)]
    shown = sorted(card.choice.text() for card in cards)
    assert shown == ["✓ 同意", "✗ 不同意"]
    details = {card.rows[2][1].text(): card.rows[1][1].text() for card in cards}
    assert details["解放街道-02"] == "李娜"
    assert all(card.rows[0][1].text().startswith("张伟") for card in cards)
    titles = sorted(card.title() for card in cards)
    own = store.device_name or store.device_id
    assert titles == sorted(["解放街道-02", f"本机 {own}"])  # the other laptop, by its name
    conflicts.resize(1100, 520)  # shorter than the votes and the form: they scroll, unclipped
    conflicts.show()
    qtbot.waitExposed(conflicts)
    squeezed = [label.text() for card in cards for row in card.rows for label in row
                if label.height() < label.sizeHint().height()]  # fmt: skip
    assert squeezed == [] and cards[0].signature.height() >= 110
    button = conflicts.record_button  # below the fold at this height, until a person tabs to it
    assert button.visibleRegion().boundingRect().height() < button.height()
    conflicts.activateWindow()
    conflicts.note_edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is conflicts.note_edit)
    qtbot.keyClick(conflicts.note_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is button
    assert button.visibleRegion().boundingRect().height() == button.height()
    assert conflicts.chosen_channel() == Channel.DOOR
    assert conflicts.channel_box.currentText() == "入户"
    conflicts.channel_box.setCurrentIndex(conflicts.channel_box.findData(Channel.PAPER))
    assert conflicts.record_verified() is None and conflicts.error.text()
    conflicts.choice_buttons[Choice.AGREE].setChecked(True)
    conflicts.note_edit.setText("电话回访户主确认")
    with qtbot.waitSignal(conflicts.resolved):
        verified = conflicts.record_verified()
    assert len(verified.replaces) == 2
    assert verified.channel == Channel.PAPER
    assert conflicts.chosen_channel() == Channel.DOOR  # the next one starts from 入户 again
    assert conflicts.list.count() == 0 and not conflicts.verify_box.isEnabled()
    assert list_conflicts(store=store) == []
    tally = compute_tally(store=store, compound="NH-001", round_no=1)
    assert (tally.counts.pending, tally.counts.agree) == (0, 1)
    third = sync_in_dialog(qtbot, db_path, central)
    assert (third.report.sent, third.report.conflicts) == (1, 0)


def test_a_refused_file_is_explained_in_plain_words(qtbot, db_path, tmp_path, translations):
    letter = tmp_path / "central.db"
    letter.write_text("这是一封信,不是数据文件。" * 20, encoding="utf-8")
    dialog = sync_in_dialog(qtbot, db_path, letter)
    assert dialog.report is None and dialog.refused.code == "not_sqlite"
    assert dialog.error.text() == SYNC_REFUSALS["not_sqlite"].zh
    assert str(letter) in dialog.technical.text()
    assert dialog.outcome.text() == "同步未进行"
    missing = sync_in_dialog(qtbot, db_path, tmp_path / "no-such-stick" / "central.db")
    assert "U 盘是否已插好" in missing.error.text()


def test_the_same_file_is_refused(qtbot, db_path, translations):
    dialog = sync_in_dialog(qtbot, db_path, db_path)
    assert dialog.error.text() == SYNC_REFUSALS["same_file"].zh


@pytest.fixture(scope="module")
def large_central(tmp_path_factory):
    """A central file of about 30,000 records: one big compound from one laptop."""
    from survey_app.store.compounds import save_compound
    from survey_app.store.roster_import import import_roster

    folder = tmp_path_factory.mktemp("large")
    roster = folder / "big.csv"
    lines = ["楼栋,单元,室,户主"]
    lines += [f"{b},{u},{f}{r:02d},户主{b}{u}{f}{r}" for b in range(1, 76) for u in range(1, 5)
              for f in range(1, 21) for r in range(1, 6)]  # fmt: skip
    roster.write_text("\n".join(lines), encoding="utf-8")
    store = open_store(folder / "office.db")
    save_compound(store=store, code="BIG-01", name="大型小区")
    import_roster(store=store, path=roster, compound="BIG-01")
    central = folder / "central.db"
    sync_with_central(
        store=store, central=central, receive=False, central_passphrase=CENTRAL_PASSPHRASE
    )
    store.close()
    return central


def test_the_window_stays_responsive_during_a_long_sync(
    qtbot, window, large_central, tmp_path, translations, monkeypatch
):
    """The sync runs off the window's thread, and the window's event loop goes on while it
    does: a 20 ms timer of the window ticks during the sync call itself (zero ticks if the
    sync blocked the loop). Counted, not timed: a busy machine changes how many, not whether."""
    import threading

    from survey_app.ui.office import work

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    seen: dict[str, object] = {}
    real_sync = work.sync_with_central

    def observed_sync(**kwargs):
        seen["thread"], seen["ticks_before"] = threading.get_ident(), len(ticks)
        try:
            return real_sync(**kwargs)
        finally:
            seen["ticks_after"] = len(ticks)

    monkeypatch.setattr(work, "sync_with_central", observed_sync)
    laptop = tmp_path / "new-laptop.db"  # a field laptop meeting its office's big file
    open_store(laptop, device_name="解放街道-09", role="field").close()
    dialog = SyncDialog(laptop, window)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(large_central))
    task = dialog.start_sync()
    assert dialog.busy.isVisibleTo(dialog) and not dialog.sync_button.isEnabled()
    with qtbot.waitSignal(task.finished, timeout=300000):
        pass
    timer.stop()
    assert dialog.report.received >= 30000, dialog.error.text()
    assert seen["thread"] != threading.get_ident()
    assert int(seen["ticks_after"]) > int(seen["ticks_before"]), seen


def test_a_new_central_file_is_encrypted_with_the_passphrase_the_office_sets(
    qtbot, store, db_path, tmp_path, translations, central_passphrase
):
    from survey_app.store.encryption import is_encrypted
    from survey_app.ui.base import passphrases

    central = tmp_path / "usb" / "central.db"
    central.parent.mkdir()
    first = sync_in_dialog(qtbot, db_path, central)
    assert first.report.created and central_passphrase == [(central, "new")]
    assert is_encrypted(central) and "张伟".encode() not in central.read_bytes()
    passphrases.lock_all()  # the next session: the encrypted central file's passphrase is asked
    second = sync_in_dialog(qtbot, db_path, central)
    assert second.refused is None and central_passphrase[1:] == [(central, "open")]
    other = open_store(tmp_path / "other.db", role="field")
    sync_with_central(store=other, central=central, central_passphrase=CENTRAL_PASSPHRASE)
    assert other.db.execute("SELECT count(*) FROM households").fetchone()[0] > 0
    other.close()


def test_no_central_passphrase_no_sync(qtbot, db_path, tmp_path, translations, monkeypatch):
    from survey_app.ui.base.passphrase_dialog import NewPassphraseDialog

    monkeypatch.setattr(NewPassphraseDialog, "ask", classmethod(lambda c, p, path, k="": None))
    dialog = SyncDialog(db_path, None)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "central.db"))
    assert dialog.start_sync() is None
    assert dialog.error.text() == "需要中心文件的口令才能同步"
    assert not (tmp_path / "central.db").exists()
