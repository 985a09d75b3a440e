"""Voiding a vote (作废): a signed record naming the vote, kept in the history, never a delete.

Who may void: the device that recorded the vote (a surveyor correcting a slip before or after
sync) or an office device. A void written by anyone else is refused where it is written and
ignored where it is read: `vote_voids` keeps every counted void, and a void stands only when
its vote is here, is of the same household and round, and was written by the void's device or
the void is the office's. So a void arriving before its vote (any sync order) starts to count
when the vote arrives. A closed round's cutoff applies to voids as to votes: a void written
after the close is kept and never moves the frozen result.
"""

from __future__ import annotations

from dataclasses import dataclass

from survey_app.core.errors import InvalidInput, NotFound, RefusedAction
from survey_app.core.tally import RoundStatus
from survey_app.core.votes import Cutoff
from survey_app.store.database import Store
from survey_app.store.rounds import round_state
from survey_app.store.void_projection import standing_join

STANDING = standing_join()


@dataclass(frozen=True)
class VoidRow:
    """A standing void as the history shows it: which vote, why, who and when."""

    id: str
    vote: str
    reason: str
    surveyor: str | None
    device: str
    device_name: str | None
    seq: int
    created_at: str


def standing_voids(
    *, store: Store, household: str, round_no: int, cutoff: Cutoff | None = None
) -> list[VoidRow]:
    """The voids of a household's votes in a round that stand (within the cutoff)."""
    rows = store.db.execute(
        "SELECT vv.id, vv.vote, vv.reason, vv.surveyor, vv.device, d.name, vv.seq, "
        "vv.created_at FROM vote_voids vv LEFT JOIN devices d ON d.id = vv.device "
        f"{STANDING} AND vv.household = ? AND vv.round = ? ORDER BY vv.created_at, vv.id",
        [household, round_no],
    ).fetchall()
    voids = [
        VoidRow(str(i), str(vote), str(reason), surveyor, str(device), name, int(seq), str(at))
        for i, vote, reason, surveyor, device, name, seq, at in rows
    ]
    return [v for v in voids if cutoff is None or v.seq <= cutoff.get(v.device, 0)]


def voided_votes(
    *, store: Store, compound: str, round_no: int, cutoff: Cutoff | None = None
) -> set[str]:
    """The ids of a round's votes that a standing void voids (within the cutoff)."""
    rows = store.db.execute(
        f"SELECT vv.vote, vv.device, vv.seq FROM vote_voids vv {STANDING} "
        "AND vv.compound = ? AND vv.round = ?",
        [compound, round_no],
    ).fetchall()
    return {
        str(vote) for vote, device, seq in rows if cutoff is None or seq <= cutoff.get(device, 0)
    }


def void_vote(*, store: Store, vote_id: str, reason: str, surveyor: str | None = None) -> VoidRow:
    """Void a vote of an open round, with a reason: by the device that recorded it, or by an
    office device. One transaction."""
    if not reason.strip():
        raise InvalidInput(code="void_needs_reason")
    with store.transaction():
        row = store.db.execute(
            "SELECT household, compound, round, device FROM votes WHERE id = ?", [vote_id]
        ).fetchone()
        if row is None:
            raise NotFound(code="no_vote_with_id", vote=vote_id)
        household, compound, round_no, device = row
        if device != store.device_id and store.role != "office":
            raise RefusedAction(code="void_not_yours", vote=vote_id)
        state = round_state(store=store, compound=compound, round_no=round_no)
        if state.status is not RoundStatus.OPEN:
            raise RefusedAction(
                code="round_not_open", compound=compound, round_no=round_no, status=state.status
            )
        if vote_id in voided_votes(store=store, compound=compound, round_no=round_no):
            raise RefusedAction(code="vote_already_voided", vote=vote_id)
        from survey_app.core.payloads import VoteVoidPayload

        record = store.append(
            VoteVoidPayload(
                vote=vote_id,
                household=household,
                compound=compound,
                round=round_no,
                reason=reason.strip(),
                surveyor=surveyor if surveyor is not None else store.surveyor or None,
            )
        )
    return next(
        v for v in standing_voids(store=store, household=household, round_no=round_no)
        if v.id == record.id
    )  # fmt: skip
