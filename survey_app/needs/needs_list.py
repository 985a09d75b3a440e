"""The needs list (需求清单): what the surveyed households of a compound (or of all) asked for.

It reads the shipped needs survey by its question names, which stay fixed when the survey is
edited: the item questions (`basic_items`, `improve_items`, `upgrade_items`, whose choices
carry a `category`), `priority_1..3`, the profile counts (`residents`, `elderly`,
`children`, `disabled`), `cofund`, `cofund_amount`, `property`, `lift_view` and `floor`;
from version 2027.2 also `cars`, `ebikes`, `elderly_living`, `health_consent`,
`disability_needs`, `problems` and `problem_places`, each counted when the form has it.

Answers made with different versions of the form are combined: an item's share is over the
households whose version offered it (an item added in 2027.2 is not "not chosen" by a
household surveyed with 2027.1), and `versions` says which versions the list combines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
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


COUNTS = ("cars", "ebikes")
CONDITION_TALLIES = {"conditions": "problems", "condition_places": "problem_places"}
HEALTH_CONSENT, DISABILITY_NEEDS, ELDERLY_LIVING = (
    "health_consent",
    "disability_needs",
    "elderly_living",
)


@dataclass(frozen=True)
class Response:
    """One household's current answers, the form version they were made with, and its
    stairway unit (`3-2`: building 3, unit 2; the building alone where there are no units),
    where a lift is decided."""

    answers: Mapping[str, Any]
    version: str = ""
    unit: str = ""


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
    form: Form,
    answers: Iterable[Mapping[str, Any] | Response],
    coverage: Coverage,
    language: str = "zh",
    *,
    offered: Mapping[str, frozenset[str]] | None = None,
) -> dict[str, object]:
    """Items ranked by the share of surveyed households choosing them, priorities, the
    household profile (一老一小, vehicles, elderly living alone), the building's condition,
    co-funding and property willingness, lifts by floor and by unit.

    `offered`: the items each form version offered; a version not in it is taken to have
    offered the items of `form` (and is listed with `known: false`)."""
    check_needs_form(form)
    responses = [a if isinstance(a, Response) else Response(a, form.version) for a in answers]
    surveyed = [r.answers for r in responses]
    labels = _Labels(form, language)
    return {
        "form_id": form.form_id,
        **coverage.as_json(),
        "versions": _versions(form, responses, offered or {}),
        "items": _items(form, responses, labels, offered or {}),
        "priorities": _priorities(surveyed, labels),
        "profile": _profile(form, surveyed),
        "health": _health(form, surveyed, labels),
        **{key: _tally(form, surveyed, name, labels) for key, name in CHOICE_TALLIES.items()},
        **{key: _multiple(form, surveyed, name, labels) for key, name in CONDITION_TALLIES.items()},
        "lift_views": _views(form, labels),
        "lift_by_floor": _lift_by_floor(form, surveyed),
        "lift_by_unit": _lift_by_unit(form, responses),
        "other_needs": sum(1 for a in surveyed if str(a.get("other_needs") or "").strip()),
        "comments": sum(1 for a in surveyed if str(a.get("comments") or "").strip()),
    }


def _offered_items(
    form: Form, version: str, offered: Mapping[str, frozenset[str]]
) -> frozenset[str]:
    if version in offered:
        return offered[version]
    return frozenset(choice.name for choice in _item_choices(form))


def _versions(
    form: Form, responses: list[Response], offered: Mapping[str, frozenset[str]]
) -> list[dict[str, object]]:
    counts = Counter(r.version for r in responses)
    return [
        {
            "version": version,
            "households": counts[version],
            "current": version == form.version,
            "known": version == form.version or version in offered,
            "items": len(_offered_items(form, version, offered)),
        }
        for version in sorted(counts)
    ]


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
    form: Form,
    responses: list[Response],
    labels: _Labels,
    offered: Mapping[str, frozenset[str]],
) -> list[dict[str, object]]:
    counts = Counter(item for r in responses for item in _chosen(r.answers))
    firsts = Counter(r.answers.get(PRIORITIES[0]) for r in responses)
    by_version = Counter(r.version for r in responses)
    asked = Counter(
        item
        for version, households in by_version.items()
        for item in _offered_items(form, version, offered)
        for _ in range(households)
    )
    choices = _item_choices(form)
    order = {choice.name: index for index, choice in enumerate(choices)}

    def share(name: str) -> Fraction:
        return Fraction(counts[name], asked[name]) if asked[name] else Fraction(0)

    ranked = sorted(
        choices, key=lambda c: (-share(c.name), -counts[c.name], -firsts[c.name], order[c.name])
    )
    return [
        {
            "item": choice.name,
            "label": labels.of(choice),
            "category": choice.columns.get("category", ""),
            "category_label": labels.category(choice.columns.get("category", "")),
            "households": counts[choice.name],
            "asked": asked[choice.name],
            "share": rate_text(counts[choice.name], asked[choice.name]),
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


def _number(answer: Mapping[str, Any], name: str) -> int:
    value = answer.get(name)
    return int(value) if isinstance(value, int | float) else 0


def _profile(form: Form, surveyed: list[Mapping[str, Any]]) -> dict[str, int]:
    counted = [*PROFILE, *(name for name in COUNTS if isinstance(form.item(name), Question))]
    totals = {name: sum(_number(a, name) for a in surveyed) for name in counted}
    for name in counted[1:]:
        totals[f"households_with_{name}"] = sum(1 for a in surveyed if _number(a, name) > 0)
    if isinstance(form.item(ELDERLY_LIVING), Question):
        living = Counter(str(a.get(ELDERLY_LIVING)) for a in surveyed)
        totals["households_elderly_alone"] = living["alone"]
        totals["households_empty_nest"] = living["empty_nest"]
    return totals


def _health(form: Form, surveyed: list[Mapping[str, Any]], labels: _Labels) -> dict[str, object]:
    """Who answered the health questions: the disability figures are over those only."""
    if not isinstance(form.item(HEALTH_CONSENT), Question):
        return {"answered": len(surveyed), "declined": 0, "not_asked": 0, "needs": []}
    consents = Counter(str(a.get(HEALTH_CONSENT) or "") for a in surveyed)
    answered = [a for a in surveyed if a.get(HEALTH_CONSENT) == "yes"]
    return {
        "answered": consents["yes"],
        "declined": consents["no"],
        "not_asked": len(surveyed) - consents["yes"] - consents["no"],
        "needs": _multiple(form, answered, DISABILITY_NEEDS, labels),
    }


def _multiple(
    form: Form, surveyed: list[Mapping[str, Any]], name: str, labels: _Labels
) -> list[dict[str, object]]:
    """A select_multiple's choices by how many households chose each (most first), the
    share over the households given; [] when the form has no such question."""
    question = form.item(name)
    if not isinstance(question, Question):
        return []
    counts = Counter(choice for a in surveyed for choice in (a.get(name) or []))
    choices = form.choices_of(question)
    order = {choice.name: index for index, choice in enumerate(choices)}
    ranked = sorted(choices, key=lambda c: (-counts[c.name], order[c.name]))
    return [
        {
            "choice": choice.name,
            "label": labels.of(choice),
            "households": counts[choice.name],
            "share": rate_text(counts[choice.name], len(surveyed)),
        }
        for choice in ranked
    ]


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


def _lift_by_unit(form: Form, responses: list[Response]) -> list[dict[str, object]]:
    """Per stairway unit (the households that decide a lift together): the views, and the
    floors of those in favour and against."""
    question = form.item(LIFT_VIEW)
    assert isinstance(question, Question)
    views = [choice.name for choice in form.choices_of(question)]
    units: dict[str, list[Mapping[str, Any]]] = {}
    for response in responses:
        if response.unit and response.answers.get(LIFT_VIEW):
            units.setdefault(response.unit, []).append(response.answers)
    rows = []
    for unit, answers in sorted(units.items(), key=lambda kv: _unit_key(kv[0])):
        counts = Counter(str(a[LIFT_VIEW]) for a in answers)
        rows.append(
            {
                "unit": unit,
                "answered": len(answers),
                **{view: counts[view] for view in views},
                "support_share": rate_text(counts["support"], len(answers)),
                "floors": {
                    view: sorted({_number(a, FLOOR) for a in answers if a[LIFT_VIEW] == view})
                    for view in views
                },
            }
        )
    return rows


def _unit_key(unit: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(p), "") if p.isdigit() else (1 << 30, p) for p in unit.split("-"))
