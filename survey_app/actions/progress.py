"""Where a compound stands in a round: the tally, and per building who is not yet reached."""

from __future__ import annotations

from dataclasses import dataclass, field

from survey_app.core.tally import Tally
from survey_app.core.visits import VisitOutcome
from survey_app.store.compounds import Compound, get_compound
from survey_app.store.database import Store
from survey_app.store.household_status import HouseholdStatus, compound_statuses
from survey_app.store.households import Household, households_of
from survey_app.store.rounds import RoundState, round_state
from survey_app.store.tallies import RoundOutcomes, compute_tally


@dataclass(frozen=True)
class BuildingProgress:
    building: str
    eligible: int
    agree: int
    unreached: tuple[tuple[str, str], ...]
    """(household id, address) of the eligible households with no vote in the round."""


@dataclass(frozen=True)
class RoundProgress:
    compound: Compound
    round_no: int
    state: RoundState
    tally: Tally
    buildings: list[BuildingProgress]
    visits: dict[VisitOutcome, int] = field(default_factory=dict)
    """Eligible households still without an opinion, by their last visit's outcome (a visit
    is never an opinion: the tally does not read it)."""


def round_progress(
    *,
    store: Store,
    compound: str,
    round_no: int,
    statuses: dict[str, HouseholdStatus] | None = None,
    households: list[Household] | None = None,
    outcomes: RoundOutcomes | None = None,
) -> RoundProgress:
    """Pass the compound's household `statuses`, `households` and the round's `outcomes` when
    already read."""
    statuses = compound_statuses(store=store, compound=compound) if statuses is None else statuses
    if households is None:
        households = households_of(store=store, compound=compound)
    tally = compute_tally(
        store=store, compound=compound, round_no=round_no, households=households, outcomes=outcomes
    )
    unreached: dict[str, list[tuple[str, str]]] = {}
    visits = dict.fromkeys(VisitOutcome, 0)
    for household in households:
        if not household.eligible:
            continue
        status = statuses.get(household.id, HouseholdStatus())
        rooms = unreached.setdefault(household.building, [])
        if status.outcome(round_no) == "no_response":
            rooms.append((household.id, household.address))
            if (last := status.last_visit(round_no)) is not None:
                visits[last.outcome] += 1
    buildings = [
        BuildingProgress(name, counts.eligible, counts.agree, tuple(unreached.get(name, [])))
        for name, counts in tally.by_building.items()
    ]
    return RoundProgress(
        compound=get_compound(store=store, code=compound),
        round_no=round_no,
        state=round_state(store=store, compound=compound, round_no=round_no),
        tally=tally,
        buildings=buildings,
        visits=visits,
    )
