"""Showing times: one rule for the window, print, exports and the CLI.

Records store UTC (`2027-03-02T02:15:00.000000Z`). They are shown in Beijing time (UTC+8),
where the surveyors work, unless the user chose the computer's own time: in the window's
Settings, or with `SURVEY_APP_TIME=local` for the CLI. Times are shown, never trusted: order
comes from the records.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum

BEIJING = timezone(timedelta(hours=8))
ENVIRONMENT = "SURVEY_APP_TIME"
SHOWN_FORMAT = "%Y-%m-%d %H:%M:%S"


class Zone(StrEnum):
    BEIJING = "beijing"
    LOCAL = "local"


_chosen: Zone | None = None


def choose(zone: Zone | None) -> None:
    """The window's choice for this process; None falls back to `SURVEY_APP_TIME`."""
    global _chosen
    _chosen = zone


def chosen_zone() -> Zone:
    if _chosen is not None:
        return _chosen
    wanted = os.environ.get(ENVIRONMENT, "").strip().lower()
    return Zone.LOCAL if wanted == Zone.LOCAL else Zone.BEIJING


def stored_moment(utc_text: str) -> datetime:
    """A stored timestamp as an aware UTC datetime (stored ones end in `Z`)."""
    moment = datetime.fromisoformat(utc_text.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _in_chosen_zone(moment: datetime) -> datetime:
    if chosen_zone() is Zone.LOCAL:
        return moment.astimezone()
    return moment.astimezone(BEIJING)


def shown_time(utc_text: str) -> str:
    """`2027-03-02 10:15:00` in the chosen zone, from a stored UTC timestamp."""
    return _in_chosen_zone(stored_moment(utc_text)).strftime(SHOWN_FORMAT)


def shown_day(utc_text: str) -> str:
    """`2027-03-02`: the day a stored UTC timestamp falls on in the chosen zone."""
    return _in_chosen_zone(stored_moment(utc_text)).date().isoformat()


def today() -> date:
    """Today in the chosen zone: the date printed on documents."""
    return _in_chosen_zone(datetime.now(UTC)).date()
