"""The approval rate over time: how many households agreed as of the end of each day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from survey_app.core.clock import shown_day
from survey_app.core.rules import rate_text
from survey_app.core.tally import outcome_kind
from survey_app.core.votes import Cutoff, VoteFact, effective_outcomes, is_counted


@dataclass(frozen=True)
class DayApproval:
    day: str
    """`YYYY-MM-DD` in the zone times are shown in (`core.clock`: Beijing time by default)."""
    agree: int
    eligible: int

    @property
    def rate(self) -> str:
        return rate_text(self.agree, self.eligible)


def approval_by_day(
    votes: Iterable[VoteFact], *, eligible: set[str], cutoff: Cutoff | None = None
) -> list[DayApproval]:
    """For each day a vote came in, the agree count from the effective outcomes as of that
    day's end (a changed vote counts once, a conflict counts as not agree)."""
    counted = sorted((v for v in votes if is_counted(v, cutoff)), key=VoteFact.sort_key)
    day_of = {v.id: shown_day(v.created_at) for v in counted}
    result = []
    for day in sorted(set(day_of.values())):
        so_far = [v for v in counted if day_of[v.id] <= day]
        outcomes = effective_outcomes(so_far)
        agree = sum(1 for h, o in outcomes.items() if h in eligible and outcome_kind(o) == "agree")
        result.append(DayApproval(day, agree, len(eligible)))
    return result
