"""A round's approval rate day by day, read from the stored votes."""

from __future__ import annotations

from survey_app.core.timeline import DayApproval, approval_by_day
from survey_app.store.database import Store
from survey_app.store.rounds import round_state
from survey_app.store.tallies import counted_households
from survey_app.store.votes import round_vote_facts


def round_timeline(*, store: Store, compound: str, round_no: int) -> list[DayApproval]:
    state = round_state(store=store, compound=compound, round_no=round_no)
    eligible = {h.id for h in counted_households(store=store, state=state) if h.eligible}
    votes = round_vote_facts(store=store, compound=compound, round_no=round_no)
    return approval_by_day(votes, eligible=eligible, cutoff=state.cutoff)
