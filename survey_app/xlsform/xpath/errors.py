"""A mistake in an expression, with the character position it was found at."""

from __future__ import annotations

from survey_app.core.vocabulary import Words


class ExpressionError(Exception):
    """`reason` and `hint` in both languages; str() is the English, `words` both."""

    def __init__(
        self, reason: Words, position: int, *, hint: Words | None = None, placed: bool = True
    ) -> None:
        super().__init__(reason.en)
        self.placed = placed  # False: the mistake is the whole expression (it is empty)
        self.reason = reason
        self.position = position
        self.hint = hint

    @property
    def words(self) -> Words:
        where = self.position + 1
        hint_zh = f"({self.hint.zh})" if self.hint else ""
        hint_en = f" ({self.hint.en})" if self.hint else ""
        at = f"第 {where} 个字符处" if self.placed else ""
        return Words(
            f"{at}{self.reason.zh}{hint_zh}",
            f"{self.reason.en} at character {where}{hint_en}",
        )

    def __str__(self) -> str:
        return self.words.en
