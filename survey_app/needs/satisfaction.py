"""The satisfaction summary (满意度汇总) of a compound after the works: the renovated items
ranked by the residents' satisfaction, beside the needs list's demand for the same items.

It reads the shipped 改造后满意度调查 by its question names: `rated_items` (the items a
household rates, from the needs survey's `items` list), `sat_<item>` (5 very satisfied … 1
very dissatisfied), `quality`, `conduct`, `overall`, `on_time`, `took_part`, `acceptance`,
`rectify_items`, `problems_after`, `recommend` and `comments`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from survey_app.core.errors import InvalidInput
from survey_app.core.rules import rate_text
from survey_app.needs.needs_list import Coverage
from survey_app.xlsform.model import Choice, Form, Question

SATISFACTION_SURVEY = "satisfaction_survey"
RATED, PREFIX = "rated_items", "sat_"
SCORED = ("quality", "conduct", "overall")
TALLIED = ("on_time", "took_part", "acceptance", "recommend")
CHOSEN = ("rectify_items", "problems_after")
SATISFIED = 4
"""满意 or 非常满意 (4 or 5 on the five-point scale) count as satisfied; 1 or 2 as not."""


def check_satisfaction_form(form: Form) -> None:
    names = (RATED, *SCORED, *TALLIED, *CHOSEN)
    missing = [name for name in names if not isinstance(form.item(name), Question)]
    if missing:
        raise InvalidInput(
            code="not_a_satisfaction_survey", form=form.form_id, missing=", ".join(missing)
        )


def satisfaction_summary(
    form: Form,
    answers: Iterable[Mapping[str, Any]],
    coverage: Coverage,
    demand: Iterable[Mapping[str, Any]] = (),
    language: str = "zh",
) -> dict[str, object]:
    """`demand`: the needs list's items (`item`, `households`, `share`, its rank by order)."""
    check_satisfaction_form(form)
    surveyed = list(answers)
    wanted = {str(row["item"]): (rank, row) for rank, row in enumerate(demand, start=1)}
    return {
        "form_id": form.form_id,
        **coverage.as_json(),
        "items": _items(form, surveyed, wanted, language),
        **{name: _scored(form, surveyed, name, language) for name in SCORED},
        **{name: _tally(form, surveyed, name, language) for name in TALLIED},
        **{name: _chosen(form, surveyed, name, language) for name in CHOSEN},
        "comments": sum(1 for a in surveyed if str(a.get("comments") or "").strip()),
    }


def _score(value: object) -> int | None:
    try:
        score = int(str(value))
    except ValueError:
        return None
    return score if 1 <= score <= 5 else None


def _rating(scores: list[int]) -> dict[str, object]:
    satisfied = sum(1 for s in scores if s >= SATISFIED)
    mean = Fraction(sum(scores), len(scores)) if scores else Fraction(0)
    return {
        "rated": len(scores),
        "satisfied": satisfied,
        "dissatisfied": sum(1 for s in scores if s <= 2),
        "satisfied_share": rate_text(satisfied, len(scores)),
        "mean": f"{float(mean):.2f}" if scores else "",
        "by_score": {str(s): scores.count(s) for s in range(5, 0, -1)},
    }


def _items(
    form: Form,
    surveyed: list[Mapping[str, Any]],
    wanted: Mapping[str, tuple[int, Mapping[str, Any]]],
    language: str,
) -> list[dict[str, object]]:
    rows = []
    for choice in _choices(form, RATED):
        scores = [s for a in surveyed if (s := _score(a.get(PREFIX + choice.name))) is not None]
        if not scores:
            continue
        rank, need = wanted.get(choice.name, (None, {}))
        rows.append(
            {
                "item": choice.name,
                "label": form.label(choice, language),
                **_rating(scores),
                "demand_rank": rank,
                "demand_households": need.get("households"),
                "demand_share": need.get("share"),
                "_order": (
                    Fraction(-sum(s >= SATISFIED for s in scores), len(scores)),
                    Fraction(-sum(scores), len(scores)),
                    -len(scores),
                ),
            }
        )
    rows.sort(key=lambda row: row["_order"])  # type: ignore[arg-type,return-value]
    for row in rows:
        del row["_order"]
    return rows


def _choices(form: Form, name: str) -> list[Choice]:
    question = form.item(name)
    assert isinstance(question, Question)
    return form.choices_of(question)


def _scored(
    form: Form, surveyed: list[Mapping[str, Any]], name: str, language: str
) -> dict[str, object]:
    scores = [s for a in surveyed if (s := _score(a.get(name))) is not None]
    question = form.item(name)
    assert isinstance(question, Question)
    return {"label": form.label(question, language), **_rating(scores)}


def _tally(
    form: Form, surveyed: list[Mapping[str, Any]], name: str, language: str
) -> list[dict[str, object]]:
    counts = Counter(str(a[name]) for a in surveyed if a.get(name))
    return [
        {
            "choice": c.name,
            "label": form.label(c, language),
            "households": counts[c.name],
            "share": rate_text(counts[c.name], len(surveyed)),
        }
        for c in _choices(form, name)
    ]


def _chosen(
    form: Form, surveyed: list[Mapping[str, Any]], name: str, language: str
) -> list[dict[str, object]]:
    counts = Counter(item for a in surveyed for item in (a.get(name) or []))
    return [
        {"choice": c.name, "label": form.label(c, language), "households": counts[c.name]}
        for c in sorted(_choices(form, name), key=lambda c: -counts[c.name])
        if counts[c.name]
    ]
