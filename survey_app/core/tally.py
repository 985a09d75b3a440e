"""The tally of a round: counts over ALL eligible households, the rate, the verdict."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction

from survey_app.core.rules import ConsentRule, fraction_text, rate_text
from survey_app.core.votes import Choice, Outcome


class RoundStatus(StrEnum):
    NOT_OPENED = "not_opened"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class HouseholdFact:
    id: str
    building: str
    eligible: bool = True
    area: str | None = None

    def area_fraction(self) -> Fraction:
        if not self.area:
            return Fraction(0)
        try:
            return Fraction(Decimal(self.area))
        except (InvalidOperation, ValueError):
            return Fraction(0)


@dataclass(frozen=True)
class Counts:
    eligible: int = 0
    agree: int = 0
    disagree: int = 0
    abstain: int = 0
    no_response: int = 0
    pending: int = 0

    @property
    def rate(self) -> str:
        return rate_text(self.agree, self.eligible)


@dataclass(frozen=True)
class Tally:
    counts: Counts
    rule: ConsentRule
    status: RoundStatus
    late: int = 0
    agree_area: Fraction = Fraction(0)
    eligible_area: Fraction = Fraction(0)
    by_building: dict[str, Counts] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        c = self.counts
        ok = self.rule.passes(c.agree, c.eligible)
        if self.rule.double_majority:
            ok = ok and self.rule.passes_area(self.agree_area, self.eligible_area)
        return ok

    @property
    def needed(self) -> int:
        return 0 if self.passed else self.rule.needed(self.counts.agree, self.counts.eligible)

    @property
    def rate(self) -> str:
        return self.counts.rate

    @property
    def area_rate(self) -> str:
        if self.eligible_area <= 0:
            return "0.00"
        return _two_places(self.agree_area / self.eligible_area * 100, ROUND_HALF_UP)

    @property
    def area_needed(self) -> str:
        """Under double majority, the agreeing floor area (㎡) still short of the threshold's
        share, rounded up to 0.01 ㎡ ("0.00" once the area passes); under 超过 the agreeing
        area must then exceed it by any amount."""
        rule = self.rule
        if rule.passes_area(self.agree_area, self.eligible_area):
            return "0.00"
        return _two_places(rule.threshold * self.eligible_area - self.agree_area, ROUND_CEILING)

    @property
    def agree_area_text(self) -> str:
        return _two_places(self.agree_area, ROUND_HALF_UP)

    @property
    def eligible_area_text(self) -> str:
        return _two_places(self.eligible_area, ROUND_HALF_UP)

    @property
    def threshold(self) -> str:
        return fraction_text(self.rule.threshold)


def _two_places(value: Fraction, rounding: str) -> str:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal("0.01"), rounding=rounding))


def outcome_kind(outcome: Outcome | None) -> str:
    """`agree`, `disagree`, `abstain`, `pending` (conflict) or `no_response`."""
    if outcome is None:
        return "no_response"
    if outcome.conflict:
        return "pending"
    choice = outcome.choice
    assert choice is not None
    return choice.value


def count_outcomes(
    households: Iterable[HouseholdFact], outcomes: Mapping[str, Outcome], *, with_area: bool = True
) -> tuple[Counts, dict[str, Counts], Fraction, Fraction]:
    """Counts overall and per building; floor-area sums only when asked (they are slower)."""
    total: dict[str, int] = defaultdict(int)
    buildings: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    agree_area = eligible_area = Fraction(0)
    for household in households:
        if not household.eligible:
            continue
        kind = outcome_kind(outcomes.get(household.id))
        for bucket in (total, buildings[household.building]):
            bucket["eligible"] += 1
            bucket[kind] += 1
        if with_area:
            area = household.area_fraction()
            eligible_area += area
            if kind == Choice.AGREE:
                agree_area += area
    by_building = {b: _counts(v) for b, v in sorted(buildings.items(), key=_building_order)}
    return _counts(total), by_building, agree_area, eligible_area


def _building_order(item: tuple[str, object]) -> tuple[int, str]:
    name = item[0]
    return (int(name), "") if name.isdigit() else (10**9, name)


def _counts(values: Mapping[str, int]) -> Counts:
    return Counts(
        eligible=values.get("eligible", 0),
        agree=values.get("agree", 0),
        disagree=values.get("disagree", 0),
        abstain=values.get("abstain", 0),
        no_response=values.get("no_response", 0),
        pending=values.get("pending", 0),
    )


def tally_round(
    *,
    households: Iterable[HouseholdFact],
    outcomes: Mapping[str, Outcome],
    rule: ConsentRule,
    status: RoundStatus,
    late: int = 0,
) -> Tally:
    counts, by_building, agree_area, eligible_area = count_outcomes(
        households, outcomes, with_area=rule.double_majority
    )
    return Tally(
        counts=counts,
        rule=rule,
        status=status,
        late=late,
        agree_area=agree_area,
        eligible_area=eligible_area,
        by_building=by_building,
    )


def fingerprint(outcomes: Mapping[str, Outcome]) -> str:
    """SHA-256 over the effective votes, one sorted line per household: frozen at close."""
    lines = []
    for household in sorted(outcomes):
        outcome = outcomes[household]
        ids = ",".join(v.id for v in outcome.heads)
        lines.append(f"{household}\t{outcome_kind(outcome)}\t{ids}")
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
