"""Visits that gave no opinion: 无人在家, 改日再访 (with the day to come back), 拒绝入户, 空置.

A visit is a record like a vote, but it is never an opinion: the tally and the consent rule
never read it. It tells the surveyors who is left and why. Each visit names the visits of its
household it replaces (those it saw as the last one), so the last visit comes from the
records; among visits recorded apart on two laptops (neither replaces the other) the later
by time is shown, which only changes what the list shows, never a count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from survey_app.core.errors import InvalidInput
from survey_app.core.spellings import by_spelling


class VisitOutcome(StrEnum):
    NOT_HOME = "not_home"
    COME_BACK = "come_back"
    REFUSED = "refused"
    VACANT = "vacant"


_OUTCOME_WORDS = by_spelling(
    {
        VisitOutcome.NOT_HOME: ("not_home", "not-home", "not home", "away", "无人在家", "无人"),
        VisitOutcome.COME_BACK: ("come_back", "come-back", "come back", "later", "改日再访"),
        VisitOutcome.REFUSED: ("refused", "refuse", "拒绝入户", "拒绝"),
        VisitOutcome.VACANT: ("vacant", "empty", "空置", "空房"),
    }
)


def parse_visit_outcome(text: str) -> VisitOutcome:
    if (outcome := _OUTCOME_WORDS.get(text.strip().lower())) is None:
        raise InvalidInput(code="bad_visit_outcome", value=text)
    return outcome


def check_visit(outcome: VisitOutcome, come_back_on: date | None) -> None:
    """改日再访 needs the day agreed; the other outcomes have none."""
    if outcome is VisitOutcome.COME_BACK and come_back_on is None:
        raise InvalidInput(code="visit_needs_date")
    if outcome is not VisitOutcome.COME_BACK and come_back_on is not None:
        raise InvalidInput(code="visit_date_only_for_come_back")


@dataclass(frozen=True)
class VisitFact:
    """What the household list needs to know of one recorded visit."""

    id: str
    household: str
    round_no: int | None
    outcome: VisitOutcome
    come_back_on: str | None
    created_at: str
    replaces: tuple[str, ...] = ()

    def sort_key(self) -> tuple[str, str]:
        return (self.created_at, self.id)


def visit_heads(visits: Iterable[VisitFact]) -> list[VisitFact]:
    """The visits no other replaces (those a new visit names), oldest first."""
    facts = list(visits)
    replaced = {old for v in facts for old in v.replaces}
    return sorted((v for v in facts if v.id not in replaced), key=VisitFact.sort_key)


def last_visits(visits: Iterable[VisitFact], round_no: int | None = None) -> dict[str, VisitFact]:
    """Each household's last visit; with `round_no`, among the visits of that round and those
    recorded outside any round (a 空置 seen before the round still tells)."""
    by_household: dict[str, list[VisitFact]] = {}
    for visit in visits:
        if round_no is None or visit.round_no in (None, round_no):
            by_household.setdefault(visit.household, []).append(visit)
    result = {}
    for household, facts in by_household.items():
        heads = visit_heads(facts) or sorted(facts, key=VisitFact.sort_key)
        result[household] = heads[-1]
    return result
