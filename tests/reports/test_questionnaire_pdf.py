"""入户调查表: the needs survey on paper, blank or pre-filled, with the household's QR code."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_checks import PASSED, pdf_text, qr_text, run, squeeze

from survey_app.core.qr_texts import make_survey_text, parse_ballot_text
from survey_app.needs.library import open_form
from survey_app.needs.submit import submit_survey
from survey_app.reports.questionnaire import paper_sections, questionnaires
from survey_app.store.database import Store
from survey_app.store.households import get_household, households_of
from survey_app.store.search import Found, search_households
from tests.needs.test_survey_answers import ANSWERS

HOUSEHOLD = f"{PASSED}/1-1-501"


@pytest.fixture
def answered(store: Store) -> Store:
    household = get_household(store=store, id=HOUSEHOLD)
    assert household is not None
    submit_survey(store=store, form=open_form(), household=household, answers=ANSWERS)
    return store


def by_key(sections):  # type: ignore[no-untyped-def]
    return {q.key: q for section in sections for q in section.questions}


def test_the_blank_form_prints_every_question_of_the_form(db: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "blank.pdf"
    result = run(db, "report", "survey", "--blank", "--pdf", str(pdf))
    assert result.exit_code == 0 and "1 份" in result.output
    text = squeeze(pdf_text(pdf, layout=False))
    form = open_form()
    asked = [q for q in form.questions() if q.type not in ("calculate", "start", "end",
             "today", "deviceid", "username", "note")]  # fmt: skip
    for question in asked:
        assert squeeze(form.label(question, "zh")) in text, question.name
    assert "____幢____单元____室" in text and "SAB|" not in text
    assert squeeze("仅当第 11 题选“同意回答”时填写") in text  # the health questions
    assert squeeze("仅当第 26 题选“愿意”或“视改造内容和金额而定”时填写") in text
    assert "仅当第 3 题大于 0 时填写" in pdf_text(pdf, layout=False)  # 老人居住情况
    assert squeeze("20 加装电梯") in text  # numbered, for the priorities to name
    assert squeeze("填上面所选项目的编号") in text


def test_a_household_form_is_pre_filled_and_its_code_opens_the_survey_page(
    answered: Store, db: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "one.pdf"
    result = run(db, "report", "survey", "--compound", PASSED, "--household", "1幢1单元501室",
                 "--pdf", str(pdf))  # fmt: skip
    assert result.exit_code == 0, result.output
    scanned = qr_text(pdf, page=1)
    assert (
        scanned == make_survey_text(HOUSEHOLD, "needs_survey") == (f"SAB|{HOUSEHOLD}|Fneeds_survey")
    )
    assert qr_text(pdf, page=2, dpi=150) == scanned  # a loose later page still names the household
    hits = search_households(store=answered, text=scanned)
    assert [(h.household.id, h.found, h.round_no, h.form) for h in hits] == [
        (HOUSEHOLD, Found.BALLOT, None, "needs_survey")
    ]
    text = squeeze(pdf_text(pdf, layout=False))
    assert squeeze("1幢1单元501室(1-1-501)") in text
    head = get_household(store=answered, id=HOUSEHOLD).head  # type: ignore[union-attr]
    assert head and head not in text  # masked
    assert squeeze("楼道灯经常坏") in text  # the comment, pre-filled
    assert "已按本户已录入" in text


def test_pre_filled_marks_are_the_current_answers(answered: Store) -> None:
    batch = questionnaires(store=answered, form=open_form(), household=HOUSEHOLD)
    questions = by_key(batch.forms[0].sections)
    assert questions["respondent"].marked == {"head"}
    assert questions["basic_items"].marked == {"water", "roof"}
    assert questions["residents"].value == "3" and questions["property_fee"].value == "0.8"
    choices = [c.name for c in open_form().choice_lists["items"].choices]
    assert questions["priority_1"].value == str(choices.index("elevator") + 1)
    assert not questions["disabled"].skipped and questions["disabled"].value == "1"
    blank = by_key(questionnaires(
        store=answered, form=open_form(), household=HOUSEHOLD, blank=True
    ).forms[0].sections)  # fmt: skip
    assert all(not q.marked and not q.value and not q.skipped for q in blank.values())


def test_declined_health_questions_are_not_filled(answered: Store) -> None:
    declined = {**ANSWERS, "health_consent": "no", "disabled": None, "disability_needs": None}
    questions = by_key(paper_sections(open_form(), declined))
    assert questions["health_consent"].marked == {"no"}
    assert questions["disabled"].skipped and questions["disabled"].value == ""
    assert questions["disability_needs"].skipped
    assert questions["lift_pay"].marked == {"depends"}


def test_a_compound_prints_one_form_per_eligible_household(
    answered: Store, db: Path, tmp_path: Path
) -> None:
    eligible = [h for h in households_of(store=answered, compound=PASSED) if h.eligible]
    batch = questionnaires(store=answered, form=open_form(), compound=PASSED)
    assert [paper.household for paper in batch.forms] == [h.id for h in eligible]
    assert [parse_ballot_text(p.qr_text).household for p in batch.forms] == [h.id for h in eligible]
    filled = [p for p in batch.forms if p.answered]
    assert [p.household for p in filled] == [HOUSEHOLD]
    pdf = tmp_path / "all.pdf"
    result = run(db, "report", "survey", "--compound", PASSED, "--pdf", str(pdf))
    assert result.exit_code == 0 and f"{len(eligible)} 份" in result.output
    pages = pdf_text(pdf, layout=False).split("\f")
    firsts = [n for n, page in enumerate(pages, start=1) if "表单 needs_survey" in page]
    assert len(firsts) == len(eligible)
    for number, home in zip(firsts[:3], eligible, strict=False):  # each form's first page
        assert "(续)" not in pages[number - 1]
        assert qr_text(pdf, page=number) == make_survey_text(home.id, "needs_survey")


def test_the_command_says_what_is_missing(db: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "x.pdf"
    result = CliRunner_invoke(db, "report", "survey", "--pdf", str(pdf))
    assert result.exit_code == 1 and "--blank" in result.output and not pdf.exists()
    alone = CliRunner_invoke(db, "report", "survey", "--household", "1-1-501", "--pdf", str(pdf))
    assert alone.exit_code == 1 and "--compound" in alone.output
    unknown = CliRunner_invoke(db, "report", "survey", "--household", "NH-001/99-9-909",
                               "--pdf", str(pdf))  # fmt: skip
    assert unknown.exit_code == 1 and "Traceback" not in unknown.output


def CliRunner_invoke(db: Path, *args: str):  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from survey_app.cli import main

    return CliRunner().invoke(main, ["--db", str(db), *args])
