"""A record known with other content, a reused sequence number, a damaged record: the sync stops
with a message naming the record, the device and the file, and neither file changes. Gaps in a
device's sequence are reported and filled once the missing records turn up."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from sync_helpers import Field, dump, household

from survey_app.cli import main
from survey_app.core.errors import IntegrityError
from survey_app.core.ids import DeviceId, RecordId, new_record_id
from survey_app.core.records import Record
from survey_app.core.votes import Choice
from survey_app.store import driver
from survey_app.store.database import Store, insert_records, now_utc, open_store
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central


def ready(batch: Field, name: str = "A") -> Store:
    sync_with_central(store=batch.office, central=batch.central)
    laptop = batch.laptop(name)
    sync_with_central(store=laptop, central=batch.central)
    return laptop


def stopped(batch: Field, laptop: Store, code: str, *words: str) -> IntegrityError:
    before = dump(laptop.path), dump(batch.central)
    with pytest.raises(IntegrityError) as caught:
        sync_with_central(store=laptop, central=batch.central)
    assert caught.value.code == code
    assert "\n" not in caught.value.message
    for word in words:
        assert word in caught.value.message
    assert (dump(laptop.path), dump(batch.central)) == before
    return caught.value


def test_a_known_record_id_with_other_content_stops_the_sync(field_batch: Field) -> None:
    sync_with_central(store=field_batch.office, central=field_batch.central)
    laptop = field_batch.laptop("A")
    known = field_batch.office.db.execute("SELECT id FROM records LIMIT 1").fetchone()[0]
    with laptop.transaction():  # signed and chained by the laptop itself: only the id clashes
        head = laptop.db.execute("SELECT hash FROM records WHERE device = ? ORDER BY seq DESC "
                                 "LIMIT 1", [laptop.device_id]).fetchone()[0]  # fmt: skip
        forged = Record.create(id=RecordId(known), kind="vote", device=laptop.device_id,
                               seq=laptop.next_seq(), created_at=now_utc(),
                               payload={"forged": True}, prev=head,
                               key=laptop.signing_key)  # fmt: skip
        insert_records(laptop.db, [forged])
    error = stopped(field_batch, laptop, "record_differs", known, "A(", str(field_batch.central))
    assert error.params["device"] == laptop.device_id


def test_a_laptop_restored_from_an_old_backup_is_told_its_identity_is_reused(
    field_batch: Field,
) -> None:
    """A restored file that wrote since takes numbers its device used for other records: the
    sync says so and names the cure (`device reset`, see test_restore_and_clone.py)."""
    laptop = ready(field_batch)
    backup = field_batch.root / "backup.db"
    laptop.db.backup(driver.connect(str(backup)))
    for index in (0, 1):
        record_vote(store=laptop, household=household(laptop, "NH-001", index), round_no=1,
                    choice=Choice.AGREE)  # fmt: skip
    sync_with_central(store=laptop, central=field_batch.central)
    laptop.close()
    for suffix in ("", "-wal", "-shm"):
        (field_batch.root / f"A.db{suffix}").unlink(missing_ok=True)
    shutil.copy(backup, laptop.path)
    restored = open_store(laptop.path)
    field_batch.laptops["A"] = restored
    record_vote(store=restored, household=household(restored, "NH-002", 0), round_no=1,
                choice=Choice.DISAGREE)  # fmt: skip
    error = stopped(field_batch, restored, "identity_reused", "从备份恢复", "device reset",
                    "A(", str(field_batch.central), str(restored.path))  # fmt: skip
    assert error.params["device"] == restored.device_id


def test_a_record_changed_after_it_was_written_stops_the_sync(field_batch: Field) -> None:
    laptop = ready(field_batch)
    vote = record_vote(store=laptop, household=household(laptop, "NH-001", 3), round_no=1,
                       choice=Choice.DISAGREE)  # fmt: skip
    laptop.db.execute(
        "UPDATE records SET payload = replace(payload, 'disagree', 'agree') WHERE id = ?", [vote.id]
    )
    stopped(field_batch, laptop, "bad_hash", vote.id, str(laptop.path))


def test_a_record_deleted_from_a_synced_laptop_stops_the_sync(field_batch: Field) -> None:
    laptop = ready(field_batch)
    for index in range(3):
        record_vote(store=laptop, household=household(laptop, "NH-001", index), round_no=1,
                    choice=Choice.AGREE)  # fmt: skip
    laptop.db.execute(
        "DELETE FROM records WHERE device = ? AND seq = (SELECT max(seq) - 1 FROM records "
        "WHERE device = ?)",
        [laptop.device_id, laptop.device_id],
    )
    stopped(field_batch, laptop, "broken_chain", "A(", str(laptop.path))


def ghost_records(seqs: list[int]) -> list[Record]:
    return [
        Record.before_signing(id=new_record_id("ghost", seq), kind="compound",
                              device=DeviceId("ghost"),
                              seq=seq,
                      created_at=f"2027-01-0{seq}T00:00:00.000000Z",
                      payload={"code": f"G-{seq}", "name": f"幽灵{seq}"})
        for seq in seqs
    ]  # fmt: skip


def test_a_gap_in_a_device_sequence_is_reported_and_filled_when_the_records_arrive(
    field_batch: Field,
) -> None:
    laptop = ready(field_batch)
    first, second, third, fourth = ghost_records([1, 2, 3, 4])
    with laptop.transaction():
        insert_records(laptop.db, [first, second, fourth])
    result = CliRunner().invoke(
        main, ["--db", str(laptop.path), "sync", "--central", str(field_batch.central), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert "ghost" in result.stderr and "缺少 1 条(序号 3)" in result.stderr
    other = field_batch.laptop("B")
    with other.transaction():
        insert_records(other.db, [third])
    report = sync_with_central(store=other, central=field_batch.central)
    assert report.gaps == []
    assert sync_with_central(store=laptop, central=field_batch.central).gaps == []
    ids = {r[0] for r in laptop.db.execute("SELECT id FROM records WHERE device = 'ghost'")}
    assert ids == {r.id for r in (first, second, third, fourth)}
