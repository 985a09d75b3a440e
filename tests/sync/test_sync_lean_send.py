"""The lean send (one checking pass, a plain insert, summaries by arithmetic, tables left to
the next reader of a collection) refuses what the careful one refused, and nobody reads a
tally behind its records."""

from __future__ import annotations

import pytest
from sync_helpers import Field, dump, household

from survey_app.core.errors import IntegrityError
from survey_app.core.ids import new_record_id
from survey_app.core.records import Record, content_hash
from survey_app.core.votes import Choice
from survey_app.store import driver
from survey_app.store.database import Store, now_utc
from survey_app.store.projection import projection_behind
from survey_app.store.sequences import count_device, read_sequences
from survey_app.store.tallies import tally_json
from survey_app.store.votes import record_vote
from survey_app.sync import union
from survey_app.sync.central import sync_with_central
from survey_app.sync.check import check_file
from survey_app.sync.files import open_for_reading


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
    forged = Record.create(id=new_record_id(), kind="vote", device=laptop.device_id, seq=seq,
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
