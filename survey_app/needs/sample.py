"""Needs-survey answers for the sample batch: plausible households, entered the way a surveyor
would (every answer goes through the form's checks before it is stored)."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from survey_app.core.ids import compound_code, household_id
from survey_app.core.sample import SampleCompound, SampleHousehold
from survey_app.needs.library import open_form
from survey_app.needs.submit import submit_survey
from survey_app.store.database import Store
from survey_app.store.households import get_household
from survey_app.xlsform.model import Form

ITEM_CHANCES = {
    "water": 0.38, "drainage": 0.42, "power": 0.22, "telecom": 0.3, "gas": 0.12, "roads": 0.36,
    "fire": 0.2, "security": 0.32, "lighting": 0.3, "roof": 0.2, "walls": 0.3,
    "stairwell": 0.34, "waste": 0.18, "demolition": 0.12, "greening": 0.26, "ageing": 0.14,
    "elevator": 0.1, "parking": 0.46, "charging": 0.34, "lockers": 0.16, "fitness": 0.2,
    "property_room": 0.05, "energy": 0.1, "elderly_care": 0.1, "childcare": 0.04,
    "clinic": 0.14, "shops": 0.1, "smart_security": 0.12, "heating": 0.06, "mobile": 0.14,
    "cables": 0.28, "mailboxes": 0.12, "community_centre": 0.16, "housekeeping": 0.06,
}  # fmt: skip
URGENCY = {"drainage": 3, "water": 3, "roof": 3, "elevator": 3, "gas": 2, "fire": 2, "walls": 2}
CATEGORY_OF = {
    **dict.fromkeys(["water", "drainage", "power", "telecom", "gas", "roads", "fire",
                     "security", "lighting", "roof", "walls", "stairwell", "waste", "heating",
                     "mobile", "cables"], "basic"),
    **dict.fromkeys(["demolition", "greening", "ageing", "elevator", "parking", "charging",
                     "lockers", "fitness", "property_room", "energy", "mailboxes"], "improve"),
    **dict.fromkeys(["elderly_care", "childcare", "clinic", "shops", "smart_security",
                     "community_centre", "housekeeping"], "upgrade"),
}  # fmt: skip
PROBLEMS = {
    "roof_leak": ("roof", 0.12), "wall_damp": ("outer_wall", 0.16), "cracks": ("home", 0.06),
    "falling": ("outer_wall", 0.05), "pipes": ("home", 0.14), "drains": ("home", 0.12),
    "flooding": ("grounds", 0.18), "stair_lights": ("stairwell", 0.2),
    "street_lights": ("grounds", 0.12), "wiring": ("stairwell", 0.1),
    "gas_pipes": ("stairwell", 0.04),
}  # fmt: skip
COMMENTS = [
    "楼道灯经常坏,希望尽快修好", "雨天楼下积水严重", "希望改造期间不要影响老人出行",
    "停车太难,晚上经常停不下", "电动车充电不方便,有人从楼上拉线", "顶楼漏水多年",
    "希望公开改造资金的使用情况", "外墙瓷砖有脱落,很危险", "希望增加休息座椅",
]  # fmt: skip
Progress = Callable[[int, int], None]


def write_sample_surveys(
    *, store: Store, batch: list[SampleCompound], seed: int = 2027, progress: Progress | None = None
) -> int:
    """Survey most occupied households of each compound; returns how many were surveyed."""
    form = open_form()
    rng = random.Random(seed + 7)
    surveyed = 0
    for index, compound in enumerate(batch, start=1):
        surveyed += _survey_compound(store, form, rng, compound)
        if progress:
            progress(index, len(batch))
    return surveyed


def _survey_compound(store: Store, form: Form, rng: random.Random, compound: SampleCompound) -> int:
    reach = rng.uniform(0.55, 0.92)
    favourites = set(rng.sample(sorted(ITEM_CHANCES), 3))
    top_floor = max(_floor(h) for h in compound.households)
    visited = [h for h in compound.households if h.tenure != "空置" and rng.random() < reach]
    with store.transaction():
        for sample in visited:
            answers = sample_answers(rng, sample, compound.built, top_floor, favourites)
            _submit(store, form, compound, sample, answers)
    again = [h for h in visited if rng.random() < 0.02]
    with store.transaction():  # a few households changed their minds on a later visit
        for sample in again:
            answers = sample_answers(rng, sample, compound.built, top_floor, favourites)
            _submit(store, form, compound, sample, answers)
    return len(visited)


def _submit(
    store: Store,
    form: Form,
    compound: SampleCompound,
    sample: SampleHousehold,
    answers: dict[str, Any],
) -> None:
    household = get_household(
        store=store, id=household_id(compound_code(compound.code), sample.address)
    )
    assert household is not None
    submit_survey(store=store, form=form, household=household, answers=answers)


def _floor(sample: SampleHousehold) -> int:
    room = sample.address.rsplit("-", 1)[-1]
    return max(1, int(room) // 100) if room.isdigit() else 1


def sample_answers(
    rng: random.Random, sample: SampleHousehold, built: int, top_floor: int, favourites: set[str]
) -> dict[str, Any]:
    floor = _floor(sample)
    answers: dict[str, Any] = {**_profile(rng, sample, built), "floor": floor}
    answers.update(_health(rng, answers["residents"]))
    answers.update(_condition(rng, floor, top_floor))
    chosen = _items(rng, answers, floor, top_floor, favourites)
    for category in ("basic", "improve", "upgrade"):
        answers[f"{category}_items"] = [i for i in chosen if CATEGORY_OF[i] == category]
    answers.update(_priorities(rng, chosen, floor))
    answers.update(_lift(rng, floor))
    answers.update(_funding(rng, answers["tenure"]))
    if rng.random() < 0.12:
        answers["comments"] = rng.choice(COMMENTS)
    return answers


def _profile(rng: random.Random, sample: SampleHousehold, built: int) -> dict[str, Any]:
    residents = rng.choices([1, 2, 3, 4, 5, 6], [12, 34, 26, 17, 8, 3])[0]
    old_share = min(0.75, 0.3 + (2000 - built) * 0.012)
    elderly = sum(rng.random() < old_share for _ in range(residents))
    children = sum(rng.random() < 0.08 for _ in range(residents - elderly))
    tenure = {"自住": "owner", "出租": "rented", "公房": "public"}.get(sample.tenure, "other")
    years = rng.randint(1, 8) if tenure == "rented" else rng.randint(2, max(2, 2027 - built))
    respondent = "tenant" if tenure == "rented" else rng.choice(["head", "head", "family"])
    profile: dict[str, Any] = {
        "respondent": respondent, "residents": residents, "elderly": elderly,
        "children": children, "tenure": tenure, "years": years,
        "cars": rng.choices([0, 1, 2], [45, 45, 10])[0],
        "ebikes": rng.choices([0, 1, 2, 3], [30, 42, 22, 6])[0],
    }  # fmt: skip
    if elderly:
        alone = residents == 1
        profile["elderly_living"] = (
            "alone" if alone else "empty_nest" if elderly == residents else "with_family"
        )
    return profile


def _health(rng: random.Random, residents: int) -> dict[str, Any]:
    if rng.random() < 0.15:
        return {"health_consent": "no"}
    disabled = sum(rng.random() < 0.04 for _ in range(residents))
    answers: dict[str, Any] = {"health_consent": "yes", "disabled": disabled}
    if disabled:
        needs = [n for n in ("ramp", "lift", "toilet", "signs") if rng.random() < 0.4]
        answers["disability_needs"] = needs or ["none"]
    return answers


def _condition(rng: random.Random, floor: int, top_floor: int) -> dict[str, Any]:
    found = [p for p, (_place, chance) in PROBLEMS.items() if rng.random() < chance]
    if floor == top_floor and rng.random() < 0.4 and "roof_leak" not in found:
        found.append("roof_leak")
    if not found:
        return {"problems": ["none"]}
    places = sorted({PROBLEMS[p][0] for p in found})
    return {"problems": found, "problem_places": places}


def _items(
    rng: random.Random, answers: dict[str, Any], floor: int, top_floor: int, favourites: set[str]
) -> list[str]:
    chances = dict(ITEM_CHANCES)
    chances["elevator"] += 0.14 * (floor - 1)
    chances["roof"] += 0.5 if floor == top_floor else 0
    chances["ageing"] += 0.3 if answers["elderly"] else 0
    chances["elderly_care"] += 0.3 if answers["elderly"] else 0
    chances["childcare"] += 0.4 if answers["children"] else 0
    for item in favourites:
        chances[item] += 0.25
    if rng.random() < 0.04:
        return []
    return [item for item, chance in chances.items() if rng.random() < chance]


def _priorities(rng: random.Random, chosen: list[str], floor: int) -> dict[str, str]:
    pool = list(chosen)
    picked: dict[str, str] = {}
    for place in range(1, min(3, len(pool)) + 1):
        weights = [URGENCY.get(i, 1) * (2 if i == "elevator" and floor >= 4 else 1) for i in pool]
        item = rng.choices(pool, weights)[0]
        pool.remove(item)
        picked[f"priority_{place}"] = item
    return picked


def _lift(rng: random.Random, floor: int) -> dict[str, str]:
    support = min(0.9, 0.18 + 0.14 * (floor - 1))
    oppose = {1: 0.45, 2: 0.22}.get(floor, 0.06)
    draw = rng.random()
    view = "support" if draw < support else "oppose" if draw < support + oppose else "neutral"
    answers = {"lift_view": view}
    if view == "support" and floor >= 2:
        answers["lift_pay"] = rng.choices(["yes", "depends", "no"], [40, 45, 15])[0]
    return answers


def _funding(rng: random.Random, tenure: str) -> dict[str, Any]:
    willing = [30, 48, 22] if tenure in ("owner", "public") else [10, 40, 50]
    answers: dict[str, Any] = {"cofund": rng.choices(["yes", "depends", "no"], willing)[0]}
    if answers["cofund"] in ("yes", "depends"):
        amounts = ["below_500", "500_2000", "2000_5000", "above_5000"]
        answers["cofund_amount"] = rng.choices(amounts, [40, 40, 15, 5])[0]
    answers["property"] = rng.choices(["yes", "depends", "no"], [35, 45, 20])[0]
    if answers["property"] != "no":
        answers["property_fee"] = round(rng.uniform(0.3, 1.2), 2)
    return answers


SATISFACTION_MEANS = {
    "elevator": 4.4,
    "roof": 4.1,
    "drainage": 3.6,
    "parking": 3.1,
    "charging": 3.9,
}


def write_sample_satisfaction(
    *, store: Store, batch: list[SampleCompound], seed: int = 2027, share: float = 0.35
) -> int:
    """改造后满意度调查 where the works make sense: the compounds whose round 1 passed (their
    round 2 was opened; the first compound when none did). A `share` of each one's occupied
    households rates the items the compound had renovated. Returns how many answered."""
    from survey_app.needs.satisfaction import SATISFACTION_SURVEY

    form = open_form(SATISFACTION_SURVEY)
    rng = random.Random(seed + 11)
    done = 0
    for compound in renovated_compounds(store, batch):
        renovated = [*rng.sample(sorted(ITEM_CHANCES), 6), "roof", "drainage"]
        visited = [h for h in compound.households if h.tenure != "空置" and rng.random() < share]
        with store.transaction():
            for sample in visited:
                answers = satisfaction_answers(rng, sorted(set(renovated)))
                _submit(store, form, compound, sample, answers)
        done += len(visited)
    return done


def renovated_compounds(store: Store, batch: list[SampleCompound]) -> list[SampleCompound]:
    """The sample's compounds that passed round 1 (round 2 opened), in batch order."""
    from survey_app.store.rounds import all_round_states

    second = all_round_states(store=store, round_no=2)
    passed = [c for c in batch if c.code in second]
    return passed or batch[:1]


def satisfaction_answers(rng: random.Random, renovated: list[str]) -> dict[str, Any]:
    def score(mean: float) -> str:
        return str(min(5, max(1, round(rng.gauss(mean, 0.9)))))

    rated = [item for item in renovated if rng.random() < 0.8] or renovated[:1]
    answers: dict[str, Any] = {"respondent": rng.choice(["head", "head", "family"])}
    answers["rated_items"] = rated
    for item in rated:
        answers[f"sat_{item}"] = score(SATISFACTION_MEANS.get(item, 3.8))
    answers.update(quality=score(3.9), conduct=score(3.5), overall=score(4.0))
    answers["on_time"] = rng.choices(["yes", "late", "unknown"], [60, 25, 15])[0]
    answers["problems_after"] = [p for p in ("leaks", "lights", "unfinished")
                                 if rng.random() < 0.12] or ["none"]  # fmt: skip
    answers["took_part"] = rng.choices(["yes", "no"], [35, 65])[0]
    opinions = ["agree", "rectify", "reject", "unknown"]
    answers["acceptance"] = rng.choices(opinions, [55, 25, 5, 15])[0]
    if answers["acceptance"] in ("rectify", "reject"):
        answers["rectify_items"] = rng.sample(rated, min(2, len(rated)))
    answers["recommend"] = rng.choices(["yes", "no"], [80, 20])[0]
    if rng.random() < 0.1:
        answers["comments"] = rng.choice(["电梯很好用", "楼道刷漆颜色不好看", "停车位还是不够"])
    return answers
