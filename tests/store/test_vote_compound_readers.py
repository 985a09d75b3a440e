"""Demonstrates defects (review of the change that counts a vote only for its household's
compound): the readers beside the tally still show a vote naming another compound as in force.
A household's history (what the vote panel marks 当前意见 or ⚠ 待核实, and what a new vote
replaces) and a compound's vote list (the export's 意见 sheet and its flags) read the votes by
household or by the compound they name, without the household's compound, so a tampered copy
of the app that writes a disagree for one of NH-001's households naming NH-002 makes the panel
say the household awaits verification and the NH-002 export list the vote as effective, while
every tally counts the household as agreeing in NH-001 and nothing in NH-002. And a closed
round's votes now count only while the household's current roster row names their compound, so
a later roster record moving the household takes its vote out of the frozen result."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from survey_app.core.payloads import VotePayload
from survey_app.core.rules import ConsentRule
from survey_app.core.votes import Choice, current_heads
from survey_app.store import database
from survey_app.store.compounds import save_compound
from survey_app.store.database import Store
from survey_app.store.households import households_of
from survey_app.store.roster_import import import_roster
from survey_app.store.round_changes import close_round, open_round
from survey_app.store.tallies import compute_tally, counts_by_compound, round_outcomes
from survey_app.store.versions import current_versions
from survey_app.store.votes import compound_vote_rows, record_vote, round_vote_facts, vote_rows
from survey_app.sync.check import check_file

CODES = ("NH-001", "NH-002")


@pytest.fixture
def forged(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    roster = tmp_path / "名册.csv"
    roster.write_text("楼栋,室,户主\n1,101,张三\n1,102,李四\n", encoding="utf-8")
    for code in CODES:
        save_compound(store=store, code=code, name=f"小区{code}")
        import_roster(store=store, path=roster, compound=code)
        open_round(store=store, compound=code, round_no=1, rule=ConsentRule())
    home = households_of(store=store, compound="NH-001")[0]
    record_vote(store=store, household=home, round_no=1, choice=Choice.AGREE)
    monkeypatch.setattr(database, "check_household_compound", lambda *args: None, raising=False)
    forged_vote = VotePayload(household=home.id, compound="NH-002", round=1, choice="disagree",
                              signer=None, relation="self", channel="door", note=None,
                              surveyor=None, signature=None, replaces=())  # fmt: skip
    with store.transaction():  # a tampered app: a disagree naming NH-002, replacing nothing
        store.append(forged_vote)
    return store


def test_a_households_history_shows_in_force_only_the_votes_its_tally_counts(
    forged: Store,
) -> None:
    home = households_of(store=forged, compound="NH-001")[0]
    counted = round_outcomes(store=forged, compound="NH-001", round_no=1)[0][home.id]
    assert not counted.conflict and counted.effective.choice is Choice.AGREE
    history = vote_rows(store=forged, household=home.id, round_no=1)
    heads = current_heads((v.fact() for v in history), home.id)  # the vote panel's 当前意见
    assert {v.choice for v in heads} == {Choice.AGREE}, [v.choice for v in heads]


def test_a_compounds_vote_list_is_the_votes_its_round_counts(forged: Store) -> None:
    for code in CODES:
        listed = {r.id for r in compound_vote_rows(store=forged, compound=code, round_no=1)}
        counted = {f.id for f in round_vote_facts(store=forged, compound=code, round_no=1)}
        assert listed == counted, code


def test_a_closed_rounds_result_stays_when_a_later_roster_record_moves_a_household(
    store: Store, tmp_path: Path
) -> None:
    """A closed round's result must not move (SPEC §5). Its votes are now counted only while
    the household's *current* roster row names their compound (`households.compound`, not
    frozen), so an office roster record that moves a household to another compound (one the
    projection accepts: tests/store/test_compound_counts.py) takes its agree out of the closed
    round: before this change the closed round kept it."""
    roster = tmp_path / "名册.csv"
    roster.write_text("楼栋,室,户主\n1,101,张三\n1,102,李四\n", encoding="utf-8")
    for code in CODES:
        save_compound(store=store, code=code, name=f"小区{code}")
        import_roster(store=store, path=roster, compound=code)
    open_round(store=store, compound="NH-001", round_no=1, rule=ConsentRule())
    home = households_of(store=store, compound="NH-001")[0]
    record_vote(store=store, household=home, round_no=1, choice=Choice.AGREE)
    close_round(store=store, compound="NH-001", round_no=1)
    frozen = compute_tally(store=store, compound="NH-001", round_no=1).counts
    assert frozen.agree == 1
    heads = current_versions(store=store, kind="household", key=home.id)
    with store.transaction():  # the office's roster record: the household now in NH-002
        store.append(replace(home, compound="NH-002").payload(supersedes=heads))
    assert compute_tally(store=store, compound="NH-001", round_no=1).counts == frozen
    assert counts_by_compound(store=store, round_no=1)["NH-001"] == frozen
    listed = [n for n in check_file(store.path).notes if n.code == "vote_wrong_compound"]
    assert listed == []  # counted where its round froze it, so not listed as counted nowhere
