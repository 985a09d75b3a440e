"""Each household's state at a glance: its outcome in each round, surveyed, draft kept."""

from __future__ import annotations

from dataclasses import dataclass, field

from survey_app.core.tally import outcome_kind
from survey_app.store.database import Store
from survey_app.store.drafts import drafted_households
from survey_app.store.rounds import ROUNDS
from survey_app.store.tallies import round_outcomes

NO_RESPONSE = "no_response"


@dataclass(frozen=True)
class HouseholdStatus:
    """`rounds` maps a round to `agree`, `disagree`, `abstain`, `pending` or `no_response`."""

    rounds: dict[int, str] = field(default_factory=dict)
    surveyed: bool = False
    draft: bool = False

    def outcome(self, round_no: int) -> str:
        return self.rounds.get(round_no, NO_RESPONSE)

    @property
    def visited(self) -> bool:
        voted = any(kind != NO_RESPONSE for kind in self.rounds.values())
        return voted or self.surveyed or self.draft

    @property
    def conflict(self) -> bool:
        return "pending" in self.rounds.values()


def surveyed_households(*, store: Store, compound: str) -> set[str]:
    """Households with submitted survey answers (to any form)."""
    rows = store.db.execute(
        "SELECT DISTINCT household FROM survey_current WHERE compound = ?", [compound]
    ).fetchall()
    return {str(r[0]) for r in rows}


def compound_statuses(*, store: Store, compound: str) -> dict[str, HouseholdStatus]:
    """The status of every household of the compound that has one (others: not visited)."""
    rounds: dict[str, dict[int, str]] = {}
    for round_no in ROUNDS:
        outcomes, _late = round_outcomes(store=store, compound=compound, round_no=round_no)
        for household, outcome in outcomes.items():
            rounds.setdefault(household, {})[round_no] = outcome_kind(outcome)
    surveyed = surveyed_households(store=store, compound=compound)
    drafts = drafted_households(store=store, compound=compound)
    return {
        household: HouseholdStatus(
            rounds=rounds.get(household, {}),
            surveyed=household in surveyed,
            draft=household in drafts,
        )
        for household in set(rounds) | surveyed | drafts
    }


def household_status(*, store: Store, compound: str, household: str) -> HouseholdStatus:
    return compound_statuses(store=store, compound=compound).get(household, HouseholdStatus())
