"""The lean send (one checking pass, a plain insert, summaries by arithmetic, tables left to
the next reader of a collection) refuses what the careful one refused, and nobody reads a
tally behind its records."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sync_helpers import Field, dump, household

from survey_app.core.errors import IntegrityError
from survey_app.core.ids import new_record_id
from survey_app.core.records import Record, content_hash
from survey_app.core.votes import Choice
from survey_app.store import driver
from survey_app.store.database import Store, now_utc
from survey_app.store.projection import projection_behind
from survey_app.store.sequences import (
    DIGEST_MODULUS,
    SequenceSummary,
    count_device,
    digest_sql,
    read_sequences,
)
from survey_app.store.tallies import tally_json
from survey_app.store.votes import record_vote
from survey_app.sync import central, files, union
from survey_app.sync.central import sync_with_central
from survey_app.sync.check import check_file
from survey_app.sync.files import attach_for_reading, open_for_reading
from survey_app.sync.plan import transfer_plan


def ready(batch: Field, name: str) -> Store:
    sync_with_central(store=batch.office, central=batch.central)
    laptop = batch.laptop(name)
    sync_with_central(store=laptop, central=batch.central)
    return laptop


def _vote(laptop: Store, index: int, choice: Choice = Choice.AGREE) -> str:
    home = household(laptop, "NH-001", index)
    return record_vote(store=laptop, household=home, round_no=1, choice=choice).id


def test_the_sql_hash_is_the_cores_on_every_record(field_batch: Field) -> None:
    laptop = ready(field_batch, "A")
    _vote(laptop, 2)
    db = laptop.db
    union.prepare_connection(db)
    rows = db.execute(f"SELECT id, kind, device, seq, created_at, payload, prev, hash, "
                      f"{union.HASH_MATCHES} FROM records r").fetchall()  # fmt: skip
    assert len(rows) > 30
    for rid, kind, device, seq, created_at, payload, prev, digest, matches in rows:
        core = content_hash(id=rid, kind=kind, device=device, seq=seq, created_at=created_at,
                            payload=payload, prev=prev)  # fmt: skip
        assert (core == digest) and matches == 1
    unsigned = content_hash(id="x", kind="vote", device="d", seq=3, created_at="t", payload="{}")
    assert db.execute(f"SELECT {union.HASH_MATCHES} FROM (SELECT 'x' AS id, 'vote' AS kind, "
                      "'d' AS device, 3 AS seq, 't' AS created_at, '{}' AS payload, NULL AS prev, "
                      "? AS hash) r", [unsigned]).fetchone()[0] == 1  # fmt: skip


def test_a_payload_stored_as_bytes_stops_the_sync(field_batch: Field) -> None:
    """The same text as a blob: the SQL pass counts it as failing, the core's check names it."""
    laptop = ready(field_batch, "A")
    vote = _vote(laptop, 3)
    laptop.db.execute("UPDATE records SET payload = CAST(payload AS BLOB) WHERE id = ?", [vote])
    before = dump(field_batch.central)
    with pytest.raises(IntegrityError) as caught:
        sync_with_central(store=laptop, central=field_batch.central)
    assert caught.value.code == "bad_hash" and vote in caught.value.message
    assert dump(field_batch.central) == before


def test_a_number_taken_behind_a_lying_summary_is_named(field_batch: Field) -> None:
    """A forged record holds laptop A's next number in the central file, its summary edited to
    hide it: A's genuine record fails the plain insert, and the detailed checks name both."""
    laptop = ready(field_batch, "A")
    seq = laptop.next_seq()
    db = driver.connect(str(field_batch.central))
    forged = Record.create(id=new_record_id(laptop.device_id, seq), kind="vote",
                           device=laptop.device_id, seq=seq,
                           created_at=now_utc(), payload={"forged": True}, prev="0" * 64,
                           key=field_batch.office.signing_key)  # fmt: skip
    db.execute("INSERT INTO records (id, kind, device, seq, created_at, payload, hash, prev, "
               "signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [forged.id, forged.kind, forged.device, forged.seq, forged.created_at,
                forged.payload, forged.hash, forged.prev, forged.signature])  # fmt: skip
    db.execute(
        "UPDATE meta SET value = (SELECT max(rowid) FROM records) WHERE key = 'sequenced_rowid'"
    )  # the summaries believe they saw it
    db.close()
    genuine = _vote(laptop, 4)
    before = dump(field_batch.central)
    with pytest.raises(IntegrityError) as caught:
        sync_with_central(store=laptop, central=field_batch.central)
    assert caught.value.code == "record_altered"
    assert caught.value.params["record"] == genuine
    assert caught.value.params["genuine"] == str(laptop.path)
    assert dump(field_batch.central) == before


def test_a_collection_leaves_the_tables_to_the_next_reader_who_never_reads_them_behind(
    field_batch: Field,
) -> None:
    laptops = [ready(field_batch, name) for name in ("A", "B")]
    sync_with_central(store=field_batch.office, central=field_batch.central)
    for index, laptop in enumerate(laptops):
        _vote(laptop, 5 + index, Choice.DISAGREE)
        sync_with_central(store=laptop, central=field_batch.central, receive=False)
    db = driver.connect(str(field_batch.central))
    assert projection_behind(db)
    summaries = read_sequences(db)
    for device, summary in summaries.items():  # kept by arithmetic, equal to a recount
        assert count_device(db, device) == summary
    db.close()
    notes = [n.code for n in check_file(field_batch.central).notes]
    assert "tables_behind" in notes
    reader = open_for_reading(field_batch.central)
    read = tally_json(store=reader, compound="NH-001", round_no=1)
    reader.close()
    sync_with_central(store=field_batch.office, central=field_batch.central)  # two-way
    assert tally_json(store=field_batch.office, compound="NH-001", round_no=1) == read
    assert read["disagree"] == 2
    db = driver.connect(str(field_batch.central))
    assert not projection_behind(db)
    db.close()
    assert "tables_behind" not in [n.code for n in check_file(field_batch.central).notes]


@contextmanager
def _never_held(store: Store) -> Iterator[bool]:
    yield False


def _rehash(db: driver.Connection, seq: int, device: str) -> None:
    """What a forger who knows the hash rule does after editing a record: its hash made anew."""
    rid, kind, created_at, payload, prev = db.execute(
        "SELECT id, kind, created_at, payload, prev FROM records WHERE device = ? AND seq = ?",
        [device, seq],
    ).fetchone()
    digest = content_hash(id=rid, kind=kind, device=device, seq=seq, created_at=created_at,
                          payload=payload, prev=prev)  # fmt: skip
    db.execute("UPDATE records SET hash = ? WHERE device = ? AND seq = ?", [digest, device, seq])


def _rechain(db: driver.Connection, device: str, first: int) -> None:
    """Every record from `first` on made anew: each one's hash, and the next one's link to it
    (only the newest one's signature then gives it away)."""
    last = db.execute("SELECT max(seq) FROM records WHERE device = ?", [device]).fetchone()[0]
    for seq in range(first, last + 1):
        if seq > first:
            db.execute(
                "UPDATE records SET prev = (SELECT hash FROM records WHERE device = ? AND seq = ?)"
                " WHERE device = ? AND seq = ?", [device, seq - 1, device, seq],
            )  # fmt: skip
        _rehash(db, seq, device)


_TAMPERINGS = {
    "genuine": lambda db, d, s: None,
    "payload_edited": lambda db, d, s: db.execute(
        "UPDATE records SET payload = replace(payload, 'agree', 'disagree') "
        "WHERE device = ? AND seq = ?", [d, s + 1]),
    "edited_and_rehashed": lambda db, d, s: (db.execute(
        "UPDATE records SET payload = replace(payload, 'agree', 'disagree') "
        "WHERE device = ? AND seq = ?", [d, s + 1]), _rehash(db, s + 1, d)),
    "first_link_forged": lambda db, d, s: (db.execute(
        "UPDATE records SET prev = ? WHERE device = ? AND seq = ?", ["0" * 64, d, s]),
        _rechain(db, d, s)),
    "middle_link_forged": lambda db, d, s: (db.execute(
        "UPDATE records SET prev = ? WHERE device = ? AND seq = ?", ["0" * 64, d, s + 1]),
        _rechain(db, d, s + 1)),
    "link_dropped": lambda db, d, s: (db.execute(
        "UPDATE records SET prev = NULL, signature = NULL WHERE device = ? AND seq = ?",
        [d, s + 1]), _rehash(db, s + 1, d)),
    "newest_link_dropped": lambda db, d, s: (db.execute(
        "UPDATE records SET prev = NULL, signature = NULL WHERE device = ? AND seq = ?",
        [d, s + 2]), _rehash(db, s + 2, d)),
    "newest_signed_without_link": lambda db, d, s: (db.execute(
        "UPDATE records SET prev = NULL WHERE device = ? AND seq = ?", [d, s + 2]),
        _rehash(db, s + 2, d)),
    "seq_as_text": lambda db, d, s: db.execute(
        "UPDATE records SET seq = CAST(seq AS TEXT) || ' ' WHERE device = ? AND seq = ?",
        [d, s + 1]),
    "id_as_blob": lambda db, d, s: db.execute(
        "UPDATE records SET id = CAST(id AS BLOB) WHERE device = ? AND seq = ?", [d, s + 2]),
}  # fmt: skip


@pytest.mark.parametrize("beside", [True, False], ids=["beside", "in_turn"])
@pytest.mark.parametrize("tampering", sorted(_TAMPERINGS))
def test_the_one_pass_judges_each_record_offered_as_the_careful_checks_do(
    field_batch: Field, tampering: str, beside: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three new votes on a laptop that synced, one of them tampered with as a forger holding
    the laptop's file would: the pass over the records offered finds fault exactly when the
    careful checks (the core's hash, the chain rule in SQL) name a record, it counts what a
    recount of the records finds, and the sync refuses with the careful checks' words, whether
    the pass runs beside the insert (the laptop's file held still) or before it (it cannot be)."""
    if not beside:
        monkeypatch.setattr(central, "_held_still", _never_held)
    laptop = ready(field_batch, "A")
    sent = laptop.next_seq()
    for index in range(3):
        _vote(laptop, 10 + index)
    _TAMPERINGS[tampering](laptop.db, laptop.device_id, sent)
    db = driver.connect(str(field_batch.central))
    union.prepare_connection(db)
    attach_for_reading(db, laptop.path, "laptop", None)
    union.load_plan(db, transfer_plan(read_sequences(db, "laptop"), read_sequences(db, "main")))
    survey = union.survey_offered(db, "laptop", "main")
    careful = union.bad_hash(db, "laptop") or union.broken_chain(db, "laptop", "main")
    found_fault = bool(survey.bad_hashes or survey.broken_links)
    assert found_fault == (careful is not None)
    if not found_fault:
        recount = db.execute(
            f"SELECT count(*), min(seq), max(seq), sum({digest_sql()}) % {DIGEST_MODULUS} "
            "FROM laptop.records WHERE device = ? AND seq >= ?", [laptop.device_id, sent],
        ).fetchone()  # fmt: skip
        assert survey.summaries == {laptop.device_id: SequenceSummary(*recount)}
        assert survey.newest_signed == {laptop.device_id: sent + 2}
    db.close()
    before = dump(field_batch.central)
    if careful is None:
        assert sync_with_central(store=laptop, central=field_batch.central).sent == 3
        return
    with pytest.raises(IntegrityError) as caught:
        sync_with_central(store=laptop, central=field_batch.central)
    assert caught.value.code in {"bad_hash", "broken_chain"}
    assert caught.value.params["record"] == careful.id
    assert dump(field_batch.central) == before


def test_nothing_writes_the_laptop_file_while_the_pass_beside_reads_it(
    field_batch: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pass reads the laptop's file on a connection of its own: both connections read the
    same records only because no writer can get in meanwhile (another process's vote waits)."""
    laptop = ready(field_batch, "A")
    _vote(laptop, 20)
    tries: list[str] = []
    survey_plan = union.survey_plan

    def with_a_writer_trying(db: driver.Connection, source: str, plan: union.OfferedPlan):  # type: ignore[no-untyped-def]
        other = driver.connect(str(laptop.path), timeout=0.2)
        try:
            other.execute("BEGIN IMMEDIATE")
            tries.append("written")
            other.execute("ROLLBACK")
        except driver.OperationalError as error:
            tries.append(str(error))
        finally:
            other.close()
        return survey_plan(db, source, plan)

    monkeypatch.setattr(union, "survey_plan", with_a_writer_trying)
    assert sync_with_central(store=laptop, central=field_batch.central, receive=False).sent == 1
    assert len(tries) == 1 and "locked" in tries[0]
    other = driver.connect(str(laptop.path), timeout=0.2)  # and let go of after it
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


@pytest.mark.parametrize("signature", [None, "forged"], ids=["unsigned", "signed"])
def test_a_signature_on_a_record_without_a_link_breaks_the_chain_from_the_first(
    signature: str | None,
) -> None:
    """Before signing (`prev` NULL) a record carries no signature: one that does is a broken
    link even where no record before it was signed, as the careful rule (`broken_chain`) says."""
    db = driver.memory()
    db.execute(f"CREATE TABLE records ({union.COLUMNS})")
    for seq in (1, 2):
        fields = dict(id=f"r{seq}", kind="vote", device="d", seq=seq, created_at="t",
                      payload="{}")  # fmt: skip
        db.execute(
            "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)",
            [*fields.values(), content_hash(**fields), signature if seq == 2 else None],  # type: ignore[arg-type]
        )
    union.prepare_connection(db)
    survey = union.survey_plan(db, "main", [("d", 0, None)])
    assert survey.bad_hashes == 0
    assert survey.broken_links == (signature is not None)
    assert survey.summaries["d"].records == 2
    db.close()


def test_only_the_pass_maps_a_file_and_it_is_the_laptops_held_still(
    field_batch: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read through a memory map that fails ends the process instead of raising, so only the
    pass beside the insert maps, and only the laptop's own file, which the send holds still; a
    central file (a stick, a network folder) is read and written by read calls."""
    laptop = ready(field_batch, "A")
    _vote(laptop, 21)
    mapped: list[tuple[str, int]] = []
    central_maps: list[int] = []
    connect_mapped, connect_central = central.connect_for_reading_mapped, central.connect_central

    def noting_the_map(path, key=None):  # type: ignore[no-untyped-def]
        conn = connect_mapped(path, key)
        mapped.append((str(path), conn.execute("PRAGMA mmap_size").fetchone()[0]))
        return conn

    def noting_the_central(path, key=None):  # type: ignore[no-untyped-def]
        conn = connect_central(path, key)
        central_maps.append(conn.execute("PRAGMA mmap_size").fetchone()[0])
        return conn

    monkeypatch.setattr(central, "connect_for_reading_mapped", noting_the_map)
    monkeypatch.setattr(central, "connect_central", noting_the_central)
    judged: list[Path] = []

    def built_in(path: Path) -> bool:  # whatever disk this test's folder is on
        judged.append(path)
        return True

    monkeypatch.setattr(files, "on_fixed_local_disk", built_in)
    assert sync_with_central(store=laptop, central=field_batch.central, receive=False).sent == 1
    assert mapped == [(str(laptop.path), files.READ_MAP_BYTES)]
    assert judged == [laptop.path]
    assert central_maps and set(central_maps) == {0}


def test_a_laptop_file_off_the_built_in_disk_is_read_by_read_calls(
    field_batch: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A laptop's file on a stick, a card or a network folder (sync/fixed_disk.py) is not
    mapped: the pass beside the insert still runs, through read calls, and the send is whole."""
    laptop = ready(field_batch, "A")
    _vote(laptop, 21)
    passes: list[int] = []
    connect_mapped = central.connect_for_reading_mapped

    def noting_the_map(path, key=None):  # type: ignore[no-untyped-def]
        conn = connect_mapped(path, key)
        passes.append(conn.execute("PRAGMA mmap_size").fetchone()[0])
        return conn

    monkeypatch.setattr(central, "connect_for_reading_mapped", noting_the_map)
    monkeypatch.setattr(files, "on_fixed_local_disk", lambda path: False)
    before = _central_records(field_batch)
    assert sync_with_central(store=laptop, central=field_batch.central, receive=False).sent == 1
    assert passes == [0]
    assert _central_records(field_batch) == before + 1


def _central_records(batch: Field) -> int:
    db = files.connect_for_reading(batch.central)
    try:
        return int(db.execute("SELECT count(*) FROM records").fetchone()[0])
    finally:
        db.close()
