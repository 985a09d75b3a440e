"""Adding and editing compounds; counts, households, addresses and buildings."""

from __future__ import annotations

import pytest

from survey_app.actions.compounds import (
    buildings,
    compound_households,
    compound_summaries,
    household_at,
    household_counts,
    save_compound,
)
from survey_app.core.errors import InvalidInput, NotFound


def test_add_then_edit_a_compound(store):
    save_compound(store=store, code="nh-002", name="和平小区", district="南湖区")
    edited = save_compound(store=store, code="NH-002", name="和平小区(东区)", built=1988)
    assert (edited.code, edited.name, edited.built) == ("NH-002", "和平小区(东区)", 1988)
    [summary] = compound_summaries(store=store)
    assert summary.compound == edited and summary.households == 0


def test_a_compound_needs_a_name(store):
    with pytest.raises(InvalidInput):
        save_compound(store=store, code="NH-003", name=" ")


def test_counts_and_households_of_each_compound(surveyed):
    save_compound(store=surveyed, code="NH-002", name="和平小区")
    assert household_counts(store=surveyed) == {"NH-001": 5}
    summaries = {s.compound.code: s.households for s in compound_summaries(store=surveyed)}
    assert summaries == {"NH-001": 5, "NH-002": 0}
    addresses = [h.address for h in compound_households(store=surveyed, compound="nh-001")]
    assert addresses == ["1-1-101", "1-1-102", "1-2-101", "2-1-101", "10-1-101"]
    with pytest.raises(NotFound):
        compound_households(store=surveyed, compound="NH-404")


def test_a_household_is_found_in_any_spelling_of_its_address(surveyed):
    assert household_at(store=surveyed, compound="nh-001", address="1幢2单元101室").head == "李娜"
    with pytest.raises(NotFound):
        household_at(store=surveyed, compound="NH-001", address="9-9-909")


def test_buildings_in_number_order(surveyed):
    assert buildings(store=surveyed, compound="NH-001") == ["1", "2", "10"]
