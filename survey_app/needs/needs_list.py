"""The needs list (需求清单): what the surveyed households of a compound (or of all) asked for.

It reads the shipped needs survey by its question names, which stay fixed when the survey is
edited: the item questions (`basic_items`, `improve_items`, `upgrade_items`, whose choices
carry a `category`), `priority_1..3`, the profile counts (`residents`, `elderly`,
`children`, `disabled`), `cofund`, `cofund_amount`, `property`, `lift_view` and `floor`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from survey_app.core.errors import InvalidInput
from survey_app.core.rules import rate_text
from survey_app.xlsform.model import Choice, Form, Question

ITEM_QUESTIONS = ("basic_items", "improve_items", "upgrade_items")
PRIORITIES = ("priority_1", "priority_2", "priority_3")
PROFILE = ("residents", "elderly", "children", "disabled")
CHOICE_TALLIES = {
    "co_funding": "cofund",
    "co_funding_amount": "cofund_amount",
    "property": "property",
    "tenure": "tenure",
}
LIFT_VIEW, FLOOR = "lift_view", "floor"
REQUIRED = (*ITEM_QUESTIONS, *PRIORITIES, *PROFILE, *CHOICE_TALLIES.values(), LIFT_VIEW, FLOOR)


@dataclass(frozen=True)
class Coverage:
    """Who was surveyed: households with current answers, against the eligible ones."""

    surveyed: int
    eligible: int
    surveyed_eligible: int

    def as_json(self) -> dict[str, object]:
        return {
            "surveyed": self.surveyed,
            "eligible": self.eligible,
            "surveyed_eligible": self.surveyed_eligible,
            "coverage": rate_text(self.surveyed_eligible, self.eligible),
        }


def check_needs_form(form: Form) -> None:
    missing = [name for name in REQUIRED if not isinstance(form.item(name), Question)]
    if missing:
        raise InvalidInput(code="not_a_needs_survey", form=form.form_id, missing=", ".join(missing))


def needs_list(
    form: Form, answers: Iterable[Mapping[str, Any]], coverage: Coverage, language: str = "zh"
) -> dict[str, object]:
    """Items ranked by the share of surveyed households choosing them, priorities, the
    household profile (一老一小), co-funding and property willingness, lifts by floor."""
    check_needs_form(form)
    surveyed = list(answers)
    labels = _Labels(form, language)
    return {
        "form_id": form.form_id,
        **coverage.as_json(),
        "items": _items(form, surveyed, labels),
        "priorities": _priorities(surveyed, labels),
        "profile": _profile(surveyed),
        **{key: _tally(form, surveyed, name, labels) for key, name in CHOICE_TALLIES.items()},
        "lift_views": _views(form, labels),
        "lift_by_floor": _lift_by_floor(form, surveyed),
        "other_needs": sum(1 for a in surveyed if str(a.get("other_needs") or "").strip()),
        "comments": sum(1 for a in surveyed if str(a.get("comments") or "").strip()),
    }


class _Labels:
    def __init__(self, form: Form, language: str) -> None:
        self.form, self.language = form, language

    def of(self, choice: Choice) -> str:
        return self.form.label(choice, self.language)

    def category(self, code: str) -> str:
        category = self.form.choice_lists.get("category")
        choice = category.choice(code) if category else None
        return self.of(choice) if choice else code


def _item_choices(form: Form) -> list[Choice]:
    question = form.item(ITEM_QUESTIONS[0])
    assert isinstance(question, Question)
    return form.choices_of(question)


def _chosen(answer: Mapping[str, Any]) -> set[str]:
    return {item for name in ITEM_QUESTIONS for item in answer.get(name) or []}


def _items(
    form: Form, surveyed: list[Mapping[str, Any]], labels: _Labels
) -> list[dict[str, object]]:
    counts = Counter(item for answer in surveyed for item in _chosen(answer))
    firsts = Counter(answer.get(PRIORITIES[0]) for answer in surveyed)
    choices = _item_choices(form)
    order = {choice.name: index for index, choice in enumerate(choices)}
    ranked = sorted(choices, key=lambda c: (-counts[c.name], -firsts[c.name], order[c.name]))
    return [
        {
            "item": choice.name,
            "label": labels.of(choice),
            "category": choice.columns.get("category", ""),
            "category_label": labels.category(choice.columns.get("category", "")),
            "households": counts[choice.name],
            "share": rate_text(counts[choice.name], len(surveyed)),
        }
        for choice in ranked
    ]


def _priorities(surveyed: list[Mapping[str, Any]], labels: _Labels) -> list[dict[str, object]]:
    places = [Counter(str(a[p]) for a in surveyed if a.get(p)) for p in PRIORITIES]
    choices = {c.name: c for c in _item_choices(labels.form)}
    mentioned = sorted(set().union(*places), key=lambda n: tuple(-c[n] for c in places))
    rows = [
        {
            "item": name,
            "label": labels.of(choices[name]) if name in choices else name,
            "first": places[0][name],
            "second": places[1][name],
            "third": places[2][name],
            "total": sum(place[name] for place in places),
        }
        for name in mentioned
    ]
    return sorted(rows, key=lambda r: (-int(str(r["total"])), -int(str(r["first"]))))


def _profile(surveyed: list[Mapping[str, Any]]) -> dict[str, int]:
    def number(answer: Mapping[str, Any], name: str) -> int:
        value = answer.get(name)
        return int(value) if isinstance(value, int | float) else 0

    totals = {name: sum(number(a, name) for a in surveyed) for name in PROFILE}
    for name in PROFILE[1:]:
        totals[f"households_with_{name}"] = sum(1 for a in surveyed if number(a, name) > 0)
    return totals


def _tally(
    form: Form, surveyed: list[Mapping[str, Any]], name: str, labels: _Labels
) -> list[dict[str, object]]:
    question = form.item(name)
    assert isinstance(question, Question)
    counts = Counter(str(a[name]) for a in surveyed if a.get(name))
    rows: list[dict[str, object]] = [
        {
            "choice": choice.name,
            "label": labels.of(choice),
            "households": counts[choice.name],
            "share": rate_text(counts[choice.name], len(surveyed)),
        }
        for choice in form.choices_of(question)
    ]
    unanswered = len(surveyed) - sum(counts.values())
    rows.append(
        {
            "choice": "",
            "label": "未答" if labels.language.startswith("zh") else "not asked or not answered",
            "households": unanswered,
            "share": rate_text(unanswered, len(surveyed)),
        }
    )
    return rows


def _views(form: Form, labels: _Labels) -> list[dict[str, str]]:
    question = form.item(LIFT_VIEW)
    assert isinstance(question, Question)
    return [{"choice": c.name, "label": labels.of(c)} for c in form.choices_of(question)]


def _lift_by_floor(form: Form, surveyed: list[Mapping[str, Any]]) -> list[dict[str, object]]:
    question = form.item(LIFT_VIEW)
    assert isinstance(question, Question)
    views = [choice.name for choice in form.choices_of(question)]
    by_floor: dict[int, Counter[str]] = {}
    for answer in surveyed:
        floor, view = answer.get(FLOOR), answer.get(LIFT_VIEW)
        if isinstance(floor, int) and view:
            by_floor.setdefault(floor, Counter())[str(view)] += 1
    return [
        {"floor": floor, **{view: counts[view] for view in views}}
        for floor, counts in sorted(by_floor.items())
    ]
