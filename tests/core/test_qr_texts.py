"""The texts on printed QR codes, and reading them back from a scanner."""

from fractions import Fraction

import pytest

from survey_app.core.errors import InvalidInput
from survey_app.core.ids import HouseholdId
from survey_app.core.qr_texts import (
    BallotRef,
    VerificationFigures,
    looks_like_ballot_text,
    looks_like_verification_text,
    make_ballot_text,
    make_survey_text,
    make_verification_text,
    notice_statement,
    parse_ballot_text,
    parse_verification_text,
    try_parse_ballot_text,
)
from survey_app.core.rules import ConsentRule

FIGURES = VerificationFigures(
    compound="NH-001",  # type: ignore[arg-type]
    round_no=1,
    eligible=157,
    agree=126,
    disagree=20,
    abstain=5,
    no_response=4,
    pending=2,
    fingerprint="3fa9c2e1b2c4",
)
TEXT = "SA1|NH-001|R1|E157|A126|D20|B5|N4|P2|F3fa9c2e1b2c4"


def test_verification_text_format() -> None:
    assert make_verification_text(FIGURES) == TEXT


def test_the_fingerprint_is_cut_to_twelve_hex_digits() -> None:
    full = VerificationFigures(**{**FIGURES.__dict__, "fingerprint": "AB" * 32})
    assert make_verification_text(full).endswith("|Fabababababab")


@pytest.mark.parametrize(
    "scanned",
    [
        TEXT,
        f"  {TEXT}\r\n",
        TEXT.lower(),
        TEXT.replace("|", " | "),
        TEXT.replace("|", "\uff5c"),
        "SA1|NH-001|F3fa9c2e1b2c4|R1|A126|E157|D20|N4|B5|P2",
        TEXT.replace("NH-001", "nh-001"),
        TEXT + "|",
    ],
)
def test_parse_verification_text_forgives_scanners(scanned: str) -> None:
    figures = parse_verification_text(scanned)
    assert figures == FIGURES


def test_round_trip() -> None:
    assert parse_verification_text(make_verification_text(FIGURES)) == FIGURES


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("hello", "SA2"),
        ("SAB|NH-001/3-2-501|R1", "SA2"),
        ("SA1|NH-001|R1|E157|A126|D20|B5|N4|P2", "F"),
        ("SA1|NH-001|R3|E157|A126|D20|B5|N4|P2|F3fa9c2e1", "轮次"),
        ("SA1|NH-001|R1|E1x7|A126|D20|B5|N4|P2|F3fa9c2e1", "E"),
        ("SA1|NH-001|R1|E157|A126|A12|D20|B5|N4|P2|F3fa9c2e1", "两次"),
        ("SA1|NH-001|R1|E157|A126|D20|B5|N4|P2|Fxyz", "十六进制"),
        ("SA1|NH-001|R1|E157|A126|D20|B5|N4|P2|Q1|F3fa9c2e1", "Q1"),
        ("SA1|NH 001!|R1|E157|A126|D20|B5|N4|P2|F3fa9c2e1", "小区编码"),
    ],
)
def test_bad_verification_texts_say_why(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_verification_text(text)
    assert reason in error.value.message
    assert "\n" not in error.value.message


def test_ballot_text() -> None:
    assert make_ballot_text("NH-001/3-2-501", 1) == "SAB|NH-001/3-2-501|R1"
    assert make_ballot_text("nh-001/3幢2单元501室", 2) == "SAB|NH-001/3-2-501|R2"


@pytest.mark.parametrize(
    "scanned",
    [
        "SAB|NH-001/3-2-501|R1",
        " SAB|NH-001/3-2-501|R1\n",
        "sab|nh-001/3-2-501|r1",
        "SAB\uff5cNH-001/3-2-501\uff5cR1",
    ],
)
def test_parse_ballot_text(scanned: str) -> None:
    ref = parse_ballot_text(scanned)
    assert ref == BallotRef("NH-001/3-2-501", 1)  # type: ignore[arg-type]
    assert ref.compound == "NH-001"
    assert try_parse_ballot_text(scanned) == ref
    assert looks_like_ballot_text(scanned)


@pytest.mark.parametrize(
    "text",
    ["3-2-501", "张三", "SAB|NH-001|R1", "SAB|NH-001/3-2-501|R3", "SAB|NH-001/3-2-501|1", ""],
)
def test_other_search_texts_are_not_ballots(text: str) -> None:
    assert try_parse_ballot_text(text) is None


def test_a_malformed_ballot_text_says_why() -> None:
    with pytest.raises(InvalidInput, match="征询意见表二维码"):
        parse_ballot_text("SAB|NH-001/??|R1")


def test_the_two_kinds_are_told_apart() -> None:
    assert looks_like_verification_text(TEXT)
    assert not looks_like_verification_text("SAB|NH-001/3-2-501|R1")
    assert not looks_like_ballot_text(TEXT)


RULED = VerificationFigures(
    **{**FIGURES.__dict__, "rule": ConsentRule(Fraction(4, 5), True), "verdict": "deferred"}
)
TEXT2 = "SA2|NH-001|R1|E157|A126|D20|B5|N4|P2|T4/5|I1|M0|VD|F3fa9c2e1b2c4"


def test_the_sa2_text_states_the_rule_and_the_verdict() -> None:
    assert make_verification_text(RULED) == TEXT2
    assert notice_statement(RULED) == TEXT2
    assert parse_verification_text(TEXT2) == RULED
    strict = VerificationFigures(
        **{**RULED.__dict__, "rule": ConsentRule(Fraction(2, 3), False, True), "verdict": "passed"}
    )
    assert "|T2/3|I0|M1|VP|" in notice_statement(strict)


@pytest.mark.parametrize(
    "scanned",
    [
        TEXT2.lower(),
        TEXT2.replace("|", "\uff5c").replace("/", "、"),
        "SA2|NH-001|VD|M0|I1|T4/5|F3fa9c2e1b2c4|R1|A126|E157|D20|N4|B5|P2",
        f" {TEXT2} \r\n",
    ],
)
def test_the_statement_of_a_scanned_text_is_the_canonical_one(scanned: str) -> None:
    """What the office signs is rebuilt exactly from whatever a scanner typed."""
    assert notice_statement(parse_verification_text(scanned)) == TEXT2


def test_an_sa1_text_still_reads_without_rule_or_verdict() -> None:
    figures = parse_verification_text(TEXT)
    assert (figures.rule, figures.verdict) == (None, None)
    assert looks_like_verification_text(TEXT) and looks_like_verification_text(TEXT2)
    with pytest.raises(ValueError, match="rule"):
        notice_statement(figures)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (TEXT2.replace("|T4/5", ""), "T"),
        (TEXT2.replace("T4/5", "T80%"), "T4/5"),
        (TEXT2.replace("T4/5", "T5/4"), "T4/5"),
        (TEXT2.replace("T4/5", "T0/5"), "T4/5"),
        (TEXT2.replace("I1", "I2"), "0 或 1"),
        (TEXT2.replace("VD", "VX"), "P、D、R 或 S"),
        (TEXT.replace("|F", "|T4/5|F"), "T4/5"),
    ],
)
def test_bad_rule_fields_say_why(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_verification_text(text)
    assert reason in error.value.message


def test_survey_text_names_the_household_and_the_form() -> None:
    text = make_survey_text("NH-001/3-2-501", "needs_survey")
    assert text == "SAB|NH-001/3-2-501|Fneeds_survey"
    assert parse_ballot_text(text) == BallotRef(HouseholdId("NH-001/3-2-501"), None, "needs_survey")
    typed = " sab｜nh-001/3-2-501｜Fneeds_survey\n"  # a scanner through a Chinese input method
    assert parse_ballot_text(typed).form == "needs_survey"
    assert parse_ballot_text("SAB|NH-001/3-2-501|R2").form is None


@pytest.mark.parametrize("form", ["", "1abc", "a'b", "x" * 80])
def test_a_survey_text_needs_a_form_id(form: str) -> None:
    with pytest.raises(InvalidInput):
        make_survey_text("NH-001/3-2-501", f"{form} ")
    with pytest.raises(InvalidInput):
        make_survey_text("NH-001/3-2-501", form)
    with pytest.raises(InvalidInput) as refused:
        parse_ballot_text(f"SAB|NH-001/3-2-501|F{form}")
    assert refused.value.code == "bad_ballot_text"
