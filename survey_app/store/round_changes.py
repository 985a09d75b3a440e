"""Opening and closing consent rounds; round 2 opens only after round 1 closed and passed."""

from __future__ import annotations

from datetime import date
from typing import Any

from survey_app.core.errors import InvalidInput, RefusedAction
from survey_app.core.payloads import RoundClosedPayload, RoundOpenedPayload
from survey_app.core.rules import ConsentRule, fraction_text
from survey_app.core.tally import RoundStatus, Tally, fingerprint
from survey_app.store.compounds import get_compound
from survey_app.store.database import Store
from survey_app.store.households import Household, households_of
from survey_app.store.rounds import RoundState, round_state
from survey_app.store.tallies import compute_tally, round_outcomes
from survey_app.store.versions import ROUND_OPENED, current_versions, round_key


def _check_dates(starts: date | None, ends: date | None) -> None:
    if starts and ends and ends < starts:
        raise InvalidInput(code="bad_dates", starts=starts, ends=ends)


def open_round(
    *,
    store: Store,
    compound: str,
    round_no: int,
    rule: ConsentRule,
    starts: date | None = None,
    ends: date | None = None,
    amend: bool = False,
) -> RoundState:
    """Open a round with its rule. An open round is opened again only to amend it (`amend`)
    or to settle two openings written without seeing each other: the new opening supersedes
    every opening in force here, whatever the dates (store/versions.py)."""
    code = get_compound(store=store, code=compound).code
    _check_dates(starts, ends)
    with store.transaction():
        state = round_state(store=store, compound=code, round_no=round_no)
        current = current_versions(store=store, kind=ROUND_OPENED, key=round_key(code, round_no))
        _check_may_open(store, state, amend=amend or len(current) > 1)
        store.append(
            RoundOpenedPayload(
                compound=code,
                round=round_no,
                threshold_num=rule.threshold.numerator,
                threshold_den=rule.threshold.denominator,
                inclusive=rule.inclusive,
                double_majority=rule.double_majority,
                starts=starts.isoformat() if starts else None,
                ends=ends.isoformat() if ends else None,
                supersedes=current,
            )
        )
    return round_state(store=store, compound=code, round_no=round_no)


def _check_may_open(store: Store, state: RoundState, *, amend: bool) -> None:
    code, round_no = state.compound, state.round_no
    if state.status is RoundStatus.OPEN and amend:
        return
    if state.status is not RoundStatus.NOT_OPENED:
        raise RefusedAction(
            code="round_already_opened", compound=code, round_no=round_no, status=state.status
        )
    if round_no == 2:
        first = round_state(store=store, compound=code, round_no=1)
        if first.status is not RoundStatus.CLOSED:
            raise RefusedAction(code="round1_not_closed", compound=code)
        if not compute_tally(store=store, compound=code, round_no=1).passed:
            raise RefusedAction(code="round1_not_passed", compound=code)


def device_cutoff(store: Store) -> dict[str, int]:
    """The highest sequence number of every device this database knows."""
    rows = store.db.execute("SELECT device, max(seq) FROM records GROUP BY device").fetchall()
    return {str(device): int(seq) for device, seq in rows}


def close_round(*, store: Store, compound: str, round_no: int) -> RoundState:
    """Freeze the tally and everything it depends on: which records it counted, the fingerprint
    of its votes, the rule, the eligible households (and floor areas under double majority),
    the counts and the verdict. A roster imported later never reaches this round."""
    code = get_compound(store=store, code=compound).code
    with store.transaction():
        state = round_state(store=store, compound=code, round_no=round_no)
        if state.status is not RoundStatus.OPEN:
            raise RefusedAction(
                code="round_not_closable", compound=code, round_no=round_no, status=state.status
            )
        cutoff = device_cutoff(store)
        households = households_of(store=store, compound=code)
        tally = compute_tally(store=store, compound=code, round_no=round_no, households=households)
        outcomes, _late = round_outcomes(store=store, compound=code, round_no=round_no)
        store.append(
            RoundClosedPayload(
                compound=code,
                round=round_no,
                cutoff=cutoff,
                fingerprint=fingerprint(outcomes),
                **frozen_figures(tally, households),
            )
        )
    return round_state(store=store, compound=code, round_no=round_no)


def frozen_figures(tally: Tally, households: list[Household]) -> dict[str, Any]:
    """What the close record freezes besides the cutoff: the rule, the eligible households
    (sorted ids; their floor areas, in the same order, only under double majority), every
    count and the verdict."""
    rule = tally.rule
    eligible = sorted((h for h in households if h.eligible), key=lambda h: h.id)
    c = tally.counts
    return {
        "eligible": c.eligible,
        "agree": c.agree,
        "passed": tally.passed,
        "threshold_num": rule.threshold.numerator,
        "threshold_den": rule.threshold.denominator,
        "inclusive": rule.inclusive,
        "double_majority": rule.double_majority,
        "eligible_households": tuple(h.id for h in eligible),
        "eligible_areas": tuple(h.area for h in eligible) if rule.double_majority else None,
        "disagree": c.disagree,
        "abstain": c.abstain,
        "no_response": c.no_response,
        "pending": c.pending,
        "agree_area": fraction_text(tally.agree_area) if rule.double_majority else None,
        "eligible_area": fraction_text(tally.eligible_area) if rule.double_majority else None,
    }
