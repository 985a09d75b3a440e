"""Survey answers as records: submit, replace, sync, show, and the needs list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from survey_app.cli import main
from survey_app.core.records import Record
from survey_app.needs.library import open_form
from survey_app.needs.needs_list import Coverage, needs_list
from survey_app.needs.submit import AnswersRefused, submit_survey
from survey_app.store.compounds import save_compound
from survey_app.store.database import Store, insert_records, open_store
from survey_app.store.enrolment import enrol_device
from survey_app.store.households import Household, find_household
from survey_app.store.projection import project_pending
from survey_app.store.survey_answers import (
    current_survey_answer,
    current_survey_answers,
    survey_history,
)

ANSWERS: dict[str, Any] = {
    "respondent": "head", "residents": 3, "elderly": 2, "elderly_living": "with_family",
    "children": 0, "tenure": "owner", "years": 31, "floor": 5, "cars": 1, "ebikes": 2,
    "health_consent": "yes", "disabled": 1, "disability_needs": ["lift"],
    "problems": ["roof_leak"], "problem_places": ["roof"],
    "basic_items": ["water", "roof"], "improve_items": ["elevator", "parking"],
    "upgrade_items": ["elderly_care"],
    "priority_1": "elevator", "priority_2": "roof", "priority_3": "water",
    "lift_view": "support", "lift_pay": "depends",
    "cofund": "depends", "cofund_amount": "500_2000", "property": "yes", "property_fee": 0.8,
    "comments": "楼道灯经常坏",
}  # fmt: skip
GROUND_FLOOR: dict[str, Any] = {
    **ANSWERS, "floor": 1, "lift_view": "oppose", "lift_pay": None, "improve_items": [],
    "basic_items": ["drainage"], "upgrade_items": [], "priority_1": "drainage",
    "priority_2": None, "priority_3": None, "cofund": "no", "cofund_amount": None,
}  # fmt: skip


def make_store(path: Path, device: str) -> Store:
    store = open_store(path, device_name=device, surveyor="王芳")
    save_compound(store=store, code="NH-001", name="东方新村")
    with store.transaction():
        for address in ("1-1-101", "1-1-501", "1-2-601"):
            parts = address.split("-")
            household = Household(
                id=f"NH-001/{address}",  # type: ignore[arg-type]
                compound="NH-001", address=address, building=parts[0], unit=parts[1],
                room=parts[2],
            )  # fmt: skip
            store.append(household.payload())
    return store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return make_store(tmp_path / "a.db", "laptop-a")


def household(store: Store, address: str) -> Household:
    return find_household(store=store, compound="NH-001", address=address)


def submit(store: Store, address: str, answers: dict[str, Any]) -> str:
    form = open_form()
    answers = {k: v for k, v in answers.items() if v is not None}
    return submit_survey(
        store=store, form=form, household=household(store, address), answers=answers
    ).id


def test_submission_is_stored_with_its_form_and_metadata(store: Store) -> None:
    first = submit(store, "1-1-501", ANSWERS)
    current = current_survey_answer(store=store, household="NH-001/1-1-501", form_id="needs_survey")
    assert current is not None and current.id == first
    assert current.answers == ANSWERS and current.form_version == "2027.2"
    assert current.calculated["chosen_count"] == "5"
    assert current.metadata["deviceid"] == store.device_id
    assert current.metadata["username"] == "王芳" and current.surveyor == "王芳"


def test_a_new_submission_replaces_the_previous_one(store: Store) -> None:
    first = submit(store, "1-1-501", ANSWERS)
    second = submit(store, "1-1-501", {**ANSWERS, "residents": 4})
    current = current_survey_answer(store=store, household="NH-001/1-1-501", form_id="needs_survey")
    assert current is not None and current.id == second and current.replaces == (first,)
    history = survey_history(store=store, household="NH-001/1-1-501", form_id="needs_survey")
    assert [h.id for h in history] == [first, second]
    assert len(current_survey_answers(store=store, form_id="needs_survey")) == 1


def test_invalid_answers_are_refused_and_nothing_is_stored(store: Store) -> None:
    with pytest.raises(AnswersRefused) as refused:
        submit(store, "1-1-101", {**ANSWERS, "floor": 1, "elderly": 7})
    codes = {(p.key, p.code) for p in refused.value.problems}
    assert codes == {
        ("elderly", "constraint"),
        ("children", "constraint"),
        ("lift_pay", "not_relevant"),
    }
    assert "lift_pay" in str(refused.value)
    assert current_survey_answers(store=store, form_id="needs_survey") == []


def _copy_records(source: Store, target: Store) -> None:
    rows = source.db.execute(
        "SELECT id, kind, device, seq, created_at, payload, hash, prev, signature FROM records "
        "ORDER BY rowid"
    ).fetchall()
    known = {r[0] for r in target.db.execute("SELECT id FROM records").fetchall()}
    with target.transaction():
        insert_records(target.db, [Record(*row) for row in rows if row[0] not in known])
        project_pending(target.db)


def _current_table(store: Store) -> list[tuple[str, ...]]:
    return store.db.execute("SELECT * FROM survey_current ORDER BY household").fetchall()


def test_answers_sync_like_votes_in_any_order(tmp_path: Path) -> None:
    a, b = make_store(tmp_path / "a.db", "a"), make_store(tmp_path / "b.db", "b")
    enrol_device(store=a, fingerprint=b.fingerprint)  # two offices counting each other's surveys
    enrol_device(store=b, fingerprint=a.fingerprint)
    submit(a, "1-1-501", ANSWERS)
    later = submit(b, "1-1-501", {**ANSWERS, "residents": 5})
    submit(b, "1-2-601", ANSWERS)
    _copy_records(b, a)
    _copy_records(a, b)
    assert _current_table(a) == _current_table(b)
    current = current_survey_answer(store=a, household="NH-001/1-1-501", form_id="needs_survey")
    assert current is not None and current.id == later  # the latest of two unreplaced ones
    settled = submit(a, "1-1-501", ANSWERS)
    replaced = current_survey_answer(store=a, household="NH-001/1-1-501", form_id="needs_survey")
    assert replaced is not None and replaced.id == settled and len(replaced.replaces) == 2


def test_needs_list_counts_and_ranks(store: Store) -> None:
    submit(store, "1-1-501", ANSWERS)
    submit(store, "1-1-101", GROUND_FLOOR)
    answers = [a.answers for a in current_survey_answers(store=store, form_id="needs_survey")]
    report = needs_list(open_form(), answers, Coverage(surveyed=2, eligible=3, surveyed_eligible=2))
    items = {item["item"]: item for item in report["items"]}  # type: ignore[attr-defined]
    assert items["elevator"]["households"] == 1 and items["elevator"]["share"] == "50.00"
    assert items["drainage"]["category_label"] == "基础类"
    assert report["items"][0]["households"] == 1  # type: ignore[index]
    assert report["coverage"] == "66.67"
    priorities = {p["item"]: p for p in report["priorities"]}  # type: ignore[attr-defined]
    assert (priorities["elevator"]["first"], priorities["drainage"]["first"]) == (1, 1)
    assert priorities["roof"]["second"] == 1 and priorities["water"]["third"] == 1
    assert report["profile"] == {
        "residents": 6, "elderly": 4, "children": 0, "disabled": 2,
        "households_with_elderly": 2, "households_with_children": 0,
        "households_with_disabled": 2, "cars": 2, "ebikes": 4, "households_with_cars": 2,
        "households_with_ebikes": 2, "households_elderly_alone": 0, "households_empty_nest": 0,
    }  # fmt: skip
    co_funding = {row["choice"]: row["households"] for row in report["co_funding"]}  # type: ignore[attr-defined]
    assert co_funding == {"yes": 0, "depends": 1, "no": 1, "": 0}
    assert report["lift_by_floor"] == [
        {"floor": 1, "support": 0, "neutral": 0, "oppose": 1},
        {"floor": 5, "support": 1, "neutral": 0, "oppose": 0},
    ]


# -- the commands --------------------------------------------------------------------------


def run(db: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["--db", str(db), *args])


def test_round_trip_through_submit_show_and_needs(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    make_store(db, "a").close()
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS, ensure_ascii=False), encoding="utf-8")
    where = ["--compound", "NH-001", "--household", "1幢1单元501室"]
    saved = run(db, "survey", "submit", *where, "--answers", str(answers), "--json")
    assert saved.exit_code == 0, saved.output
    shown = run(db, "survey", "show", *where, "--json")
    assert shown.exit_code == 0
    data = json.loads(shown.output)
    assert data["answers"] == ANSWERS and data["id"] == json.loads(saved.output)["id"]
    assert data["address"] == "1-1-501" and data["submissions"] == 1
    again = tmp_path / "again.json"
    again.write_text(shown.output, encoding="utf-8")
    resaved = run(db, "survey", "submit", *where, "--answers", str(again), "--json")
    assert json.loads(resaved.output)["replaces"] == [data["id"]]
    text = run(db, "survey", "show", *where, "--lang", "en")
    assert "Adding lifts" in text.output and "Residents (persons): 3" in text.output
    needs = json.loads(run(db, "needs", "--compound", "NH-001", "--json").output)
    assert (needs["surveyed"], needs["eligible"], needs["coverage"]) == (1, 3, "33.33")
    assert needs["items"][0]["households"] == 1
    both = json.loads(run(db, "needs", "--all", "--json").output)
    assert both["compound"] == "all" and both["by_compound"][0]["surveyed"] == 1
    assert "加装电梯" in run(db, "needs", "--compound", "NH-001").output


def test_command_errors_are_one_line(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    make_store(db, "a").close()
    where = ["--compound", "NH-001", "--household", "1-1-501"]
    bad = tmp_path / "bad.json"
    bad.write_text('{"residents": 2, "elderly": 5, "zz": 1', encoding="utf-8")
    result = run(db, "survey", "submit", *where, "--answers", str(bad))
    assert result.exit_code == 1 and "不是有效的 JSON" in result.output
    bad.write_text('{"residents": 2, "elderly": 5, "zz": 1}', encoding="utf-8")
    result = run(db, "survey", "submit", *where, "--answers", str(bad))
    assert result.exit_code == 1 and "zz: 表单中没有这个问题" in result.output
    assert "elderly: 老人数不能超过常住人口" in result.output
    assert run(db, "survey", "show", *where).exit_code == 1
    assert run(db, "needs").exit_code == 1
    assert run(db, "needs", "--compound", "NH-404").exit_code == 1
    missing = run(db, "survey", "submit", *where, "--answers", str(tmp_path / "none.json"))
    assert missing.exit_code == 1 and "无法读取答案文件" in missing.output


@pytest.mark.parametrize(
    "command", [["survey"], ["survey", "submit"], ["survey", "show"], ["needs"]]
)
def test_survey_commands_have_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "-h"])
    assert result.exit_code == 0 and "Example" in result.output


def test_the_sample_batch_has_a_plausible_needs_list(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert run(db, "demo", "--compounds", "3", "--max-households", "300").exit_code == 0
    report = json.loads(run(db, "needs", "--all", "--json").output)
    assert 0.5 < report["surveyed"] / report["eligible"] < 0.95
    shares = [float(item["share"]) for item in report["items"]]
    assert shares == sorted(shares, reverse=True) and shares[0] > 30
    by_floor = {row["floor"]: row for row in report["lift_by_floor"]}
    top = max(by_floor)

    def support(row: dict[str, int]) -> float:
        return row["support"] / (row["support"] + row["neutral"] + row["oppose"])

    assert support(by_floor[top]) > support(by_floor[1]) + 0.3
    assert report["profile"]["elderly"] > report["profile"]["children"]
    for compound in report["by_compound"]:
        assert compound["surveyed"] > 0


def test_the_printed_needs_list_comes_from_the_answers(tmp_path: Path) -> None:
    from pypdf import PdfReader

    db = tmp_path / "a.db"
    store = make_store(db, "a")
    submit(store, "1-1-501", ANSWERS)
    submit(store, "1-1-101", GROUND_FLOOR)
    store.close()
    pdf = tmp_path / "needs.pdf"
    result = run(db, "report", "needs", "--compound", "NH-001", "--pdf", str(pdf))
    assert result.exit_code == 0, result.output
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "已调查2户,占应调查3户的66.67%" in text
    assert "加装电梯" in text and "排水与雨污分流" in text and "50.00%(1户)" in text


def test_versions_are_combined_over_the_households_each_one_asked(store: Store) -> None:
    """A household surveyed with 2027.1 was never offered 供热 (added in 2027.2): its share is
    over the households asked, and the list names the versions it combines."""
    from survey_app.needs.library import earlier_versions
    from survey_app.needs.needs_list import Response
    from survey_app.needs.report import offered

    form = open_form()
    old = earlier_versions("needs_survey")["2027.1"]
    assert "heating" not in {c.name for c in old.choice_lists["items"].choices}
    new = {**ANSWERS, "basic_items": ["water", "roof", "heating"]}
    responses = [
        Response(new, "2027.2", "1-1"),
        Response({**ANSWERS, "basic_items": ["water"]}, "2027.1", "1-1"),
        Response({**GROUND_FLOOR, "basic_items": ["water", "drainage"]}, "2027.1", "1-2"),
    ]
    report = needs_list(
        form, responses, Coverage(surveyed=3, eligible=3, surveyed_eligible=3),
        offered=offered(form, earlier_versions("needs_survey")),
    )  # fmt: skip
    items = {item["item"]: item for item in report["items"]}  # type: ignore[attr-defined]
    assert (items["heating"]["households"], items["heating"]["asked"]) == (1, 1)
    assert items["heating"]["share"] == "100.00"
    assert (items["water"]["households"], items["water"]["asked"]) == (3, 3)
    assert report["items"][0]["item"] in {"heating", "water"}  # type: ignore[index]
    assert [(v["version"], v["households"], v["known"]) for v in report["versions"]] == [
        ("2027.1", 2, True), ("2027.2", 1, True),
    ]  # type: ignore[attr-defined]  # fmt: skip
    unknown = needs_list(form, [Response(new, "1999.9", "")], Coverage(1, 1, 1), offered={})
    assert unknown["versions"][0]["known"] is False  # type: ignore[index]
    assert report["lift_by_unit"] == [
        {"unit": "1-1", "answered": 2, "support": 2, "neutral": 0, "oppose": 0,
         "support_share": "100.00", "floors": {"support": [5], "neutral": [], "oppose": []}},
        {"unit": "1-2", "answered": 1, "support": 0, "neutral": 0, "oppose": 1,
         "support_share": "0.00", "floors": {"support": [], "neutral": [], "oppose": [1]}},
    ]  # fmt: skip


def test_health_figures_only_from_households_that_consented(store: Store) -> None:
    declined = {**ANSWERS, "health_consent": "no", "disabled": None, "disability_needs": None}
    submit(store, "1-1-501", ANSWERS)
    submit(store, "1-1-101", {**GROUND_FLOOR, **{k: declined[k] for k in (
        "health_consent", "disabled", "disability_needs")}})  # fmt: skip
    answers = [a.answers for a in current_survey_answers(store=store, form_id="needs_survey")]
    report = needs_list(open_form(), answers, Coverage(2, 3, 2))
    health = report["health"]
    assert (health["answered"], health["declined"], health["not_asked"]) == (1, 1, 0)  # type: ignore[index]
    assert report["profile"]["disabled"] == 1  # type: ignore[index]
    needs = {row["choice"]: row["households"] for row in health["needs"]}  # type: ignore[index]
    assert needs["lift"] == 1 and needs["ramp"] == 0
    conditions = {row["choice"]: row["households"] for row in report["conditions"]}  # type: ignore[attr-defined]
    assert conditions["roof_leak"] == 2 and conditions["cracks"] == 0
