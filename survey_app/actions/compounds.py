"""Compounds and their households: add or edit a compound, list them with their counts."""

from __future__ import annotations

from dataclasses import dataclass

from survey_app.store import households

# Adding or editing a compound is already one transaction in the store: the action is that.
from survey_app.store.compounds import Compound, get_compound, list_compounds, save_compound
from survey_app.store.database import Store
from survey_app.store.households import Household, find_household, households_of

__all__ = [
    "CompoundSummary",
    "buildings",
    "compound_households",
    "compound_summaries",
    "household_at",
    "household_counts",
    "save_compound",
]


@dataclass(frozen=True)
class CompoundSummary:
    compound: Compound
    households: int


def household_counts(*, store: Store) -> dict[str, int]:
    """The number of households of each compound that has any."""
    return households.household_counts(store=store)


def compound_summaries(*, store: Store) -> list[CompoundSummary]:
    counts = households.household_counts(store=store)
    return [CompoundSummary(c, counts.get(c.code, 0)) for c in list_compounds(store=store)]


def compound_households(*, store: Store, compound: str) -> list[Household]:
    """The compound's households in address order; NotFound for an unknown compound."""
    return households_of(store=store, compound=get_compound(store=store, code=compound).code)


def household_at(*, store: Store, compound: str, address: str) -> Household:
    """The household at an address in any spelling (3幢2单元501室 = 3-2-501)."""
    code = get_compound(store=store, code=compound).code
    return find_household(store=store, compound=code, address=address)


def buildings(*, store: Store, compound: str) -> list[str]:
    """The compound's buildings, numbered ones in number order first."""
    return sorted(
        {h.building for h in households_of(store=store, compound=compound)},
        key=lambda b: (not b.isdigit(), int(b) if b.isdigit() else 0, b),
    )
