"""The consent rule: a threshold fraction, inclusive (以上, ≥) or strict (超过, >).

Decisions use integers only: inclusive passes when `agree × den ≥ num × eligible`.
Never a float, never the rounded percentage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from survey_app.core.errors import InvalidInput

DEFAULT_THRESHOLD = Fraction(4, 5)


@dataclass(frozen=True)
class ConsentRule:
    threshold: Fraction = DEFAULT_THRESHOLD
    inclusive: bool = True
    double_majority: bool = False

    def passes(self, agree: int, eligible: int) -> bool:
        return passes_threshold(agree, eligible, self.threshold, inclusive=self.inclusive)

    def passes_area(self, agree_area: Fraction, eligible_area: Fraction) -> bool:
        """Floor areas are exact decimals turned into fractions, so the same integer rule holds."""
        if eligible_area <= 0:
            return False
        share = agree_area / eligible_area
        return share >= self.threshold if self.inclusive else share > self.threshold

    def needed(self, agree: int, eligible: int) -> int:
        """How many more agreeing households the round needs; 0 when it passes already."""
        return max(0, minimum_agree(eligible, self.threshold, inclusive=self.inclusive) - agree)


def passes_threshold(agree: int, eligible: int, threshold: Fraction, *, inclusive: bool) -> bool:
    if eligible <= 0:
        return False
    lhs = agree * threshold.denominator
    rhs = threshold.numerator * eligible
    return lhs >= rhs if inclusive else lhs > rhs


def minimum_agree(eligible: int, threshold: Fraction, *, inclusive: bool) -> int:
    """The smallest agree count that passes (eligible + 1 when nothing can pass)."""
    if eligible <= 0:
        return 1
    num, den = threshold.numerator, threshold.denominator
    if inclusive:
        least = -(-num * eligible // den)
    else:
        least = num * eligible // den + 1
    return least if least <= eligible else eligible + 1


def rate_text(agree: int, eligible: int) -> str:
    """Approval rate as a percentage with two decimals, rounded half-up: `80.25`."""
    if eligible <= 0:
        return "0.00"
    value = Decimal(agree * 100) / Decimal(eligible)
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def percent_text(threshold: Fraction) -> str:
    """`80%`, `2/3` style wording used on notices: percents when exact, else the fraction."""
    hundred = threshold * 100
    if hundred.denominator == 1:
        return f"{hundred.numerator}%"
    return f"{threshold.numerator}/{threshold.denominator}"


def fraction_text(threshold: Fraction) -> str:
    return f"{threshold.numerator}/{threshold.denominator}"


_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)\s*%$")
_FRACTION = re.compile(r"^(\d+)\s*/\s*(\d+)$")
_DECIMAL = re.compile(r"^(?:0?\.\d+|1(?:\.0*)?|0)$")


def parse_threshold(text: str) -> Fraction:
    """`80%`, `4/5`, `0.8`, `2/3`, `66.67%` → an exact fraction in (0, 1]."""
    raw = text.strip().replace("％", "%").replace("／", "/")
    value: Fraction | None = None
    if m := _PERCENT.match(raw):
        value = Fraction(m[1]) / 100
    elif m := _FRACTION.match(raw):
        if int(m[2]) != 0:
            value = Fraction(int(m[1]), int(m[2]))
    elif _DECIMAL.match(raw):
        value = Fraction(raw)
    if value is None or not 0 < value <= 1:
        raise InvalidInput(code="bad_threshold", threshold=text)
    return value
