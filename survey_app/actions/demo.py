"""The sample batch: compounds, rosters, votes and needs surveys to learn the app with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from survey_app.core.errors import InvalidInput
from survey_app.store.compounds import list_compounds
from survey_app.store.database import Store

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoBatch:
    compounds: int
    households: int
    surveyed: int


def make_demo(
    *,
    store: Store,
    seed: int = 2027,
    compounds: int = 8,
    min_households: int = 100,
    max_households: int = 800,
    votes: bool = True,
    surveys: bool = True,
    progress: Progress | None = None,
) -> DemoBatch:
    """Fill an empty database with the sample batch in one transaction: with votes, round 1
    is closed for all but the last two compounds and round 2 is under way where it passed."""
    from survey_app.needs.sample import write_sample_satisfaction, write_sample_surveys
    from survey_app.store.sample import write_sample

    if min_households > max_households:
        raise InvalidInput(code="households_range")
    with store.transaction():
        if list_compounds(store=store):
            raise InvalidInput(code="sample_needs_new_file", path=str(store.path))
        batch = write_sample(
            store=store,
            seed=seed,
            compounds=compounds,
            min_households=min_households,
            max_households=max_households,
            votes=votes,
            progress=progress,
        )
        surveyed = write_sample_surveys(store=store, batch=batch, seed=seed) if surveys else 0
        if surveys:
            write_sample_satisfaction(store=store, batch=batch, seed=seed)
    households = sum(len(c.households) for c in batch)
    return DemoBatch(compounds=len(batch), households=households, surveyed=surveyed)
