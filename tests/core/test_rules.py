from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from survey_app.core.errors import InvalidInput
from survey_app.core.rules import (
    ConsentRule,
    minimum_agree,
    parse_threshold,
    passes_threshold,
    rate_text,
)
from survey_app.core.vocabulary import rule_words

EIGHTY = Fraction(4, 5)


@pytest.mark.parametrize(
    ("agree", "eligible", "passes"),
    [
        (80, 100, True),
        (79, 100, False),
        (125, 157, False),
        (126, 157, True),
        (79, 99, False),
        (80, 99, True),
        (0, 0, False),
        (1, 1, True),
        (5945, 6018, True),
    ],
)
def test_eighty_percent_inclusive_boundaries(agree: int, eligible: int, passes: bool) -> None:
    assert passes_threshold(agree, eligible, EIGHTY, inclusive=True) is passes


def test_strict_excludes_the_boundary() -> None:
    assert not passes_threshold(80, 100, EIGHTY, inclusive=False)
    assert passes_threshold(81, 100, EIGHTY, inclusive=False)
    two_thirds = Fraction(2, 3)
    assert passes_threshold(2, 3, two_thirds, inclusive=True)
    assert not passes_threshold(2, 3, two_thirds, inclusive=False)


def test_157_households_need_126_agrees() -> None:
    rule = ConsentRule()
    assert minimum_agree(157, EIGHTY, inclusive=True) == 126
    assert rule.needed(118, 157) == 8
    assert rule.needed(126, 157) == 0


@given(
    eligible=st.integers(0, 400),
    data=st.data(),
    num=st.integers(1, 12),
    den=st.integers(1, 12),
    inclusive=st.booleans(),
)
def test_rule_agrees_with_exact_fractions(
    eligible: int, data: st.DataObject, num: int, den: int, inclusive: bool
) -> None:
    threshold = Fraction(min(num, den), den)
    agree = data.draw(st.integers(0, eligible))
    expected = eligible > 0 and (
        Fraction(agree, eligible) >= threshold
        if inclusive
        else Fraction(agree, eligible) > threshold
    )
    assert passes_threshold(agree, eligible, threshold, inclusive=inclusive) is expected
    least = minimum_agree(eligible, threshold, inclusive=inclusive)
    if least <= eligible:
        assert passes_threshold(least, eligible, threshold, inclusive=inclusive)
        assert least == 0 or not passes_threshold(
            least - 1, eligible, threshold, inclusive=inclusive
        )
    else:
        assert not passes_threshold(eligible, eligible, threshold, inclusive=inclusive)


@given(eligible=st.integers(1, 10000), data=st.data())
def test_rate_is_rounded_half_up_from_the_exact_value(eligible: int, data: st.DataObject) -> None:
    agree = data.draw(st.integers(0, eligible))
    exact = Fraction(agree * 10000, eligible)  # hundredths of a percent
    whole = int(exact)
    expected = whole + (1 if exact - whole >= Fraction(1, 2) else 0)
    assert rate_text(agree, eligible) == f"{expected // 100}.{expected % 100:02d}"


def test_rate_examples() -> None:
    assert rate_text(126, 157) == "80.25"
    assert rate_text(5945, 6018) == "98.79"
    assert rate_text(1, 8) == "12.50"
    assert rate_text(0, 0) == "0.00"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("80%", Fraction(4, 5)),
        ("4/5", Fraction(4, 5)),
        ("0.8", Fraction(4, 5)),
        ("2/3", Fraction(2, 3)),
        ("90％", Fraction(9, 10)),
        ("66.5%", Fraction(133, 200)),
        ("1", Fraction(1)),
        ("100%", Fraction(1)),
    ],
)
def test_threshold_spellings(text: str, value: Fraction) -> None:
    assert parse_threshold(text) == value


@pytest.mark.parametrize("bad", ["", "abc", "0", "0%", "120%", "5/4", "1/0", "-0.5", "80", "0.8.1"])
def test_malformed_thresholds_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInput, match="通过比例"):
        parse_threshold(bad)


def test_rule_in_words() -> None:
    assert rule_words(ConsentRule()) == "同意户数达到应征询户数80%以上(含80%)"
    strict = ConsentRule(Fraction(2, 3), inclusive=False)
    assert rule_words(strict) == "同意户数超过应征询户数2/3(不含2/3)"
    assert "floor area" in rule_words(ConsentRule(double_majority=True), "en")


def test_double_majority_by_area() -> None:
    rule = ConsentRule(Fraction(3, 4), double_majority=True)
    assert rule.passes_area(Fraction(75), Fraction(100))
    assert not rule.passes_area(Fraction(749, 10), Fraction(100))
    assert not rule.passes_area(Fraction(0), Fraction(0))
