from survey_app.core.ranking import RankInput, Standing, rank_compounds
from survey_app.core.tally import RoundStatus


def entry(
    code: str,
    agree: int,
    eligible: int,
    *,
    passed: bool = True,
    status: RoundStatus = RoundStatus.CLOSED,
    other: tuple[int, int] = (0, 0),
) -> RankInput:
    return RankInput(code, code, 1, status, eligible, agree, passed, other[0], other[1])


def order(entries: list[RankInput]) -> list[str]:
    return [r.entry.compound for r in rank_compounds(entries)]


def test_passed_first_by_exact_rate_then_deferred() -> None:
    ranked = order(
        [
            entry("C", 81, 100),
            entry("D", 10, 100, passed=False),
            entry("A", 90, 100),
            entry("B", 820, 999),
        ]
    )
    assert ranked == ["A", "B", "C", "D"]


def test_rates_are_compared_exactly_not_rounded() -> None:
    # 2/3 = 66.666..% and 6667/10000 = 66.67% round to the same figure; the exact order holds.
    ranked = order([entry("X", 2, 3), entry("Y", 6667, 10000)])
    assert ranked == ["Y", "X"]


def test_ties_by_other_round_then_size_then_code() -> None:
    ranked = order(
        [
            entry("B", 90, 100, other=(50, 100)),
            entry("A", 90, 100, other=(60, 100)),
            entry("D", 45, 50),
            entry("C", 45, 50),
            entry("E", 180, 200),
        ]
    )
    assert ranked == ["A", "B", "E", "C", "D"]


def test_open_and_not_opened_rounds_sit_between_passed_and_deferred() -> None:
    entries = [
        entry("F", 1, 100, passed=False),
        entry("N", 0, 100, passed=False, status=RoundStatus.NOT_OPENED),
        entry("O", 50, 100, passed=False, status=RoundStatus.OPEN),
        entry("P", 80, 100),
    ]
    ranked = rank_compounds(entries)
    assert [r.entry.compound for r in ranked] == ["P", "O", "N", "F"]
    assert [r.entry.standing for r in ranked] == [
        Standing.PASSED,
        Standing.OPEN,
        Standing.NOT_OPENED,
        Standing.DEFERRED,
    ]
    assert [r.position for r in ranked] == [1, 2, 3, 4]
