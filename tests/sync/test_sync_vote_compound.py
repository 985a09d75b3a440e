"""A laptop assigned NH-002 cannot sway NH-001 by writing a vote for one of NH-001's households
that names NH-002 (what its assignment check used to read): the laptop refuses it, and a copy
written past the check (a tampered app) reaches the central file and every laptop, counted in
no compound and listed by `check-file`, so the kept counts and the core's tally agree."""

from __future__ import annotations

import shutil

import pytest
from sync_helpers import COMPOUNDS, Field, household

from survey_app.core.errors import RefusedAction
from survey_app.core.payloads import VotePayload
from survey_app.core.votes import Choice
from survey_app.store import database
from survey_app.store.assignments import assign_compounds
from survey_app.store.database import Store, open_database
from survey_app.store.projection import forget_projections, project_pending
from survey_app.store.tallies import compute_tally, counts_by_compound
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central
from survey_app.sync.check import check_file

X, Y = COMPOUNDS


def vote_naming_y(home: str) -> VotePayload:
    return VotePayload(household=home, compound=Y, round=1, choice="disagree", signer=None,
                       relation="self", channel="door", note=None, surveyor="李强",
                       signature=None, replaces=())  # fmt: skip


def assert_kept_counts_equal_core(store: Store) -> None:
    kept = counts_by_compound(store=store, round_no=1)
    for code in COMPOUNDS:
        assert kept[code] == compute_tally(store=store, compound=code, round_no=1).counts, code


def laptop_given_y(field_batch: Field) -> Store:
    laptop = field_batch.laptop("B")
    assign_compounds(store=field_batch.office, fingerprint=laptop.fingerprint, compounds=[Y])
    sync_with_central(store=field_batch.office, central=field_batch.central)
    sync_with_central(store=laptop, central=field_batch.central)
    return laptop


def test_a_laptop_given_one_compound_cannot_vote_in_another_by_naming_its_own(
    field_batch: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    office, central = field_batch.office, field_batch.central
    theirs = field_batch.laptop("A")
    given_y = laptop_given_y(field_batch)
    sync_with_central(store=theirs, central=central)
    home = household(office, X, 0)
    record_vote(store=theirs, household=home, round_no=1, choice=Choice.AGREE)
    sync_with_central(store=theirs, central=central)
    with pytest.raises(RefusedAction) as refused, given_y.transaction():
        given_y.append(vote_naming_y(home.id))
    assert refused.value.code == "compound_not_assigned"
    assert X in refused.value.message
    monkeypatch.setattr(database, "check_household_compound", lambda *args: None, raising=False)
    with given_y.transaction():  # written past the check, as a tampered copy of the app would
        forged = given_y.append(vote_naming_y(home.id))
    for store in (given_y, office, theirs):
        sync_with_central(store=store, central=central)
    for store in (office, theirs):
        assert_kept_counts_equal_core(store)
        counts = counts_by_compound(store=store, round_no=1)[X]
        assert (counts.agree, counts.disagree, counts.pending) == (1, 0, 0)
    copy = field_batch.root / "中心副本.db"
    shutil.copyfile(central, copy)
    rebuilt = Store(open_database(copy, journal_mode="DELETE"), copy)
    try:
        assert_kept_counts_equal_core(rebuilt)
        with rebuilt.transaction():  # the central's tables made again from its records
            forget_projections(rebuilt.db)
            project_pending(rebuilt.db)
        assert_kept_counts_equal_core(rebuilt)
        assert counts_by_compound(store=rebuilt, round_no=1)[X].agree == 1
    finally:
        rebuilt.close()
    for path in (central, given_y.path):
        report = check_file(path)
        assert report.ok, report.problems
        listed = [n for n in report.notes if n.code == "vote_wrong_compound"]
        assert len(listed) == 1 and forged.id in listed[0].message, report.notes


def test_the_office_cannot_vote_for_a_household_naming_another_compound(
    field_batch: Field,
) -> None:
    office = field_batch.office
    home = household(office, X, 1)
    with pytest.raises(RefusedAction) as refused, office.transaction():
        office.append(vote_naming_y(home.id))
    assert refused.value.code == "vote_wrong_compound"
    sync_with_central(store=office, central=field_batch.central)
    assert_kept_counts_equal_core(office)
    assert check_file(field_batch.central).notes == []
