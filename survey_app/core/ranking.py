"""Ranking the compounds of a batch by approval rate (SPEC §9).

Passed compounds first, by rate descending compared exactly as fractions; ties broken by the
other round's rate, then by more eligible households, then by compound code. Compounds whose
round is still open follow (provisional), then those not yet opened, then the deferred ones
(暂缓改造).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from survey_app.core.rules import rate_text
from survey_app.core.tally import RoundStatus


class Standing(StrEnum):
    PASSED = "passed"
    OPEN = "open"
    NOT_OPENED = "not_opened"
    DEFERRED = "deferred"


_GROUP_ORDER = [Standing.PASSED, Standing.OPEN, Standing.NOT_OPENED, Standing.DEFERRED]


@dataclass(frozen=True)
class RankInput:
    compound: str
    name: str
    round_no: int
    status: RoundStatus
    eligible: int
    agree: int
    passed: bool
    other_agree: int = 0
    other_eligible: int = 0

    @property
    def standing(self) -> Standing:
        if self.status is RoundStatus.CLOSED:
            return Standing.PASSED if self.passed else Standing.DEFERRED
        return Standing.OPEN if self.status is RoundStatus.OPEN else Standing.NOT_OPENED

    def rate(self) -> Fraction:
        return Fraction(self.agree, self.eligible) if self.eligible else Fraction(0)

    def rate_text(self) -> str:
        return rate_text(self.agree, self.eligible)

    def other_rate(self) -> Fraction:
        return (
            Fraction(self.other_agree, self.other_eligible) if self.other_eligible else Fraction(0)
        )


@dataclass(frozen=True)
class Ranked:
    position: int
    entry: RankInput


def rank_key(entry: RankInput) -> tuple[int, Fraction, Fraction, int, str]:
    return (
        _GROUP_ORDER.index(entry.standing),
        -entry.rate(),
        -entry.other_rate(),
        -entry.eligible,
        entry.compound,
    )


def rank_compounds(entries: list[RankInput]) -> list[Ranked]:
    ordered = sorted(entries, key=rank_key)
    return [Ranked(position=i, entry=e) for i, e in enumerate(ordered, start=1)]
