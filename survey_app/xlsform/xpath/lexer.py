"""Splits expression text into tokens; rejects the usual typing slips with a hint."""

from __future__ import annotations

import re
from dataclasses import dataclass

from survey_app.xlsform.xpath.errors import ExpressionError

NAME = r"[^\W\d][\w.\-]*(?:::?[^\W\d][\w.\-]*)?"
TOKEN_PATTERNS = [
    ("space", r"[\s\u3000]+"),
    ("number", r"\d+(?:\.\d*)?|\.\d+"),
    ("string", r"'[^']*'|\"[^\"]*\"|[‘’][^‘’]*[‘’]|[“”][^“”]*[“”]"),
    ("ref", r"\$\{[^}]*\}"),
    ("name", NAME),
    ("op", r"!=|<=|>=|\.\.|[=<>+\-*|(),/\[\]@.（），]"),
]
SCANNER = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in TOKEN_PATTERNS))
REF_BODY = re.compile(rf"(last-saved#)?({NAME})")

FULL_WIDTH = {"（": "(", "）": ")", "，": ","}
CURLY_QUOTES = "‘’“”"
SLIPS = {
    "‘": "a quoted text is not closed",
    "“": "a quoted text is not closed",
    "＝": "use a half-width = (半角等号)",
    "！": "use a half-width != (半角符号)",
    "==": "compare with a single =",
    "&&": "write and",
    "||": "write or",
    "!": "write != or not(...)",
    "${": "a ${ is not closed with }",
    "'": "a quoted text is not closed",
    '"': "a quoted text is not closed",
}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    position: int
    lenient: bool = False  # written with curly quotes or full-width punctuation (中文标点)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = SCANNER.match(text, position)
        if match is None or _is_slip(text, position):
            raise _slip_error(text, position)
        if match.lastgroup != "space":
            tokens.append(_token(match.lastgroup or "", match.group(), position))
        position = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


def _token(kind: str, text: str, position: int) -> Token:
    if kind == "ref" and REF_BODY.fullmatch(text[2:-1].strip()) is None:
        raise ExpressionError(f"{text} is not a question reference", position)
    if text in FULL_WIDTH:
        return Token(kind, FULL_WIDTH[text], position, lenient=True)
    return Token(kind, text, position, lenient=kind == "string" and text[0] in CURLY_QUOTES)


def lenient_marks(text: str) -> list[str]:
    """Curly quotes and full-width punctuation the expression uses, read as plain ASCII."""
    try:
        return [text[t.position] for t in tokenize(text) if t.lenient]
    except ExpressionError:
        return []


def _is_slip(text: str, position: int) -> bool:
    return text.startswith(("==", "&&", "||"), position)


def _slip_error(text: str, position: int) -> ExpressionError:
    for slip, hint in SLIPS.items():
        if text.startswith(slip, position):
            return ExpressionError(f"unexpected {slip!r}", position, hint=hint)
    return ExpressionError(f"unexpected character {text[position]!r}", position)


def ref_parts(token_text: str) -> tuple[str, bool]:
    """The question name inside `${...}` and whether it reads the last saved form."""
    match = REF_BODY.fullmatch(token_text[2:-1].strip())
    assert match is not None
    return match.group(2), match.group(1) is not None
