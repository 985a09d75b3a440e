"""The expression language: parsing, operators and every function, against a plain scope."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import pytest

from survey_app.xlsform.xpath import ExpressionError, parse
from survey_app.xlsform.xpath.check import Rules, check, references
from survey_app.xlsform.xpath.evaluate import evaluate
from survey_app.xlsform.xpath.functions import FUNCTIONS
from survey_app.xlsform.xpath.nodes import Binary, Call, ColumnName, Literal, Path, Ref
from survey_app.xlsform.xpath.values import NodeSet, RepeatedValue, Value, to_number, to_string

NOW = dt.datetime(2027, 3, 15, 9, 30, 0)


class DictScope:
    def __init__(self, values: dict[str, Value] | None = None, current: Value = "") -> None:
        self.values = values or {}
        self._current = current
        self.kept: Value = ""
        self.row: dict[str, str] = {}

    def lookup(self, name: str) -> Value:
        return self.values.get(name, "")

    def last_saved(self, name: str) -> Value:
        return "saved-" + name

    def current(self) -> Value:
        return self._current

    def column(self, name: str) -> Value:
        return self.row.get(name, "")

    def position(self) -> int:
        return 3

    def indexed(self, field: str, indexes: list[tuple[str, int]]) -> Value:
        return f"{field}@{indexes}"

    def choice_label(self, question: str, choice: str) -> str:
        return f"{question}:{choice}".upper()

    def once(self, compute: Callable[[], Value]) -> Value:
        return self.kept if self.kept != "" else compute()

    def now(self) -> dt.datetime:
        return NOW


def ev(text: str, scope: DictScope | None = None, **values: Value) -> Value:
    return evaluate(parse(text), scope or DictScope(values))


# -- parsing -------------------------------------------------------------------------------


def test_precedence_follows_xpath() -> None:
    assert ev("1 + 2 * 3") == 7
    assert ev("(1 + 2) * 3") == 9
    assert ev("10 div 4") == 2.5
    assert ev("10 mod 4") == 2
    assert ev("-2 * 3") == -6
    assert ev("1 < 2 and 2 < 3 or 1 > 2") is True
    assert ev("1 = 1 and 1 = 2 or 2 = 2") is True


def test_operator_words_are_not_names_after_a_value() -> None:
    tree = parse("${a} and (${b} or ${c})")
    assert isinstance(tree, Binary) and tree.operator == "and"
    assert references(tree) == {"a", "b", "c"}


def test_function_call_may_have_a_space_before_the_parenthesis() -> None:
    assert ev("if (1 = 1, 'y', 'n')") == "y"


def test_references_and_last_saved() -> None:
    assert parse("${age}") == Ref("age")
    assert parse("${last-saved#age}") == Ref("age", last_saved=True)
    assert ev("${last-saved#age}") == "saved-age"


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("${a} = 1 +", 10, "expected a value"),
        ("${a} == 1", 5, "single ="),
        ("${a} = 'yes", 7, "not closed"),
        ("${a} && ${b}", 5, "write and"),
        ("${a} ＝ 1", 5, "half-width ="),
        ("if(${a} = 1, 2", 14, "expected ')'"),
        ("${a b}", 0, "not a question reference"),
        ("", 0, "empty"),
        ("1 2", 2, "unexpected text"),
    ],
)
def test_mistakes_are_reported_with_their_position(text: str, position: int, words: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert caught.value.position == position
    assert words in str(caught.value)
    chinese = caught.value.words.zh  # the same mistake, worded for the street office
    assert words not in chinese
    assert chinese.startswith(f"第 {position + 1} 个字符处") or chinese.startswith("公式是空的")


def test_curly_quotes_and_full_width_punctuation_are_read_as_ascii() -> None:
    assert ev("${a} = ’yes’", a="yes") is True
    assert ev("concat（“a”，'b'）") == "ab"


def test_paths_are_kept_to_be_reported_and_sibling_paths_are_references() -> None:
    assert parse("/data/q1 = 1").left == Path("/data/q1")  # type: ignore[union-attr]
    assert isinstance(parse("instance('x')/root/item[name = 1]"), Path)
    assert parse("../migration") == Ref("migration", sibling=True)


def test_bare_names_are_choice_columns() -> None:
    assert parse("cf = ${region}").left == ColumnName("cf")  # type: ignore[union-attr]
    scope = DictScope({"region": "north"})
    scope.row = {"cf": "north"}
    assert evaluate(parse("cf = ${region}"), scope) is True


# -- static checks -------------------------------------------------------------------------


def issues(
    text: str, *, columns: tuple[str, ...] | None = None, in_repeat: bool = False
) -> list[str]:
    rules = Rules(lambda name: name in {"a", "b", "roster"}, columns, in_repeat)
    return [f"{i.unsupported}:{i.feature}:{i.reason}" for i in check(parse(text), rules)]


def test_check_reports_unknown_names_functions_and_argument_counts() -> None:
    assert issues("${zzz} = 1") == ["False:${zzz}:no question has this name"]
    assert issues("frobnicate(1)") == ["False:frobnicate():unknown function"]
    assert issues("if(1, 2)") == ["False:if():takes 3 argument(s)"]
    assert issues("regex(${a}, '[')")[0].startswith("False:regex():the pattern")


def test_check_reports_features_the_app_cannot_honour() -> None:
    assert issues("pulldata('fruits', 'name', 'key', ${a})")[0].startswith("True:pulldata()")
    assert issues("/data/a = 1")[0].startswith("True:/data/a")
    assert issues("${a} | ${b}")[0].startswith("True:|")
    assert issues("instance('x')/root")[0].startswith("True:instance('x')/root")


def test_check_bare_names_and_position() -> None:
    assert "write ${yes}" in issues("${a} = yes")[0]
    assert issues("${a} = null") == []
    assert issues("cf = ${a}", columns=("cf",)) == []
    no_column = "False:zz:the choices sheet has no such column; ODK reads it as blank"
    assert issues("zz = ${a}", columns=("cf",)) == [no_column]
    assert issues("position(..)") == ["False:position(..):is only meaningful inside a repeat"]
    assert issues("position(..)", in_repeat=True) == []


def test_every_function_has_a_test() -> None:
    tested = set(FUNCTION_CASES) | {"indexed-repeat", "jr:choice-name", "once", "position"}
    tested |= {"random", "uuid", "today", "now"}
    assert set(FUNCTIONS) <= tested, set(FUNCTIONS) - tested


# -- values and comparisons ----------------------------------------------------------------


def test_comparisons_follow_xpath_types() -> None:
    assert ev("${a} = 1", a="1") is True  # a number on one side compares numbers
    assert ev("${a} = '1.0'", a="1") is False  # two texts compare as text
    assert ev("${a} > 2", a="") is False  # blank is NaN
    assert ev("${a} != ''", a="x") is True
    assert ev("true() = 'false'") is True  # a boolean on one side compares booleans


def test_dates_compare_and_count_days() -> None:
    birthday = dt.date(1950, 5, 1)
    assert ev(". < today()", DictScope(current=birthday)) is True
    assert ev(". >= date('1915-01-01')", DictScope(current=birthday)) is True
    assert ev("today() - date('2027-03-14')") == 1
    assert ev("${d} = '2027-03-15'", d=dt.date(2027, 3, 15)) is True


def test_node_sets_aggregate_but_do_not_compare() -> None:
    """As in ODK Collect, comparing a question answered in several repeat instances is an
    error (use indexed-repeat()), not XPath's any-of-the-nodes comparison."""
    ages = NodeSet((70.0, 30.0, 5.0))
    with pytest.raises(RepeatedValue):
        ev("${age} > 60", age=ages)
    assert ev("${age} > 60", age=NodeSet((70.0,))) is True
    assert ev("${age} = ''", age=NodeSet(())) is True
    assert ev("sum(${age})", age=ages) == 105
    assert ev("count(${age})", age=ages) == 3
    assert ev("max(${age})", age=ages) == 70


def test_division_by_zero_gives_infinity_or_nan() -> None:
    assert ev("1 div 0") == math.inf
    assert math.isnan(to_number(ev("0 div 0")))
    assert math.isnan(to_number(ev("5 mod 0")))


def test_number_text() -> None:
    assert to_string(3.0) == "3"
    assert to_string(2.5) == "2.5"
    assert to_string(math.nan) == "NaN"


# -- every function ------------------------------------------------------------------------

FUNCTION_CASES: dict[str, list[tuple[str, Value]]] = {
    "if": [("if(1 = 1, 'a', 'b')", "a"), ("if(1 = 2, 'a', 'b')", "b")],
    "true": [("true()", True)],
    "false": [("false()", False)],
    "not": [("not(1 = 2)", True)],
    "boolean": [("boolean('x')", True), ("boolean('')", False), ("boolean(0)", False)],
    "boolean-from-string": [
        ("boolean-from-string('true')", True),
        ("boolean-from-string('yes')", False),
    ],
    "number": [("number('12.5')", 12.5), ("number(true())", 1.0)],
    "string": [("string(12)", "12"), ("string(1 = 1)", "true")],
    "int": [("int(3.9)", 3.0), ("int(-3.9)", -3.0)],
    "round": [
        ("round(2.5)", 3.0),
        ("round(3.14159, 2)", 3.14),
        ("round(-2.5)", -2.0),
        ("round(-2.6)", -3.0),
        ("round(-25, -1)", -20.0),
    ],
    "floor": [("floor(2.7)", 2.0)],
    "ceiling": [("ceiling(2.1)", 3.0)],
    "abs": [("abs(-4)", 4.0)],
    "sqrt": [("sqrt(16)", 4.0)],
    "exp": [("round(exp(1), 3)", 2.718)],
    "exp10": [("exp10(2)", 100.0)],
    "log": [("round(log(10), 3)", 2.303)],
    "log10": [("log10(1000)", 3.0)],
    "sin": [("sin(0)", 0.0)],
    "cos": [("cos(0)", 1.0)],
    "tan": [("tan(0)", 0.0)],
    "asin": [("asin(0)", 0.0)],
    "acos": [("acos(1)", 0.0)],
    "atan": [("atan(0)", 0.0)],
    "pi": [("round(pi(), 2)", 3.14)],
    "pow": [("pow(2, 10)", 1024.0)],
    "sum": [("sum(${n})", 6.0)],
    "count": [("count(${n})", 3.0)],
    "count-non-empty": [("count-non-empty(${m})", 2.0)],
    "min": [("min(3, 1, 2)", 1.0), ("min(${n})", 1.0)],
    "max": [("max(3, 1, 2)", 3.0)],
    "selected": [("selected('lift water', 'water')", True), ("selected('lift', 'water')", False)],
    "count-selected": [("count-selected('lift water roof')", 3.0), ("count-selected('')", 0.0)],
    "selected-at": [("selected-at('lift water', 1)", "water"), ("selected-at('lift', 5)", "")],
    "regex": [
        ("regex('0571-88', '^[0-9]{4}-')", False),
        ("regex('0571-88', '[0-9]{4}-[0-9]+')", True),
        ("regex('abc', '^[0-9]')", False),
    ],
    "contains": [("contains('加装电梯', '电梯')", True)],
    "starts-with": [("starts-with('NH-001', 'NH')", True)],
    "ends-with": [("ends-with('NH-001', '001')", True)],
    "substring-before": [("substring-before('3-2-501', '-')", "3")],
    "substring-after": [("substring-after('3-2-501', '-')", "2-501")],
    "substr": [("substr('abcdef', 1, 3)", "bc"), ("substr('abcdef', 2)", "cdef")],
    "string-length": [("string-length('老旧小区')", 4.0)],
    "normalize-space": [("normalize-space('  a   b ')", "a b")],
    "translate": [("translate('abc', 'abc', 'AB')", "AB")],
    "concat": [("concat('a', 1, 'b')", "a1b"), ("concat(${n})", "123")],
    "join": [("join(', ', ${n})", "1, 2, 3")],
    "coalesce": [("coalesce('', 'b')", "b"), ("coalesce('a', 'b')", "a")],
    "checklist": [("checklist(1, 2, true(), false(), true())", True)],
    "weighted-checklist": [("weighted-checklist(3, -1, true(), 2, true(), 2)", True)],
    "date": [("date('2027-03-15')", dt.date(2027, 3, 15)), ("date(0)", dt.date(1970, 1, 1))],
    "date-time": [("date-time('2027-03-15')", dt.datetime(2027, 3, 15))],
    "decimal-date-time": [("decimal-date-time('1970-01-02')", 1.0)],
    "decimal-time": [("decimal-time('12:00:00')", 0.5)],
    "format-date": [("format-date(date('2027-03-05'), '%Y年%n月%e日')", "2027年3月5日")],
    "format-date-time": [("format-date-time('2027-03-05T08:09:00', '%H:%M')", "08:09")],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [case for cases in FUNCTION_CASES.values() for case in cases],
)
def test_function(text: str, expected: Value) -> None:
    scope = DictScope({"n": NodeSet((1.0, 2.0, 3.0)), "m": NodeSet(("a", "", "b"))})
    assert ev(text, scope) == expected


def test_scope_functions() -> None:
    scope = DictScope({"q": "lift"})
    assert ev("position(..)", scope) == 3
    assert ev("indexed-repeat(${name}, ${roster}, 2)", scope) == "name@[('roster', 2)]"
    assert ev("jr:choice-name(${q}, '${q}')", scope) == "Q:LIFT"
    assert ev("once(1 + 1)", scope) == 2
    scope.kept = "kept"
    assert ev("once(1 + 1)", scope) == "kept"
    assert ev("today()", scope) == NOW.date()
    assert ev("now()", scope) == NOW
    assert 0 <= to_number(ev("random()", scope)) < 1
    assert len(to_string(ev("uuid()", scope))) == 36
    assert len(to_string(ev("uuid(8)", scope))) == 8


def test_literals_and_calls_are_plain_data() -> None:
    assert parse("'x'") == Literal("x")
    assert parse("f(1)") == Call("f", (Literal(1.0),))
