"""A formula that fails while the form is filled in is reported in the session's language.

The Chinese problem has no English word but those of the form itself (the failed expression,
the names of its questions); the English one has no Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from survey_app.xlsform.model import Expression, Form, Question
from survey_app.xlsform.problems import validate
from survey_app.xlsform.reader import load_form
from survey_app.xlsform.review import expressions_of
from survey_app.xlsform.session import FormSession
from survey_app.xlsform.xpath.parser import parse

MakeForm = Callable[..., Path]
HEADER = ["type", "name", "label", "calculation", "repeat_count"]
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def build(make_form: MakeForm, *rows: list[str]) -> Form:
    return load_form(make_form([HEADER, *rows]))


def question(form: Form, name: str) -> Question:
    item = form.item(name)
    assert isinstance(item, Question)
    return item


def form_words(form: Form, key: str) -> set[str]:
    """The English words the form itself brings: the failed item's expressions, the names."""
    item = form.item(key)
    texts: Iterable[str] = [e.text for _, e in expressions_of(item)]
    return {
        word
        for text in [*texts, *(i.name for i in form.walk())]
        for word in ASCII_WORD.findall(text)
    }


def assert_said_in_both(session: FormSession, key: str, also: Iterable[str] = ()) -> list[str]:
    """The failure of `key` as a zh_CN and as an en session shows it; returns both texts."""
    allowed = form_words(session.form, key) | set(also)
    session.language = "zh_CN"
    chinese = [p.message for p in validate(session) if p.code == "evaluation" and p.key == key]
    assert len(chinese) == 1, chinese
    assert chinese[0].startswith("表单公式出错:"), chinese
    stray = set(ASCII_WORD.findall(chinese[0])) - allowed
    assert not stray, (chinese[0], stray)
    session.language = "en"
    english = [p.message for p in validate(session) if p.code == "evaluation" and p.key == key]
    assert len(english) == 1, english
    assert english[0].startswith("a formula of the form failed: "), english
    assert not CJK.search(english[0]), english
    return [chinese[0], english[0]]


def test_an_unsupported_function_is_said_in_both(make_form: MakeForm) -> None:
    # The form checker refuses such a form; a form put together in code still reaches here.
    form = build(make_form, ["calculate", "c", "", "1", ""])
    text = "pulldata('households', 'floor', 'room', ${c})"
    question(form, "c").calculation = Expression(text, parse(text))
    session = FormSession(form)
    assert session.value(question(form, "c")) == ""
    chinese, english = assert_said_in_both(session, "c")
    assert "pulldata()" in chinese and "is not supported" in english
    assert str(session.evaluation_errors[((), "c")]) == english.removeprefix(
        "a formula of the form failed: "
    )


def test_a_circular_reference_is_said_in_both(make_form: MakeForm) -> None:
    # A repeat counted from a question inside it: not a cycle the form checker looks for.
    form = build(
        make_form,
        ["begin_repeat", "members", "Members", "", "count(${age})"],
        ["integer", "age", "Age", "", ""],
        ["end_repeat", "", "", "", ""],
    )
    session = FormSession(form)
    [(_, key)] = session.evaluation_errors  # the count the repeat_count column stands for
    chinese, english = assert_said_in_both(session, key)
    assert "循环引用" in chinese and "circular reference" in english


def test_a_bad_pattern_is_said_in_both(make_form: MakeForm) -> None:
    form = build(
        make_form,
        ["text", "pattern", "Pattern", "", ""],
        ["calculate", "fits", "", "regex('room 101', ${pattern})", ""],
    )
    session = FormSession(form)
    session.set_answer("pattern", "(")
    assert session.value(question(form, "fits")) == ""
    chinese, english = assert_said_in_both(session, "fits")
    assert "正则表达式" in chinese and "is invalid" in english


def test_a_number_that_cannot_be_converted_is_said_in_both(make_form: MakeForm) -> None:
    form = build(
        make_form,
        ["text", "length", "Length", "", ""],
        ["calculate", "code", "", "uuid(${length})", ""],
    )
    session = FormSession(form)
    session.set_answer("length", "six")  # NaN: Python's ValueError
    assert session.value(question(form, "code")) == ""
    chinese, english = assert_said_in_both(session, "code")
    assert "数值或日期无法换算" in chinese and "could not be converted" in english
    assert "NaN" in english  # Python's own message, in the English only


def test_a_date_out_of_range_is_said_in_both(make_form: MakeForm) -> None:
    form = build(make_form, ["calculate", "when", "", "date(10000000000)", ""])
    session = FormSession(form)
    assert session.value(question(form, "when")) == ""  # Python's OverflowError
    chinese, english = assert_said_in_both(session, "when")
    assert "数值超出范围" in chinese and "out of range" in english


def test_a_formula_nested_too_deeply_is_said_in_both(make_form: MakeForm) -> None:
    chain = [["integer", "n0", "N", "", ""]]
    chain += [["calculate", f"n{i}", "", f"${{n{i - 1}}} + 1", ""] for i in range(1, 1000)]
    form = build(make_form, *chain)
    session = FormSession(form)
    session.set_answer("n0", 1)
    session.value(question(form, "n999"))  # Python's RecursionError somewhere down the chain
    [(_, key)] = session.evaluation_errors
    chinese, english = assert_said_in_both(session, key)
    assert "公式嵌套过深" in chinese and "nested too deeply" in english


def test_a_repeated_question_used_as_one_value_is_said_in_both(make_form: MakeForm) -> None:
    form = build(
        make_form,
        ["begin_repeat", "members", "Members", "", ""],
        ["integer", "age", "Age", "", ""],
        ["end_repeat", "", "", "", ""],
        ["calculate", "adult", "", "if(${age} > 17, 1, 0)", ""],
    )
    session = FormSession(form)
    for age in (40, 12):
        session.set_answer("age", age, (("members", session.add_repeat("members")),))
    assert session.value(question(form, "adult")) == ""
    chinese, english = assert_said_in_both(session, "adult", also=["indexed", "repeat"])
    assert "重复组" in chinese and "is repeated" in english
