"""The state of a consent round (两轮征询): not opened → open → closed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from survey_app.core.errors import InvalidInput
from survey_app.core.rules import ConsentRule
from survey_app.core.tally import RoundStatus
from survey_app.store.database import Store

ROUNDS = (1, 2)


@dataclass(frozen=True)
class RoundState:
    compound: str
    round_no: int
    status: RoundStatus
    rule: ConsentRule
    starts: str | None = None
    ends: str | None = None
    opened_at: str | None = None
    closed_at: str | None = None
    cutoff: dict[str, int] | None = None
    fingerprint: str | None = None
    frozen: bool = False
    """Closed, and its close froze the rule and the eligible households (see frozen_rounds);
    False for open rounds and for closes written by older versions."""


def check_round_no(round_no: int) -> int:
    if round_no not in ROUNDS:
        raise InvalidInput(code="bad_round", round_no=round_no)
    return round_no


_STATE_SELECT = """
SELECT r.compound, r.round, coalesce(f.threshold_num, r.threshold_num),
       coalesce(f.threshold_den, r.threshold_den), coalesce(f.inclusive, r.inclusive),
       coalesce(f.double_majority, r.double_majority), r.starts, r.ends,
       r.opened_at, r.closed_at, r.cutoff, r.fingerprint, f.close_record IS NOT NULL
FROM rounds r LEFT JOIN frozen_rounds f ON f.compound = r.compound AND f.round = r.round
"""
"""A closed round's rule is the one its close froze: an opening recorded later, whatever its
date, no longer changes it."""


def round_state(*, store: Store, compound: str, round_no: int) -> RoundState:
    check_round_no(round_no)
    row = store.db.execute(
        f"{_STATE_SELECT} WHERE r.compound = ? AND r.round = ?", [compound, round_no]
    ).fetchone()
    if row is None:
        return RoundState(compound, round_no, RoundStatus.NOT_OPENED, ConsentRule())
    return _state(row)


def all_round_states(*, store: Store, round_no: int) -> dict[str, RoundState]:
    rows = store.db.execute(
        f"{_STATE_SELECT} WHERE r.round = ?", [check_round_no(round_no)]
    ).fetchall()
    return {str(row[0]): _state(row) for row in rows}


def _state(row: tuple[Any, ...]) -> RoundState:
    (
        compound,
        round_no,
        num,
        den,
        inclusive,
        double,
        starts,
        ends,
        opened_at,
        closed_at,
        cutoff,
        fingerprint,
        frozen,
    ) = row
    rule = ConsentRule(Fraction(num, den), bool(inclusive), bool(double)) if num else ConsentRule()
    if closed_at is not None:
        status = RoundStatus.CLOSED
    elif opened_at is not None:
        status = RoundStatus.OPEN
    else:
        status = RoundStatus.NOT_OPENED
    return RoundState(
        compound=compound,
        round_no=round_no,
        status=status,
        rule=rule,
        starts=starts,
        ends=ends,
        opened_at=opened_at,
        closed_at=closed_at,
        cutoff=json.loads(cutoff) if cutoff else None,
        fingerprint=fingerprint,
        frozen=bool(frozen) and status is RoundStatus.CLOSED,
    )
