"""A head's name as the pinyin syllables search compares with, computed as it is written."""

from __future__ import annotations

import pytest

from survey_app.core.names import syllables_text
from survey_app.store.search_keys import name_pinyin, name_syllables


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
    assert name_pinyin(name) == syllables_text(syllables)


def test_the_stored_pinyin_is_the_syllables_written_out():
    """name_pinyin (what the projection stores) builds from each character's text: the same
    text as the syllables, for names of any characters, Latin words, digits and signs."""
    import random

    rng = random.Random(7)
    alphabet = [chr(rng.randint(0x3400, 0x9FFF)) for _ in range(300)]
    alphabet += [*"曾单乐行长重", *"\uf900\uf901", "Ｌｉ", "Anna", " ", "2", "(", "·", "ê"]
    for _ in range(2000):
        name = "".join(rng.choices(alphabet, k=rng.randint(0, 5)))
        assert name_pinyin(name) == syllables_text(name_syllables(name)), name


def test_a_heteronym_keeps_every_reading():
    zeng, *_rest = name_syllables("曾国强")
    assert set(zeng) == {"zeng", "ceng"}


def test_every_character_reads_as_pypinyin_reads_it():
    """The readings come from pypinyin's table, read as a file (store/search_keys.py): for every
    character a name can hold, they are what pypinyin itself gives, in its order."""
    import re

    from pypinyin import Style, pinyin

    from survey_app.store.search_keys import character_readings, reading_table

    assert reading_table(), "the table is read from the installed pypinyin"
    latin = re.compile(r"[a-z]+")
    characters = [chr(c) for r in ((0x3400, 0xA000), (0xF900, 0xFB00)) for c in range(*r)]
    differ = []
    for character in characters:
        found = pinyin(character, style=Style.NORMAL, heteronym=True, errors="ignore")
        readings = found[0] if found else []
        expected = tuple(dict.fromkeys(r for r in readings if latin.fullmatch(r)))
        if character_readings(character) != expected:
            differ.append((character, character_readings(character), expected))
    assert not differ
    assert character_readings("欸") == ("ai", "xie", "ei")  # ê̄, ế…: not Latin letters
    assert character_readings("绿") == ("lv", "lu")


def test_without_the_table_pypinyin_is_asked(monkeypatch):
    from survey_app.store import search_keys

    search_keys.character_readings.cache_clear()
    monkeypatch.setattr(search_keys, "reading_table", lambda: None)
    try:
        assert search_keys.character_readings("曾")[:2] in (("zeng", "ceng"), ("ceng", "zeng"))
        assert search_keys.character_readings("绿") == ("lv", "lu")
    finally:
        search_keys.character_readings.cache_clear()
