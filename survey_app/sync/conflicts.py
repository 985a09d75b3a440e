"""Conflicts: households whose votes from two laptops, neither seeing the other, disagree.

Such a household counts as awaiting verification (待核实) until someone records a vote that
replaces both, on a laptop that has both; that vote syncs like any other record.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from survey_app.core.vocabulary import word
from survey_app.core.votes import effective_outcomes
from survey_app.store.database import Store
from survey_app.store.households import get_household
from survey_app.store.rounds import round_state
from survey_app.store.voids import standing_voids
from survey_app.store.votes import VoteRow, vote_rows


@dataclass(frozen=True)
class Conflict:
    compound: str
    household: str
    address: str
    round_no: int
    votes: tuple[VoteRow, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "compound": self.compound,
            "household": self.household,
            "address": self.address,
            "round": self.round_no,
            "votes": [
                {
                    "id": v.id,
                    "choice": v.choice.value,
                    "choice_zh": word(v.choice),
                    "signer": v.signer,
                    "surveyor": v.surveyor,
                    "device": v.device,
                    "device_name": v.device_name,
                    "time": v.created_at,
                }
                for v in self.votes
            ],
        }


def _candidates(store: Store, compound: str | None) -> dict[tuple[str, int], list[str]]:
    """Household-rounds whose outcome awaits verification (store/projection.py: standing
    votes of more than one choice): the only ones that can conflict. Read by the index of
    those (m019), not from every vote."""
    where = "AND compound = ?" if compound else ""
    rows = store.db.execute(
        f"SELECT compound, round, household FROM outcomes WHERE kind = 'pending' {where}",
        [compound] if compound else [],
    ).fetchall()
    found: dict[tuple[str, int], list[str]] = defaultdict(list)
    for code, round_no, household in rows:
        found[(str(code), int(round_no))].append(str(household))
    return found


def list_conflicts(*, store: Store, compound: str | None = None) -> list[Conflict]:
    """Every unresolved conflict, by compound, round and address, with its competing votes."""
    conflicts = []
    for (code, round_no), households in sorted(_candidates(store, compound).items()):
        cutoff = round_state(store=store, compound=code, round_no=round_no).cutoff
        for household in households:
            rows = {r.id: r for r in vote_rows(store=store, household=household,
                                                round_no=round_no)}  # fmt: skip
            voided = {v.vote for v in standing_voids(
                store=store, household=household, round_no=round_no, cutoff=cutoff)}  # fmt: skip
            facts = (r.fact() for r in rows.values())
            outcome = effective_outcomes(facts, cutoff, voided).get(household)
            if outcome and outcome.conflict:
                known = get_household(store=store, id=household)
                address = known.address if known else household.partition("/")[2]
                votes = tuple(rows[v.id] for v in outcome.heads)
                conflicts.append(Conflict(code, household, address, round_no, votes))
    return sorted(conflicts, key=lambda c: (c.compound, c.round_no, c.address))


def count_conflicts(*, store: Store, compound: str | None = None) -> int:
    return len(list_conflicts(store=store, compound=compound))


CACHE_KEY = "conflicts_counted"


def current_conflict_count(*, store: Store) -> int:
    """The number of conflicts, remembered with the newest record it saw, so that a sync with
    nothing new does not count again (counting reads every household with changed votes)."""
    newest = int(store.db.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()[0])
    seen, _, count = (store.meta(CACHE_KEY) or "").partition(":")
    if seen == str(newest) and count.isdigit():
        return int(count)
    counted = count_conflicts(store=store)
    with store.transaction():
        store.set_meta(CACHE_KEY, f"{newest}:{counted}")
    return counted
