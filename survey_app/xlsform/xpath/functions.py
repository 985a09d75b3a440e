"""The XPath and ODK functions the app evaluates, with how many arguments each takes."""

from __future__ import annotations

import math
import random
import sys
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal

from survey_app.xlsform.xpath import dates, patterns
from survey_app.xlsform.xpath.scope import Scope
from survey_app.xlsform.xpath.values import (
    NodeSet,
    Value,
    is_empty,
    to_boolean,
    to_number,
    to_string,
)

Impl = Callable[[Sequence[Value], Scope], Value]


@dataclass(frozen=True)
class Function:
    min_args: int
    max_args: int | None
    impl: Impl | None = None  # None: a special form the evaluator handles itself


# Functions a form may use that the app cannot honour, with the reason given to the user.
UNSUPPORTED = {
    "pulldata": "reads a CSV file attached to the form",
    "instance": "reads secondary data instances",
    "current": "refers to secondary data instances",
    "search": "queries a CSV file attached to the form",
    "version": "reads the form version at run time",
    "property": "reads device properties",
    "digest": "computes cryptographic digests",
    "base64-decode": "decodes attached data",
    "encrypt-string": "encrypts data",
    "area": "measures map shapes",
    "distance": "measures map shapes",
    "randomize": "shuffles choice lists",
    "last": "uses XPath node sets",
    "name": "uses XPath node sets",
    "local-name": "uses XPath node sets",
}


def items(value: Value) -> tuple[Value, ...]:
    return value.items if isinstance(value, NodeSet) else (value,)


def flat(args: Sequence[Value]) -> list[Value]:
    return [item for arg in args for item in items(arg)]


def _number_fn(fn: Callable[[float], float]) -> Impl:
    def impl(args: Sequence[Value], scope: Scope) -> Value:
        try:
            return float(fn(to_number(args[0])))
        except (ValueError, OverflowError):
            return math.nan

    return impl


def _int(number: float) -> float:
    return float(math.trunc(number)) if math.isfinite(number) else math.nan


def _round(args: Sequence[Value], scope: Scope) -> Value:
    """ODK's round(number, places): halves go up for positive numbers and toward zero for
    negative ones (round(-2.5) = -2); negative places round to tens, hundreds..."""
    number = to_number(args[0])
    places = java_int_value(to_number(args[1])) if len(args) > 1 else 0
    if not math.isfinite(number):
        return number
    if abs(places) > 30:
        return math.nan
    if places >= 0:
        method = ROUND_HALF_DOWN if number < 0 else ROUND_HALF_UP
        exponent = Decimal(1).scaleb(-places)
        return float(Decimal(repr(number)).quantize(exponent, rounding=method))
    scaled = float(Decimal(repr(number)).scaleb(places))
    return float(Decimal(math.trunc(scaled + 0.5)).scaleb(-places))


def java_int_value(number: float) -> int:
    """Java's Double.intValue(): NaN is 0, and the 32-bit limits saturate."""
    if math.isnan(number):
        return 0
    if math.isinf(number):
        return 2**31 - 1 if number > 0 else -(2**31)
    return max(-(2**31), min(2**31 - 1, math.trunc(number)))


def _pow(args: Sequence[Value], scope: Scope) -> Value:
    try:
        return float(math.pow(to_number(args[0]), to_number(args[1])))
    except (ValueError, OverflowError):
        return math.nan


def _sum(args: Sequence[Value], scope: Scope) -> Value:
    """Blank, non-relevant and non-numeric values are left out, as ODK Collect does."""
    numbers = (to_number(item) for item in items(args[0]))
    return float(sum(n for n in numbers if not math.isnan(n)))


def _max(args: Sequence[Value], scope: Scope) -> Value:
    """The largest number, blanks left out; NaN when there is none. As in ODK Collect, the
    search starts from the smallest positive number, so negative values give 0 (JavaRosa)."""
    numbers = [n for n in (to_number(item) for item in _extreme_args(args)) if not math.isnan(n)]
    return max([5e-324, *numbers]) if numbers else math.nan


def _min(args: Sequence[Value], scope: Scope) -> Value:
    """The smallest number, blanks left out; NaN when there is none."""
    numbers = [n for n in (to_number(item) for item in _extreme_args(args)) if not math.isnan(n)]
    return min([sys.float_info.max, *numbers]) if numbers else math.nan


def _extreme_args(args: Sequence[Value]) -> Sequence[Value]:
    if len(args) == 1 and isinstance(args[0], NodeSet):
        return args[0].items
    return args


def _selected(args: Sequence[Value], scope: Scope) -> Value:
    """As ODK Collect tests it: ' chosen ' contains ' name ', so selected(${blank}, '') is
    true and a name is found only between single spaces."""
    return f" {to_string(args[1]).strip()} " in f" {to_string(args[0])} "


def _selected_at(args: Sequence[Value], scope: Scope) -> Value:
    chosen = to_string(args[0]).split()
    index = to_number(args[1])
    return chosen[int(index)] if math.isfinite(index) and 0 <= index < len(chosen) else ""


def _regex(args: Sequence[Value], scope: Scope) -> Value:
    return patterns.matches(to_string(args[1]), to_string(args[0]))


def _substr(args: Sequence[Value], scope: Scope) -> Value:
    """substr(text, start[, end]), 0-based; a negative start or end counts from the end."""
    text = to_string(args[0])
    length = len(text)
    start = java_int_value(to_number(args[1]))
    end = java_int_value(to_number(args[2])) if len(args) > 2 else length
    start, end = (start + length if start < 0 else start), (end + length if end < 0 else end)
    start, end = min(max(0, start), length), min(max(0, end), length)
    return text[start:end] if start <= end else ""


def _string_length(args: Sequence[Value], scope: Scope) -> Value:
    return float(len(to_string(args[0] if args else scope.current())))


def _normalize_space(args: Sequence[Value], scope: Scope) -> Value:
    return " ".join(to_string(args[0] if args else scope.current()).split())


def _translate(args: Sequence[Value], scope: Scope) -> Value:
    source, target = to_string(args[1]), to_string(args[2])
    table = {ord(c): (target[i] if i < len(target) else None) for i, c in enumerate(source)}
    return to_string(args[0]).translate(table)


def _coalesce(args: Sequence[Value], scope: Scope) -> Value:
    return args[0] if not is_empty(args[0]) else args[1]


def _join(args: Sequence[Value], scope: Scope) -> Value:
    return to_string(args[0]).join(to_string(item) for item in flat(args[1:]))


def _uuid(args: Sequence[Value], scope: Scope) -> Value:
    if not args:
        return str(uuid.uuid4())
    length = int(to_number(args[0]))
    return "".join(random.choice("0123456789abcdefghijklmnopqrstuvwxyz") for _ in range(length))


def _checklist(args: Sequence[Value], scope: Scope) -> Value:
    low, high = to_number(args[0]), to_number(args[1])
    count = sum(1 for item in flat(args[2:]) if to_boolean(item))
    return (low < 0 or count >= low) and (high < 0 or count <= high)


def _weighted_checklist(args: Sequence[Value], scope: Scope) -> Value:
    low, high = to_number(args[0]), to_number(args[1])
    pairs = args[2:]
    total = sum(
        to_number(pairs[i + 1]) for i in range(0, len(pairs) - 1, 2) if to_boolean(pairs[i])
    )
    return (low < 0 or total >= low) and (high < 0 or total <= high)


def _boolean_from_string(args: Sequence[Value], scope: Scope) -> Value:
    return to_string(args[0]).strip().lower() in ("true", "1")


def _const(value: Value) -> Impl:
    return lambda args, scope: value


def _one(convert: Callable[[Value], Value]) -> Impl:
    return lambda args, scope: convert(args[0])


def _strings(fn: Callable[[str, str], Value]) -> Impl:
    return lambda args, scope: fn(to_string(args[0]), to_string(args[1]))


FUNCTIONS: dict[str, Function] = {
    "if": Function(3, 3),
    "once": Function(1, 1),
    "position": Function(0, 1),
    "indexed-repeat": Function(3, None),
    "jr:choice-name": Function(2, 2),
    "true": Function(0, 0, _const(True)),
    "false": Function(0, 0, _const(False)),
    "not": Function(1, 1, lambda args, scope: not to_boolean(args[0])),
    "boolean": Function(1, 1, _one(to_boolean)),
    "boolean-from-string": Function(1, 1, _boolean_from_string),
    "number": Function(1, 1, _one(to_number)),
    "string": Function(1, 1, _one(to_string)),
    "int": Function(1, 1, _number_fn(_int)),
    "round": Function(1, 2, _round),
    "floor": Function(1, 1, _number_fn(math.floor)),
    "ceiling": Function(1, 1, _number_fn(math.ceil)),
    "abs": Function(1, 1, _number_fn(abs)),
    "sqrt": Function(1, 1, _number_fn(math.sqrt)),
    "exp": Function(1, 1, _number_fn(math.exp)),
    "exp10": Function(1, 1, _number_fn(lambda x: 10**x)),
    "log": Function(1, 1, _number_fn(math.log)),
    "log10": Function(1, 1, _number_fn(math.log10)),
    "sin": Function(1, 1, _number_fn(math.sin)),
    "cos": Function(1, 1, _number_fn(math.cos)),
    "tan": Function(1, 1, _number_fn(math.tan)),
    "asin": Function(1, 1, _number_fn(math.asin)),
    "acos": Function(1, 1, _number_fn(math.acos)),
    "atan": Function(1, 1, _number_fn(math.atan)),
    "pi": Function(0, 0, _const(math.pi)),
    "pow": Function(2, 2, _pow),
    "sum": Function(1, 1, _sum),
    "count": Function(1, 1, lambda args, scope: float(len(items(args[0])))),
    "count-non-empty": Function(
        1, 1, lambda args, scope: float(sum(1 for i in items(args[0]) if not is_empty(i)))
    ),
    "min": Function(1, None, _min),
    "max": Function(1, None, _max),
    "selected": Function(2, 2, _selected),
    "count-selected": Function(1, 1, lambda args, scope: float(len(to_string(args[0]).split()))),
    "selected-at": Function(2, 2, _selected_at),
    "regex": Function(2, 2, _regex),
    "contains": Function(2, 2, _strings(lambda a, b: b in a)),
    "starts-with": Function(2, 2, _strings(lambda a, b: a.startswith(b))),
    "ends-with": Function(2, 2, _strings(lambda a, b: a.endswith(b))),
    "substring-before": Function(2, 2, _strings(lambda a, b: a.split(b, 1)[0] if b in a else "")),
    "substring-after": Function(2, 2, _strings(lambda a, b: a.split(b, 1)[1] if b in a else "")),
    "substr": Function(2, 3, _substr),
    "string-length": Function(0, 1, _string_length),
    "normalize-space": Function(0, 1, _normalize_space),
    "translate": Function(3, 3, _translate),
    "concat": Function(0, None, lambda args, scope: "".join(to_string(a) for a in flat(args))),
    "join": Function(2, None, _join),
    "coalesce": Function(2, 2, _coalesce),
    "uuid": Function(0, 1, _uuid),
    "random": Function(0, 0, lambda args, scope: random.random()),
    "checklist": Function(2, None, _checklist),
    "weighted-checklist": Function(2, None, _weighted_checklist),
    "today": Function(0, 0, lambda args, scope: scope.now().date()),
    "now": Function(0, 0, lambda args, scope: scope.now()),
    "date": Function(1, 1, dates.date_of),
    "date-time": Function(1, 1, dates.date_time_of),
    "decimal-date-time": Function(1, 1, dates.decimal_date_time),
    "decimal-time": Function(1, 1, dates.decimal_time),
    "format-date": Function(2, 2, dates.format_date),
    "format-date-time": Function(2, 2, dates.format_date),
}
