"""Evaluates a parsed expression against a Scope, with XPath 1.0 comparison rules."""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections.abc import Callable

from survey_app.core.vocabulary import Words
from survey_app.xlsform.xpath.functions import FUNCTIONS, java_int_value
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
from survey_app.xlsform.xpath.scope import EvaluationError, Scope
from survey_app.xlsform.xpath.values import (
    TINY,
    Value,
    first,
    to_boolean,
    to_number,
    to_string,
)

RELATIONS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def evaluate(node: Node, scope: Scope) -> Value:
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Ref):
        return scope.last_saved(node.name) if node.last_saved else scope.lookup(node.name)
    if isinstance(node, Current):
        return scope.current()
    if isinstance(node, ColumnName):
        return scope.column(node.name)
    if isinstance(node, Negate):
        return -to_number(evaluate(node.operand, scope))
    if isinstance(node, Binary):
        return _binary(node, scope)
    if isinstance(node, Call):
        return _call(node, scope)
    assert isinstance(node, Parent | Path)
    text = node.text if isinstance(node, Path) else ".."
    raise EvaluationError(Words(f"无法计算路径 {text}", f"cannot evaluate the path {text}"))


def evaluate_boolean(node: Node, scope: Scope) -> bool:
    return to_boolean(evaluate(node, scope))


def _binary(node: Binary, scope: Scope) -> Value:
    if node.operator == "or":
        return evaluate_boolean(node.left, scope) or evaluate_boolean(node.right, scope)
    if node.operator == "and":
        return evaluate_boolean(node.left, scope) and evaluate_boolean(node.right, scope)
    # As in ODK Collect, each side is one value: a question answered in several repeat
    # instances is an error here (RepeatedValue), not XPath's any-of-the-nodes comparison.
    left, right = first(evaluate(node.left, scope)), first(evaluate(node.right, scope))
    if node.operator in ("=", "!="):
        return _equal(left, right) == (node.operator == "=")
    if node.operator in RELATIONS:
        return RELATIONS[node.operator](to_number(left), to_number(right))
    return _arithmetic(node.operator, to_number(left), to_number(right))


def _equal(left: Value, right: Value) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return to_boolean(left) == to_boolean(right)
    if isinstance(left, float) or isinstance(right, float):
        return abs(to_number(left) - to_number(right)) < TINY
    if isinstance(left, dt.date) and isinstance(right, dt.date):
        return to_number(left) == to_number(right)
    return to_string(left) == to_string(right)


def _arithmetic(symbol: str, left: float, right: float) -> float:
    if symbol == "+":
        return left + right
    if symbol == "-":
        return left - right
    if symbol == "*":
        return left * right
    if symbol == "div":
        return _divide(left, right)
    if symbol == "mod":
        return math.fmod(left, right) if right != 0 else math.nan
    raise EvaluationError(Words(f"不支持运算符 {symbol}", f"operator {symbol!r} is not supported"))


def _divide(left: float, right: float) -> float:
    if right != 0:
        return left / right
    if left == 0 or math.isnan(left):
        return math.nan
    return math.copysign(math.inf, left) * math.copysign(1, right)


def _call(node: Call, scope: Scope) -> Value:
    name, args = node.function, node.args
    if name == "if":
        branch = args[1] if evaluate_boolean(args[0], scope) else args[2]
        return evaluate(branch, scope)
    if name == "once":
        return scope.once(lambda: evaluate(args[0], scope))
    if name == "position":
        return float(scope.position())
    if name == "indexed-repeat":
        return _indexed_repeat(args, scope)
    if name == "jr:choice-name":
        return _choice_name(args, scope)
    function = FUNCTIONS.get(name)
    if function is None or function.impl is None:
        raise EvaluationError(
            Words(f"本应用不支持函数 {name}()", f"function {name}() is not supported")
        )
    return function.impl([evaluate(arg, scope) for arg in args], scope)


def _indexed_repeat(args: tuple[Node, ...], scope: Scope) -> Value:
    field = args[0]
    if not isinstance(field, Ref):
        raise EvaluationError(
            Words(
                "indexed-repeat() 的第一个参数应为 ${题目}",
                "indexed-repeat() needs a ${question} as its first argument",
            )
        )
    indexes: list[tuple[str, int]] = []
    for repeat, index in zip(args[1::2], args[2::2], strict=False):
        if not isinstance(repeat, Ref):
            raise EvaluationError(
                Words(
                    "indexed-repeat() 的重复组应写作 ${重复组}",
                    "indexed-repeat() needs ${repeat} names",
                )
            )
        # As in ODK Collect: the index is truncated; 0, negative and NaN mean the first.
        indexes.append((repeat.name, max(1, java_int_value(to_number(evaluate(index, scope))))))
    return scope.indexed(field.name, indexes)


def _choice_name(args: tuple[Node, ...], scope: Scope) -> Value:
    question = choice_name_target(args[1])
    if question is None:
        raise EvaluationError(
            Words(
                "jr:choice-name() 的第二个参数应写作 '${题目}'",
                "jr:choice-name() needs '${question}' as its second argument",
            )
        )
    return scope.choice_label(question, to_string(evaluate(args[0], scope)))


def choice_name_target(node: Node) -> str | None:
    """The question named by jr:choice-name's second argument, written '${name}'."""
    if isinstance(node, Ref):
        return node.name
    if isinstance(node, Literal) and isinstance(node.value, str):
        text = node.value.strip()
        if text.startswith("${") and text.endswith("}"):
            return text[2:-1].strip()
    return None
