"""Which records one file must send another, decided from the per-device summaries alone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from survey_app.store.sequences import SequenceSummary

Summaries = Mapping[str, SequenceSummary]


@dataclass(frozen=True)
class Transfer:
    """Send the device's records with seq > after; `full` when the receiver has a gap, so every
    record of the device is offered and the ones it has already are skipped by id."""

    device: str
    after: int
    full: bool = False


def transfer_plan(source: Summaries, target: Summaries) -> list[Transfer]:
    """The records of `source` that `target` lacks. A target holding a device's records 1..n
    without a gap has everything up to n, so only the records above n travel."""
    plan = []
    for device, mine in sorted(source.items()):
        theirs = target.get(device)
        if theirs is None:
            plan.append(Transfer(device, 0))
        elif mine == theirs:
            continue
        elif not theirs.complete:
            plan.append(Transfer(device, 0, full=True))
        elif mine.last > theirs.last:
            plan.append(Transfer(device, theirs.last))
    return plan


def union_summaries(base: Summaries, added: Summaries) -> dict[str, SequenceSummary]:
    """The summaries of a file after it receives `added` (records it did not have)."""
    result = dict(base)
    for device, summary in added.items():
        result[device] = result[device] + summary if device in result else summary
    return result


def diverging_devices(left: Summaries, right: Summaries) -> list[str]:
    """Devices whose records differ between two files that should hold the same records."""
    return sorted(d for d in set(left) | set(right) if left.get(d) != right.get(d))


def gaps(summaries: Summaries) -> dict[str, int]:
    """Devices with missing sequence numbers, and how many are missing."""
    return {d: max(s.missing, 1) for d, s in sorted(summaries.items()) if not s.complete}
