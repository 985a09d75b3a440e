"""The needs list of one compound or of all, read from this laptop's database."""

from __future__ import annotations

from typing import Any

from survey_app.needs.needs_list import Coverage, check_needs_form, needs_list
from survey_app.store.compounds import get_compound, list_compounds
from survey_app.store.database import Store
from survey_app.store.survey_answers import current_survey_answers
from survey_app.xlsform.model import Form

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
    report = needs_list(form, (a.answers for a in answers), covered, language)
    return {"compound": found.code, "name": found.name, **report}


def all_needs(*, store: Store, form: Form, language: str = "zh") -> dict[str, object]:
    check_needs_form(form)
    answers = current_survey_answers(store=store, form_id=form.form_id)
    covered = coverage(store=store, form_id=form.form_id, compound=None)
    report = needs_list(form, (a.answers for a in answers), covered, language)
    by_compound = [
        {
            "compound": c.code,
            "name": c.name,
            **coverage(store=store, form_id=form.form_id, compound=c.code).as_json(),
        }
        for c in list_compounds(store=store)
    ]
    return {"compound": "all", "compounds": len(by_compound), **report, "by_compound": by_compound}


PROFILE_LABELS = (
    ("residents", "常住人口", "人"),
    ("elderly", "60岁以上老人", "人"),
    ("children", "6岁以下儿童", "人"),
    ("disabled", "残疾人", "人"),
    ("households_with_elderly", "有老人的住户", "户"),
    ("households_with_children", "有幼儿的住户", "户"),
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
            }
            for item in report["items"]
        ],
        "profile": [
            {"label": label, "value": report["profile"][key], "unit": unit}
            for key, label, unit in PROFILE_LABELS
        ],
    }
