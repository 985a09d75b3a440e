"""A laptop whose clock is far off from the records it has seen is told; one whose clock agrees
with them is not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from survey_app.core.ids import new_record_id
from survey_app.core.records import Record
from survey_app.core.vocabulary import clock_warning_words
from survey_app.store.clock_check import AHEAD_LIMIT, BEHIND_LIMIT, clock_warning
from survey_app.store.database import Store, insert_records, open_store
from survey_app.store.projection import project_pending

REAL_NOW = datetime.now(UTC)
"""The real time: this laptop's own records (its device record) are written at it."""


def stamp(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def other_device_wrote(store: Store, when: datetime, device: str = "d-other") -> None:
    record = Record.before_signing(
        id=new_record_id(device, 1), kind="device", device=device, seq=1,  # type: ignore[arg-type]
        created_at=stamp(when), payload={"id": device, "name": "二号机", "surveyor": "李强"},
    )  # fmt: skip
    with store.transaction():
        insert_records(store.db, [record])
        project_pending(store.db)


@pytest.fixture
def laptop(tmp_path: Path) -> Store:
    return open_store(tmp_path / "l.db", device_name="本机", role="field")


def test_a_clock_that_agrees_with_the_records_is_not_warned(laptop: Store) -> None:
    other_device_wrote(laptop, REAL_NOW - timedelta(hours=3))
    now = datetime.now(UTC)
    assert clock_warning(store=laptop, now=now) is None
    assert clock_warning(store=laptop, now=now + AHEAD_LIMIT - timedelta(days=1)) is None


def test_a_clock_in_2000_is_behind_the_records_of_other_devices(laptop: Store) -> None:
    other_device_wrote(laptop, REAL_NOW)
    warning = clock_warning(store=laptop, now=datetime(2000, 1, 1, tzinfo=UTC))
    assert warning is not None and warning.code == "behind"
    assert warning.device == "二号机" and warning.days > 365 * 25
    words = clock_warning_words(warning.code, device=warning.device, newest=warning.newest,
                                days=warning.days)  # fmt: skip
    assert "二号机" in words and "早" in words


def test_a_clock_set_back_behind_its_own_records_is_warned(laptop: Store) -> None:
    warning = clock_warning(store=laptop, now=REAL_NOW - BEHIND_LIMIT * 2)
    assert warning is not None and warning.code == "behind_own"


def test_a_clock_three_years_ahead_is_warned_and_the_device_it_wrote_for_is_named(
    laptop: Store, tmp_path: Path
) -> None:
    other_device_wrote(laptop, REAL_NOW)
    warning = clock_warning(store=laptop, now=REAL_NOW + timedelta(days=3 * 365))
    assert warning is not None and (warning.code, warning.days) == ("ahead", 3 * 365)
    # and the laptops that receive its records are told which device is off
    office = open_store(tmp_path / "o.db")
    other_device_wrote(office, REAL_NOW + timedelta(days=3 * 365), device="d-ahead")
    seen = clock_warning(store=office, now=REAL_NOW)
    assert seen is not None and (seen.code, seen.device) == ("behind", "二号机")
    other_device_wrote_again = Record.before_signing(
        id=new_record_id("d-ahead", 2), kind="device", device="d-ahead", seq=2,  # type: ignore[arg-type]
        created_at=stamp(REAL_NOW), payload={"id": "d-ahead", "name": "二号机", "surveyor": ""},
    )  # fmt: skip
    with office.transaction():  # its clock set right: its next record ends the warning
        insert_records(office.db, [other_device_wrote_again])
        project_pending(office.db)
    assert clock_warning(store=office, now=REAL_NOW) is None
