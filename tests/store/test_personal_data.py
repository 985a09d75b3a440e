"""Personal fields kept beside the signed records (core/payloads.py split/merge, the
`personal` table): new records sign a salted digest of them; files of older versions keep
their records as written, verify and tally the same, and their households cannot be erased."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from survey_app.core.errors import RefusedAction
from survey_app.core.payloads import (
    PERSONAL_KEY,
    HouseholdPayload,
    SurveyAnswerPayload,
    VotePayload,
    merge_payload,
    personal_digest,
    split_payload,
)
from survey_app.core.records import canonical_json
from survey_app.core.votes import Choice
from survey_app.store.database import Store, open_store
from survey_app.store.enrolment import enrol_before_signing
from survey_app.store.erasure import erase_household
from survey_app.store.households import households_of
from survey_app.store.tallies import tally_json
from survey_app.store.votes import record_vote, vote_rows
from survey_app.sync.central import sync_with_central
from survey_app.sync.check import check_file

DATA = Path(__file__).with_name("data")
ROW = HouseholdPayload(
    id="NH-001/1-1-101", compound="NH-001", address="1-1-101", building="1", unit="1",
    room="101", head="张伟", phone="13800000101", area="80.5", tenure="owner", eligible=True,
    note="腿脚不便",
)  # fmt: skip


def test_the_signed_form_holds_no_personal_value_and_a_salted_digest_of_them():
    stored, part = split_payload(ROW)
    assert part is not None
    text = canonical_json(stored)
    assert "张伟" not in text and "13800000101" not in text and "腿脚不便" not in text
    assert stored["address"] == "1-1-101" and stored["area"] == "80.5"
    assert stored[PERSONAL_KEY] == personal_digest(part.salt, part.text) == part.digest
    assert len(bytes.fromhex(part.salt)) == 16
    # without the salt the digest says nothing: not the hash of the fields alone
    assert stored[PERSONAL_KEY] != hashlib.sha256(part.text.encode()).hexdigest()
    again, other = split_payload(ROW)
    assert (
        other is not None
        and other.salt != part.salt
        and again[PERSONAL_KEY] != stored[PERSONAL_KEY]
    )
    full = merge_payload("household", stored, json.loads(part.text))
    assert HouseholdPayload.from_json(full) == ROW
    erased = HouseholdPayload.from_json(merge_payload("household", stored, None))
    assert (erased.head, erased.phone, erased.note, erased.address) == (None, None, None, "1-1-101")
    assert personal_digest("not hex", part.text) == ""


def test_a_vote_and_free_answers_split_the_same_way():
    vote = VotePayload(
        household="NH-001/1-1-101", compound="NH-001", round=1, choice="agree", signer="张伟",
        relation="self", channel="door", note="本人", surveyor="王芳", signature="iVBOR",
        replaces=(),
    )  # fmt: skip
    stored, part = split_payload(vote)
    assert part is not None and {"signer", "note", "signature"} & stored.keys() == set()
    assert stored["choice"] == "agree" and stored["surveyor"] == "王芳"
    assert VotePayload.from_json(merge_payload("vote", stored, json.loads(part.text))) == vote
    answers = SurveyAnswerPayload(
        household="NH-001/1-1-101", compound="NH-001", form_id="needs", form_version="1",
        answers={"roof": "leak", "remark": "王阿姨卧床", "people": [{"who": "李大爷", "age": 80}]},
        calculated={}, metadata={"username": "王芳", "deviceid": "d-1"}, audit=None,
        surveyor=None, replaces=(),
    )  # fmt: skip
    stored, part = split_payload(answers, free_answers=frozenset({"remark", "who"}))
    assert part is not None
    assert stored["answers"] == {"roof": "leak"} and stored["metadata"] == {"deviceid": "d-1"}
    full = merge_payload("survey_answer", stored, json.loads(part.text))
    assert SurveyAnswerPayload.from_json(full) == answers


@pytest.fixture
def old(tmp_path: Path) -> Path:
    for name in ("office.db", "laptop.db", "central.db"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def test_files_from_before_the_split_verify_tally_and_refuse_erasure(old: Path) -> None:
    office, laptop = open_store(old / "office.db"), open_store(old / "laptop.db")
    enrol_before_signing(store=office)
    for store in (office, laptop, office):
        sync_with_central(store=store, central=old / "central.db")
    agree = tally_json(store=laptop, compound="NH-001", round_no=1)["agree"]
    assert agree == tally_json(store=office, compound="NH-001", round_no=1)["agree"] == 7
    assert office.db.execute("SELECT count(*) FROM personal").fetchone()[0] == 0
    old_household = households_of(store=office, compound="NH-001")[0]
    assert old_household.head  # read from inside its signed payload, as always
    with pytest.raises(RefusedAction) as caught:
        erase_household(store=office, household=old_household)
    assert caught.value.code == "erasure_of_signed_data"
    assert not office.db.execute("SELECT 1 FROM records WHERE kind = 'erasure'").fetchone()
    # a vote written now keeps its signer apart, in the old file too
    target = households_of(store=laptop, compound="NH-001")[9]
    record_vote(store=laptop, household=target, round_no=1, choice=Choice.AGREE, signer="新签名人")
    [new] = [v for v in vote_rows(store=laptop, household=target.id, round_no=1) if v.signer]
    assert new.signer == "新签名人"
    assert laptop.db.execute("SELECT count(*) FROM personal").fetchone()[0] == 1
    for store in (office, laptop):
        assert check_file(store.path).ok, check_file(store.path).problems
        store.close()
    assert check_file(old / "central.db").ok


def test_a_name_that_comes_after_its_record_fills_the_household_at_the_next_projection(
    store: Store, compound: str
) -> None:
    """A sync may bring a roster row without its personal row, and the personal row later,
    beside other records: the household takes its name then (the rows in force just chosen
    take theirs from the statement before; this one is not among them)."""
    later = dataclasses.replace(ROW, id="NH-001/1-1-102", address="1-1-102", room="102",
                                head="李娜", phone="13800000102", note=None)  # fmt: skip
    with store.transaction():
        (first,) = store.append_many([ROW])
        kept = store.db.execute(
            "SELECT record_id, salt, fields FROM personal WHERE record_id = ?", [first.id]
        ).fetchone()
        store.db.execute("DELETE FROM personal WHERE record_id = ?", [first.id])
    assert [h.head for h in households_of(store=store, compound=compound)] == [None]
    with store.transaction():
        store.db.execute("INSERT INTO personal (record_id, salt, fields) VALUES (?, ?, ?)", kept)
        store.append_many([later])
    heads = {
        h.address: (h.head, h.phone, h.note) for h in households_of(store=store, compound=compound)
    }
    assert heads == {
        "1-1-101": ("张伟", "13800000101", "腿脚不便"),
        "1-1-102": ("李娜", "13800000102", None),
    }


def test_a_vote_shows_its_personal_fields_when_they_come_with_it_or_after_it(
    store: Store, compound: str
) -> None:
    """A vote's listing reads its personal row as it is shown: none before the row comes, its
    fields once it has come (in a later sync, for a vote already projected); the `votes`
    table holds none of them."""

    def vote(signer: str, choice: str) -> VotePayload:
        return VotePayload(
            household=ROW.id, compound=compound, round=1, choice=choice, signer=signer,
            relation="self", channel="door", note=f"{signer}的备注", surveyor="王芳",
            signature="iVBOR", replaces=(),
        )  # fmt: skip

    def signed() -> dict[str, tuple[str | None, str | None, int]]:
        rows = vote_rows(store=store, household=ROW.id, round_no=1)
        return {str(v.choice): (v.signer, v.note, int(v.has_signature)) for v in rows}

    with store.transaction():
        store.append_many([ROW])
        (first,) = store.append_many([vote("张伟", "agree")])
        kept = store.db.execute(
            "SELECT record_id, salt, fields FROM personal WHERE record_id = ?", [first.id]
        ).fetchone()
        store.db.execute("DELETE FROM personal WHERE record_id = ?", [first.id])
    assert signed() == {"agree": (None, None, 0)}
    with store.transaction():
        store.db.execute("INSERT INTO personal (record_id, salt, fields) VALUES (?, ?, ?)", kept)
        store.append_many([vote("李娜", "disagree")])
    assert signed() == {"agree": ("张伟", "张伟的备注", 1), "disagree": ("李娜", "李娜的备注", 1)}
    columns = {row[1] for row in store.db.execute("PRAGMA table_info(votes)")}
    assert not columns & {"signer", "note", "has_signature", "relation", "surveyor"}
