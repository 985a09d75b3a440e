"""The sample batch: written into an empty file in one transaction, never over real data."""

from __future__ import annotations

import pytest

from survey_app.actions.compounds import compound_summaries
from survey_app.actions.demo import make_demo
from survey_app.core.errors import InvalidInput
from survey_app.core.tally import RoundStatus
from survey_app.store.rounds import round_state

SMALL = {"compounds": 3, "min_households": 10, "max_households": 20}


def test_the_sample_batch(store):
    steps = []
    batch = make_demo(store=store, **SMALL, progress=lambda d, t: steps.append((d, t)))
    summaries = compound_summaries(store=store)
    assert batch.compounds == len(summaries) == 3
    assert batch.households == sum(s.households for s in summaries)
    assert 0 < batch.surveyed <= batch.households
    assert steps[-1] == (3, 3)
    first, last = summaries[0].compound.code, summaries[-1].compound.code
    assert round_state(store=store, compound=first, round_no=1).status is RoundStatus.CLOSED
    assert round_state(store=store, compound=last, round_no=1).status is RoundStatus.OPEN


def test_the_same_seed_gives_the_same_batch(tmp_path):
    from survey_app.actions.data_files import opened

    made = []
    for name in ("a.db", "b.db"):
        with opened(tmp_path / name) as store:
            make_demo(store=store, **SMALL, votes=False, surveys=False)
            made.append([(s.compound.code, s.households) for s in compound_summaries(store=store)])
    assert made[0] == made[1]


def test_never_over_data_already_there(store):
    make_demo(store=store, **SMALL, votes=False, surveys=False)
    with pytest.raises(InvalidInput, match="已有小区数据"):
        make_demo(store=store, **SMALL)


def test_sizes_that_contradict_each_other_are_refused(store):
    with pytest.raises(InvalidInput):
        make_demo(store=store, compounds=2, min_households=30, max_households=10)


def test_a_batch_cut_off_half_way_leaves_nothing(store):
    def power_cut(done, total):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        make_demo(store=store, **SMALL, progress=power_cut)
    assert compound_summaries(store=store) == []


def test_the_satisfaction_survey_is_filled_where_round_1_passed(store):
    from survey_app.store.rounds import all_round_states

    make_demo(store=store, compounds=6, min_households=30, max_households=40)
    rows = store.db.execute(
        "SELECT compound, count(*) FROM survey_current WHERE form_id = 'satisfaction_survey' "
        "GROUP BY compound"
    ).fetchall()
    rated = {code: count for code, count in rows}
    passed = set(all_round_states(store=store, round_no=2))  # round 2 opens once round 1 passed
    assert len(passed) >= 2 and set(rated) == passed
    assert all(count >= 5 for count in rated.values())
