"""The needs list of one compound or of all, read from this laptop's database."""

from __future__ import annotations

from typing import Any

from survey_app.core.ids import split_household_id
from survey_app.needs.library import known_versions
from survey_app.needs.needs_list import (
    ITEM_QUESTIONS,
    Coverage,
    Response,
    check_needs_form,
    needs_list,
)
from survey_app.store.compounds import get_compound, list_compounds
from survey_app.store.database import Store
from survey_app.store.survey_answers import SurveyAnswer, current_survey_answers
from survey_app.xlsform.model import Form, Question

_COVERAGE = """
    SELECT
        (SELECT count(*) FROM survey_current c
          WHERE c.form_id = :form AND (:compound IS NULL OR c.compound = :compound)),
        (SELECT count(*) FROM households h
          WHERE h.eligible AND (:compound IS NULL OR h.compound = :compound)),
        (SELECT count(*) FROM survey_current c JOIN households h ON h.id = c.household
          WHERE c.form_id = :form AND h.eligible
            AND (:compound IS NULL OR c.compound = :compound))
"""


def coverage(*, store: Store, form_id: str, compound: str | None) -> Coverage:
    row = store.db.execute(_COVERAGE, {"form": form_id, "compound": compound}).fetchone()
    return Coverage(surveyed=row[0], eligible=row[1], surveyed_eligible=row[2])


def compound_needs(
    *, store: Store, form: Form, compound: str, language: str = "zh"
) -> dict[str, object]:
    check_needs_form(form)
    found = get_compound(store=store, code=compound)
    answers = current_survey_answers(store=store, form_id=form.form_id, compound=found.code)
    covered = coverage(store=store, form_id=form.form_id, compound=found.code)
    known = offered(form, known_versions(store, form.form_id))
    report = needs_list(form, responses(answers), covered, language, offered=known)
    return {"compound": found.code, "name": found.name, **report}


def all_needs(*, store: Store, form: Form, language: str = "zh") -> dict[str, object]:
    check_needs_form(form)
    answers = current_survey_answers(store=store, form_id=form.form_id)
    covered = coverage(store=store, form_id=form.form_id, compound=None)
    known = offered(form, known_versions(store, form.form_id))
    report = needs_list(form, responses(answers), covered, language, offered=known)
    by_compound = [
        {
            "compound": c.code,
            "name": c.name,
            **coverage(store=store, form_id=form.form_id, compound=c.code).as_json(),
        }
        for c in list_compounds(store=store)
    ]
    return {"compound": "all", "compounds": len(by_compound), **report, "by_compound": by_compound}


def responses(answers: list[SurveyAnswer]) -> list[Response]:
    return [Response(a.answers, a.form_version, stairway_unit(a.household)) for a in answers]


def stairway_unit(household: str) -> str:
    """`NH-001/3-2-501` → `3-2`; `NH-001/3-501` (no units) → `3`."""
    address = split_household_id(household)[1]
    return address.rsplit("-", 1)[0] if "-" in address else ""


def offered(form: Form, known: dict[str, Form] | None = None) -> dict[str, frozenset[str]]:
    """The items each known version of the form offered: the `known` ones (earlier shipped
    versions, and those published to the central file) and the form itself."""
    versions = {**(known or {}), form.version: form}
    return {version: _items_of(each) for version, each in versions.items()}


def _items_of(form: Form) -> frozenset[str]:
    question = form.item(ITEM_QUESTIONS[0])
    if not isinstance(question, Question):
        return frozenset()
    return frozenset(choice.name for choice in form.choices_of(question))


PROFILE_LABELS = (
    ("residents", "常住人口", "人"),
    ("elderly", "60岁以上老人", "人"),
    ("children", "6岁以下儿童", "人"),
    ("disabled", "残疾人", "人"),
    ("households_with_elderly", "有老人的住户", "户"),
    ("households_with_children", "有幼儿的住户", "户"),
    ("households_elderly_alone", "独居老人户", "户"),
    ("households_empty_nest", "空巢老人户", "户"),
    ("cars", "汽车", "辆"),
    ("ebikes", "电动自行车", "辆"),
)


def printable_needs(report: dict[str, Any]) -> dict[str, object]:
    """A compound's needs list in the fields the printed 需求清单 reads (reports.needs)."""
    top_three = {row["item"]: row["total"] for row in report["priorities"]}
    return {
        "compound": report["compound"],
        "compound_name": report["name"],
        "surveyed": report["surveyed"],
        "households": report["eligible"],
        "items": [
            {
                "label": item["label"],
                "category": item["category_label"],
                "households": item["households"],
                "top_three": top_three.get(item["item"], 0),
                "code": item["item"],
                "asked": item["asked"],
            }
            for item in report["items"]
        ],
        "profile": [
            {"label": label, "value": report["profile"][key], "unit": unit}
            for key, label, unit in PROFILE_LABELS
            if key in report["profile"]
        ],
        "conditions": [
            {"label": row["label"], "value": row["households"], "unit": "户"}
            for row in report["conditions"]
            if row["choice"] != "none"
        ],
        "lift_units": report["lift_by_unit"],
        "notes": printed_notes(report),
    }


def printed_notes(report: dict[str, Any]) -> list[str]:
    """The form versions the list combines, and who declined the health questions."""
    versions = report["versions"]
    combined = "、".join(
        f"{v['version']}版 {v['households']} 户" + ("" if v["known"] else "(该版本表单未知)")
        for v in versions
    )
    notes = [f"本清单合并的调查表版本:{combined}。"] if versions else []
    health = report["health"]
    if health["declined"] or health["not_asked"]:
        notes.append(
            f"残疾人数只计同意回答健康信息的 {health['answered']} 户;"
            f"{health['declined']} 户不同意回答,{health['not_asked']} 户的调查表版本未问。"
        )
    return notes


def compound_satisfaction(
    *, store: Store, form: Form, needs_form: Form, compound: str, language: str = "zh"
) -> dict[str, object]:
    """The compound's satisfaction summary, each item beside its demand in the needs list."""
    from survey_app.needs.satisfaction import check_satisfaction_form, satisfaction_summary

    check_satisfaction_form(form)
    found = get_compound(store=store, code=compound)
    answers = current_survey_answers(store=store, form_id=form.form_id, compound=found.code)
    covered = coverage(store=store, form_id=form.form_id, compound=found.code)
    needs = compound_needs(store=store, form=needs_form, compound=found.code, language=language)
    demand: list[dict[str, Any]] = needs["items"]  # type: ignore[assignment]
    summary = satisfaction_summary(form, (a.answers for a in answers), covered, demand, language)
    versions = sorted({a.form_version for a in answers})
    return {
        "compound": found.code,
        "name": found.name,
        **summary,
        "versions": versions,
        "needs_surveyed": needs["surveyed"],
    }
