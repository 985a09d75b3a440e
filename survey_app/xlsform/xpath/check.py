"""Static checks of a parsed expression: functions, argument counts, references, paths."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

import regex

from survey_app.xlsform.xpath.evaluate import choice_name_target
from survey_app.xlsform.xpath.functions import FUNCTIONS, UNSUPPORTED
from survey_app.xlsform.xpath.nodes import (
    Binary,
    Call,
    ColumnName,
    Literal,
    Node,
    Parent,
    Path,
    Ref,
    walk,
)
from survey_app.xlsform.xpath.patterns import compiled


@dataclass(frozen=True)
class Issue:
    unsupported: bool  # False: a mistake in the form; True: a feature the app cannot honour
    feature: str
    reason: str
    warning: bool = False  # ODK runs it (with a meaning the author may not intend): a notice


@dataclass(frozen=True)
class Rules:
    is_question: Callable[[str], bool]
    columns: Collection[str] | None = None  # choice columns, for a choice_filter
    in_repeat: bool = False


def check(tree: Node, rules: Rules) -> list[Issue]:
    issues: list[Issue] = []
    for node in walk(tree):
        issues.extend(_check_node(node, rules))
    issues.extend(_misplaced_parents(tree))
    return issues


def references(tree: Node) -> set[str]:
    """The question names an expression reads, including jr:choice-name's quoted one."""
    names = {node.name for node in walk(tree) if isinstance(node, Ref)}
    for node in walk(tree):
        if isinstance(node, Call) and node.function == "jr:choice-name" and len(node.args) == 2:
            target = choice_name_target(node.args[1])
            names |= {target} if target else set()
    return names


def _check_node(node: Node, rules: Rules) -> list[Issue]:
    if isinstance(node, Ref):
        return _check_ref(node, rules)
    if isinstance(node, ColumnName):
        return _check_column(node, rules)
    if isinstance(node, Path):
        return [Issue(True, node.text, "XPath paths are not supported; refer to ${question}")]
    if isinstance(node, Binary) and node.operator == "|":
        return [Issue(True, "|", "node-set union is not supported")]
    if isinstance(node, Call):
        return _check_call(node, rules)
    return []


def _check_ref(node: Ref, rules: Rules) -> list[Issue]:
    if rules.is_question(node.name):
        return []
    return [Issue(False, f"${{{node.name}}}", "no question has this name")]


def _check_column(node: ColumnName, rules: Rules) -> list[Issue]:
    if rules.columns is None and node.name == "null":
        return []  # an empty node-set in XPath, as ODK reads it
    if rules.columns is None and node.name in ("true", "false"):
        return [Issue(False, node.name, f"a bare name is not a value here; write {node.name}()")]
    if rules.columns is None:
        hint = f"write ${{{node.name}}} to use a question's answer, or quote text: '{node.name}'"
        reason = f"ODK reads a bare name as a path to nothing, that is blank; {hint}"
        return [Issue(False, node.name, reason, warning=True)]
    if node.name in rules.columns:
        return []
    reason = "the choices sheet has no such column; ODK reads it as blank"
    return [Issue(False, node.name, reason, warning=True)]


def _check_call(node: Call, rules: Rules) -> list[Issue]:
    name = node.function
    if name in UNSUPPORTED:
        return [Issue(True, f"{name}()", UNSUPPORTED[name])]
    function = FUNCTIONS.get(name)
    if function is None:
        return [Issue(False, f"{name}()", "unknown function")]
    count = len(node.args)
    if count < function.min_args or (function.max_args is not None and count > function.max_args):
        return [Issue(False, f"{name}()", f"takes {_arity(function.min_args, function.max_args)}")]
    return _special_call(node, rules)


def _arity(low: int, high: int | None) -> str:
    if high == low:
        return f"{low} argument(s)"
    return f"at least {low} arguments" if high is None else f"{low} to {high} arguments"


def _special_call(node: Call, rules: Rules) -> list[Issue]:
    name, args = node.function, node.args
    if name == "position":
        return _check_position(node, rules)
    if name == "indexed-repeat" and (
        len(args) % 2 == 0 or not all(isinstance(arg, Ref) for arg in args[0::2][:1] + args[1::2])
    ):
        return [Issue(False, "indexed-repeat()", "write indexed-repeat(${q}, ${repeat}, n)")]
    if name == "jr:choice-name":
        return _check_choice_name(node, rules)
    if name == "regex" and isinstance(args[1], Literal):
        return _check_pattern(str(args[1].value))
    return []


def _check_position(node: Call, rules: Rules) -> list[Issue]:
    if len(node.args) != 1 or not isinstance(node.args[0], Parent):
        return [Issue(True, "position()", "only position(..) is supported")]
    if not rules.in_repeat:
        return [Issue(False, "position(..)", "is only meaningful inside a repeat")]
    return []


def _check_choice_name(node: Call, rules: Rules) -> list[Issue]:
    target = choice_name_target(node.args[1])
    if target is None:
        return [Issue(False, "jr:choice-name()", "write jr:choice-name(${q}, '${q}')")]
    if not rules.is_question(target):
        return [Issue(False, f"${{{target}}}", "no question has this name")]
    return []


def _check_pattern(pattern: str) -> list[Issue]:
    try:
        compiled(pattern)
    except regex.error as error:
        return [Issue(False, "regex()", f"the pattern {pattern!r} is invalid: {error}")]
    return []


def _misplaced_parents(tree: Node) -> list[Issue]:
    inside_position = {
        id(arg)
        for node in walk(tree)
        if isinstance(node, Call) and node.function == "position"
        for arg in node.args
    }
    if any(isinstance(n, Parent) and id(n) not in inside_position for n in walk(tree)):
        return [Issue(True, "..", "'..' is only supported in position(..)")]
    return []
