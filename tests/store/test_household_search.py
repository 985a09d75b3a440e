"""Finding households by address spelling, name, phone, and ballot QR text."""

from __future__ import annotations

import pytest

from survey_app.core.qr_texts import make_ballot_text
from survey_app.store.compounds import save_compound
from survey_app.store.database import open_store
from survey_app.store.roster_import import import_roster
from survey_app.store.search import BallotTarget, Found, ballot_target, search_households


@pytest.fixture
def store(tmp_path):
    opened = open_store(tmp_path / "survey.db")
    for code, name, rows in (
        ("NH-001", "东方新村", "1,1,101,张伟,13800000101\n1,1,102,王芳,13800000102\n"),
        ("NH-002", "和平小区", "1,1,101,张伟明,13900000101\n"),
    ):
        save_compound(store=opened, code=code, name=name)
        roster = tmp_path / f"{code}.csv"
        roster.write_text("楼栋,单元,室,户主,电话\n" + rows, encoding="utf-8")
        import_roster(store=opened, path=roster, compound=code)
    return opened


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NH-001/3-2-501", BallotTarget("NH-001/3-2-501", None)),
        ("SAB|NH-001/3-2-501|R1", BallotTarget("NH-001/3-2-501", 1)),
        ("sab｜nh-001/3-2-501｜r2\n", BallotTarget("NH-001/3-2-501", 2)),
        ("nh-001/3幢2单元501室", BallotTarget("NH-001/3-2-501", None)),
        ("张伟", None),
        ("3-2-501", None),
        ("NH-001/", None),
    ],
)
def test_ballot_target(text, expected):
    assert ballot_target(text) == expected


def test_address_in_current_compound_first(store):
    hits = search_households(store=store, text="1幢1单元101室", compound="NH-002")
    assert [h.household.id for h in hits] == ["NH-002/1-1-101", "NH-001/1-1-101"]
    assert {h.found for h in hits} == {Found.ADDRESS}


def test_name_contains(store):
    hits = search_households(store=store, text="张伟", compound="NH-001")
    assert [h.household.head for h in hits] == ["张伟", "张伟明"]
    assert hits[0].found is Found.NAME


def test_phone(store):
    hits = search_households(store=store, text="0000102")
    assert [h.household.id for h in hits] == ["NH-001/1-1-102"]
    assert hits[0].found is Found.PHONE


def test_ballot(store):
    hits = search_households(store=store, text=make_ballot_text("NH-001/1-1-102", 1))
    assert [(h.household.id, h.found, h.round_no) for h in hits] == [
        ("NH-001/1-1-102", Found.BALLOT, 1)
    ]


def test_slashes_are_an_address_when_no_such_ballot(store):
    hits = search_households(store=store, text="1/1/101", compound="NH-001")
    assert hits[0].household.id == "NH-001/1-1-101"


def test_wildcards_are_literal(store):
    assert search_households(store=store, text="%") == []
    assert search_households(store=store, text="  ") == []
