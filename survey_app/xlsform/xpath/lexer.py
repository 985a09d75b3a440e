"""Splits expression text into tokens; rejects the usual typing slips with a hint."""

from __future__ import annotations

import re
from dataclasses import dataclass

from survey_app.core.vocabulary import Words
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
UNCLOSED = Words("引号里的文字没有用引号结束,请补上配对的引号", "a quoted text is not closed")
SLIPS = {
    "‘": UNCLOSED,
    "“": UNCLOSED,
    "＝": Words("请改用半角等号 =", "use a half-width ="),
    "！": Words("请改用半角的 !=", "use a half-width !="),
    "==": Words("比较相等只写一个 =", "compare with a single ="),
    "&&": Words("“并且”请写 and", "write and"),
    "||": Words("“或者”请写 or", "write or"),
    "!": Words("“不等于”请写 !=,“非”请写 not(...)", "write != or not(...)"),
    "${": Words("${ 缺少配对的 }", "a ${ is not closed with }"),
    "'": UNCLOSED,
    '"': UNCLOSED,
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
        raise ExpressionError(
            Words(
                f"的 {text} 不是题目引用(应写作 ${{题目名}})", f"{text} is not a question reference"
            ),
            position,
        )
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
            return ExpressionError(
                Words(f"不应出现 {slip!r}", f"unexpected {slip!r}"), position, hint=hint
            )
    mark = text[position]
    return ExpressionError(
        Words(f"不应出现字符 {mark!r}", f"unexpected character {mark!r}"), position
    )


def ref_parts(token_text: str) -> tuple[str, bool]:
    """The question name inside `${...}` and whether it reads the last saved form."""
    match = REF_BODY.fullmatch(token_text[2:-1].strip())
    assert match is not None
    return match.group(2), match.group(1) is not None
