"""Writing the sample batch into a database, through the same records real work writes."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from survey_app.core.ids import compound_code, household_id
from survey_app.core.payloads import VotePayload
from survey_app.core.roster import parse_tenure
from survey_app.core.rules import ConsentRule
from survey_app.core.sample import SampleCompound, person_name, sample_batch
from survey_app.core.votes import Channel, Choice, Relation
from survey_app.store.compounds import save_compound
from survey_app.store.database import Store
from survey_app.store.households import Household
from survey_app.store.round_changes import close_round, open_round
from survey_app.store.tallies import compute_tally

Progress = Callable[[int, int], None]
CONSULTATION_DAYS = 14
"""The sample's votes are spread over the fortnight before today, as door-to-door work is."""
OPEN_COMPOUNDS = 2
"""The last compounds of the sample keep round 1 open, for door-to-door work."""


def write_households(store: Store, compound: SampleCompound) -> list[Household]:
    code = compound_code(compound.code)
    households = []
    with store.transaction():
        for h in compound.households:
            parts = h.address.split("-")
            tenure = parse_tenure(h.tenure)
            household = Household(
                id=household_id(code, h.address),
                compound=code,
                address=h.address,
                building=parts[0],
                unit=parts[1] if len(parts) == 3 else None,
                room=parts[-1],
                head=h.head,
                phone=h.phone,
                area=h.area,
                tenure=tenure.value if tenure else None,
            )
            store.append(household.payload())
            households.append(household)
    return households


def _choice(rng: random.Random, approval: float) -> Choice | None:
    draw = rng.random()
    if draw < approval:
        return Choice.AGREE
    rest = (draw - approval) / (1 - approval) if approval < 1 else 1.0
    if rest < 0.45:
        return Choice.DISAGREE
    if rest < 0.65:
        return Choice.ABSTAIN
    return None


def write_votes(
    store: Store, rng: random.Random, households: list[Household], round_no: int, approval: float
) -> None:
    surveyors = [person_name(rng) for _ in range(3)]
    start = datetime.now(UTC) - timedelta(days=CONSULTATION_DAYS)
    with store.transaction():
        for index, household in enumerate(households):
            choice = _choice(rng, approval)
            if choice is None:
                continue
            visited = start + timedelta(days=CONSULTATION_DAYS * index / len(households))
            replaces: list[str] = []
            if rng.random() < 0.03:
                first = Choice.DISAGREE if choice is Choice.AGREE else Choice.AGREE
                earlier = _vote(
                    store,
                    household,
                    round_no,
                    first,
                    rng.choice(surveyors),
                    [],
                    _stamp(visited - timedelta(hours=2)),
                )
                replaces = [earlier]
            _vote(
                store, household, round_no, choice, rng.choice(surveyors), replaces, _stamp(visited)
            )


def _stamp(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _vote(
    store: Store,
    household: Household,
    round_no: int,
    choice: Choice,
    surveyor: str,
    replaces: list[str],
    at: str,
) -> str:
    record = store.append(
        VotePayload(
            household=household.id,
            compound=household.compound,
            round=round_no,
            choice=choice.value,
            signer=household.head,
            relation=Relation.SELF.value,
            channel=Channel.DOOR.value,
            note=None,
            surveyor=surveyor,
            signature=None,
            replaces=tuple(replaces),
        ),
        created_at=at,
    )
    return record.id


def write_sample(
    *,
    store: Store,
    seed: int = 2027,
    compounds: int = 8,
    min_households: int = 100,
    max_households: int = 800,
    votes: bool = True,
    progress: Progress | None = None,
) -> list[SampleCompound]:
    """Compounds with rosters; with votes, round 1 closed for all but the last two compounds
    and round 2 under way where round 1 passed."""
    batch = sample_batch(
        seed=seed, compounds=compounds, min_households=min_households, max_households=max_households
    )
    rng = random.Random(seed + 1)
    for index, compound in enumerate(batch, start=1):
        save_compound(
            store=store,
            code=compound.code,
            name=compound.name,
            district=compound.district,
            street=compound.street,
            community=compound.community,
            built=compound.built,
        )
        households = write_households(store, compound)
        if votes:
            _consult(
                store, rng, compound, households, keep_open=index > len(batch) - OPEN_COMPOUNDS
            )
        if progress:
            progress(index, len(batch))
    return batch


def _consult(
    store: Store,
    rng: random.Random,
    compound: SampleCompound,
    households: list[Household],
    *,
    keep_open: bool,
) -> None:
    open_round(store=store, compound=compound.code, round_no=1, rule=ConsentRule())
    share = 0.55 if keep_open else 1.0
    reached = households[: int(len(households) * share)]
    write_votes(store, rng, reached, 1, compound.approval)
    if keep_open:
        return
    close_round(store=store, compound=compound.code, round_no=1)
    if compute_tally(store=store, compound=compound.code, round_no=1).passed:
        open_round(store=store, compound=compound.code, round_no=2, rule=ConsentRule())
        write_votes(store, rng, households[: len(households) * 3 // 5], 2, 0.9)
