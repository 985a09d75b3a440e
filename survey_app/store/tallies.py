"""Tallies and the ranking, computed from the stored votes with the core's rules."""

from __future__ import annotations

from survey_app.core.ranking import Ranked, RankInput, rank_compounds
from survey_app.core.tally import Tally, tally_round
from survey_app.core.votes import Outcome, effective_outcomes, late_votes
from survey_app.store.compounds import list_compounds
from survey_app.store.database import Store
from survey_app.store.households import households_of
from survey_app.store.rounds import round_state
from survey_app.store.votes import round_vote_facts


def round_outcomes(*, store: Store, compound: str, round_no: int) -> tuple[dict[str, Outcome], int]:
    """Each household's outcome in the round, and how many votes came in late."""
    state = round_state(store=store, compound=compound, round_no=round_no)
    votes = round_vote_facts(store=store, compound=compound, round_no=round_no)
    return effective_outcomes(votes, state.cutoff), len(late_votes(votes, state.cutoff))


def compute_tally(*, store: Store, compound: str, round_no: int) -> Tally:
    state = round_state(store=store, compound=compound, round_no=round_no)
    outcomes, late = round_outcomes(store=store, compound=compound, round_no=round_no)
    households = [h.fact() for h in households_of(store=store, compound=compound)]
    return tally_round(
        households=households, outcomes=outcomes, rule=state.rule, status=state.status, late=late
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
        "fingerprint": state.fingerprint,
    }


def rank_inputs(*, store: Store, round_no: int) -> list[RankInput]:
    other = 2 if round_no == 1 else 1
    entries = []
    for compound in list_compounds(store=store):
        tally = compute_tally(store=store, compound=compound.code, round_no=round_no)
        other_tally = compute_tally(store=store, compound=compound.code, round_no=other)
        entries.append(
            RankInput(
                compound=compound.code,
                name=compound.name,
                round_no=round_no,
                status=tally.status,
                eligible=tally.counts.eligible,
                agree=tally.counts.agree,
                passed=tally.passed,
                other_agree=other_tally.counts.agree,
                other_eligible=other_tally.counts.eligible,
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
