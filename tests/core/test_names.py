"""Pinyin and its initials spell a head of household's name."""

from __future__ import annotations

import pytest

from survey_app.core.names import parse_syllables, pinyin_match, pinyin_query, spelled_name

LIU_WEIJUN = parse_syllables("liu wei jun")


@pytest.mark.parametrize(
    "typed",
    ["liuwj", "lwj", "liuweijun", "LiuWeiJun", "LWJ", "liu wei jun", "liu'weijun", "lweij",
     "liuw", "liu", "l", "ｌｉｕｗｊ"],
)  # fmt: skip
def test_pinyin_and_initials_spell_the_name_from_the_surname(typed):
    letters = pinyin_query(typed)
    assert letters is not None
    assert pinyin_match(letters, LIU_WEIJUN) == 0


def test_a_query_may_spell_the_given_name_alone():
    assert pinyin_match("weijun", LIU_WEIJUN) == 1
    assert pinyin_match("wj", LIU_WEIJUN) == 1


@pytest.mark.parametrize("typed", ["lwjx", "liuyang", "lj", "wl", "junwei", "iu"])
def test_other_letters_do_not_spell_it(typed):
    assert pinyin_match(typed, LIU_WEIJUN) is None


def test_every_reading_of_a_heteronym_spells_it():
    zeng = parse_syllables("zeng|ceng guo qiang")
    assert pinyin_match("zgq", zeng) == 0
    assert pinyin_match("cengguoqiang", zeng) == 0
    assert spelled_name(zeng) == "zeng guo qiang"


@pytest.mark.parametrize("typed", ["刘伟军", "138", "3-2-501", "", "  ", "liu2"])
def test_only_latin_letters_are_a_pinyin_query(typed):
    assert pinyin_query(typed) is None
