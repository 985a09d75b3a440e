"""A mistake in an expression, with the character position it was found at."""

from __future__ import annotations


class ExpressionError(Exception):
    def __init__(self, reason: str, position: int, *, hint: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.position = position
        self.hint = hint

    def __str__(self) -> str:
        where = f"at character {self.position + 1}"
        return f"{self.reason} {where}" + (f" ({self.hint})" if self.hint else "")
