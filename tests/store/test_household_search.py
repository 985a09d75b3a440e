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


@pytest.fixture
def spelled(tmp_path):
    """A roster whose phones are written the ways people write them."""
    opened = open_store(tmp_path / "spelled.db")
    save_compound(store=opened, code="NH-001", name="东方新村")
    roster = tmp_path / "spelled.csv"
    roster.write_text(
        "楼栋,单元,室,户主,电话\n"
        "1,1,101,刘伟军,138-0000-0101\n"
        "1,1,102,刘洋,１３８００００0102\n"
        "1,1,201,曾国强,(010) 6512-3456\n"
        "1,1,202,John Smith,+86 139 0000 0202\n",
        encoding="utf-8",
    )
    import_roster(store=opened, path=roster, compound="NH-001")
    return opened


def test_phones_are_stored_as_digits(spelled):
    hits = search_households(store=spelled, text="刘伟军")
    assert hits[0].household.phone == "13800000101"
    assert search_households(store=spelled, text="刘洋")[0].household.phone == "13800000102"


@pytest.mark.parametrize(
    "text", ["13800000101", "138-0000-0101", "138 0000 0101", "１３８００００0101", "0000101"]
)
def test_a_phone_in_any_spelling_finds_the_household(spelled, text):
    hits = search_households(store=spelled, text=text)
    assert [h.household.head for h in hits] == ["刘伟军"]
    assert hits[0].found is Found.PHONE
    assert hits[0].matched == "13800000101"


def test_phones_with_area_and_country_codes(spelled):
    assert [h.household.head for h in search_households(store=spelled, text="010-65123456")] == [
        "曾国强"
    ]
    assert [h.household.head for h in search_households(store=spelled, text="13900000202")] == [
        "John Smith"
    ]


@pytest.mark.parametrize("text", ["liuwj", "lwj", "liuweijun", "LiuWeiJun", "liu wei jun"])
def test_pinyin_and_initials_find_the_name(spelled, text):
    hits = search_households(store=spelled, text=text)
    assert [h.household.head for h in hits] == ["刘伟军"]
    assert hits[0].found is Found.PINYIN
    assert hits[0].matched == "liu wei jun"


def test_pinyin_finds_every_name_it_spells_surname_first(spelled):
    assert [h.household.head for h in search_households(store=spelled, text="liu")] == [
        "刘伟军",
        "刘洋",
    ]
    assert [h.household.head for h in search_households(store=spelled, text="ly")] == ["刘洋"]
    assert [h.household.head for h in search_households(store=spelled, text="zgq")] == ["曾国强"]
    assert search_households(store=spelled, text="xyz") == []


def test_latin_names_are_found_by_name_before_pinyin(spelled):
    hits = search_households(store=spelled, text="smith")
    assert [(h.household.head, h.found) for h in hits] == [("John Smith", Found.NAME)]


def test_a_household_rewritten_gets_its_new_keys(spelled, tmp_path):
    roster = tmp_path / "renamed.csv"
    roster.write_text("楼栋,单元,室,户主,电话\n1,1,101,王芳,13700000101\n", encoding="utf-8")
    import_roster(store=spelled, path=roster, compound="NH-001")
    assert search_households(store=spelled, text="lwj") == []
    assert search_households(store=spelled, text="138-0000-0101") == []
    assert [h.household.head for h in search_households(store=spelled, text="wf")] == ["王芳"]
    assert [h.household.head for h in search_households(store=spelled, text="137 0000 0101")] == [
        "王芳"
    ]


def test_the_migration_fills_the_keys_of_a_file_written_before_it(spelled, tmp_path):
    """A file of the previous version: households written, no search keys yet."""
    path = tmp_path / "spelled.db"
    db = spelled.db
    with spelled.transaction():
        db.execute("UPDATE households SET phone = '138 0000 0101' WHERE head = '刘伟军'")
        db.execute("DROP TABLE household_keys")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_household_search_keys'")
    spelled.close()
    reopened = open_store(path)
    assert [h.household.head for h in search_households(store=reopened, text="lwj")] == ["刘伟军"]
    hits = search_households(store=reopened, text="138-0000-0101")
    assert [(h.household.head, h.matched) for h in hits] == [("刘伟军", "13800000101")]
    reopened.close()
