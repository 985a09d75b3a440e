"""The questionnaire's repeats and its English: a repeat prints as a section of blocks (blank
ones to fill, or one per recorded entry), and `--lang en` prints the form's English labels,
each text without one falling back to the default language. Read back with pdftotext and
zbarimg, as a person reads the paper."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_checks import PASSED, pdf_text, qr_text, run, squeeze

from survey_app.needs.submit import submit_survey
from survey_app.reports.questionnaire import (
    BLANK_ENTRIES,
    paper_sections,
    questionnaires,
    render_questionnaires,
)
from survey_app.store.database import Store
from survey_app.store.households import get_household
from survey_app.xlsform.model import Form
from survey_app.xlsform.reader import load_form
from tests.xlsform.conftest import write_workbook

HOUSEHOLD = f"{PASSED}/1-1-501"
MEMBERS = [
    {"member": "张大爷", "age": 82, "mobility": "wheelchair"},
    {"member": "李阿姨", "age": 79, "mobility": "none"},
    {"member": "小明", "age": 6},
    {"member": "小红", "age": 3},
]


def family_form(tmp_path: Path) -> Path:
    """A small form with a repeat (one block per person); one label has no English."""
    return write_workbook(
        tmp_path / "family.xlsx",
        {
            "survey": [
                ["type", "name", "label::中文 (zh)", "label::English (en)", "relevant"],
                ["integer", "rooms", "住房间数", "Rooms", ""],
                ["begin_repeat", "people", "家庭成员", "Household members", ""],
                ["text", "member", "称呼", "Name", ""],
                ["integer", "age", "年龄", "Age", ""],
                ["select_one mobility", "mobility", "行动能力", "", "${age} >= 60"],
                ["end_repeat", "", "", "", ""],
                ["text", "remarks", "其他意见", "Remarks", ""],
            ],
            "choices": [
                ["list_name", "name", "label::中文 (zh)", "label::English (en)"],
                ["mobility", "none", "行动自如", "Walks unaided"],
                ["mobility", "wheelchair", "使用轮椅", "Uses a wheelchair"],
            ],
            "settings": [
                ["form_id", "form_title", "version", "default_language"],
                ["family_survey", "家庭情况调查", "1", "中文 (zh)"],
            ],
        },
    )


@pytest.fixture
def form(tmp_path: Path) -> Form:
    return load_form(family_form(tmp_path))


def repeat_section(sections):  # type: ignore[no-untyped-def]
    [section] = [s for s in sections if s.entries]
    return section


def test_a_blank_repeat_prints_blocks_to_fill_and_says_to_copy_them(form: Form) -> None:
    sections = paper_sections(form)
    people = repeat_section(sections)
    assert len(people.entries) == BLANK_ENTRIES == 3
    assert [q.key for q in people.entries[0]] == ["member", "age", "mobility"]
    assert people.more and people.title.startswith("家庭成员")
    outside = [q.key for s in sections for q in s.questions]
    assert outside == ["rooms", "remarks"]  # the repeat's questions are only in its blocks
    assert people.entries[0][2].condition == "仅当第 3 题不少于 60 时填写"


def test_a_pre_filled_repeat_has_one_block_per_entry_recorded(
    store: Store, form: Form, tmp_path: Path
) -> None:
    household = get_household(store=store, id=HOUSEHOLD)
    assert household is not None
    submit_survey(store=store, form=form, household=household,
                  answers={"rooms": 3, "people": MEMBERS, "remarks": "楼道灯坏了"})  # fmt: skip
    batch = questionnaires(store=store, form=form, household=HOUSEHOLD)
    people = repeat_section(batch.forms[0].sections)
    assert len(people.entries) == len(MEMBERS) == 4
    assert [block[0].value for block in people.entries] == [m["member"] for m in MEMBERS]
    assert people.entries[0][2].marked == {"wheelchair"}
    assert people.entries[2][2].skipped  # a six-year-old is not asked about mobility
    pdf = tmp_path / "family.pdf"
    render_questionnaires(batch, pdf)
    text = squeeze(pdf_text(pdf, layout=False))
    for n in range(1, 5):
        assert f"第{n}项" in text
    assert "第5项" not in text
    for member in MEMBERS:
        assert str(member["member"]) in text
    assert squeeze("不够时请照此格式另附纸填写") in text
    assert qr_text(pdf, page=1) == f"SAB|{HOUSEHOLD}|Ffamily_survey"


def test_english_prints_the_english_labels_and_falls_back_per_text(
    store: Store, form: Form, tmp_path: Path
) -> None:
    batch = questionnaires(store=store, form=form, household=HOUSEHOLD, blank=True,
                           language="en")  # fmt: skip
    pdf = tmp_path / "family-en.pdf"
    render_questionnaires(batch, pdf)
    text = pdf_text(pdf, layout=False)
    flat = squeeze(text)
    for english in ("Household members", "Rooms", "Age", "Walks unaided", "Entry 3",
                    "For more, copy this block", "only if Q3 is at least 60", "Address:",
                    "Respondent's signature", "page 1"):  # fmt: skip
        assert squeeze(english) in flat, english
    assert "行动能力" in text  # no English label: the default language's
    for chinese in ("住房间数", "家庭成员", "调查员", "填写说明", "第 1 页", "仅当"):
        assert squeeze(chinese) not in flat, chinese
    assert qr_text(pdf, page=1) == f"SAB|{HOUSEHOLD}|Ffamily_survey"


def test_the_command_prints_the_needs_survey_in_english(db: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "needs-en.pdf"
    result = run(db, "report", "survey", "--blank", "--lang", "en", "--pdf", str(pdf))
    assert result.exit_code == 0, result.output
    text = squeeze(pdf_text(pdf, layout=False))
    assert squeeze("Household profile") in text and squeeze("only if Q11 is") in text
    assert squeeze("填写说明") not in text and squeeze("Building ____ Unit ____ Room") in text
    bad = run(db, "report", "survey", "--blank", "--lang", "fr", "--pdf", str(pdf))
    assert bad.exit_code != 0
