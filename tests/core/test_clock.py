"""Times are shown in Beijing time unless local time is chosen, whatever the computer's zone."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from survey_app.core import clock

STORED = "2027-03-01T17:30:05.123456Z"


@pytest.fixture
def in_new_york() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_beijing_time_by_default(in_new_york, monkeypatch):
    monkeypatch.delenv(clock.ENVIRONMENT, raising=False)
    assert clock.chosen_zone() is clock.Zone.BEIJING
    assert clock.shown_time(STORED) == "2027-03-02 01:30:05"
    assert clock.shown_day(STORED) == "2027-03-02"


def test_local_time_from_the_environment_or_the_window(in_new_york, monkeypatch):
    monkeypatch.setenv(clock.ENVIRONMENT, "local")
    assert clock.shown_time(STORED) == "2027-03-01 12:30:05"
    monkeypatch.setenv(clock.ENVIRONMENT, "beijing")
    clock.choose(clock.Zone.LOCAL)
    assert clock.shown_day(STORED) == "2027-03-01"
    clock.choose(None)
    assert clock.shown_time(STORED) == "2027-03-02 01:30:05"


def test_timestamps_without_a_zone_are_utc():
    assert clock.shown_time("2027-03-01T16:00:00") == "2027-03-02 00:00:00"
