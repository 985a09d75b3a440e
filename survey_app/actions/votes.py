"""Recording a household's vote, and the vote that resolves a conflict between laptops."""

from __future__ import annotations

from survey_app.core.errors import NotFound, RefusedAction
from survey_app.core.votes import Channel, Choice, current_heads
from survey_app.store.compounds import get_compound
from survey_app.store.database import Store
from survey_app.store.households import Household, get_household
from survey_app.store.voids import VoidRow, standing_voids, void_vote

# Recording a vote is already one transaction in the store: the action is that function.
from survey_app.store.votes import VoteRow, record_vote, vote_rows
from survey_app.sync.conflicts import Conflict, list_conflicts

__all__ = ["conflicts", "record_vote", "resolve_conflict", "void_household_vote", "void_vote"]


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


def voidable_votes(*, store: Store, household: Household, round_no: int) -> list[VoteRow]:
    """The household's votes in force this laptop may void: its own, or any on an office's."""
    rows = vote_rows(store=store, household=household.id, round_no=round_no)
    voided = {v.vote for v in standing_voids(store=store, household=household.id,
                                             round_no=round_no)}  # fmt: skip
    heads = {f.id for f in current_heads((r.fact() for r in rows), household.id, voided)}
    mine = store.role == "office"
    return [r for r in rows if r.id in heads and (mine or r.device == store.device_id)]


def void_household_vote(
    *, store: Store, household: Household, round_no: int, reason: str, vote_id: str | None = None
) -> VoidRow:
    """Void a household's vote in force (作废), or the vote `vote_id` of it; one transaction."""
    if vote_id is None:
        found = voidable_votes(store=store, household=household, round_no=round_no)
        if not found:
            raise RefusedAction(code="no_vote_to_void", address=household.address,
                                round_no=round_no)  # fmt: skip
        if len(found) > 1:
            ids = ", ".join(r.id for r in found)
            raise RefusedAction(code="several_votes_to_void", address=household.address,
                                round_no=round_no, votes=ids)  # fmt: skip
        vote_id = found[0].id
    elif vote_id not in {r.id for r in vote_rows(store=store, household=household.id,
                                                  round_no=round_no)}:  # fmt: skip
        raise NotFound(code="no_vote_with_id", vote=vote_id)
    return void_vote(store=store, vote_id=vote_id, reason=reason)
