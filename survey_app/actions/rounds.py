"""Opening a round with its rule and closing it: the close preview the office confirms, then
the frozen tally."""

from __future__ import annotations

from dataclasses import dataclass

from survey_app.core.clock import today
from survey_app.core.tally import Tally, fingerprint
from survey_app.store import round_changes
from survey_app.store.compounds import get_compound
from survey_app.store.database import Store

# Opening a round (round 2 only after round 1 closed and passed) is already one transaction
# in the store: the action is that function.
from survey_app.store.round_changes import open_round
from survey_app.store.round_readiness import ends_after, laptops_without_votes
from survey_app.store.rounds import RoundState, round_state
from survey_app.store.tallies import compute_tally, round_outcomes

__all__ = ["ClosePreview", "ClosedRound", "close_preview", "close_round", "open_round"]


@dataclass(frozen=True)
class ClosePreview:
    """What closing would freeze: the tally as it stands and the fingerprint of its votes;
    and what the office should know first: the announced end date when it is not reached
    (`early_end`), the enrolled laptops that have sent no vote of this round (`silent`)."""

    compound: str
    round_no: int
    tally: Tally
    fingerprint: str
    early_end: str | None = None
    silent: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClosedRound:
    state: RoundState
    tally: Tally


def close_preview(*, store: Store, compound: str, round_no: int) -> ClosePreview:
    code = get_compound(store=store, code=compound).code
    outcomes, _late = round_outcomes(store=store, compound=code, round_no=round_no)
    return ClosePreview(
        compound=code,
        round_no=round_no,
        tally=compute_tally(store=store, compound=code, round_no=round_no),
        fingerprint=fingerprint(outcomes),
        early_end=_early_end(store, code, round_no),
        silent=tuple(laptops_without_votes(store=store, compound=code, round_no=round_no)),
    )


def _early_end(store: Store, compound: str, round_no: int) -> str | None:
    ends = round_state(store=store, compound=compound, round_no=round_no).ends
    return ends if ends_after(ends, today()) else None


def close_round(*, store: Store, compound: str, round_no: int) -> ClosedRound:
    """Freeze the round's tally; votes arriving later are kept as late, never counted."""
    with store.transaction():
        state = round_changes.close_round(store=store, compound=compound, round_no=round_no)
        tally = compute_tally(store=store, compound=state.compound, round_no=round_no)
    return ClosedRound(state=state, tally=tally)
