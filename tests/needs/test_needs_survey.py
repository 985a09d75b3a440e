"""The shipped needs survey (forms/needs_survey.xlsx) and the form commands that check it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from survey_app.cli import main
from survey_app.resources import resource_path
from survey_app.xlsform.model import Form, Question
from survey_app.xlsform.problems import load_answers, validate
from survey_app.xlsform.reader import check_form, load_form
from survey_app.xlsform.session import FormSession

NEEDS_SURVEY = resource_path("forms", "needs_survey.xlsx")
GOOD = {
    "respondent": "head",
    "residents": 3,
    "elderly": 2,
    "elderly_living": "with_family",
    "children": 0,
    "tenure": "owner",
    "years": 31,
    "floor": 5,
    "cars": 1,
    "ebikes": 2,
    "health_consent": "yes",
    "disabled": 1,
    "disability_needs": ["lift", "ramp"],
    "problems": ["roof_leak", "stair_lights"],
    "problem_places": ["roof", "stairwell"],
    "problem_detail": "顶楼卫生间上方漏水",
    "basic_items": ["water", "roof"],
    "improve_items": ["elevator", "parking"],
    "upgrade_items": ["elderly_care"],
    "priority_1": "elevator",
    "priority_2": "roof",
    "priority_3": "water",
    "lift_view": "support",
    "lift_pay": "depends",
    "cofund": "depends",
    "cofund_amount": "500_2000",
    "property": "yes",
    "property_fee": 0.8,
    "comments": "楼道灯经常坏",
}


@pytest.fixture(scope="module")
def form() -> Form:
    return load_form(NEEDS_SURVEY)


def problems(form: Form, answers: dict[str, object], language: str = "zh") -> dict[str, str]:
    session = FormSession(form, language=language)
    assert load_answers(session, answers) == []
    return {p.key: p.code for p in validate(session, strict=True)}


def test_form_check_is_clean() -> None:
    result = check_form(NEEDS_SURVEY)
    assert result.ok and result.findings == []
    output = CliRunner().invoke(main, ["form", "check", str(NEEDS_SURVEY)])
    assert output.exit_code == 0
    assert "needs_survey.xlsx: 可以使用 — 老旧小区改造入户需求调查" in output.output
    assert "  不支持的功能:无" in output.output and "忽略" not in output.output
    output = CliRunner().invoke(main, ["form", "check", "--lang", "en", str(NEEDS_SURVEY)])
    assert output.exit_code == 0
    assert "unsupported features: none" in output.output and "ignored" not in output.output
    assert "  questions 30 (notes 1, calculations 2, metadata 5)" in output.output


def test_every_label_is_in_chinese_and_english(form: Form) -> None:
    assert [lang.key for lang in form.languages] == ["zh", "en"]
    for item in form.walk():
        if isinstance(item, Question) and item.type in (
            "start",
            "end",
            "today",
            "deviceid",
            "username",
            "calculate",
        ):
            continue
        assert item.labels.get("zh") and item.labels.get("en"), item.name
    for choice_list in form.choice_lists.values():
        for choice in choice_list.choices:
            assert choice.labels.get("zh") and choice.labels.get("en"), choice.name


def test_covers_the_spec(form: Form) -> None:
    names = {item.name for item in form.walk()}
    assert {"residents", "elderly", "children", "disabled", "tenure", "years"} <= names
    assert {"priority_1", "priority_2", "priority_3", "lift_view", "cofund", "property"} <= names
    assert "comments" in names
    items = form.choice_lists["items"].choices
    by_category = {c.columns["category"] for c in items}
    assert by_category == {"basic", "improve", "upgrade"}
    assert len(items) == 34
    offered = {c.name for c in items}
    assert {"heating", "mobile", "cables", "mailboxes", "community_centre"} <= offered
    assert {"childcare", "housekeeping", "lockers"} <= offered
    assert {"cars", "ebikes", "elderly_living", "problems", "problem_places"} <= names


def test_good_answers_pass(form: Form) -> None:
    assert problems(form, GOOD) == {}


def test_priorities_must_be_among_the_items_chosen(form: Form) -> None:
    assert problems(form, {**GOOD, "priority_1": "clinic"}) == {"priority_1": "constraint"}
    assert problems(form, {**GOOD, "priority_2": "elevator"}) == {"priority_2": "constraint"}
    assert problems(form, {**GOOD, "priority_3": "lift"}) == {"priority_3": "choice"}


def test_priority_messages_in_both_languages(form: Form) -> None:
    answers = {
        **GOOD,
        "basic_items": [],
        "improve_items": ["elevator", "parking"],
        "upgrade_items": [],
        "priority_3": None,
        "priority_1": "parking",
        "priority_2": "parking",
    }
    for language, words in (("zh", "不与第一项重复"), ("en", "another")):
        session = FormSession(form, language=language)
        load_answers(session, answers)
        messages = {p.key: p.message for p in validate(session, strict=True)}
        assert words in messages["priority_2"]


def test_skip_logic(form: Form) -> None:
    no_needs = {**GOOD, "basic_items": [], "improve_items": [], "upgrade_items": []}
    found = problems(form, no_needs)
    assert set(found) == {"priority_1", "priority_2", "priority_3"}
    assert set(found.values()) == {"not_relevant"}
    ground_floor = {**GOOD, "floor": 1}
    assert problems(form, ground_floor) == {"lift_pay": "not_relevant"}
    unwilling = {**GOOD, "cofund": "no"}
    assert problems(form, unwilling) == {"cofund_amount": "not_relevant"}
    no_elderly = {**GOOD, "elderly": 0}
    assert problems(form, no_elderly) == {"elderly_living": "not_relevant"}


def test_the_amount_is_asked_only_once_co_funding_is_answered(form: Form) -> None:
    """The amount was required (relevant: `${cofund} != 'no'`) before cofund had an answer."""
    unanswered = {**GOOD, "cofund": None, "cofund_amount": None}
    assert problems(form, unanswered) == {"cofund": "required"}
    amount = form.item("cofund_amount")
    session = FormSession(form)
    assert not session.is_relevant(amount)
    for answer, asked in (("yes", True), ("depends", True), ("no", False)):
        session.set_answer("cofund", answer)
        assert session.is_relevant(amount) is asked
    no_property = {**GOOD, "property": None, "property_fee": None}
    assert problems(form, no_property) == {"property": "required"}


def test_health_questions_only_with_consent(form: Form) -> None:
    declined = {**GOOD, "health_consent": "no", "disabled": None, "disability_needs": None}
    assert problems(form, declined) == {}
    assert problems(form, {**declined, "disabled": 1}) == {"disabled": "not_relevant"}
    unanswered = {**GOOD, "disabled": None, "disability_needs": None}
    assert problems(form, unanswered) == {"disabled": "required"}
    assert problems(form, {**GOOD, "health_consent": None}) == {
        "health_consent": "required",
        "disabled": "not_relevant",
        "disability_needs": "not_relevant",
    }
    names = [item.name for item in form.walk()]
    assert names.index("health_notice") < names.index("health_consent") < names.index("disabled")


def test_condition_and_household_checks(form: Form) -> None:
    assert problems(form, {**GOOD, "problems": ["none", "cracks"]}) == {
        "problems": "constraint",
        "problem_places": "not_relevant",
        "problem_detail": "not_relevant",
    }
    fine = {**GOOD, "problems": ["none"], "problem_places": None, "problem_detail": None}
    assert problems(form, fine) == {}
    assert problems(form, {**GOOD, "problem_places": None}) == {"problem_places": "required"}
    alone = {**GOOD, "elderly_living": "alone"}
    assert problems(form, alone) == {"elderly_living": "constraint"}
    assert problems(form, {**alone, "residents": 1, "elderly": 1}) == {}
    assert problems(form, {**GOOD, "elderly_living": "empty_nest"}) == {
        "elderly_living": "constraint"
    }
    assert problems(form, {**GOOD, "cars": 11}) == {"cars": "constraint"}


def test_profile_constraints(form: Form) -> None:
    assert problems(form, {**GOOD, "elderly": 4}) == {
        "elderly": "constraint",
        "children": "constraint",
    }
    assert problems(form, {**GOOD, "children": 2}) == {"children": "constraint"}
    assert problems(form, {**GOOD, "residents": None}) == {"residents": "required"}


def test_form_show_prints_both_languages() -> None:
    chinese = CliRunner().invoke(main, ["form", "show", str(NEEDS_SURVEY)])
    english = CliRunner().invoke(main, ["form", "show", str(NEEDS_SURVEY), "--lang", "en"])
    assert chinese.exit_code == english.exit_code == 0
    assert "加装电梯" in chinese.output and "常住人口" in chinese.output
    assert "Adding lifts" in english.output and "relevant: ${chosen_count} > 0" in english.output


def test_form_check_json_summary() -> None:
    result = CliRunner().invoke(main, ["form", "check", str(NEEDS_SURVEY), "--json"])
    report = json.loads(result.output)
    assert report["ok"] is True and report["problems"] == [] and report["ignored"] == []
    facts = report["form"]
    assert (facts["form_id"], facts["questions"], facts["groups"]) == ("needs_survey", 30, 7)
    assert [lang["key"] for lang in facts["languages"]] == ["zh", "en"]


def test_refused_form_and_unreadable_file(tmp_path: Path, make_form) -> None:  # type: ignore[no-untyped-def]
    path = make_form([["type", "name", "label"], ["audio", "voice", "Voice"]])
    result = CliRunner().invoke(main, ["form", "check", str(path)])
    assert result.exit_code == 1
    assert "survey 第 2 行 type: voice: 本应用不支持录音" in result.output
    english = CliRunner().invoke(main, ["form", "check", "--lang", "en", str(path)])
    assert "survey row 2 type: voice: audio recording are not supported" in english.output
    shown = CliRunner().invoke(main, ["form", "show", str(path)])
    assert shown.exit_code == 1 and "row 2" in shown.output and "Traceback" not in shown.output
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really")
    result = CliRunner().invoke(main, ["form", "check", str(junk), "--json"])
    assert (
        result.exit_code == 1
        and json.loads(result.output)["problems"][0]["code"] == "unreadable_file"
    )


@pytest.mark.parametrize("command", [["form"], ["form", "check"], ["form", "show"]])
def test_form_commands_have_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "-h"])
    assert result.exit_code == 0 and "Example" in result.output


def test_the_shipped_form_is_found_by_name_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    output = CliRunner().invoke(main, ["form", "check", "needs_survey"])
    assert output.exit_code == 0, output.output
    assert "不支持的功能:无" in output.output
    shown = CliRunner().invoke(main, ["form", "show", "needs_survey", "--lang", "en"])
    assert shown.exit_code == 0 and "Adding lifts" in shown.output
    missing = CliRunner().invoke(main, ["form", "check", "no_such_form"])
    assert missing.exit_code == 1 and "找不到表单文件 no_such_form" in missing.output
    missing = CliRunner().invoke(main, ["form", "check", "--lang", "en", "no_such_form"])
    assert missing.exit_code == 1 and "no such file" in missing.output
