"""Every everyday action costs the same in a file of 100 votes as in one of 800,000: none of
the statements it runs (its own, the projections', the summaries') reads a whole table that
grows with the file. Checked on SQLite's plans, not on a clock (tests/query_plans.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_app.core.visits import VisitOutcome
from survey_app.core.votes import Choice
from survey_app.store.database import Store
from survey_app.store.erasure import erase_household
from survey_app.store.households import households_of
from survey_app.store.roster_import import import_roster
from survey_app.store.round_changes import close_round
from survey_app.store.sample import write_sample
from survey_app.store.survey_answers import record_survey_answer
from survey_app.store.tallies import tally_json
from survey_app.store.visits import record_visit
from survey_app.store.voids import void_vote
from survey_app.store.votes import record_vote
from tests.query_plans import growing_scans, scans_during


@pytest.fixture
def busy(store: Store) -> Store:
    """Two compounds with votes in both rounds, some changed, one round closed."""
    write_sample(store=store, seed=5, compounds=3, min_households=30, max_households=30)
    return store


def test_the_audit_sees_a_full_scan(store: Store) -> None:
    assert growing_scans(store.db, "SELECT count(*) FROM votes v WHERE v.choice = 'agree'")
    assert growing_scans(store.db, "SELECT id FROM records WHERE kind = 'vote'")
    assert not growing_scans(store.db, "SELECT id FROM records WHERE rowid > 5 AND kind = 'vote'")
    assert not growing_scans(store.db, "SELECT * FROM votes WHERE household = 'x' AND round = 1")
    assert not growing_scans(store.db, "SELECT id FROM records WHERE kind = 'enrolment'")
    assert growing_scans(store.db, "SELECT id FROM records WHERE kind IN ('enrolment', 'vote')")


def _open_round_household(store: Store) -> tuple[str, int]:
    code, round_no = store.db.execute(
        "SELECT compound, round FROM rounds WHERE closed_record IS NULL ORDER BY round DESC"
    ).fetchone()
    return str(code), int(round_no)


def test_recording_a_vote_scans_nothing_that_grows(busy: Store) -> None:
    code, round_no = _open_round_household(busy)
    home = households_of(store=busy, compound=code)[3]

    def vote() -> None:
        record_vote(store=busy, household=home, round_no=round_no, choice=Choice.DISAGREE)

    assert scans_during(busy.db, vote) == {}


def test_changing_and_voiding_a_vote_scan_nothing_that_grows(busy: Store) -> None:
    code, round_no = _open_round_household(busy)
    home = households_of(store=busy, compound=code)[4]
    first = record_vote(store=busy, household=home, round_no=round_no, choice=Choice.AGREE)

    def change() -> None:
        record_vote(store=busy, household=home, round_no=round_no, choice=Choice.ABSTAIN)

    assert scans_during(busy.db, change) == {}
    assert scans_during(busy.db, lambda: void_vote(store=busy, vote_id=first.id,
                                                   reason="录错户")) == {}  # fmt: skip


def test_a_survey_submission_and_a_visit_scan_nothing_that_grows(busy: Store) -> None:
    code, _ = _open_round_household(busy)
    home = households_of(store=busy, compound=code)[5]

    def submit() -> None:
        record_survey_answer(store=busy, household=home, form_id="needs", form_version="1",
                             answers={"residents": 3})  # fmt: skip

    assert scans_during(busy.db, submit) == {}
    assert scans_during(busy.db, submit) == {}  # the second one replaces the first
    visit = lambda: record_visit(store=busy, household=home, outcome=VisitOutcome.NOT_HOME)  # noqa: E731
    assert scans_during(busy.db, visit) == {}


def test_importing_a_roster_scans_nothing_that_grows(busy: Store, tmp_path: Path) -> None:
    roster = tmp_path / "名册.csv"
    lines = ["楼栋,单元,室,户主,电话,建筑面积,性质"]
    lines += [f"9,1,{101 + i},住户{i},1390000{i:04d},70.5,自住" for i in range(20)]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _ = _open_round_household(busy)
    assert scans_during(busy.db, lambda: import_roster(store=busy, path=roster,
                                                       compound=code)) == {}  # fmt: skip


def test_one_compounds_tally_scans_nothing_that_grows(busy: Store) -> None:
    code, round_no = _open_round_household(busy)
    assert scans_during(busy.db, lambda: tally_json(store=busy, compound=code,
                                                    round_no=round_no)) == {}  # fmt: skip


def test_closing_a_round_and_erasing_still_give_the_same_tables(busy: Store) -> None:
    """The forced plans change no answer: the incremental tables equal a rebuild's."""
    from survey_app.store.projection import PROJECTION_TABLES, forget_projections

    code, round_no = _open_round_household(busy)
    homes = households_of(store=busy, compound=code)
    record_vote(store=busy, household=homes[0], round_no=round_no, choice=Choice.AGREE)
    erase_household(store=busy, household=homes[1])
    close_round(store=busy, compound=code, round_no=round_no)
    tables = {t: sorted(busy.db.execute(f"SELECT * FROM {t}").fetchall()) for t in
              [*PROJECTION_TABLES, "sequences"]}  # fmt: skip
    with busy.transaction():
        forget_projections(busy.db)
    rebuilt = {t: sorted(busy.db.execute(f"SELECT * FROM {t}").fetchall()) for t in
               [*PROJECTION_TABLES, "sequences"]}  # fmt: skip
    assert rebuilt == tables
