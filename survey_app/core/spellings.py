"""Reading a word a person typed (同意, agree, yes …) as the value it names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

V = TypeVar("V")


def by_spelling(spellings: Mapping[V, tuple[str, ...]]) -> dict[str, V]:
    """Each accepted spelling (lower case) → its value, from value → its spellings."""
    return {spelling: value for value, words in spellings.items() for spelling in words}
