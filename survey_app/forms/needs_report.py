"""The needs list of one compound or of all, read from this laptop's database."""

from __future__ import annotations

from survey_app.forms.model import Form
from survey_app.forms.needs import Coverage, check_needs_form, needs_list
from survey_app.store.compounds import get_compound, list_compounds
from survey_app.store.database import Store
from survey_app.store.survey_answers import current_survey_answers

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
