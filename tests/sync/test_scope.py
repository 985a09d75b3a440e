"""Sync scoped to a laptop's compounds (issue 14): a laptop the office gave two compounds of a
50-compound batch receives those two, syncs correctly, follows reassignment, and still detects
every forged, edited or replayed file."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sync_helpers import dump, household, record_set, write_roster

from survey_app.cli import main
from survey_app.core.errors import IntegrityError, RefusedAction
from survey_app.core.keys import SigningKey
from survey_app.core.records import Record, content_hash
from survey_app.core.rules import ConsentRule
from survey_app.core.vocabulary import error_message
from survey_app.core.votes import Choice
from survey_app.store import driver
from survey_app.store.assignments import assign_compounds
from survey_app.store.compounds import save_compound
from survey_app.store.database import Store, open_store
from survey_app.store.enrolment import enrol_device
from survey_app.store.roster_import import import_roster
from survey_app.store.round_changes import open_round
from survey_app.store.tallies import tally_json
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central

CODES = tuple(f"NH-{n:03d}" for n in range(1, 51))
OPEN = CODES[:4]
GIVEN = ("NH-001", "NH-002")


class City:
    """An office with 50 compounds (round 1 open in four), a central file, and laptops."""

    def __init__(self, root: Path) -> None:
        self.root, self.central = root, root / "U盘" / "中心.db"
        self.central.parent.mkdir()
        roster = write_roster(root / "名册.csv", 24)
        self.office = open_store(root / "office.db", device_name="街道办公室", surveyor="周主任")
        for code in CODES:
            save_compound(store=self.office, code=code, name=f"小区{code}")
            import_roster(store=self.office, path=roster, compound=code)
        for code in OPEN:
            open_round(store=self.office, compound=code, round_no=1, rule=ConsentRule())
        self.laptops: list[Store] = []

    def laptop(self, name: str, compounds: tuple[str, ...] | None) -> Store:
        store = open_store(self.root / f"{name}.db", device_name=name, surveyor=name,
                           role="field")  # fmt: skip
        enrol_device(store=self.office, fingerprint=store.fingerprint)
        if compounds is not None:
            assign_compounds(store=self.office, fingerprint=store.fingerprint,
                             compounds=compounds)  # fmt: skip
        self.sync(self.office)
        self.laptops.append(store)
        return store

    def assign(self, store: Store, compounds: tuple[str, ...] | None) -> None:
        assign_compounds(store=self.office, fingerprint=store.fingerprint, compounds=compounds)
        self.sync(self.office)

    def sync(self, *stores: Store) -> None:
        for store in stores:
            sync_with_central(store=store, central=self.central)


@pytest.fixture(scope="module")
def city_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("city")
    city = City(root)
    city.sync(city.office)
    city.office.close()
    return root


@pytest.fixture
def city(city_template: Path, tmp_path: Path) -> Iterator[City]:
    root = tmp_path / "city"
    shutil.copytree(city_template, root)
    made = City.__new__(City)
    made.root, made.central, made.laptops = root, root / "U盘" / "中心.db", []
    made.office = open_store(root / "office.db")
    yield made
    for store in [made.office, *made.laptops]:
        store.close()


def compounds_held(store: Store) -> set[str]:
    rows = store.db.execute(
        "SELECT DISTINCT json_extract(payload, '$.compound') FROM records "
        "WHERE json_extract(payload, '$.compound') IS NOT NULL AND device != ?",
        [store.device_id],
    )
    return {str(code) for (code,) in rows}


def vote(store: Store, compound: str, index: int, choice: Choice = Choice.AGREE) -> None:
    record_vote(store=store, household=household(store, compound, index), round_no=1,
                choice=choice)  # fmt: skip


def check(path: Path) -> dict[str, object]:
    result = CliRunner().invoke(main, ["check-file", str(path), "--json"])
    return json.loads(result.output)  # type: ignore[no-any-return]


def vacuumed_size(path: Path, into: Path) -> int:
    # the app's own SQLite: a second SQLite library in one process breaks the other's locks
    conn = driver.connect(str(path))
    conn.execute("VACUUM INTO ?", [str(into)])
    conn.close()
    return into.stat().st_size


def test_a_laptop_given_two_of_fifty_compounds_receives_only_theirs_and_syncs(
    city: City, tmp_path: Path
) -> None:
    scoped, whole = city.laptop("A", GIVEN), city.laptop("B", None)
    city.sync(scoped, whole)
    assert compounds_held(scoped) == set(GIVEN)
    assert compounds_held(whole) == set(CODES)
    assert {h for (h,) in scoped.db.execute("SELECT DISTINCT compound FROM households")} == set(
        GIVEN
    )
    small = vacuumed_size(scoped.path, tmp_path / "a.db")
    large = vacuumed_size(whole.path, tmp_path / "b.db")
    assert small * 4 < large, (small, large)
    for index in range(5):
        vote(scoped, "NH-001", index, Choice.AGREE if index % 2 else Choice.DISAGREE)
        vote(whole, "NH-002", index + 5)
        vote(whole, "NH-003", index)
    city.sync(scoped, whole, scoped, city.office)
    assert compounds_held(scoped) == set(GIVEN)
    assert record_set(scoped.path) <= record_set(city.central)
    assert record_set(city.office.path) == record_set(city.central)
    for code in GIVEN:
        assert tally_json(store=scoped, compound=code, round_no=1) == tally_json(
            store=city.office, compound=code, round_no=1
        )
    report = check(scoped.path)
    assert report["ok"], report["problems"]
    assert check(city.central)["ok"]
    central = sqlite3.connect(city.central)
    lasts = dict(central.execute("SELECT device, last_seq FROM sequences").fetchall())
    central.close()
    watermarks = dict(scoped.db.execute("SELECT device, considered FROM scope_watermarks"))
    assert watermarks == lasts  # the next sync is offered only what follows
    before = dump(scoped.path), dump(city.central)
    again = sync_with_central(store=scoped, central=city.central)
    assert (again.sent, again.received, again.removed, again.gaps) == (0, 0, 0, [])
    assert (dump(scoped.path), dump(city.central)) == before


def test_a_laptop_refuses_a_vote_for_a_compound_not_given_to_it(city: City) -> None:
    scoped = city.laptop("A", GIVEN)
    city.sync(scoped)
    whole = city.laptop("B", None)
    city.sync(whole)
    target = household(whole, "NH-003", 0)
    with pytest.raises(RefusedAction) as refused:
        record_vote(store=scoped, household=target, round_no=1, choice=Choice.AGREE)
    assert refused.value.code == "compound_not_assigned"
    assert "NH-003" in refused.value.message
    english = error_message(refused.value.code, refused.value.params, "en")
    assert "not assigned compound NH-003" in english


def test_reassignment_brings_an_added_compound_and_takes_a_removed_one_away(city: City) -> None:
    scoped, other = city.laptop("A", GIVEN), city.laptop("B", None)
    city.sync(scoped, other)
    vote(other, "NH-001", 0)
    vote(other, "NH-003", 0)
    vote(scoped, "NH-001", 1)
    city.sync(other, scoped)
    city.assign(scoped, ("NH-002", "NH-003"))
    report = sync_with_central(store=scoped, central=city.central)
    assert compounds_held(scoped) == {"NH-002", "NH-003"}
    assert report.removed > 0 and report.received > 0
    kept = scoped.db.execute(
        "SELECT count(*) FROM votes WHERE compound = 'NH-001' AND device = ?", [scoped.device_id]
    ).fetchone()[0]
    assert kept == 1  # its own vote stays; the central holds it
    assert not scoped.db.execute("SELECT 1 FROM households WHERE compound = 'NH-001'").fetchone()
    assert tally_json(store=scoped, compound="NH-003", round_no=1) == tally_json(
        store=other, compound="NH-003", round_no=1
    )
    assert check(scoped.path)["ok"]
    vote(other, "NH-001", 2)
    vote(other, "NH-003", 3)
    city.sync(other, scoped)
    assert compounds_held(scoped) == {"NH-002", "NH-003"}
    assert tally_json(store=scoped, compound="NH-003", round_no=1) == tally_json(
        store=other, compound="NH-003", round_no=1
    )
    city.assign(scoped, None)
    city.sync(scoped)
    assert record_set(scoped.path) == record_set(city.central)
    assert check(scoped.path)["ok"]


def test_a_forged_record_of_a_compound_not_given_is_still_refused(city: City) -> None:
    scoped, other = city.laptop("A", GIVEN), city.laptop("B", None)
    city.sync(scoped, other)
    vote(other, "NH-004", 0)
    city.sync(other)
    seq, head = other.db.execute(
        "SELECT seq, hash FROM records WHERE device = ? ORDER BY seq DESC LIMIT 1",
        [other.device_id],
    ).fetchone()
    forged = Record.create(
        id="forged-40", kind="vote", device=other.device_id, seq=seq + 1,  # type: ignore[arg-type]
        created_at="2027-03-01T08:00:00.000000Z", prev=head, key=SigningKey.generate(),
        payload={"household": household(other, "NH-040", 0).id, "compound": "NH-040",
                 "round": 1, "choice": "agree", "signer": None, "relation": "self",
                 "channel": "door", "note": None, "surveyor": None, "signature": None,
                 "replaces": []},
    )  # fmt: skip
    conn = sqlite3.connect(city.central)
    conn.execute(
        "INSERT INTO records (id, kind, device, seq, created_at, payload, hash, prev, signature) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [forged.id, forged.kind, forged.device, forged.seq, forged.created_at, forged.payload,
         forged.hash, forged.prev, forged.signature],
    )  # fmt: skip
    conn.commit()
    conn.close()
    before = dump(scoped.path)
    with pytest.raises(IntegrityError) as refused:
        sync_with_central(store=scoped, central=city.central)
    assert refused.value.code == "bad_signature" and "forged-40" in refused.value.message
    assert dump(scoped.path) == before


def _edit_vote_in_central(central: Path, device: str) -> str:
    conn = sqlite3.connect(central)
    rid, kind, seq, created, payload, prev = conn.execute(
        "SELECT id, kind, seq, created_at, payload, prev FROM records "
        "WHERE device = ? AND kind = 'vote' AND payload LIKE '%disagree%' ORDER BY seq LIMIT 1",
        [device],
    ).fetchone()
    edited = payload.replace('"disagree"', '"agree"')
    digest = content_hash(id=rid, kind=kind, device=device, seq=seq, created_at=created,
                          payload=edited, prev=prev)  # fmt: skip
    conn.execute("UPDATE records SET payload = ?, hash = ? WHERE id = ?", [edited, digest, rid])
    conn.commit()
    conn.close()
    return str(rid)


def test_an_in_scope_record_edited_in_the_central_file_is_refused(city: City) -> None:
    scoped, other = city.laptop("A", GIVEN), city.laptop("B", None)
    city.sync(scoped, other)
    vote(other, "NH-001", 0, Choice.DISAGREE)
    vote(other, "NH-003", 1)
    city.sync(other)
    rid = _edit_vote_in_central(city.central, other.device_id)
    before = dump(scoped.path)
    with pytest.raises(IntegrityError) as refused:
        sync_with_central(store=scoped, central=city.central)
    assert refused.value.code in {"broken_chain", "bad_signature"}
    assert dump(scoped.path) == before
    assert rid  # the edit is also what check-file names on the central file
    assert "broken_chain" in {p["code"] for p in check(city.central)["problems"]}  # type: ignore[union-attr]


def test_a_held_record_edited_later_in_the_central_file_is_named(city: City) -> None:
    scoped, other = city.laptop("A", GIVEN), city.laptop("B", None)
    city.sync(scoped, other)
    vote(other, "NH-001", 0, Choice.DISAGREE)
    city.sync(other, scoped)
    rid = _edit_vote_in_central(city.central, other.device_id)
    with pytest.raises(IntegrityError) as refused:
        sync_with_central(store=scoped, central=city.central)
    assert refused.value.code == "record_altered" and rid in refused.value.message
    assert refused.value.params["genuine"] == str(scoped.path)


def test_a_replayed_old_central_copy_neither_widens_a_laptop_nor_loses_its_votes(
    city: City, tmp_path: Path
) -> None:
    scoped, other = city.laptop("A", ("NH-001", "NH-002", "NH-003")), city.laptop("B", None)
    city.sync(scoped, other)
    vote(other, "NH-003", 0)
    city.sync(other, scoped)
    old = tmp_path / "old-central.db"
    shutil.copy(city.central, old)
    city.assign(scoped, GIVEN)
    city.sync(scoped)
    assert compounds_held(scoped) == set(GIVEN)
    vote(scoped, "NH-001", 4)
    shutil.copy(old, city.central)  # the old copy, which still gives it NH-003
    report = sync_with_central(store=scoped, central=city.central)
    assert compounds_held(scoped) == set(GIVEN)
    assert report.sent >= 1  # its own records go back; the office's come from the office
    own = scoped.db.execute("SELECT id, hash FROM records WHERE device = ?", [scoped.device_id])
    assert frozenset(own) <= record_set(city.central)
    assert check(scoped.path)["ok"]
    city.sync(city.office, scoped)
    assert compounds_held(scoped) == set(GIVEN)
    assert record_set(scoped.path) <= record_set(city.central)


def test_check_file_on_a_scoped_laptop_still_finds_an_edited_record(
    city: City, tmp_path: Path
) -> None:
    scoped, other = city.laptop("A", GIVEN), city.laptop("B", None)
    city.sync(scoped, other)
    for index in range(3):
        vote(other, "NH-001", index, Choice.DISAGREE)
    for index in range(3):
        vote(other, "NH-004", index)
    city.sync(other, scoped)
    scoped.close()
    rids = [
        rid
        for (rid,) in sqlite3.connect(scoped.path).execute(
            "SELECT id FROM records WHERE device = ? AND kind = 'vote' ORDER BY seq",
            [other.device_id],
        )
    ]
    assert len(rids) == 3  # its votes of NH-001, none of NH-004
    assert check(scoped.path)["ok"]
    copies = [tmp_path / f"copy{n}.db" for n in range(3)]
    for copy in copies:
        shutil.copy(scoped.path, copy)
    conn = sqlite3.connect(copies[0])
    conn.execute("UPDATE records SET payload = replace(payload, 'disagree', 'agree') "
                 "WHERE id = ?", [rids[2]])  # fmt: skip
    conn.commit()
    conn.close()
    assert "bad_hash" in {p["code"] for p in check(copies[0])["problems"]}  # type: ignore[union-attr]
    for copy, rid, expected in ((copies[1], rids[1], "broken_chain"),
                                (copies[2], rids[2], "bad_signature")):  # fmt: skip
        _edit_vote_in_file(copy, rid)
        codes = {p["code"] for p in check(copy)["problems"]}  # type: ignore[union-attr]
        assert expected in codes, codes


def _edit_vote_in_file(path: Path, rid: str) -> None:
    conn = sqlite3.connect(path)
    kind, device, seq, created, payload, prev = conn.execute(
        "SELECT kind, device, seq, created_at, payload, prev FROM records WHERE id = ?", [rid]
    ).fetchone()
    edited = payload.replace('"disagree"', '"agree"')
    digest = content_hash(id=rid, kind=kind, device=device, seq=seq, created_at=created,
                          payload=edited, prev=prev)  # fmt: skip
    conn.execute("UPDATE records SET payload = ?, hash = ? WHERE id = ?", [edited, digest, rid])
    conn.commit()
    conn.close()


def test_a_scoped_laptops_own_record_edited_before_sending_is_refused_by_the_central(
    city: City,
) -> None:
    scoped = city.laptop("A", GIVEN)
    city.sync(scoped)
    vote(scoped, "NH-001", 0, Choice.DISAGREE)
    vote(scoped, "NH-001", 1, Choice.DISAGREE)
    scoped.close()
    rid = _edit_vote_in_central(scoped.path, scoped.device_id)  # the same edit, in its own file
    laptop = open_store(scoped.path)
    city.laptops[0] = laptop
    before = dump(city.central)
    with pytest.raises(IntegrityError) as refused:
        sync_with_central(store=laptop, central=city.central)
    assert refused.value.code in {"broken_chain", "bad_signature"}
    assert rid in refused.value.message or refused.value.code == "broken_chain"
    assert dump(city.central) == before
