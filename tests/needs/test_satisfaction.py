"""改造后满意度调查 and the satisfaction summary beside the needs list's demand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from survey_app.cli import main
from survey_app.core.errors import InvalidInput
from survey_app.needs.library import open_form
from survey_app.needs.needs_list import Coverage
from survey_app.needs.satisfaction import satisfaction_summary
from survey_app.needs.submit import AnswersRefused, submit_survey
from survey_app.store.database import Store
from survey_app.store.household_status import compound_statuses
from survey_app.store.survey_answers import current_survey_answer
from tests.needs.test_survey_answers import ANSWERS, household, make_store

RATED: dict[str, Any] = {
    "respondent": "head", "rated_items": ["elevator", "roof"], "sat_elevator": "5",
    "sat_roof": "2", "quality": "4", "conduct": "3", "on_time": "yes",
    "problems_after": ["none"], "took_part": "yes", "acceptance": "rectify",
    "rectify_items": ["roof"], "overall": "4", "recommend": "yes", "comments": "顶楼还漏",
}  # fmt: skip


@pytest.fixture(scope="module")
def form():  # type: ignore[no-untyped-def]
    return open_form("satisfaction_survey")


def test_the_form_rates_every_needs_item(form) -> None:  # type: ignore[no-untyped-def]
    needs_items = [c.name for c in open_form().choice_lists["items"].choices]
    assert [c.name for c in form.choice_lists["items"].choices] == needs_items
    for item in needs_items:
        question = form.item(f"sat_{item}")
        assert question is not None and question.relevant is not None
        assert question.relevant.text == f"selected(${{rated_items}}, '{item}')"
    assert {"quality", "acceptance", "rectify_items", "comments"} <= {i.name for i in form.walk()}


def test_answers_are_kept_per_form(tmp_path: Path, form) -> None:  # type: ignore[no-untyped-def]
    store = make_store(tmp_path / "a.db", "a")
    home = household(store, "1-1-501")
    submit_survey(store=store, form=open_form(), household=home, answers=ANSWERS)
    submit_survey(store=store, form=form, household=home, answers=RATED)
    needs = current_survey_answer(store=store, household=home.id, form_id="needs_survey")
    after = current_survey_answer(store=store, household=home.id, form_id="satisfaction_survey")
    assert needs is not None and after is not None and needs.id != after.id
    assert needs.answers == ANSWERS and after.answers == RATED and after.replaces == ()
    other = household(store, "1-2-601")
    submit_survey(store=store, form=form, household=other, answers=RATED)
    statuses = compound_statuses(store=store, compound="NH-001")
    assert statuses[home.id].surveyed  # the list's 调查 is the needs survey
    assert other.id not in statuses or not statuses[other.id].surveyed
    with pytest.raises(AnswersRefused) as refused:
        submit_survey(store=store, form=form, household=home, answers={**RATED, "sat_lift": "5"})
    assert "sat_lift" in str(refused.value)
    with pytest.raises(AnswersRefused):
        unrated = {**RATED, "rated_items": ["elevator"]}  # sat_roof no longer applies
        submit_survey(store=store, form=form, household=home, answers=unrated)


def test_items_ranked_by_satisfaction_beside_demand(form) -> None:  # type: ignore[no-untyped-def]
    pleased = {**RATED, "sat_roof": "4", "acceptance": "agree", "rectify_items": None}
    answers = [RATED, pleased, {**RATED, "rated_items": ["roof"], "sat_elevator": None}]
    demand = [{"item": "roof", "households": 9, "share": "60.00"},
              {"item": "elevator", "households": 3, "share": "20.00"}]  # fmt: skip
    report = satisfaction_summary(form, answers, Coverage(3, 10, 3), demand)
    items = report["items"]
    assert [(i["item"], i["rated"], i["satisfied"], i["satisfied_share"], i["mean"])  # type: ignore[attr-defined]
            for i in items] == [("elevator", 2, 2, "100.00", "5.00"),
                                ("roof", 3, 1, "33.33", "2.67")]  # type: ignore[attr-defined]  # fmt: skip
    assert (items[1]["demand_rank"], items[1]["demand_share"]) == (1, "60.00")  # type: ignore[index]
    assert items[1]["dissatisfied"] == 2  # type: ignore[index]
    acceptance = {r["choice"]: r["households"] for r in report["acceptance"]}  # type: ignore[attr-defined]
    assert acceptance == {"agree": 1, "rectify": 2, "reject": 0, "unknown": 0}
    assert report["rectify_items"] == [{"choice": "roof", "label": "屋面防水", "households": 2}]
    assert report["quality"]["satisfied_share"] == "100.00"  # type: ignore[index]
    with pytest.raises(InvalidInput) as wrong:
        satisfaction_summary(open_form(), answers, Coverage(3, 10, 3))
    assert wrong.value.code == "not_a_satisfaction_survey"


def test_the_command_and_the_printed_summary(tmp_path: Path, form) -> None:  # type: ignore[no-untyped-def]
    from tests.reports.report_checks import pdf_text, squeeze

    db = tmp_path / "a.db"
    store: Store = make_store(db, "a")
    for address in ("1-1-501", "1-2-601"):
        submit_survey(store=store, form=open_form(), household=household(store, address),
                      answers=ANSWERS)  # fmt: skip
        submit_survey(store=store, form=form, household=household(store, address), answers=RATED)
    store.close()
    shown = CliRunner().invoke(main, ["--db", str(db), "satisfaction", "--compound", "NH-001",
                                      "--json"])  # fmt: skip
    assert shown.exit_code == 0, shown.output
    report = json.loads(shown.output)
    assert (report["surveyed"], report["versions"]) == (2, ["2027.1"])
    assert [i["item"] for i in report["items"]] == ["elevator", "roof"]
    pdf = tmp_path / "s.pdf"
    printed = CliRunner().invoke(main, ["--db", str(db), "report", "satisfaction", "--compound",
                                        "NH-001", "--pdf", str(pdf)])  # fmt: skip
    assert printed.exit_code == 0, printed.output
    text = squeeze(pdf_text(pdf, layout=False))
    for words in ("东方新村老旧小区改造后居民满意度汇总", "加装电梯", "100.00%", "整改后通过2户"):
        assert squeeze(words) in text, words
