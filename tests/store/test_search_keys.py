"""A head's name as the pinyin syllables search compares with, computed as it is written."""

from __future__ import annotations

import pytest

from survey_app.store.search_keys import name_syllables


@pytest.mark.parametrize(
    ("name", "syllables"),
    [
        ("刘伟军", [("liu",), ("wei",), ("jun",)]),
        ("吕丽", [("lv",), ("li",)]),
        ("John Smith", [("john",), ("smith",)]),
        ("Ｌｉ明", [("li",), ("ming", "meng")]),
        ("刘伟军(租户)", [("liu",), ("wei",), ("jun",), ("zu", "ju"), ("hu",)]),
        ("王 芳2", [("wang", "yu"), ("fang",)]),
        ("", []),
        (None, []),
    ],
)
def test_name_syllables(name, syllables):
    assert name_syllables(name) == syllables


def test_a_heteronym_keeps_every_reading():
    zeng, *_rest = name_syllables("曾国强")
    assert set(zeng) == {"zeng", "ceng"}
