"""Each household's state at a glance: its outcome in each round, surveyed, draft kept, and
its visits that gave no opinion (never an outcome)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from survey_app.core.tally import outcome_kind
from survey_app.core.visits import VisitFact, last_visits
from survey_app.store.database import Store
from survey_app.store.drafts import drafted_households
from survey_app.store.rounds import ROUNDS
from survey_app.store.tallies import RoundOutcomes, round_outcomes
from survey_app.store.visits import compound_visits

NO_RESPONSE = "no_response"


@dataclass(frozen=True)
class HouseholdStatus:
    """`rounds` maps a round to `agree`, `disagree`, `abstain`, `pending` or `no_response`."""

    rounds: dict[int, str] = field(default_factory=dict)
    surveyed: bool = False
    draft: bool = False
    visits: tuple[VisitFact, ...] = ()
    """Visits that gave no opinion (无人在家, 改日再访 …), oldest first."""

    def outcome(self, round_no: int) -> str:
        return self.rounds.get(round_no, NO_RESPONSE)

    def last_visit(self, round_no: int | None = None) -> VisitFact | None:
        """The last visit (of `round_no` or outside any round, when given)."""
        if not self.visits:
            return None
        return last_visits(self.visits, round_no).get(self.visits[0].household)

    @property
    def visited(self) -> bool:
        voted = any(kind != NO_RESPONSE for kind in self.rounds.values())
        return voted or self.surveyed or self.draft or bool(self.visits)

    def visited_in(self, round_no: int) -> bool:
        """An opinion in the round, or a visit of it (or outside any round)."""
        return self.outcome(round_no) != NO_RESPONSE or self.last_visit(round_no) is not None

    @property
    def conflict(self) -> bool:
        return "pending" in self.rounds.values()


LISTED_FORM = "needs_survey"
"""The household list's 调查 column is the needs survey (入户需求调查); the other forms of the
batch (the satisfaction survey after the works, …) are on the survey page."""


def surveyed_households(*, store: Store, compound: str, form: str = LISTED_FORM) -> set[str]:
    """Households with submitted answers to the form."""
    rows = store.db.execute(
        "SELECT DISTINCT household FROM survey_current WHERE compound = ? AND form_id = ?",
        [compound, form],
    ).fetchall()
    return {str(r[0]) for r in rows}


def compound_statuses(
    *, store: Store, compound: str, outcomes: Mapping[int, RoundOutcomes] | None = None
) -> dict[str, HouseholdStatus]:
    """The status of every household of the compound that has one (others: not visited); pass
    each round's `outcomes` when already read."""
    rounds: dict[str, dict[int, str]] = {}
    for round_no in ROUNDS:
        outcomes_of_round, _late = (
            outcomes[round_no]
            if outcomes is not None
            else round_outcomes(store=store, compound=compound, round_no=round_no)
        )
        for household, outcome in outcomes_of_round.items():
            rounds.setdefault(household, {})[round_no] = outcome_kind(outcome)
    surveyed = surveyed_households(store=store, compound=compound)
    drafts = drafted_households(store=store, compound=compound, form=LISTED_FORM)
    visits: dict[str, list[VisitFact]] = {}
    for visit in compound_visits(store=store, compound=compound):
        visits.setdefault(visit.household, []).append(visit.fact())
    return {
        household: HouseholdStatus(
            rounds=rounds.get(household, {}),
            surveyed=household in surveyed,
            draft=household in drafts,
            visits=tuple(visits.get(household, ())),
        )
        for household in set(rounds) | surveyed | drafts | set(visits)
    }


def household_status(*, store: Store, compound: str, household: str) -> HouseholdStatus:
    return compound_statuses(store=store, compound=compound).get(household, HouseholdStatus())


class HouseholdFilter(StrEnum):
    """What the household list shows, for the round being worked."""

    ALL = "all"
    NOT_VISITED = "not_visited"
    """未走访: eligible, no opinion and no visit in the round (nor one outside any round)."""
    NO_OPINION = "no_opinion"
    """已走访未表态: eligible, no opinion, but a visit (无人在家, 改日再访 …)."""
    TO_VERIFY = "to_verify"
    """待核实: two laptops recorded different opinions (see sync.conflicts)."""


def matches_filter(
    wanted: HouseholdFilter, *, eligible: bool, status: HouseholdStatus, round_no: int
) -> bool:
    if wanted is HouseholdFilter.ALL:
        return True
    if not eligible:
        return False
    outcome = status.outcome(round_no)
    if wanted is HouseholdFilter.TO_VERIFY:
        return outcome == "pending"
    if outcome != NO_RESPONSE:
        return False
    visited = status.last_visit(round_no) is not None
    return visited if wanted is HouseholdFilter.NO_OPINION else not visited
