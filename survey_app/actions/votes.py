"""Recording a household's vote, and the vote that resolves a conflict between laptops."""

from __future__ import annotations

from survey_app.core.errors import NotFound
from survey_app.core.votes import Channel, Choice, Relation
from survey_app.store import votes
from survey_app.store.compounds import get_compound
from survey_app.store.database import Store
from survey_app.store.households import Household, get_household
from survey_app.store.votes import VoteRow
from survey_app.sync.conflicts import Conflict, list_conflicts


def record_vote(
    *,
    store: Store,
    household: Household,
    round_no: int,
    choice: Choice,
    signer: str | None = None,
    relation: Relation = Relation.SELF,
    channel: Channel = Channel.DOOR,
    note: str | None = None,
    signature_png: bytes | None = None,
) -> VoteRow:
    """Record the vote in an open round; it replaces the household's vote(s) in force."""
    return votes.record_vote(
        store=store,
        household=household,
        round_no=round_no,
        choice=choice,
        signer=signer,
        relation=relation,
        channel=channel,
        note=note,
        signature_png=signature_png,
    )


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
) -> VoteRow:
    """The verified vote: it replaces every competing vote, so the conflict ends once synced."""
    found = get_household(store=store, id=household)
    if found is None:
        raise NotFound(f"没有编号为 {household} 的住户", code="unknown_household")
    return record_vote(
        store=store, household=found, round_no=round_no, choice=choice, signer=signer, note=note
    )
