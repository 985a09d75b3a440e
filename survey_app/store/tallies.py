"""Tallies and the ranking, computed from the stored votes with the core's rules."""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from typing import Any

from survey_app.core.ranking import Ranked, RankInput, rank_compounds
from survey_app.core.rules import ConsentRule
from survey_app.core.tally import Counts, HouseholdFact, RoundStatus, Tally, tally_round
from survey_app.core.votes import Outcome, effective_outcomes, late_votes
from survey_app.store.compounds import list_compounds
from survey_app.store.count_projection import ROUNDS
from survey_app.store.database import Store
from survey_app.store.frozen_rounds import frozen_households
from survey_app.store.households import Household, households_of
from survey_app.store.rounds import RoundState, all_round_states, round_state
from survey_app.store.voids import voided_votes
from survey_app.store.votes import round_vote_facts

RoundOutcomes = tuple[dict[str, Outcome], int]
"""Each household's outcome in a round, and how many votes came in late."""


def round_outcomes(*, store: Store, compound: str, round_no: int) -> RoundOutcomes:
    """Each household's outcome in the round, and how many votes came in late."""
    state = round_state(store=store, compound=compound, round_no=round_no)
    votes = round_vote_facts(store=store, compound=compound, round_no=round_no)
    voided = voided_votes(store=store, compound=compound, round_no=round_no, cutoff=state.cutoff)
    outcomes = effective_outcomes(votes, state.cutoff, voided)
    return outcomes, len(late_votes(votes, state.cutoff))


def counted_households(
    *, store: Store, state: RoundState, households: list[Household] | None = None
) -> list[HouseholdFact]:
    """Whom the round counts: the list its close froze, else the current roster (`households`
    when already read)."""
    if state.frozen:
        return frozen_households(store=store, compound=state.compound, round_no=state.round_no)
    if households is None:
        households = households_of(store=store, compound=state.compound)
    return [h.fact() for h in households]


def compute_tally(
    *,
    store: Store,
    compound: str,
    round_no: int,
    households: list[Household] | None = None,
    outcomes: RoundOutcomes | None = None,
) -> Tally:
    """The round's tally; pass the compound's `households` and the round's `outcomes` when
    already read (a frozen closed round ignores the households: it counts those its close
    froze)."""
    state = round_state(store=store, compound=compound, round_no=round_no)
    if outcomes is None:
        outcomes = round_outcomes(store=store, compound=compound, round_no=round_no)
    by_household, late = outcomes
    return tally_round(
        households=counted_households(store=store, state=state, households=households),
        outcomes=by_household,
        rule=state.rule,
        status=state.status,
        late=late,
    )


def tally_json(*, store: Store, compound: str, round_no: int) -> dict[str, object]:
    """The `survey-app tally --json` contract."""
    tally = compute_tally(store=store, compound=compound, round_no=round_no)
    state = round_state(store=store, compound=compound, round_no=round_no)
    c = tally.counts
    return {
        "compound": compound,
        "round": round_no,
        "status": state.status.value,
        "eligible": c.eligible,
        "agree": c.agree,
        "disagree": c.disagree,
        "abstain": c.abstain,
        "no_response": c.no_response,
        "pending": c.pending,
        "late": tally.late,
        "rate": tally.rate,
        "threshold": tally.threshold,
        "inclusive": tally.rule.inclusive,
        "double_majority": tally.rule.double_majority,
        "passed": tally.passed,
        "needed": tally.needed,
        **area_json(tally),
        "fingerprint": state.fingerprint,
        "frozen": state.frozen,
    }


def area_json(tally: Tally) -> dict[str, str | None]:
    """Under double majority the floor areas (㎡, two decimals as text): the agreeing and the
    eligible area, the agreeing share in % and the agreeing area still needed; else nulls."""
    double = tally.rule.double_majority
    return {
        "agree_area": tally.agree_area_text if double else None,
        "eligible_area": tally.eligible_area_text if double else None,
        "area_rate": tally.area_rate if double else None,
        "area_needed": tally.area_needed if double else None,
    }


_COUNTS_BY_COMPOUND = """
WITH counted (compound, household) AS (
    SELECT h.compound, h.id FROM households h
    WHERE h.eligible AND NOT EXISTS (
        SELECT 1 FROM frozen_rounds f WHERE f.compound = h.compound AND f.round = :round)
    UNION ALL
    SELECT h.compound, h.household FROM frozen_households h WHERE h.round = :round
)
SELECT h.compound, count(*), sum(o.kind = 'agree'), sum(o.kind = 'disagree'),
       sum(o.kind = 'abstain'), sum(o.kind IS NULL), sum(o.kind = 'pending')
FROM counted h LEFT JOIN outcomes o ON o.household = h.household AND o.round = :round
GROUP BY h.compound
"""
"""A frozen closed round counts the households its close froze, any other round the eligible
households of the current roster (the live count: `compound_counts` keeps it for rounds 1, 2)."""


def counts_by_compound(
    *, store: Store, round_no: int, only: set[str] | None = None
) -> dict[str, Counts]:
    """Every compound's counts in one round (`only`: just these compounds).

    Reads the `compound_counts` projection (store/count_projection.py), itself counted from the
    `outcomes` projection, which applies the same rule as `compute_tally` (the effective vote,
    conflicts as pending, late votes left out) in SQL; tests check the two agree on random
    histories. It exists for speed at city scale. A round other than 1 and 2 is counted live.
    """
    if round_no not in ROUNDS:
        return _live_counts(store=store, round_no=round_no, only=only)
    rows = store.db.execute(
        "SELECT compound, eligible, agree, disagree, abstain, no_response, pending "
        "FROM compound_counts WHERE round = ?",
        [round_no],
    ).fetchall()
    return _counts(rows, only)


def _live_counts(*, store: Store, round_no: int, only: set[str] | None) -> dict[str, Counts]:
    rows = store.db.execute(_COUNTS_BY_COMPOUND, {"round": round_no}).fetchall()
    return _counts(rows, only)


def _counts(rows: list[Any], only: set[str] | None) -> dict[str, Counts]:
    return {
        str(compound): Counts(
            eligible=eligible,
            agree=agree or 0,
            disagree=disagree or 0,
            abstain=abstain or 0,
            no_response=no_response or 0,
            pending=pending or 0,
        )
        for compound, eligible, agree, disagree, abstain, no_response, pending in rows
        if only is None or compound in only
    }


def tied_compounds(counts: dict[str, Counts]) -> set[str]:
    """Compounds sharing their exact approval rate with another: only they need the other
    round's rate (the first tie-break), so only they are counted twice."""
    by_rate: dict[Fraction, list[str]] = defaultdict(list)
    for code, c in counts.items():
        by_rate[Fraction(c.agree, c.eligible) if c.eligible else Fraction(0)].append(code)
    return {code for codes in by_rate.values() if len(codes) > 1 for code in codes}


def rank_inputs(*, store: Store, round_no: int) -> list[RankInput]:
    other = 2 if round_no == 1 else 1
    counts = counts_by_compound(store=store, round_no=round_no)
    other_counts = counts_by_compound(store=store, round_no=other, only=tied_compounds(counts))
    states = all_round_states(store=store, round_no=round_no)
    entries = []
    for compound in list_compounds(store=store):
        state = states.get(compound.code) or RoundState(
            compound.code, round_no, RoundStatus.NOT_OPENED, ConsentRule()
        )
        mine = counts.get(compound.code, Counts())
        theirs = other_counts.get(compound.code, Counts())
        if state.rule.double_majority:
            passed = compute_tally(store=store, compound=compound.code, round_no=round_no).passed
        else:
            passed = state.rule.passes(mine.agree, mine.eligible)
        entries.append(
            RankInput(
                compound=compound.code,
                name=compound.name,
                round_no=round_no,
                status=state.status,
                eligible=mine.eligible,
                agree=mine.agree,
                passed=passed,
                other_agree=theirs.agree,
                other_eligible=theirs.eligible,
            )
        )
    return entries


def ranking(*, store: Store, round_no: int = 1) -> list[Ranked]:
    return rank_compounds(rank_inputs(store=store, round_no=round_no))


def ranking_json(*, store: Store, round_no: int = 1) -> list[dict[str, object]]:
    return [
        {
            "position": r.position,
            "compound": r.entry.compound,
            "name": r.entry.name,
            "round": r.entry.round_no,
            "eligible": r.entry.eligible,
            "agree": r.entry.agree,
            "rate": r.entry.rate_text(),
            "passed": r.entry.passed,
            "status": r.entry.standing.value,
        }
        for r in ranking(store=store, round_no=round_no)
    ]
