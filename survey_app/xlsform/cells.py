"""Cells with meaning beyond text: yes/no flags, expressions, parameters, names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from survey_app.core.vocabulary import Words
from survey_app.xlsform.cleaning import SMART_QUOTES
from survey_app.xlsform.findings import Finding, found
from survey_app.xlsform.model import Expression
from survey_app.xlsform.xpath import ExpressionError, parse
from survey_app.xlsform.xpath.lexer import lenient_marks

# As pyxform writes them for ODK: these spellings become true() / false(); "1" and "0" are
# XPath numbers. Anything else is an expression, and a bare word (T, y, 是) is a path to no
# node, which ODK Collect evaluates as false.
YES = {"yes", "true", "1", "true()"}
NO = {"", "no", "false", "0", "false()"}
# In required / read_only, exactly pyxform's spellings (pyxform.aliases.yes_no): `yEs` is a
# bare word, `TRUE()` an expression, as ODK reads them.
FLAG_YES = {"yes", "Yes", "YES", "true", "True", "TRUE", "true()", "1"}
FLAG_NO = {"", "no", "No", "NO", "false", "False", "FALSE", "false()", "0"}
# pyxform writes these whole cells of relevant, constraint and calculation as true() / false()
# (aliases.BINDING_CONVERSIONS), so `relevant = FALSE` is never relevant in ODK.
CONVERTED = {
    **dict.fromkeys(["yes", "Yes", "YES", "true", "True", "TRUE"], "true()"),
    **dict.fromkeys(["no", "No", "NO", "false", "False", "FALSE"], "false()"),
}
CONVERTED_COLUMNS = {"relevant", "constraint", "calculation"}
NAME = re.compile(r"[^\W\d][\w.\-]*")
DYNAMIC_DEFAULT = re.compile(r"\$\{|[\w\-:]+\s*\(")


@dataclass
class Place:
    """Where a cell is, so a finding can name it."""

    sheet: str
    row: int
    name: str | None = None
    findings: list[Finding] = field(default_factory=list)

    def add(
        self, severity: str, code: str, detail: Words, column: str | None, text: str = ""
    ) -> None:
        finding = found(severity, code, detail, self.sheet, self.row, column, self.name, text)  # type: ignore[arg-type]
        self.findings.append(finding)


def expression(place: Place, column: str, text: str) -> Expression | None:
    """The parsed expression (a cell's curly quotes are already straight: see cleaning)."""
    source = CONVERTED.get(text.strip(), text) if column in CONVERTED_COLUMNS else text
    try:
        parsed = Expression(text, parse(source.translate(SMART_QUOTES)))
    except ExpressionError as error:
        place.add("error", "bad_expression", error.words, column, text)
        return None
    marks = lenient_marks(text)
    if marks:
        shown = "".join(sorted(set(marks)))
        detail = Words(
            f"全角符号 {shown} 已按半角引号/标点读取;请改用半角(英文)符号",
            f"{shown} read as plain quotes/punctuation",
        )
        place.add("ignored", "full_width", detail, column, text)
    return parsed


def flag(place: Place, column: str, text: str) -> bool | Expression:
    """required / read_only: yes, TRUE, 1 ... or an expression such as ${age} > 60."""
    written = text.strip()
    if written in FLAG_YES:
        return True
    if written in FLAG_NO:
        return False
    if NAME.fullmatch(text.strip()):
        detail = Words(
            f"{column} 应填 yes 或 no(或一个公式);ODK Collect 把这个词当作不存在的引用,"
            "即按 no 处理",
            f"{column} should be yes or no (or an expression); ODK Collect reads this word as "
            "a reference to nothing, that is no",
        )
        place.add("ignored", "bad_flag", detail, column, text)
        return False
    parsed = expression(place, column, text)
    return parsed if parsed is not None else False


def default_value(place: Place, text: str) -> str | Expression | None:
    if not text:
        return None
    if DYNAMIC_DEFAULT.search(text):
        return expression(place, "default", text)
    return text


PARAMETER = re.compile(r"([^\s=,;]+)[\s,;]*=[\s,;]*([^\s=,;]+)")
CASE_KEPT = {"label", "value"}  # name columns of a file, matched as written


def parameters(text: str) -> dict[str, str]:
    """`start=1 end=10;step=1`, as pyxform reads it: keys and values lower-case (but label
    and value), pairs apart by spaces, commas or semicolons."""
    pairs = ((key.lower(), value) for key, value in PARAMETER.findall(text))
    return {key: value if key in CASE_KEPT else value.lower() for key, value in pairs}


def is_valid_name(name: str) -> bool:
    return NAME.fullmatch(name) is not None
