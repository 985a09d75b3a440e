import random
from decimal import Decimal
from fractions import Fraction

import pytest

from survey_app.core.errors import InvalidInput
from survey_app.core.rules import ConsentRule
from survey_app.core.tally import HouseholdFact, RoundStatus, fingerprint, tally_round
from survey_app.core.votes import (
    Choice,
    VoteFact,
    current_heads,
    effective_outcomes,
    late_votes,
    parse_choice,
)

A, D, X = Choice.AGREE, Choice.DISAGREE, Choice.ABSTAIN


def vote(
    vid: str,
    household: str,
    choice: Choice,
    *,
    device: str = "d1",
    seq: int = 1,
    at: str = "2027-01-01T00:00:00Z",
    replaces: tuple[str, ...] = (),
) -> VoteFact:
    return VoteFact(vid, household, 1, choice, device, seq, at, replaces)


def test_a_changed_vote_counts_once_as_the_new_choice() -> None:
    votes = [vote("v1", "h1", D, seq=1), vote("v2", "h1", A, seq=2, replaces=("v1",))]
    outcome = effective_outcomes(votes)["h1"]
    assert outcome.choice is A
    assert not outcome.conflict
    assert [v.id for v in outcome.heads] == ["v2"]


def test_votes_from_two_laptops_that_differ_are_a_conflict() -> None:
    votes = [vote("v1", "h1", A, device="d1"), vote("v2", "h1", D, device="d2")]
    outcome = effective_outcomes(votes)["h1"]
    assert outcome.conflict
    assert outcome.choice is None
    assert {v.id for v in current_heads(votes, "h1")} == {"v1", "v2"}


def test_the_same_choice_twice_is_not_a_conflict() -> None:
    votes = [vote("v1", "h1", A, device="d1"), vote("v2", "h1", A, device="d2", at="2027-01-02")]
    outcome = effective_outcomes(votes)["h1"]
    assert not outcome.conflict
    assert outcome.effective.id == "v2"


def test_a_vote_replacing_both_resolves_the_conflict() -> None:
    votes = [
        vote("v1", "h1", A, device="d1"),
        vote("v2", "h1", D, device="d2"),
        vote("v3", "h1", D, device="d1", seq=2, replaces=("v1", "v2")),
    ]
    assert effective_outcomes(votes)["h1"].choice is D


def test_late_votes_are_kept_but_not_counted() -> None:
    votes = [
        vote("v1", "h1", D, seq=1),
        vote("v2", "h1", A, seq=5, replaces=("v1",)),
        vote("v3", "h2", A, device="d2", seq=1),
    ]
    cutoff = {"d1": 3}
    outcomes = effective_outcomes(votes, cutoff)
    assert outcomes["h1"].choice is D, "the late replacement does not un-count the earlier vote"
    assert "h2" not in outcomes, "a device the close never saw is late entirely"
    assert {v.id for v in late_votes(votes, cutoff)} == {"v2", "v3"}
    assert late_votes(votes, None) == []


def test_choice_words_in_both_languages() -> None:
    assert parse_choice("同意") is A
    assert parse_choice(" Disagree ") is D
    assert parse_choice("弃权") is X
    with pytest.raises(InvalidInput, match="意见"):
        parse_choice("maybe")


def households(n: int, building: str = "1", area: str | None = "50") -> list[HouseholdFact]:
    return [HouseholdFact(f"{building}-{i}", building, True, area) for i in range(n)]


def test_tally_divides_by_all_eligible_households_not_returned_forms() -> None:
    homes = households(157)
    votes = [vote(f"v{i}", homes[i].id, A) for i in range(126)]
    votes += [vote(f"d{i}", homes[126 + i].id, D) for i in range(10)]
    outcomes = effective_outcomes(votes)
    tally = tally_round(
        households=homes, outcomes=outcomes, rule=ConsentRule(), status=RoundStatus.OPEN
    )
    c = tally.counts
    assert (c.eligible, c.agree, c.disagree, c.no_response) == (157, 126, 10, 21)
    assert tally.rate == "80.25"
    assert tally.passed
    assert tally.needed == 0
    one_less = effective_outcomes(votes[1:])
    failed = tally_round(
        households=homes, outcomes=one_less, rule=ConsentRule(), status=RoundStatus.OPEN
    )
    assert not failed.passed and failed.needed == 1


def test_conflicts_are_pending_and_ineligible_households_do_not_count() -> None:
    homes = [*households(4), HouseholdFact("x", "2", eligible=False)]
    votes = [
        vote("a", "1-0", A),
        vote("b", "1-0", D, device="d2"),
        vote("c", "1-1", X),
        vote("d", "x", A),
    ]
    tally = tally_round(
        households=homes,
        outcomes=effective_outcomes(votes),
        rule=ConsentRule(),
        status=RoundStatus.OPEN,
    )
    c = tally.counts
    assert (c.eligible, c.agree, c.abstain, c.pending, c.no_response) == (4, 0, 1, 1, 2)
    assert c.eligible == c.agree + c.disagree + c.abstain + c.no_response + c.pending


def test_zero_eligible_households_never_pass() -> None:
    tally = tally_round(
        households=[], outcomes={}, rule=ConsentRule(Fraction(1, 100)), status=RoundStatus.OPEN
    )
    assert not tally.passed
    assert tally.rate == "0.00"


def test_double_majority_needs_the_area_share_too() -> None:
    big = [HouseholdFact(f"b{i}", "1", True, "200") for i in range(2)]
    small = [HouseholdFact(f"s{i}", "1", True, "50") for i in range(8)]
    votes = [vote(f"v{i}", h.id, A) for i, h in enumerate(small)]
    rule = ConsentRule(Fraction(3, 4), double_majority=True)
    tally = tally_round(
        households=big + small,
        outcomes=effective_outcomes(votes),
        rule=rule,
        status=RoundStatus.OPEN,
    )
    assert tally.counts.agree == 8 and tally.rule.passes(8, 10)
    assert tally.area_rate == "50.00"
    assert not tally.passed, "households reach 80% but area only 50%"


def test_per_building_breakdown_in_numeric_order() -> None:
    homes = households(3, "10") + households(2, "2")
    votes = [vote("v", "10-0", A)]
    tally = tally_round(
        households=homes,
        outcomes=effective_outcomes(votes),
        rule=ConsentRule(),
        status=RoundStatus.OPEN,
    )
    assert list(tally.by_building) == ["2", "10"]
    assert tally.by_building["10"].agree == 1
    assert tally.by_building["2"].no_response == 2


def test_fingerprint_changes_with_any_effective_vote() -> None:
    votes = [vote("v1", "h1", A), vote("v2", "h2", D)]
    base = fingerprint(effective_outcomes(votes))
    assert base == fingerprint(effective_outcomes(list(reversed(votes))))
    changed = [*votes, vote("v3", "h2", A, seq=2, replaces=("v2",))]
    assert fingerprint(effective_outcomes(changed)) != base
    assert len(base) == 64


def test_the_area_still_needed_is_the_least_that_passes() -> None:
    big = [HouseholdFact(f"b{i}", "1", True, "200") for i in range(2)]
    small = [HouseholdFact(f"s{i}", "1", True, "50") for i in range(8)]
    votes = [vote(f"v{i}", h.id, A) for i, h in enumerate(small)]
    rule = ConsentRule(Fraction(3, 4), double_majority=True)
    tally = tally_round(households=big + small, outcomes=effective_outcomes(votes), rule=rule,
                        status=RoundStatus.OPEN)  # fmt: skip
    assert (tally.agree_area_text, tally.eligible_area_text) == ("400.00", "800.00")
    assert tally.needed == 0 and tally.area_needed == "200.00"
    rng = random.Random(13)
    for _ in range(300):
        areas = [
            f"{rng.randint(20, 180)}.{rng.randint(0, 99):02d}" for _ in range(rng.randint(1, 9))
        ]
        facts = [HouseholdFact(f"h{i}", "1", True, a) for i, a in enumerate(areas)]
        agreeing = [vote(f"v{i}", f.id, A) for i, f in enumerate(facts) if rng.random() < 0.6]
        strict = ConsentRule(Fraction(rng.randint(1, 9), 10), rng.random() < 0.5, True)
        t = tally_round(households=facts, outcomes=effective_outcomes(agreeing), rule=strict,
                        status=RoundStatus.OPEN)  # fmt: skip
        more = Fraction(Decimal(t.area_needed))
        reached = strict.passes_area(t.agree_area, t.eligible_area)
        assert (more == 0) == reached or (not strict.inclusive and more == 0)
        if more:  # that much more passes (超过: any bit more), one cent less does not
            bit = Fraction(0) if strict.inclusive else Fraction(1, 10**6)
            assert strict.passes_area(t.agree_area + more + bit, t.eligible_area)
            assert not strict.passes_area(t.agree_area + more - Fraction(1, 100), t.eligible_area)
