"""Votes and the effective vote of a household in a round.

A new vote names the votes it replaces; nothing is edited or deleted. The effective vote is
the latest vote no other vote replaces. When two laptops each recorded a vote for the same
household and round without seeing the other and the choices differ, the household is in
conflict: it counts as "not agree" until a vote that replaces both is recorded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from survey_app.core.errors import InvalidInput
from survey_app.core.spellings import by_spelling


class Choice(StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"
    ABSTAIN = "abstain"


class Relation(StrEnum):
    SELF = "self"
    FAMILY = "family"
    PROXY = "proxy"


class Channel(StrEnum):
    DOOR = "door"
    PAPER = "paper"
    MEETING = "meeting"
    PHONE = "phone"
    ONLINE = "online"


_CHOICE_WORDS = by_spelling(
    {
        Choice.AGREE: ("agree", "yes", "同意"),
        Choice.DISAGREE: ("disagree", "no", "不同意"),
        Choice.ABSTAIN: ("abstain", "弃权"),
    }
)
_RELATION_WORDS = by_spelling(
    {Relation.SELF: ("self", "本人"), Relation.FAMILY: ("family", "家庭成员"),
     Relation.PROXY: ("proxy", "受托人")}
)  # fmt: skip
_CHANNEL_WORDS = by_spelling(
    {Channel.DOOR: ("door", "入户"), Channel.PAPER: ("paper", "书面回收", "书面"),
     Channel.MEETING: ("meeting", "现场"), Channel.PHONE: ("phone", "电话核实", "电话"),
     Channel.ONLINE: ("online", "线上")}
)  # fmt: skip


def parse_choice(text: str) -> Choice:
    if (choice := _CHOICE_WORDS.get(_key(text))) is None:
        raise InvalidInput(code="bad_choice", value=text)
    return choice


def parse_relation(text: str) -> Relation:
    if (relation := _RELATION_WORDS.get(_key(text))) is None:
        raise InvalidInput(code="bad_relation", value=text)
    return relation


def parse_channel(text: str) -> Channel:
    if (channel := _CHANNEL_WORDS.get(_key(text))) is None:
        raise InvalidInput(code="bad_channel", value=text)
    return channel


def _key(text: str) -> str:
    return text.strip().lower()


@dataclass(frozen=True)
class VoteFact:
    """What the tally needs to know of one recorded vote."""

    id: str
    household: str
    round_no: int
    choice: Choice
    device: str
    seq: int
    created_at: str
    replaces: tuple[str, ...] = ()

    def sort_key(self) -> tuple[str, str]:
        return (self.created_at, self.id)


Cutoff = Mapping[str, int]
"""For a closed round: the highest sequence number of each device the close counted."""


def is_counted(vote: VoteFact, cutoff: Cutoff | None) -> bool:
    return cutoff is None or vote.seq <= cutoff.get(vote.device, 0)


@dataclass(frozen=True)
class Outcome:
    """A household's state in a round: its effective choice, or a conflict between heads."""

    household: str
    heads: tuple[VoteFact, ...]

    @property
    def conflict(self) -> bool:
        return len({v.choice for v in self.heads}) > 1

    @property
    def choice(self) -> Choice | None:
        return None if self.conflict else self.effective.choice

    @property
    def effective(self) -> VoteFact:
        return max(self.heads, key=VoteFact.sort_key)


def effective_outcomes(
    votes: Iterable[VoteFact], cutoff: Cutoff | None = None, voided: Collection[str] = ()
) -> dict[str, Outcome]:
    """Each household's outcome from the votes of one round (late votes left out).

    A voided vote counts for nothing: the votes it replaced are in force again, unless a vote
    still standing replaced them through it (A ← B ← C with B voided: C stands, A does not)."""
    counted = {v.id: v for v in votes if is_counted(v, cutoff)}
    replaced = _reached(counted, [v for v in counted.values() if v.id not in voided])
    heads: dict[str, list[VoteFact]] = defaultdict(list)
    for vote in counted.values():
        if vote.id not in replaced and vote.id not in voided:
            heads[vote.household].append(vote)
    return {
        household: Outcome(household, tuple(sorted(hs, key=VoteFact.sort_key)))
        for household, hs in heads.items()
    }


def _reached(counted: Mapping[str, VoteFact], standing: Iterable[VoteFact]) -> set[str]:
    """The votes replaced, directly or through other (possibly voided) votes, by `standing`."""
    reached: set[str] = set()
    todo = [old for v in standing for old in v.replaces]
    while todo:
        vote_id = todo.pop()
        if vote_id not in reached:
            reached.add(vote_id)
            if (vote := counted.get(vote_id)) is not None:
                todo.extend(vote.replaces)
    return reached


def late_votes(votes: Iterable[VoteFact], cutoff: Cutoff | None) -> list[VoteFact]:
    return [] if cutoff is None else [v for v in votes if not is_counted(v, cutoff)]


def current_heads(
    votes: Iterable[VoteFact], household: str, voided: Collection[str] = ()
) -> list[VoteFact]:
    """The votes a new vote for this household must name as replaced."""
    mine = (v for v in votes if v.household == household)
    outcome = effective_outcomes(mine, voided=voided).get(household)
    return list(outcome.heads) if outcome else []
