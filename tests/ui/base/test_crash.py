"""Crash reports: an exception raised in a slot, and Qt's own warnings, reach the rotating log
in the user's data folder, and the user is told where it is."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QTimer, qWarning
from PySide6.QtWidgets import QPushButton

from survey_app.store.database import default_db_path
from survey_app.ui.base import crash
from survey_app.ui.base.crash_box import CrashBox


@pytest.fixture
def installed(monkeypatch, tmp_path):
    """The crash handler as the app installs it at start, taken away after the test."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    told = []
    monkeypatch.setattr(CrashBox, "ask", classmethod(lambda cls, p, path: told.append(path)))
    path = crash.install()
    yield path, told
    crash.qInstallMessageHandler(None)
    for handler in [h for h in crash.log.handlers if isinstance(h, crash.LogFile)]:
        crash.log.removeHandler(handler)
        handler.close()


def test_the_log_is_beside_the_default_database(installed, tmp_path):
    path, _told = installed
    assert path.parent == default_db_path().parent == tmp_path / "data" / "survey-app"


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_and_the_user_told(qtbot, installed):
    path, told = installed

    def broken_slot() -> None:
        raise RuntimeError("a slot that breaks")

    button = QPushButton("打印")
    qtbot.addWidget(button)
    button.clicked.connect(broken_slot)
    button.click()
    text = path.read_text(encoding="utf-8")
    assert "unhandled exception" in text and "RuntimeError: a slot that breaks" in text
    assert "in broken_slot" in text  # the traceback, to find the line
    assert told == [path]


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_timer_is_logged_too(qtbot, installed):
    path, told = installed

    def later() -> None:
        raise ValueError("from a timer")

    QTimer.singleShot(0, later)
    qtbot.waitUntil(lambda: len(told) == 1)
    assert "ValueError: from a timer" in path.read_text(encoding="utf-8")


def test_qt_warnings_are_logged(installed):
    path, _told = installed
    qWarning("a Qt warning for the log")
    assert "WARNING survey_app: Qt: a Qt warning for the log" in path.read_text(encoding="utf-8")


def test_the_crash_box_says_nothing_saved_is_lost_and_where_the_log_is(qtbot, tmp_path):
    box = CrashBox(tmp_path / "survey-app.log")
    qtbot.addWidget(box)
    assert "出了点问题" in box.text()
    assert "没有丢失" in box.informativeText()
    assert str(tmp_path / "survey-app.log") in box.informativeText()


def test_the_log_rotates(installed):
    path, _told = installed
    for _ in range(crash.LOG_BYTES // 500 + 10):
        crash.log.warning("x" * 500)
    assert path.with_name(path.name + ".1").is_file()
    assert logging.getLogger("survey_app").level == logging.INFO


def test_the_log_keeps_its_backups_and_drops_the_oldest(installed):
    path, _told = installed
    for number in range(1, 6):  # five files' worth: the first two are dropped
        for _ in range(crash.LOG_BYTES // 1000):
            crash.log.warning("%d%s", number, "x" * 1000)
    kept = sorted(p.name for p in path.parent.glob(path.name + "*"))
    assert kept == [path.name] + [f"{path.name}.{n}" for n in range(1, crash.LOG_BACKUPS + 1)]
    for older in [path, *(path.with_name(f"{path.name}.{n}") for n in range(1, 4))]:
        assert older.stat().st_size <= crash.LOG_BYTES
    oldest = path.with_name(f"{path.name}.{crash.LOG_BACKUPS}").read_text(encoding="utf-8")
    assert "WARNING survey_app: 1x" not in oldest and "WARNING survey_app: 2x" in oldest


def test_installing_again_replaces_the_log(installed):
    path, _told = installed
    assert crash.install() == path
    crash.log.warning("once")
    assert sum(isinstance(h, crash.LogFile) for h in crash.log.handlers) == 1
    assert path.read_text(encoding="utf-8").count("once") == 1
