"""Recursive-descent parser for XLSForm expressions (XPath 1.0 operator precedence)."""

from __future__ import annotations

import re

from survey_app.core.vocabulary import Words
from survey_app.xlsform.xpath.errors import ExpressionError
from survey_app.xlsform.xpath.lexer import Token, ref_parts, tokenize
from survey_app.xlsform.xpath.nodes import (
    Binary,
    Call,
    ColumnName,
    Current,
    Literal,
    Negate,
    Node,
    Parent,
    Path,
    Ref,
)

LEVELS: list[tuple[str, ...]] = [
    ("or",),
    ("and",),
    ("=", "!="),
    ("<", "<=", ">", ">="),
    ("+", "-"),
    ("*", "div", "mod"),
]
PATH_TOKENS = {"/", "..", ".", "@", "*"}
VALUE_EXPECTED = Words("应为一个值(数字、带引号的文字、${题目名}或函数)", "expected a value")
SIBLING = re.compile(r"\.\./\s*([^\W\d][\w.\-]*)")


def parse(text: str) -> Node:
    """The syntax tree of `text`; raises ExpressionError naming the position of a mistake."""
    parser = _Parser(text, tokenize(text))
    if parser.peek().kind == "end":
        empty = Words("公式是空的(只有空格);请写公式或清空单元格", "the expression is empty")
        raise ExpressionError(empty, 0, placed=False)
    node = parser.expression()
    parser.expect_end()
    return node


class _Parser:
    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.index = 0

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.peek()
        self.index += 1
        return token

    def at(self, *texts: str) -> bool:
        token = self.peek()
        return token.kind in ("op", "name") and token.text in texts

    def expect(self, text: str) -> None:
        if not self.at(text):
            raise self.error(Words(f"应为 {text!r}", f"expected {text!r}"))
        self.take()

    def expect_end(self) -> None:
        if self.peek().kind != "end":
            raise self.error(Words("不应再有内容(公式在此之前已完整)", "unexpected text"))

    def error(self, reason: Words) -> ExpressionError:
        token = self.peek()
        at_end = token.kind == "end"
        found = Words(
            "公式已结束" if at_end else f"这里是 {token.text!r}",
            f"found {'the end of the expression' if at_end else repr(token.text)}",
        )
        return ExpressionError(
            Words(f"{reason.zh},{found.zh}", f"{reason.en}, {found.en}"), token.position
        )

    def expression(self, level: int = 0) -> Node:
        if level == len(LEVELS):
            return self.unary()
        node = self.expression(level + 1)
        while self.at(*LEVELS[level]):
            operator = self.take().text
            node = Binary(operator, node, self.expression(level + 1))
        return node

    def unary(self) -> Node:
        if self.at("-") and self.peek().kind == "op":
            self.take()
            return Negate(self.unary())
        node = self.primary()
        while self.at("|") and self.peek().kind == "op":
            self.take()
            node = Binary("|", node, self.primary())
        return node

    def primary(self) -> Node:
        start = self.peek().position
        node = self._primary_value()
        if self.at("/", "[") and self.peek().kind == "op":
            return self._path(start)
        return node

    def _primary_value(self) -> Node:
        token = self.peek()
        if token.kind == "number":
            self.take()
            return Literal(float(token.text))
        if token.kind == "string":
            self.take()
            return Literal(token.text[1:-1])
        if token.kind == "ref":
            self.take()
            return Ref(*ref_parts(token.text))
        if token.kind == "name":
            return self._name_or_call()
        if token.kind == "op":
            return self._punctuation(token)
        raise self.error(VALUE_EXPECTED)

    def _punctuation(self, token: Token) -> Node:
        if token.text == "(":
            self.take()
            node = self.expression()
            self.expect(")")
            return node
        if token.text in ("/", "@", "*"):
            return self._path(token.position)
        if token.text == ".":
            self.take()
            return Current()
        if token.text == "..":
            self.take()
            return Parent()
        raise self.error(VALUE_EXPECTED)

    def _name_or_call(self) -> Node:
        name = self.take().text
        if not self.at("("):
            return ColumnName(name)
        self.take()
        args: list[Node] = []
        if not self.at(")"):
            args.append(self.expression())
            while self.at(","):
                self.take()
                args.append(self.expression())
        self.expect(")")
        return Call(name, tuple(args))

    def _path(self, start: int) -> Node:
        depth = 0
        while self.peek().kind != "end":
            token = self.peek()
            if depth == 0 and not self._continues_path(token):
                break
            depth += {"[": 1, "]": -1}.get(token.text, 0) if token.kind == "op" else 0
            self.take()
        end = self.tokens[self.index - 1]
        text = self.text[start : end.position + len(end.text)].strip()
        sibling = SIBLING.fullmatch(text)
        return Ref(sibling.group(1), sibling=True) if sibling else Path(text)

    def _continues_path(self, token: Token) -> bool:
        if token.kind == "op":
            return token.text in PATH_TOKENS or token.text == "["
        previous = self.tokens[self.index - 1]
        return token.kind == "name" and previous.text in ("/", "@")
