"""Issue 12's attacks, tried as a forger with the central file would: each is detected or has
no effect. (The roster re-imported after a close: tests/store/test_frozen_rounds.py; a forged
notice: tests/reports/test_verify.py; formula cells: tests/spreadsheets.)"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from sync_helpers import Field, all_tallies, dump, household

from survey_app.cli import main
from survey_app.core.errors import IntegrityError
from survey_app.core.keys import SigningKey
from survey_app.core.records import Record, canonical_json, content_hash
from survey_app.core.votes import Choice
from survey_app.store.database import Store, open_store
from survey_app.store.enrolment import enrol_device
from survey_app.store.tallies import tally_json
from survey_app.store.trust import uncounted_devices
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central
from tests.conftest import TEST_PASSPHRASE

FORGED_OPENING = {
    "compound": "NH-001", "round": 1, "threshold_num": 1, "threshold_den": 3, "inclusive": True,
    "double_majority": False, "starts": None, "ends": None,
}  # fmt: skip


def voting(batch: Field) -> tuple[Store, Store]:
    """The office's roster in the central file, two enrolled laptops that voted and synced."""
    sync_with_central(store=batch.office, central=batch.central)
    a, b = batch.laptop("A", "王芳"), batch.laptop("B", "李强")
    for store in (a, b):
        sync_with_central(store=store, central=batch.central)
    for index in range(6):
        record_vote(store=a, household=household(a, "NH-001", index), round_no=1,
                    choice=Choice.AGREE if index % 3 else Choice.DISAGREE)  # fmt: skip
    for store in (a, b, batch.office):
        sync_with_central(store=store, central=batch.central)
    return a, b


def insert_raw(path: Path, row: tuple[object, ...]) -> None:
    """What a forger with the file does: one INSERT, around the app."""
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO records (id, kind, device, seq, created_at, payload, hash, prev, "
                 "signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)  # fmt: skip
    conn.commit()
    conn.close()


def check(path: Path) -> dict[str, object]:
    result = CliRunner().invoke(main, ["check-file", str(path), "--json"])
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_a_forged_round_opening_with_its_hash_recomputed_counts_nowhere(field_batch: Field) -> None:
    a, _ = voting(field_batch)
    before = tally_json(store=field_batch.office, compound="NH-001", round_no=1)
    office = field_batch.office.device_id
    seq = (
        1
        + field_batch.office.db.execute(
            "SELECT max(seq) FROM records WHERE device = ?", [office]
        ).fetchone()[0]
    )
    payload = canonical_json(FORGED_OPENING)
    created = "2000-01-01T00:00:00.000000Z"
    # as the office's own next record, with a recomputed hash and no key to sign it
    digest = content_hash(id="forged-1", kind="round_opened", device=office, seq=seq,
                          created_at=created, payload=payload)  # fmt: skip
    insert_raw(
        field_batch.central,
        ("forged-1", "round_opened", office, seq, created, payload, digest, None, None),
    )
    report = check(field_batch.central)
    assert not report["ok"]
    assert "broken_chain" in {p["code"] for p in report["problems"]}  # type: ignore[union-attr]
    with pytest.raises(IntegrityError) as refused:
        sync_with_central(store=a, central=field_batch.central)
    assert refused.value.code == "broken_chain" and "forged-1" in refused.value.message
    assert tally_json(store=a, compound="NH-001", round_no=1) == before


def test_a_forged_opening_from_a_made_up_device_is_listed_and_counted_nowhere(
    field_batch: Field,
) -> None:
    a, _ = voting(field_batch)
    before = all_tallies(a)
    payload = canonical_json(FORGED_OPENING)
    created = "2000-01-01T00:00:00.000000Z"
    digest = content_hash(id="forged-2", kind="round_opened", device="ghost", seq=1,
                          created_at=created, payload=payload)  # fmt: skip
    insert_raw(
        field_batch.central,
        ("forged-2", "round_opened", "ghost", 1, created, payload, digest, None, None),
    )
    for store in (a, field_batch.office):
        sync_with_central(store=store, central=field_batch.central)
        assert all_tallies(store) == before
    listed = [n.device for n in uncounted_devices(field_batch.office.db)]
    assert listed == ["ghost"]


def test_votes_from_a_laptop_made_with_init_count_only_once_the_office_enrols_it(
    field_batch: Field, tmp_path: Path
) -> None:
    a, _ = voting(field_batch)
    rogue_path = tmp_path / "rogue.db"
    result = CliRunner().invoke(main, ["--db", str(rogue_path), "init", "--device", "A"])
    assert result.exit_code == 0, result.output
    rogue = open_store(rogue_path, passphrase=TEST_PASSPHRASE)  # made by the CLI: encrypted
    sync_with_central(store=rogue, central=field_batch.central)
    agree_before = tally_json(store=a, compound="NH-002", round_no=1)["agree"]
    for index in range(10):
        record_vote(store=rogue, household=household(rogue, "NH-002", index), round_no=1,
                    choice=Choice.AGREE)  # fmt: skip
    sync_with_central(store=rogue, central=field_batch.central)
    for store in (a, field_batch.office):
        sync_with_central(store=store, central=field_batch.central)
        assert tally_json(store=store, compound="NH-002", round_no=1)["agree"] == agree_before
    [newcomer] = uncounted_devices(field_batch.office.db)
    assert (newcomer.name, newcomer.votes, newcomer.fingerprint) == ("A", 10, rogue.fingerprint)
    listed = CliRunner().invoke(main, ["--db", str(field_batch.office.path), "device", "list"])
    assert rogue.fingerprint in listed.output and "意见 10 条" in listed.output
    enrol_device(store=field_batch.office, fingerprint=rogue.fingerprint)
    assert tally_json(store=field_batch.office, compound="NH-002", round_no=1)["agree"] == (
        agree_before + 10
    )
    rogue.close()


def test_a_record_edited_in_place_in_the_central_file_is_named_and_refused(
    field_batch: Field, tmp_path: Path
) -> None:
    a, _ = voting(field_batch)
    conn = sqlite3.connect(field_batch.central)
    rid, kind, device, seq, created, payload, prev = conn.execute(
        "SELECT id, kind, device, seq, created_at, payload, prev FROM records "
        "WHERE device = ? AND kind = 'vote' AND payload LIKE '%disagree%' ORDER BY seq LIMIT 1",
        [a.device_id],
    ).fetchone()
    edited = payload.replace('"disagree"', '"agree"')
    digest = content_hash(id=rid, kind=kind, device=device, seq=seq, created_at=created,
                          payload=edited, prev=prev)  # fmt: skip
    conn.execute("UPDATE records SET payload = ?, hash = ? WHERE id = ?", [edited, digest, rid])
    conn.commit()
    conn.close()
    assert "broken_chain" in {p["code"] for p in check(field_batch.central)["problems"]}  # type: ignore[union-attr]
    before = dump(a.path), dump(field_batch.central)
    with pytest.raises(IntegrityError) as refused:
        sync_with_central(store=a, central=field_batch.central)
    error = refused.value
    assert error.code == "record_altered" and rid in error.message
    assert error.params["altered"] == str(field_batch.central)
    assert error.params["genuine"] == str(a.path)
    assert (dump(a.path), dump(field_batch.central)) == before
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["export", "--file", str(field_batch.central),
                                       "--xlsx", str(out)])  # fmt: skip
    assert result.exit_code == 1 and "不可信" in result.stderr and not out.exists()


def test_reordered_records_break_the_chain(field_batch: Field) -> None:
    a, _ = voting(field_batch)
    last = a.db.execute("SELECT max(seq) FROM records WHERE device = ?", [a.device_id]).fetchone()
    conn = sqlite3.connect(field_batch.central)
    for old, new in ((last[0], -1), (last[0] - 1, last[0]), (-1, last[0] - 1)):
        conn.execute("UPDATE records SET seq = ? WHERE device = ? AND seq = ?",
                     [new, a.device_id, old])  # fmt: skip
    conn.commit()
    conn.close()
    assert "broken_chain" in {p["code"] for p in check(field_batch.central)["problems"]}  # type: ignore[union-attr]


def test_a_record_appended_to_a_real_devices_sequence_needs_its_key(field_batch: Field) -> None:
    a, b = voting(field_batch)
    seq, head = a.db.execute(
        "SELECT seq, hash FROM records WHERE device = ? ORDER BY seq DESC LIMIT 1", [a.device_id]
    ).fetchone()
    forged = Record.create(
        id="forged-3", kind="vote", device=a.device_id, seq=seq + 1,  # type: ignore[arg-type]
        created_at="2027-03-01T08:00:00.000000Z", prev=head, key=SigningKey.generate(),
        payload={"household": household(a, "NH-001", 9).id, "compound": "NH-001", "round": 1,
                 "choice": "agree", "signer": None, "relation": "self", "channel": "door",
                 "note": None, "surveyor": None, "signature": None, "replaces": []},
    )  # fmt: skip
    insert_raw(field_batch.central, (forged.id, forged.kind, forged.device, forged.seq,
                                     forged.created_at, forged.payload, forged.hash, forged.prev,
                                     forged.signature))  # fmt: skip
    assert {p["code"] for p in check(field_batch.central)["problems"]} >= {"bad_signature"}  # type: ignore[operator]
    with pytest.raises(IntegrityError) as refused:
        sync_with_central(store=b, central=field_batch.central)
    assert refused.value.code == "bad_signature" and "forged-3" in refused.value.message


def test_a_laptop_of_another_office_is_refused_before_anything_moves(
    field_batch: Field, tmp_path: Path
) -> None:
    voting(field_batch)
    stranger = open_store(tmp_path / "other-office.db", device_name="别的街道")
    before = dump(field_batch.central)
    with pytest.raises(Exception) as refused:
        sync_with_central(store=stranger, central=field_batch.central)
    assert getattr(refused.value, "code", "") == "other_authority"
    assert dump(field_batch.central) == before
    stranger.close()
