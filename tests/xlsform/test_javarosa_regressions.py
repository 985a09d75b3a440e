"""One small form per evaluation difference once found against JavaRosa (ODK Collect's engine).

Each test states the value ODK Collect gives, checks the project gives it, and runs the same
answers through JavaRosa (tests/xlsform/javarosa/Fill.java) to show the expectation is
JavaRosa's own and not a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from survey_app.xlsform import FormSession, Question, load_form
from survey_app.xlsform.session import InstancePath
from tests.xlsform.javarosa import (
    Fill,
    Node,
    cache_folder,
    compile_harness,
    ref_of,
    repeat_ref,
    run_fills,
    to_xform,
)

MakeForm = Callable[..., Path]
HEADER = ["type", "name", "label", "calculation", "relevant", "constraint", "required"]


@pytest.fixture(scope="module")
def java() -> list[str]:
    return compile_harness(cache_folder())


def row(kind: str, name: str = "", calc: str = "", **cells: str) -> list[str]:
    label = "" if kind in ("calculate", "end_group", "end_repeat") else name or kind
    values = [kind, name, label, calc, cells.get("relevant", ""), cells.get("constraint", "")]
    return [*values, cells.get("required", "")]


class Both:
    """A form filled in the project and in JavaRosa with the same answers."""

    def __init__(self, make_form: MakeForm, java: list[str], rows: Sequence[list[str]]) -> None:
        self.source = make_form([HEADER, *rows])
        self.java = java
        self.session = FormSession(load_form(self.source))
        self.fill = Fill("regression", self.session)

    def add(self, repeat: str, count: int) -> None:
        item = self.session.item(repeat)
        for _ in range(count):
            self.session.add_repeat(repeat)
        self.fill.repeats.append((repeat_ref(item, ()), count))  # type: ignore[arg-type]

    def answer(self, name: str, value: object, path: InstancePath = ()) -> None:
        stored = self.session.set_answer(name, value, path)
        self.fill.answers.append((ref_of(self.session.item(name, path), path), str(stored)))

    def ours(self, name: str, path: InstancePath = ()) -> str:
        question = self.session.item(name, path)
        assert isinstance(question, Question)
        if not self.session.is_relevant(question, path):
            return "<not relevant>"
        return self.session.text_value(question, path)

    def javarosa(self) -> dict[str, Node]:
        xform = to_xform(self.source, cache_folder())
        report = run_fills(self.java, xform, [self.fill])["regression"]
        assert isinstance(report, dict), report
        return report

    def theirs(self, report: dict[str, Node], name: str, path: InstancePath = ()) -> str:
        node = report[ref_of(self.session.item(name, path), path)]
        return node.value if node.relevant else "<not relevant>"

    def check(self, expected: dict[str, str], path: InstancePath = ()) -> None:
        assert {name: self.ours(name, path) for name in expected} == expected
        report = self.javarosa()
        assert {name: self.theirs(report, name, path) for name in expected} == expected


def test_once_does_not_keep_a_blank_or_nan_first_result(
    make_form: MakeForm, java: list[str]
) -> None:
    both = Both(
        make_form,
        java,
        [
            row("integer", "x"),
            row("calculate", "c", "once(${x})"),
            row("calculate", "twice", "once(${x} * 2)"),
            row("note", "n"),
        ],
    )
    assert both.ours("c") == "" and both.ours("twice") == ""  # computed before x is answered
    both.answer("x", 4)
    both.check({"c": "4", "twice": "8"})
    both.answer("x", 5)
    assert both.ours("c") == "4"  # once it has a value, once() keeps it


def test_sum_max_min_leave_out_blank_and_not_relevant_values(
    make_form: MakeForm, java: list[str]
) -> None:
    both = Both(
        make_form,
        java,
        [
            row("begin_repeat", "r"),
            row("integer", "v"),
            row("integer", "w", relevant="${v} != 7"),
            row("end_repeat"),
            row("calculate", "s", "sum(${v})"),
            row("calculate", "mx", "max(${v})"),
            row("calculate", "mn", "min(${v})"),
            row("calculate", "sw", "sum(${w})"),
        ],
    )
    both.add("r", 3)
    both.answer("v", 4, (("r", 0),))
    both.answer("w", 2, (("r", 0),))
    both.answer("w", 9, (("r", 2),))
    both.answer("v", 7, (("r", 2),))  # w is no longer relevant: its 9 is left out
    both.check({"s": "11", "mx": "7", "mn": "4", "sw": "2"})


def test_max_of_negative_numbers_is_zero_as_in_javarosa(
    make_form: MakeForm, java: list[str]
) -> None:
    """JavaRosa's max() starts from Double.MIN_VALUE (the smallest positive number)."""
    both = Both(make_form, java, [row("calculate", "mx", "max(-5, -3)"), row("note", "n")])
    both.check({"mx": "0"})


def test_a_calculated_zero_is_false(make_form: MakeForm, java: list[str]) -> None:
    both = Both(
        make_form,
        java,
        [
            row("integer", "x"),
            row("calculate", "flag", "${x} - 3"),
            row("calculate", "test", "${x} > 3"),
            row("note", "by_number", relevant="${flag}"),
            row("note", "by_boolean", relevant="${test}"),
        ],
    )
    both.answer("x", 3)
    both.check({"flag": "0", "test": "false", "by_number": "<not relevant>"})
    assert both.ours("by_boolean") == "<not relevant>"


def test_nan_is_saved_blank(make_form: MakeForm, java: list[str]) -> None:
    both = Both(
        make_form,
        java,
        [row("text", "t"), row("calculate", "nan", "number(${t}) * 2"), row("note", "n")],
    )
    both.answer("t", "abc")
    both.check({"nan": ""})
    assert both.session.finish().calculated == {"nan": ""}


def test_position_from_a_group_inside_a_repeat(make_form: MakeForm, java: list[str]) -> None:
    both = Both(
        make_form,
        java,
        [
            row("begin_repeat", "r"),
            row("integer", "v"),
            row("calculate", "direct", "position(..)"),
            row("begin_group", "g"),
            row("calculate", "in_group", "position(..)"),
            row("end_group"),
            row("end_repeat"),
        ],
    )
    both.add("r", 2)
    both.check({"direct": "2", "in_group": "1"}, (("r", 1),))


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("round(-2.5)", "-2"),
        ("round(-2.51)", "-3"),
        ("round(2.5)", "3"),
        ("round(-26, -1)", "-20"),
        ("round(1.005, 2)", "1.01"),
        ("substr('abcdef', -3)", "def"),
        ("substr('abcdef', 1, -1)", "bcde"),
        ("substr('abcdef', 4, 2)", ""),
        ("regex('abc', 'b')", "false"),
        ("regex('abc', 'a.c')", "true"),
        ("10000000000 * 1", "1.0E10"),
        ("0.0001 * 1", "1.0E-4"),
        ("selected('', '')", "true"),
        ("selected('a b', 'b')", "true"),
    ],
)
def test_function_values(
    make_form: MakeForm, java: list[str], expression: str, expected: str
) -> None:
    both = Both(make_form, java, [row("calculate", "c", expression), row("note", "n")])
    both.check({"c": expected})


def test_indexed_repeat_index_zero_is_the_first(make_form: MakeForm, java: list[str]) -> None:
    both = Both(
        make_form,
        java,
        [
            row("begin_repeat", "r"),
            row("integer", "v"),
            row("end_repeat"),
            row("calculate", "zero", "indexed-repeat(${v}, ${r}, 0)"),
            row("calculate", "nan", "indexed-repeat(${v}, ${r}, number('x'))"),
            row("calculate", "past", "indexed-repeat(${v}, ${r}, 5)"),
        ],
    )
    both.add("r", 2)
    both.answer("v", 8, (("r", 0),))
    both.answer("v", 9, (("r", 1),))
    both.check({"zero": "8", "nan": "8", "past": ""})


def test_required_written_as_a_bare_word_is_not_required(
    make_form: MakeForm, java: list[str]
) -> None:
    both = Both(
        make_form,
        java,
        [row("text", "a", required="T"), row("text", "b", required="yes"), row("text", "c")],
    )
    report = both.javarosa()
    for name in ("a", "b"):
        question = both.session.item(name)
        assert isinstance(question, Question)
        assert both.session.is_required(question) == report[f"/{name}[1]"].required
    assert [report["/a[1]"].required, report["/b[1]"].required] == [False, True]


def test_comparing_a_repeated_question_is_an_error_in_both(
    make_form: MakeForm, java: list[str]
) -> None:
    both = Both(
        make_form,
        java,
        [
            row("begin_repeat", "r"),
            row("integer", "v"),
            row("end_repeat"),
            row("calculate", "c", "if(${v} > 3, 1, 0)"),
        ],
    )
    both.add("r", 2)
    both.answer("v", 8, (("r", 0),))
    both.answer("v", 1, (("r", 1),))
    assert both.ours("c") == ""
    assert any(key == "c" for _, key in both.session.evaluation_errors)
    report = run_fills(java, to_xform(both.source, cache_folder()), [both.fill])["regression"]
    assert isinstance(report, str) and "Error evaluating field 'c'" in report


def test_a_backtracking_pattern_cannot_freeze_the_form(make_form: MakeForm) -> None:
    form = load_form(
        make_form(
            [
                HEADER,
                row("text", "a", constraint="regex(., '^(a|aa)+$')"),
                row("text", "b", constraint="regex(., '^(a+)+$')"),
            ]
        )
    )
    session = FormSession(form)
    session.set_answer("a", "a" * 60 + "!")  # Python's re backtracks for hours on this one
    session.set_answer("b", "a" * 30 + "!")  # 27.5 s with re, growing exponentially
    a, b = (session.item(name) for name in "ab")
    assert isinstance(a, Question) and isinstance(b, Question)
    assert session.meets_constraint(b) is False
    session.meets_constraint(a)  # stopped by the time limit: an evaluation error, shown
    assert "took longer" in str(session.evaluation_errors[((), "a")])


def test_a_repeated_question_in_a_label_or_filter_does_not_break_the_form(
    make_form: MakeForm,
) -> None:
    path = make_form(
        [
            ["type", "name", "label", "choice_filter"],
            ["begin_repeat", "r", "R", ""],
            ["text", "v", "V", ""],
            ["end_repeat", "", "", ""],
            ["select_one c", "q", "Pick for ${v}", "name != ${v}"],
        ],
        choices=[["list_name", "name", "label"], ["c", "x", "X"], ["c", "y", "Y"]],
    )
    session = FormSession(load_form(path))
    for text in ("x", "y"):
        session.set_answer("v", text, (("r", session.add_repeat("r")),))
    q = session.item("q")
    assert isinstance(q, Question)
    assert session.label(q) == "Pick for ${v}"
    assert [c.name for c in session.choices(q)] == ["x", "y"]  # the filter failed: all kept
    assert any(key == "q" for _, key in session.evaluation_errors)


def test_a_date_time_as_text_is_its_date_and_as_a_number_whole_days(
    make_form: MakeForm, java: list[str]
) -> None:
    both = Both(
        make_form,
        java,
        [
            row("datetime", "d"),
            row("calculate", "text", "string(${d})"),
            row("calculate", "joined", "concat('x', date-time('2024-01-05T10:30:00'))"),
            row("calculate", "days", "${d} - date('2024-01-01')"),
            row("calculate", "fraction", "decimal-date-time('2024-01-05T12:00:00')"),
        ],
    )
    both.answer("d", "2024-01-05T10:30:00")
    both.check({"text": "2024-01-05", "joined": "x2024-01-05", "days": "4", "fraction": "19727.5"})
