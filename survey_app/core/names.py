"""Finding a head of household by the pinyin a surveyor types on a Latin keyboard.

A name's pinyin is kept as syllables, one per character, each with its possible readings
(`liu wei jun`, `zeng|ceng guo`). A query matches when it spells consecutive syllables, each
by a non-empty beginning of one of its readings: `liuweijun`, `lwj`, `liuwj`, `LiuWeiJun`
all spell 刘伟军. Pure functions; the pinyin itself is computed where names are written.
"""

from __future__ import annotations

import re
import unicodedata

Syllables = list[tuple[str, ...]]
_LETTERS = re.compile(r"[a-z]+")


def pinyin_query(text: str) -> str | None:
    """The letters of a query that is pinyin (Latin letters, spaces, apostrophes), lowercased;
    None for any other query."""
    written = unicodedata.normalize("NFKC", text).strip().lower()
    letters = re.sub(r"[\s'’]+", "", written)
    return letters if letters and _LETTERS.fullmatch(letters) else None


def syllables_text(syllables: Syllables) -> str:
    """How syllables are stored: readings joined by `|`, syllables by spaces."""
    return " ".join("|".join(readings) for readings in syllables if readings)


def parse_syllables(text: str | None) -> Syllables:
    return [tuple(part.split("|")) for part in (text or "").split()]


def spelled_name(syllables: Syllables) -> str:
    """The first reading of each syllable, as the result list shows it: `liu wei jun`."""
    return " ".join(readings[0] for readings in syllables if readings)


def pinyin_match(query: str, syllables: Syllables) -> int | None:
    """The syllable the query starts spelling at (0 for the surname), or None."""
    for start in range(len(syllables)):
        if _spells(query, syllables, start):
            return start
    return None


def _spells(query: str, syllables: Syllables, index: int) -> bool:
    if not query:
        return True
    if index >= len(syllables):
        return False
    for reading in syllables[index]:
        for length in range(min(len(reading), len(query)), 0, -1):
            if query[:length] == reading[:length] and _spells(query[length:], syllables, index + 1):
                return True
    return False
