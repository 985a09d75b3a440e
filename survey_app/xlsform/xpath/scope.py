"""What an expression can see: answers, the current question, its repeat instance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from survey_app.core.vocabulary import Words
from survey_app.xlsform.xpath.values import Value


class EvaluationError(Exception):
    """An expression failed while the form was being filled in (a bad pattern, a bad reference).

    `words` says why in both languages; str() is the English."""

    def __init__(self, words: Words) -> None:
        super().__init__(words.en)
        self.words = words


class Scope(Protocol):
    def lookup(self, name: str) -> Value:
        """`${name}`: one value, or a NodeSet for a question inside another repeat."""
        ...

    def last_saved(self, name: str) -> Value: ...

    def current(self) -> Value:
        """`.`"""
        ...

    def column(self, name: str) -> Value:
        """A bare name in a choice_filter: that column of the choice being filtered."""
        ...

    def position(self) -> int:
        """position(..): the 1-based number of the current repeat instance."""
        ...

    def indexed(self, field: str, indexes: list[tuple[str, int]]) -> Value:
        """indexed-repeat(): `field` in the given (repeat, 1-based index) instances."""
        ...

    def choice_label(self, question: str, choice: str) -> str: ...

    def once(self, compute: Callable[[], Value]) -> Value:
        """The value already stored for the current question, else `compute()`."""
        ...

    def now(self) -> dt.datetime: ...
