"""Drafts of half-filled surveys and the surveyor's place: local, committed at once."""

from __future__ import annotations

from survey_app.store.database import open_store
from survey_app.store.drafts import (
    Place,
    discard_draft,
    drafted_households,
    last_place,
    load_draft,
    remember_place,
    save_draft,
)


def test_a_draft_survives_reopening_the_database(tmp_path):
    path = tmp_path / "survey.db"
    store = open_store(path)
    save_draft(store=store, household="NH-001/1-1-101", form="needs", answers={"people": 3},
               position="profile/people")  # fmt: skip
    store.db.close()  # no orderly shutdown: as if the battery died
    reopened = open_store(path)
    draft = load_draft(store=reopened, household="NH-001/1-1-101", form="needs")
    assert draft is not None
    assert (draft.answers, draft.position) == ({"people": 3}, "profile/people")


def test_saving_again_replaces_the_draft(tmp_path):
    store = open_store(tmp_path / "survey.db")
    save_draft(
        store=store, household="NH-001/1-1-101", form="needs", answers={"a": 1}, position=None
    )
    save_draft(
        store=store, household="NH-001/1-1-101", form="needs", answers={"a": 2}, position="x"
    )
    draft = load_draft(store=store, household="NH-001/1-1-101", form="needs")
    assert draft is not None and draft.answers == {"a": 2}
    discard_draft(store=store, household="NH-001/1-1-101", form="needs")
    assert load_draft(store=store, household="NH-001/1-1-101", form="needs") is None


def test_drafts_are_not_records(tmp_path):
    store = open_store(tmp_path / "survey.db")
    records = store.db.execute("SELECT count(*) FROM records").fetchone()[0]
    save_draft(store=store, household="NH-001/1-1-101", form="needs", answers={}, position=None)
    assert store.db.execute("SELECT count(*) FROM records").fetchone()[0] == records


def test_drafted_households_of_a_compound(tmp_path):
    store = open_store(tmp_path / "survey.db")
    for household in ("NH-001/1-1-101", "NH-0011/1-1-101", "NH_001/1-1-102"):
        save_draft(store=store, household=household, form="needs", answers={}, position=None)
    assert drafted_households(store=store, compound="NH-001") == {"NH-001/1-1-101"}


def test_place_is_remembered(tmp_path):
    store = open_store(tmp_path / "survey.db")
    assert last_place(store=store) is None
    place = Place(compound="NH-001", household="NH-001/1-1-101", round_no=2, page="survey")
    remember_place(store=store, place=place)
    assert last_place(store=open_store(tmp_path / "survey.db")) == place


def test_the_same_place_again_writes_nothing_and_another_place_is_written(tmp_path):
    store = open_store(tmp_path / "survey.db")
    place = Place(compound="NH-001", household=None, round_no=1, page=None)
    remember_place(store=store, place=place)
    mark = store.change_mark()
    remember_place(store=store, place=place)  # each start, each return to the progress
    assert store.change_mark() == mark
    moved = Place(compound="NH-001", household="NH-001/1-1-101", round_no=1, page="round1")
    remember_place(store=store, place=moved)
    assert store.change_mark() != mark
    assert last_place(store=open_store(tmp_path / "survey.db")) == moved


def test_the_change_mark_follows_writes_from_any_connection_and_not_reads(tmp_path):
    store = open_store(tmp_path / "survey.db")
    mark = store.change_mark()
    assert last_place(store=store) is None and store.change_mark() == mark
    other = open_store(tmp_path / "survey.db")
    remember_place(store=other, place=Place(compound="NH-002", household=None, round_no=2,
                                            page=None))  # fmt: skip
    other.close()
    assert store.change_mark() != mark
    mark = store.change_mark()
    save_draft(store=store, household="NH-001/1-1-101", form="needs", answers={}, position=None)
    assert store.change_mark() != mark


def test_a_vote_draft_survives_reopening_and_is_not_a_survey_draft(tmp_path):
    from survey_app.core.votes import Channel, Choice, Relation
    from survey_app.store.drafts import (
        VoteDraft,
        discard_vote_draft,
        load_vote_draft,
        save_vote_draft,
    )

    path = tmp_path / "survey.db"
    store = open_store(path)
    draft = VoteDraft(household="NH-001/1-1-101", round_no=2, choice=Choice.ABSTAIN,
                      signer="张小伟", relation=Relation.PROXY, channel=Channel.PAPER,
                      note="委托书", strokes=([(1.04, 2.0), (3.0, 4.56)],))  # fmt: skip
    saved = save_vote_draft(store=store, draft=draft)
    assert saved.updated_at
    store.db.close()  # as if the battery died
    reopened = open_store(path)
    loaded = load_vote_draft(store=reopened, household="NH-001/1-1-101", round_no=2)
    assert loaded is not None
    assert (loaded.choice, loaded.signer, loaded.relation, loaded.channel, loaded.note) == (
        Choice.ABSTAIN, "张小伟", Relation.PROXY, Channel.PAPER, "委托书")  # fmt: skip
    assert loaded.strokes == ([(1.0, 2.0), (3.0, 4.6)],)
    assert load_vote_draft(store=reopened, household="NH-001/1-1-101", round_no=1) is None
    assert drafted_households(store=reopened, compound="NH-001") == set()
    discard_vote_draft(store=reopened, household="NH-001/1-1-101", round_no=2)
    assert load_vote_draft(store=reopened, household="NH-001/1-1-101", round_no=2) is None
