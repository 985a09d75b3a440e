"""Filling in a form: relevance, calculations, repeats, choices, defaults, validation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from survey_app.xlsform.answers import AnswerError
from survey_app.xlsform.model import Form, Question
from survey_app.xlsform.problems import load_answers, validate
from survey_app.xlsform.reader import load_form
from survey_app.xlsform.session import DeviceProfile, FormSession

MakeForm = Callable[..., Path]
COLUMNS = [
    "type",
    "name",
    "label::zh",
    "label::en",
    "required_message::en",
    "relevant",
    "constraint",
    "constraint_message::zh",
    "constraint_message::en",
    "required",
    "calculation",
    "choice_filter",
    "repeat_count",
    "default",
    "read_only",
    "parameters",
]
CLOCK = dt.datetime(2027, 3, 15, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def row(type_: str, name: str, label: str = "", **cells: str) -> list[str]:
    values = {"type": type_, "name": name, "label::zh": label, "label::en": label, **cells}
    return [values.get(column, "") for column in COLUMNS]


YES_NO = [
    ["list_name", "name", "label::zh", "label::en", "kind"],
    ["yn", "yes", "是", "Yes", "a"],
    ["yn", "no", "否", "No", "b"],
    ["items", "lift", "加装电梯", "Lift", "improve"],
    ["items", "water", "供水", "Water", "basic"],
    ["items", "roof", "屋面防水", "Roof", "basic"],
]


def build(make_form: MakeForm, *rows: list[str]) -> Form:
    return load_form(make_form([COLUMNS, *rows], choices=YES_NO))


def session(form: Form, **options: object) -> FormSession:
    return FormSession(form, clock=lambda: CLOCK, **options)  # type: ignore[arg-type]


def q(form: Form, name: str) -> Question:
    item = form.item(name)
    assert isinstance(item, Question)
    return item


def codes(s: FormSession, *, strict: bool = True) -> list[tuple[str, str]]:
    return [(p.where, p.code) for p in validate(s, strict=strict)]


def test_answers_are_checked_against_their_type(make_form: MakeForm) -> None:
    form = build(
        make_form,
        row("integer", "n"),
        row("decimal", "d"),
        row("date", "when"),
        row("time", "at"),
        row("datetime", "moment"),
        row("select_multiple items", "m"),
        row("geopoint", "where"),
        row("acknowledge", "ok"),
        row("image", "photo"),
        row("text", "t"),
        row("barcode", "code"),
        row("range", "stars", parameters="start=1 end=5 step=1"),
    )
    s = session(form)
    assert s.set_answer("n", "12") == 12
    assert s.set_answer("d", "2.5") == 2.5
    assert s.set_answer("when", "2027-03-01") == "2027-03-01"
    assert s.set_answer("at", "9:05") == "09:05:00"
    assert s.set_answer("moment", "2027-03-01T09:05") == "2027-03-01T09:05:00"
    assert s.set_answer("m", "lift roof") == ["lift", "roof"]
    assert s.set_answer("where", [30.25, 120.16]) == "30.25 120.16"
    assert s.set_answer("ok", True) == "OK"
    assert s.set_answer("photo", "door.jpg") == "door.jpg"
    assert s.set_answer("t", 501) == "501"
    assert s.set_answer("code", "NH-001/3-2-501") == "NH-001/3-2-501"
    assert s.set_answer("stars", 4) == 4
    for key, bad in [
        ("n", "1.5"),
        ("n", True),
        ("d", "abc"),
        ("when", "2027-02-30"),
        ("at", "25:00"),
        ("where", "95 10"),
        ("photo", "door.txt"),
        ("stars", 7),
        ("stars", 2.5),
        ("m", ["lift", "lift"]),
    ]:
        with pytest.raises(AnswerError):
            s.set_answer(key, bad)
    assert s.set_answer("n", "") is None


def test_relevance_hides_questions_and_their_groups(make_form: MakeForm) -> None:
    form = build(
        make_form,
        row("select_one yn", "owner"),
        row("begin_group", "g", "G", relevant="${owner} = 'yes'"),
        row("integer", "years", required="yes"),
        row("end_group", ""),
    )
    s = session(form)
    assert not s.is_relevant(q(form, "years"))
    assert codes(s) == []
    s.set_answer("owner", "yes")
    assert s.is_relevant(q(form, "years"))
    assert codes(s) == [("years", "required")]


def test_answers_to_questions_that_do_not_apply_are_refused(make_form: MakeForm) -> None:
    form = build(
        make_form,
        row("select_one yn", "owner"),
        row("integer", "years", relevant="${owner} = 'yes'"),
    )
    s = session(form)
    assert load_answers(s, {"owner": "no", "years": 5}) == []
    assert codes(s) == [("years", "not_relevant")]
    assert codes(s, strict=False) == []
    assert "years" not in s.finish().answers


def test_constraints_with_messages_in_the_requested_language(make_form: MakeForm) -> None:
    form = build(
        make_form,
        row("integer", "residents"),
        row(
            "integer",
            "elderly",
            constraint=". <= ${residents}",
            **{
                "constraint_message::zh": "不能超过常住人口",
                "constraint_message::en": "cannot exceed residents",
            },
        ),
        row("integer", "floor", constraint=". >= 1"),
    )
    s = session(form, language="en")
    load_answers(s, {"residents": 2, "elderly": 3, "floor": 0})
    messages = {p.key: p.message for p in validate(s)}
    assert messages["elderly"] == "cannot exceed residents"
    assert messages["floor"] == "the answer does not meet the rule . >= 1"
    s.language = "zh"
    assert {p.key: p.message for p in validate(s)}["elderly"] == "不能超过常住人口"


def test_required_as_an_expression_and_its_message(make_form: MakeForm) -> None:
    form = build(
        make_form, row("integer", "floor"), row("select_one yn", "lift", required="${floor} >= 2")
    )
    s = session(form)
    s.set_answer("floor", 1)
    assert codes(s) == []
    s.set_answer("floor", 5)
    assert codes(s) == [("lift", "required")]
    assert validate(s)[0].message == "此题必答"
    form = build(make_form, row("text", "name", required="yes", **{"required_message::en": "Who?"}))
    s = session(form, language="en")
    assert validate(s)[0].message == "Who?"


def test_choices_must_be_in_the_filtered_list(make_form: MakeForm) -> None:
    form = build(
        make_form,
        row("select_multiple items", "chosen", choice_filter="kind = 'basic'"),
        row(
            "select_one items",
            "top",
            choice_filter="selected(${chosen}, name)",
            constraint="selected(${chosen}, .)",
        ),
    )
    s = session(form)
    assert [c.name for c in s.choices(q(form, "chosen"))] == ["water", "roof"]
    load_answers(s, {"chosen": ["water", "lift"], "top": "roof"})
    assert codes(s) == [("chosen", "choice"), ("top", "constraint")]
    load_answers(s, {"top": "nonsense"})
    assert codes(s) == [("chosen", "choice"), ("top", "choice")]
    load_answers(s, {"chosen": ["water", "roof"], "top": "roof"})
    assert [c.name for c in s.choices(q(form, "top"))] == ["water", "roof"]
    assert codes(s) == []


def test_calculations_follow_their_inputs(make_form: MakeForm) -> None:
    form = build(
        make_form,
        row("integer", "a"),
        row("integer", "b"),
        row("calculate", "total", calculation="${a} + ${b}"),
        row("calculate", "big", calculation="if(${total} > 10, 'yes', 'no')"),
        row("note", "says", "Total ${total}"),
    )
    s = session(form)
    load_answers(s, {"a": 4, "b": 9})
    assert s.text_value(q(form, "total")) == "13" and s.text_value(q(form, "big")) == "yes"
    assert s.label(q(form, "says")) == "Total 13"
    s.set_answer("b", 1)
    assert s.text_value(q(form, "big")) == "no"
    assert s.finish().calculated == {"total": "5", "big": "no"}
    with pytest.raises(AnswerError):
        s.set_answer("total", 3)


def test_repeats_positions_sums_and_indexed_repeat(make_form: MakeForm) -> None:
    form = build(
        make_form,
        row("integer", "size"),
        row("begin_repeat", "people", repeat_count="${size}"),
        row("integer", "age", required="yes"),
        row("calculate", "pos", calculation="position(..)"),
        row("calculate", "old", calculation="if(${age} >= 60, 1, 0)"),
        row("note", "first_note", "First person", relevant="${pos} = 1"),
        row("end_repeat", ""),
        row("calculate", "olds", calculation="sum(${old})"),
        row("calculate", "count", calculation="count(${people})"),
        row("calculate", "second_age", calculation="indexed-repeat(${age}, ${people}, 2)"),
    )
    s = session(form)
    problems = load_answers(s, {"size": 3, "people": [{"age": 70}, {"age": 30}]})
    assert problems == []
    assert s.instance_count(form.item("people")) == 3  # type: ignore[arg-type]
    assert codes(s) == [("people[3]/age", "required")]
    s.set_answer("age", 65, (("people", 2),))
    assert [s.text_value(q(form, n)) for n in ("olds", "count", "second_age")] == ["2", "3", "30"]
    assert s.is_relevant(q(form, "first_note"), (("people", 0),))
    assert not s.is_relevant(q(form, "first_note"), (("people", 1),))
    submission = s.finish()
    assert submission.answers["people"] == [{"age": 70}, {"age": 30}, {"age": 65}]
    assert submission.calculated["people"][2] == {"pos": "3", "old": "1"}


def test_too_many_entries_for_a_repeat_count(make_form: MakeForm) -> None:
    form = build(
        make_form,
        row("integer", "size"),
        row("begin_repeat", "people", repeat_count="${size}"),
        row("integer", "age"),
        row("end_repeat", ""),
    )
    s = session(form)
    load_answers(s, {"size": 1, "people": [{"age": 1}, {"age": 2}]})
    assert codes(s) == [("people", "repeat_count")]


def test_repeats_without_a_count_grow_as_entries_are_added(make_form: MakeForm) -> None:
    form = build(
        make_form,
        row("begin_repeat", "rooms"),
        row("text", "use", default="卧室"),
        row("end_repeat", ""),
        row("calculate", "n", calculation="count(${rooms})"),
    )
    s = session(form)
    assert s.add_repeat("rooms") == 0 and s.add_repeat("rooms") == 1
    assert s.answer("use", (("rooms", 1),)) == "卧室"
    s.remove_repeat("rooms", 0)
    assert s.text_value(q(form, "n")) == "1"


def test_defaults_static_and_dynamic(make_form: MakeForm) -> None:
    form = build(
        make_form,
        row("integer", "n", default="3"),
        row("date", "visit", default="today()"),
        row("select_one yn", "again", default="${last-saved#again}"),
    )
    s = session(form, last_saved={"again": "no"})
    assert s.answer("n") == 3 and s.answer("visit") == "2027-03-15" and s.answer("again") == "no"
    assert codes(s) == []


def test_once_keeps_the_first_value(make_form: MakeForm) -> None:
    form = build(
        make_form,
        row("integer", "n"),
        row("calculate", "token", calculation="once(concat(uuid(), ${n}))"),
    )
    first = session(form)
    token = first.value(q(form, "token"))
    first.set_answer("n", 5)  # every change recomputes, once() keeps its first value
    assert first.value(q(form, "token")) == token
    again = session(form, kept={"token": "kept-token"})
    assert again.value(q(form, "token")) == "kept-token"


def test_choice_names_and_metadata(make_form: MakeForm) -> None:
    form = build(
        make_form,
        row("start", "start"),
        row("end", "end"),
        row("today", "today"),
        row("deviceid", "device"),
        row("username", "surveyor"),
        row("email", "mail"),
        row("phonenumber", "phone"),
        row("select_one yn", "agree"),
        row("calculate", "agree_label", calculation="jr:choice-name(${agree}, '${agree}')"),
    )
    device = DeviceProfile("dev-1", "王芳", "13800000000", "wf@example.cn")
    s = session(form, device=device, language="zh")
    s.set_answer("agree", "yes")
    assert s.value(q(form, "agree_label")) == "是"
    metadata = s.finish().metadata
    assert metadata == {
        "start": CLOCK.isoformat(),
        "end": CLOCK.isoformat(),
        "today": "2027-03-15",
        "device": "dev-1",
        "surveyor": "王芳",
        "mail": "wf@example.cn",
        "phone": "13800000000",
    }
    with pytest.raises(AnswerError):
        s.set_answer("device", "other")


def test_read_only_answers_are_refused(make_form: MakeForm) -> None:
    form = build(make_form, row("text", "code", read_only="yes", default="A1"))
    s = session(form)
    assert codes(s) == []
    load_answers(s, {"code": "B2"})
    assert codes(s) == [("code", "read_only")]


def test_unknown_keys_and_bad_types_are_reported(make_form: MakeForm) -> None:
    form = build(
        make_form,
        row("integer", "n"),
        row("begin_repeat", "r"),
        row("text", "t"),
        row("end_repeat", ""),
    )
    problems = load_answers(session(form), {"n": "x", "zz": 1, "r": {"t": "a"}})
    assert [(p.key, p.code) for p in problems] == [("n", "type"), ("zz", "unknown"), ("r", "type")]
    assert [p.message for p in problems][:2] == ["应填整数", "表单中没有这个问题"]
    english = load_answers(session(form, language="en"), {"n": "x"})
    assert english[0].message == "expected a whole number"


def test_audit_log_tracks_changes(make_form: MakeForm) -> None:
    form = build(
        make_form, row("audit", "audit", parameters="track-changes=true"), row("integer", "n")
    )
    s = session(form)
    s.set_answer("n", 1)
    s.set_answer("n", 2)
    audit = s.finish().audit
    assert audit is not None
    assert [e["event"] for e in audit] == ["form start", "question", "question", "form save"]
    assert (audit[2]["old-value"], audit[2]["new-value"]) == ("1", "2")


def test_or_other_adds_a_choice_and_a_question(make_form: MakeForm) -> None:
    form = build(make_form, row("select_one yn or_other", "pick"))
    s = session(form)
    assert s.choice_label("pick", "other") == "其他"
    s.language = "en"
    assert s.choice_label("pick", "other") == "Other"
    load_answers(s, {"pick": "other", "pick_other": "都行"})
    assert codes(s) == []
    load_answers(s, {"pick": "yes"})
    assert codes(s) == [("pick_other", "not_relevant")]


def test_evaluation_errors_are_reported_not_raised(make_form: MakeForm) -> None:
    form = build(make_form, row("text", "t"), row("integer", "n", relevant="regex(${t}, ${t})"))
    s = session(form)
    s.set_answer("t", "[")
    assert s.is_relevant(q(form, "n"))
    assert ("n", "evaluation") in codes(s)
