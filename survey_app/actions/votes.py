"""Recording a household's vote, and the vote that resolves a conflict between laptops."""

from __future__ import annotations

from survey_app.core.errors import NotFound
from survey_app.core.votes import Channel, Choice
from survey_app.store.compounds import get_compound
from survey_app.store.database import Store
from survey_app.store.households import get_household

# Recording a vote is already one transaction in the store: the action is that function.
from survey_app.store.votes import VoteRow, record_vote
from survey_app.sync.conflicts import Conflict, list_conflicts

__all__ = ["conflicts", "record_vote", "resolve_conflict"]


def conflicts(*, store: Store, compound: str | None = None) -> list[Conflict]:
    """Households whose votes from two laptops disagree, with the competing votes; NotFound
    for an unknown compound."""
    code = get_compound(store=store, code=compound).code if compound else None
    return list_conflicts(store=store, compound=code)


def resolve_conflict(
    *,
    store: Store,
    household: str,
    round_no: int,
    choice: Choice,
    note: str,
    signer: str | None = None,
    channel: Channel = Channel.DOOR,
) -> VoteRow:
    """The verified vote, recorded with the channel the office really used to verify it: it
    replaces every competing vote, so the conflict ends once synced."""
    found = get_household(store=store, id=household)
    if found is None:
        raise NotFound(code="no_household_with_id", household=household)
    return record_vote(
        store=store,
        household=found,
        round_no=round_no,
        choice=choice,
        signer=signer,
        note=note,
        channel=channel,
    )
