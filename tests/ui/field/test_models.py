"""Every item model passes qtmodeltester, loaded with real data from the store."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from survey_app.actions.progress import round_progress
from survey_app.core.votes import Choice
from survey_app.store.compounds import list_compounds
from survey_app.store.household_status import compound_statuses
from survey_app.store.households import find_household, households_of
from survey_app.store.search import search_households
from survey_app.store.votes import record_vote, vote_rows
from survey_app.ui.models.compounds import CompoundListModel
from survey_app.ui.models.household_tree import HOUSEHOLD_ID_ROLE, HouseholdTreeModel
from survey_app.ui.models.progress import BuildingProgressModel
from survey_app.ui.models.search_results import SearchResultsModel
from survey_app.ui.models.vote_history import VoteHistoryModel


def test_household_tree_model(qtmodeltester, store, translations):
    first = find_household(store=store, compound="NH-001", address="1-1-101")
    record_vote(store=store, household=first, round_no=1, choice=Choice.AGREE, signer="张伟")
    model = HouseholdTreeModel()
    model.load(
        households_of(store=store, compound="NH-001"),
        compound_statuses(store=store, compound="NH-001"),
        {1},
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    building = model.index(0, 0)
    assert model.data(building) == "1号楼"
    assert model.rowCount(building) == 2
    unit = model.index(0, 0, building)
    assert model.data(unit) == "1单元"
    row = model.index(0, 0, unit)
    assert model.data(row, HOUSEHOLD_ID_ROLE) == "NH-001/1-1-101"
    assert model.data(row) == "101  张伟"
    assert model.data(row.siblingAtColumn(1)) == "✓ 同意"
    assert model.data(row.siblingAtColumn(2)) is None
    assert model.index_of("NH-001/1-1-101") == row


def test_household_tree_model_after_status_update(qtmodeltester, store, translations):
    model = HouseholdTreeModel()
    model.load(households_of(store=store, compound="NH-001"), {}, {1})
    second = find_household(store=store, compound="NH-001", address="1-1-102")
    record_vote(store=store, household=second, round_no=1, choice=Choice.DISAGREE, signer="王芳")
    model.update_statuses(compound_statuses(store=store, compound="NH-001"))
    qtmodeltester.check(model)
    index = model.index_of(second.id)
    assert model.data(index.siblingAtColumn(1)) == "✗ 不同意"


def test_tree_without_units(qtmodeltester, store, translations):
    model = HouseholdTreeModel()
    model.load(households_of(store=store, compound="NH-002"), {}, {1})
    qtmodeltester.check(model)
    building = model.index(0, 0)
    assert model.data(model.index(0, 0, building)) == "101  张伟明"


def test_building_progress_model(qtmodeltester, store, translations):
    model = BuildingProgressModel()
    model.load(round_progress(store=store, compound="NH-001", round_no=1).buildings)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.data(model.index(0, 1)) == "0 / 6"
    assert model.data(model.index(1, 3)).startswith("2-1-101")


def test_vote_history_model(qtmodeltester, store, translations):
    target = find_household(store=store, compound="NH-001", address="1-1-101")
    first = record_vote(store=store, household=target, round_no=1, choice=Choice.DISAGREE)
    second = record_vote(store=store, household=target, round_no=1, choice=Choice.AGREE)
    model = VoteHistoryModel()
    model.load(vote_rows(store=store, household=target.id, round_no=1), {second.id})
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0)) == "当前"
    assert model.data(model.index(1, 0)) == "已替换"
    assert model.vote(1).id == first.id


def test_compound_list_model(qtmodeltester, store, translations):
    model = CompoundListModel()
    model.load(list_compounds(store=store), {"NH-001": 10, "NH-002": 2})
    qtmodeltester.check(model)
    assert model.data(model.index(1, 0)) == "NH-002  和平小区"
    assert model.row_of("NH-002") == 1


def test_search_results_model(qtmodeltester, store, translations):
    model = SearchResultsModel()
    model.load(search_households(store=store, text="张", compound="NH-001"), {"NH-001": "东方新村"})
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert "东方新村" in model.data(model.index(0, 0))
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DisplayRole) is not None
    assert model.rowCount(model.index(0, 0)) == 0
    assert not model.index(5, 0, QModelIndex()).isValid()
