"""Is this laptop's clock far off from the records it has seen? Times are shown, never
trusted for order (store/versions.py), but a wrong clock still prints wrong dates on every
vote and notice, so the laptop is told at start and after each sync.

Each device's clock is read from its newest record by its own sequence (`sequences.last_seq`):
a device whose clock was wrong and has since been set right stops raising the warning with its
next record. The limits:

- `BEHIND_LIMIT`, 1 day: no record can be written in this laptop's future, so a record of
  another device (or of this one) dated more than a day after this clock means a clock is
  wrong, this one or that device's; a day leaves room for time zones set wrong by hours.
- `AHEAD_LIMIT`, 30 days: records only give a lower bound of the real time, so a clock ahead
  shows only as a long silence: this clock more than 30 days after the newest record of any
  other device. A consultation round runs for weeks, so a month without any record from any
  other laptop is rare in a campaign; after a long pause the warning is a harmless reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from survey_app.core.clock import stored_moment
from survey_app.store.database import Store

BEHIND_LIMIT = timedelta(days=1)
AHEAD_LIMIT = timedelta(days=30)

BEHIND = "behind"
"""A record of another device is dated after this clock."""
BEHIND_OWN = "behind_own"
"""This laptop's own newest record is dated after its clock: the clock was set back."""
AHEAD = "ahead"
"""This clock is long after the newest record of every other device."""


@dataclass(frozen=True)
class ClockWarning:
    code: str
    now: str
    newest: str
    """The record's time the clock was compared with (stored UTC text)."""
    device: str
    """The name (or id) of the device that wrote it."""
    days: int


_NEWEST_BY_DEVICE = """
SELECT s.device, coalesce(nullif(d.name, ''), s.device), r.created_at
FROM sequences s JOIN records r ON r.device = s.device AND r.seq = s.last_seq
LEFT JOIN devices d ON d.id = s.device
"""


def clock_warning(*, store: Store, now: datetime | None = None) -> ClockWarning | None:
    """A warning when this laptop's clock is far off from the records it holds, else None."""
    now = now or datetime.now(UTC)
    own, others = None, []
    for device, name, created_at in store.db.execute(_NEWEST_BY_DEVICE):
        entry = (stored_moment(str(created_at)), str(name), str(created_at))
        if device == store.device_id:
            own = entry
        else:
            others.append(entry)
    newest_other = max(others, default=None)
    if newest_other and now < newest_other[0] - BEHIND_LIMIT:
        return _warning(BEHIND, now, newest_other)
    if own and now < own[0] - BEHIND_LIMIT:
        return _warning(BEHIND_OWN, now, own)
    if newest_other and now > newest_other[0] + AHEAD_LIMIT:
        return _warning(AHEAD, now, newest_other)
    return None


def _warning(code: str, now: datetime, seen: tuple[datetime, str, str]) -> ClockWarning:
    moment, name, created_at = seen
    days = abs(now - moment).days
    stamp = now.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
    return ClockWarning(code, stamp, created_at, name, days)
