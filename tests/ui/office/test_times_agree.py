"""One vote, one time: the vote panel, the conflicts view and the CLI show the same time on a
laptop whose clock is not set to UTC+8 (Beijing time by default, local time when chosen)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from survey_app.core import clock
from survey_app.core.votes import Choice
from survey_app.store.database import Store, open_store
from survey_app.store.enrolment import enrol_device
from survey_app.store.households import find_household
from survey_app.store.votes import VoteRow, record_vote
from survey_app.sync.central import sync_with_central
from survey_app.ui.base import settings
from survey_app.ui.models.vote_history import VOTE_ID_ROLE
from survey_app.ui.office.conflicts_view import ConflictsDialog
from survey_app.ui.office.settings_dialog import SettingsDialog, save_settings

NEW_YORK = "America/New_York"


@pytest.fixture
def in_new_york() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = NEW_YORK
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def vote(store: Store, choice: Choice) -> VoteRow:
    household = find_household(store=store, compound="NH-001", address="1-1-101")
    return record_vote(store=store, household=household, round_no=1, choice=choice, signer="张伟")


def conflicting_vote(store: Store, tmp_path: Path) -> VoteRow:
    """This laptop's vote, in conflict with another laptop's for the same household."""
    central = tmp_path / "central.db"
    other = open_store(tmp_path / "other.db", device_name="解放街道-02", surveyor="李娜",
                       role="field")  # fmt: skip
    enrol_device(store=store, fingerprint=other.fingerprint)
    sync_with_central(store=store, central=central)
    sync_with_central(store=other, central=central)
    vote(other, Choice.DISAGREE)
    sync_with_central(store=other, central=central)
    other.close()
    mine = vote(store, Choice.AGREE)
    assert sync_with_central(store=store, central=central).conflicts == 1
    return mine


def panel_time(window: object, vote_id: str) -> str:
    assert window.open_household("NH-001/1-1-101", round_no=1)  # type: ignore[attr-defined]
    model = window.household_page.vote_panels[1].history_model  # type: ignore[attr-defined]
    row = next(
        r for r in range(model.rowCount()) if model.index(r, 0).data(VOTE_ID_ROLE) == vote_id
    )
    return str(model.index(row, 5).data())


def conflicts_time(qtbot: object, store: Store, vote_id: str) -> str:
    dialog = ConflictsDialog(store, "NH-001", None)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    card = next(c for c in (dialog.card(0), dialog.card(1)) if c.vote.id == vote_id)
    return card.rows[3][1].text()


def cli_conflicts(db_path: Path, **env: str) -> str:
    """`survey-app conflicts` in its own process, as a person runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "survey_app", "--db", str(db_path), "conflicts"],
        capture_output=True, text=True, check=True, timeout=120,
        env={**os.environ, "TZ": NEW_YORK, **env},
    )  # fmt: skip
    return result.stdout


def test_one_vote_shows_one_time_everywhere(qtbot, window, store, db_path, tmp_path, in_new_york):
    mine = conflicting_vote(store, tmp_path)
    moment = datetime.fromisoformat(mine.created_at.replace("Z", "+00:00"))
    beijing = moment.astimezone(timezone(timedelta(hours=8))).strftime("%Y-%m-%d %H:%M:%S")
    new_york = moment.astimezone(ZoneInfo(NEW_YORK)).strftime("%Y-%m-%d %H:%M:%S")
    assert beijing != new_york

    assert panel_time(window, mine.id) == beijing
    assert conflicts_time(qtbot, store, mine.id) == beijing
    assert beijing in cli_conflicts(db_path) and new_york not in cli_conflicts(db_path)

    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    assert not dialog.local_time_check.isChecked()
    dialog.local_time_check.setChecked(True)
    save_settings(store, dialog.values())
    assert settings.time_zone() is clock.Zone.LOCAL

    assert panel_time(window, mine.id) == new_york
    assert conflicts_time(qtbot, store, mine.id) == new_york
    assert new_york in cli_conflicts(db_path, SURVEY_APP_TIME="local")


@pytest.fixture
def local_time_chosen_last_time() -> None:
    settings.set_time_zone(clock.Zone.LOCAL)
    clock.choose(None)  # a new process: only the saved preference


def test_the_choice_is_kept_for_the_next_window(local_time_chosen_last_time, window):
    assert clock.chosen_zone() is clock.Zone.LOCAL
