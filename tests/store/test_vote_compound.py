"""A vote counts only for its household's compound: one for a household of NH-001 that names
NH-002 is refused where it is written, and, written past the check, counts nowhere, so the kept
counts (`compound_counts`, what the compounds list and the ranking read) equal the core's
`compute_tally` (what `survey-app tally` prints)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from survey_app.core.errors import RefusedAction
from survey_app.core.payloads import VotePayload
from survey_app.core.rules import ConsentRule
from survey_app.core.vocabulary import error_message
from survey_app.core.votes import Choice
from survey_app.store import database
from survey_app.store.compounds import save_compound
from survey_app.store.database import Store
from survey_app.store.households import households_of
from survey_app.store.projection import forget_projections, project_pending
from survey_app.store.roster_import import import_roster
from survey_app.store.round_changes import open_round
from survey_app.store.tallies import compute_tally, counts_by_compound
from survey_app.store.votes import record_vote

CODES = ("NH-001", "NH-002")


@pytest.fixture
def office(store: Store, tmp_path: Path) -> Store:
    roster = tmp_path / "名册.csv"
    roster.write_text("楼栋,室,户主\n1,101,张三\n1,102,李四\n1,201,王五\n", encoding="utf-8")
    for code in CODES:
        save_compound(store=store, code=code, name=f"小区{code}")
        import_roster(store=store, path=roster, compound=code)
        open_round(store=store, compound=code, round_no=1, rule=ConsentRule())
    return store


def wrong_vote(home: str, choice: Choice = Choice.DISAGREE) -> VotePayload:
    return VotePayload(household=home, compound="NH-002", round=1, choice=choice.value,
                       signer=None, relation="self", channel="door", note=None, surveyor=None,
                       signature=None, replaces=())  # fmt: skip


def assert_kept_counts_equal_core(store: Store) -> None:
    kept = counts_by_compound(store=store, round_no=1)
    for code in CODES:
        assert kept[code] == compute_tally(store=store, compound=code, round_no=1).counts, code


def test_the_office_cannot_record_a_vote_naming_another_compound(office: Store) -> None:
    home = households_of(store=office, compound="NH-001")[0]
    record_vote(store=office, household=home, round_no=1, choice=Choice.AGREE)
    with pytest.raises(RefusedAction) as refused, office.transaction():
        office.append(wrong_vote(home.id))
    assert refused.value.code == "vote_wrong_compound"
    english = error_message(refused.value.code, refused.value.params, "en")
    assert f"Household {home.id} is in compound NH-001, but this vote names compound NH-002" in (
        english
    )
    assert "NH-001" in refused.value.message and "NH-002" in refused.value.message
    moved = replace(home, compound="NH-002")  # a household object that says another compound
    with pytest.raises(RefusedAction) as refused:
        record_vote(store=office, household=moved, round_no=1, choice=Choice.DISAGREE)
    assert refused.value.code == "vote_wrong_compound"
    assert office.db.execute("SELECT count(*) FROM records WHERE kind = 'vote'").fetchone() == (1,)
    assert_kept_counts_equal_core(office)


def test_a_vote_naming_another_compound_written_past_the_check_counts_nowhere(
    office: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = households_of(store=office, compound="NH-001")[:2]
    record_vote(store=office, household=first, round_no=1, choice=Choice.AGREE)
    monkeypatch.setattr(
        database, "check_household_compound", lambda *args: None, raising=False
    )  # a tampered app
    with office.transaction():  # without replacing the agree: a conflict, were it counted
        office.append(wrong_vote(first.id))
        office.append(wrong_vote(second.id, Choice.AGREE))
    assert_kept_counts_equal_core(office)
    counts = counts_by_compound(store=office, round_no=1)
    assert (counts["NH-001"].agree, counts["NH-001"].pending) == (1, 0)
    assert (counts["NH-002"].agree, counts["NH-002"].disagree) == (0, 0)
    with office.transaction():
        forget_projections(office.db)
        project_pending(office.db)
    assert_kept_counts_equal_core(office)
    assert counts_by_compound(store=office, round_no=1) == counts
