"""Files from before signing keep working: nothing is signed retroactively, the office becomes
the authority of its batch and enrols the other laptops' older records in one step."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from survey_app.core.votes import Choice
from survey_app.store.database import Store, open_store
from survey_app.store.enrolment import enrol_before_signing, enrol_device
from survey_app.store.households import households_of
from survey_app.store.migrations import SCHEMA_VERSION
from survey_app.store.tallies import tally_json
from survey_app.store.trust import uncounted_devices
from survey_app.store.votes import record_vote, vote_rows
from survey_app.sync.central import sync_with_central
from survey_app.sync.check import check_file

DATA = Path(__file__).with_name("data")


@pytest.fixture
def old(tmp_path: Path) -> Path:
    for name in ("office.db", "laptop.db", "central.db"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def agree(store: Store) -> int:
    return int(str(tally_json(store=store, compound="NH-001", round_no=1)["agree"]))


def test_the_old_office_becomes_the_authority_and_enrols_older_laptops_in_one_step(
    old: Path,
) -> None:
    office = open_store(old / "office.db")
    assert office.meta("schema_version") == str(SCHEMA_VERSION)
    assert office.role == "office" and office.authority == office.fingerprint
    unsigned = office.db.execute("SELECT count(*) FROM records WHERE signature IS NULL")
    assert unsigned.fetchone()[0] == 22  # nothing signed retroactively
    assert agree(office) == 0  # the laptop's older votes wait for the office
    [waiting] = uncounted_devices(office.db)
    assert (waiting.name, waiting.votes, waiting.fingerprint) == ("解放街道-01", 8, "")
    assert enrol_before_signing(store=office) == [waiting.device]
    assert agree(office) == 7
    assert check_file(office.path).ok
    office.close()


def test_an_old_laptop_counts_as_before_until_it_learns_its_office(old: Path) -> None:
    laptop = open_store(old / "laptop.db")
    assert laptop.role == "field" and laptop.authority == ""
    assert agree(laptop) == 7  # unchanged by the upgrade
    office = open_store(old / "office.db")
    enrol_before_signing(store=office)
    for store in (office, laptop):
        sync_with_central(store=store, central=old / "central.db")
    assert laptop.authority == office.fingerprint
    assert agree(laptop) == 7  # now because the office enrolled its older records
    target = households_of(store=laptop, compound="NH-001")[9]
    record_vote(store=laptop, household=target, round_no=1, choice=Choice.AGREE)
    for store in (laptop, office):
        sync_with_central(store=store, central=old / "central.db")
    assert agree(laptop) == 8  # its own file shows its vote
    assert agree(office) == 7  # its signed records need its key enrolled
    [waiting] = uncounted_devices(office.db)
    assert waiting.fingerprint == laptop.fingerprint and waiting.votes == 1
    enrol_device(store=office, fingerprint=laptop.fingerprint)
    assert agree(office) == 8
    for store in (office, laptop):
        assert check_file(store.path).ok
        store.close()
    assert check_file(old / "central.db").ok


def test_an_old_laptops_votes_list_as_they_did_once_their_table_is_slimmed(old: Path) -> None:
    """Migration m030 rebuilds `votes` without what only a listing shows: each vote keeps its
    rowid, and its listing (read from its record now) says what the old table said."""
    with sqlite3.connect(old / "laptop.db") as raw:
        before = raw.execute(
            "SELECT rowid, id, household, round, choice, signer, relation, channel, note, "
            "surveyor, has_signature FROM votes ORDER BY rowid"
        ).fetchall()
    raw.close()
    assert len(before) == 8 and {row[7] for row in before} == {"door"}
    laptop = open_store(old / "laptop.db")
    columns = {row[1] for row in laptop.db.execute("PRAGMA table_info(votes)")}
    assert "signer" not in columns and "household" in columns
    rowids = laptop.db.execute("SELECT rowid, id FROM votes ORDER BY rowid").fetchall()
    assert rowids == [(row[0], row[1]) for row in before]
    listed = {}
    for household in {row[2] for row in before}:
        for v in vote_rows(store=laptop, household=household, round_no=1):
            listed[v.id] = (v.household, v.round_no, str(v.choice), v.signer, v.relation,
                            v.channel, v.note, v.surveyor, int(v.has_signature))  # fmt: skip
    assert listed == {row[1]: tuple(row[2:]) for row in before}
    laptop.close()
