"""The syntax tree of a parsed expression."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Literal:
    value: str | float


@dataclass(frozen=True)
class Ref:
    """`${name}`; `${last-saved#name}` reads the last form saved on this device."""

    name: str
    last_saved: bool = False
    sibling: bool = False  # written ../name: the question must be in the same group


@dataclass(frozen=True)
class Current:
    """`.`: the value of the question the expression belongs to."""


@dataclass(frozen=True)
class Parent:
    """`..`: only meaningful as the argument of position(..)."""


@dataclass(frozen=True)
class ColumnName:
    """A bare name: in a choice_filter, a column of the choices sheet (`cf`, `label::English`)."""

    name: str


@dataclass(frozen=True)
class Path:
    """An XPath location path (`/data/x`, `instance('x')/root/item`): kept to be reported."""

    text: str


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Binary:
    operator: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Negate:
    operand: Node


Node = Literal | Ref | Current | Parent | ColumnName | Path | Call | Binary | Negate


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children."""
    yield node
    if isinstance(node, Call):
        for arg in node.args:
            yield from walk(arg)
    elif isinstance(node, Binary):
        yield from walk(node.left)
        yield from walk(node.right)
    elif isinstance(node, Negate):
        yield from walk(node.operand)
