"""A laptop file restored from a backup or copied to another computer: told exactly, healed
when it wrote nothing since, refused with `identity_reused` when it did, and `device reset`
then loses nothing and counts nothing twice. No sync that leaves one of the laptop's records
outside the central file reports success."""

from __future__ import annotations

import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from sync_helpers import COMPOUNDS, Field, dump, household, record_set

from survey_app.cli import main
from survey_app.core.errors import IntegrityError, InvalidInput
from survey_app.core.votes import Choice
from survey_app.store import driver
from survey_app.store.database import Store, open_store
from survey_app.store.enrolment import enrol_device
from survey_app.store.location import FILE_PATH_KEY, MACHINE_ID_KEY, MACHINE_NAME_KEY, arrival
from survey_app.store.tallies import tally_json
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central
from survey_app.sync.identity_reset import reset_identity
from survey_app.sync.own_records import verify_all_sent

RESET_DRIVER = Path(__file__).with_name("reset_driver.py")


def ready(batch: Field, name: str = "A") -> Store:
    sync_with_central(store=batch.office, central=batch.central)
    laptop = batch.laptop(name)
    sync_with_central(store=laptop, central=batch.central)
    return laptop


def vote(store: Store, compound: str, index: int, choice: Choice = Choice.AGREE) -> str:
    return record_vote(store=store, household=household(store, compound, index), round_no=1,
                       choice=choice).id  # fmt: skip


def backup_of(store: Store, target: Path) -> Path:
    out = driver.connect(str(target))
    store.db.backup(out)
    out.close()
    return target


def restore(batch: Field, name: str, backup: Path) -> Store:
    """The laptop's file replaced by its backup, as a person would restore it."""
    laptop = batch.laptops[name]
    path = laptop.path
    laptop.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copy(backup, path)
    batch.laptops[name] = open_store(path)
    return batch.laptops[name]


def refused(batch: Field, laptop: Store, *, receive: bool = True) -> IntegrityError:
    before = dump(laptop.path), dump(batch.central)
    with pytest.raises(IntegrityError) as caught:
        sync_with_central(store=laptop, central=batch.central, receive=receive)
    assert caught.value.code == "identity_reused"
    message = caught.value.message
    for words in ("备份恢复", "另一台电脑", "survey-app device reset", str(batch.central),
                  "没有同步任何记录", "没有丢失任何记录"):  # fmt: skip
        assert words in message, message
    assert (dump(laptop.path), dump(batch.central)) == before
    return caught.value


def enrol_and_sync(batch: Field, laptop: Store) -> None:
    enrol_device(store=batch.office, fingerprint=laptop.fingerprint)
    sync_with_central(store=batch.office, central=batch.central)
    sync_with_central(store=laptop, central=batch.central)
    sync_with_central(store=batch.office, central=batch.central)


def central_votes(batch: Field) -> Counter[tuple[str, str]]:
    """(household, choice) of every vote record in the central file, with how often."""
    conn = sqlite3.connect(f"file:{batch.central}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT json_extract(payload, '$.household'), json_extract(payload, '$.choice') "
            "FROM records WHERE kind = 'vote'"
        ).fetchall()
    finally:
        conn.close()
    return Counter((str(h), str(c)) for h, c in rows)


def counts(store: Store) -> dict[str, tuple[object, ...]]:
    return {
        code: tuple(tally_json(store=store, compound=code, round_no=1)[k]
                    for k in ("agree", "disagree", "pending", "no_response"))
        for code in COMPOUNDS
    }  # fmt: skip


def test_a_restored_laptop_that_wrote_nothing_since_gets_its_records_back(
    field_batch: Field,
) -> None:
    laptop = ready(field_batch)
    backup = backup_of(laptop, field_batch.root / "backup.db")
    votes = {vote(laptop, "NH-001", i) for i in range(3)}
    sync_with_central(store=laptop, central=field_batch.central)
    restored = restore(field_batch, "A", backup)
    result = CliRunner().invoke(
        main, ["--db", str(restored.path), "sync", "--central", str(field_batch.central)]
    )
    assert result.exit_code == 0, result.output
    assert "本机数据文件曾从备份恢复:已从中心文件取回本机的 3 条记录" in result.output
    reopened = open_store(restored.path)
    held = {r[0] for r in reopened.db.execute("SELECT id FROM records WHERE kind = 'vote'")}
    assert held == votes
    assert counts(reopened)["NH-001"][0] == 3
    again = sync_with_central(store=reopened, central=field_batch.central)
    assert (again.sent, again.received, again.recovered_own) == (0, 0, 0)
    vote(reopened, "NH-001", 3)  # the healed file writes on after its own history
    assert sync_with_central(store=reopened, central=field_batch.central).sent == 1
    reopened.close()


def test_a_restored_laptop_that_wrote_since_is_refused_then_reset_loses_nothing(
    field_batch: Field,
) -> None:
    laptop = ready(field_batch)
    backup = backup_of(laptop, field_batch.root / "backup.db")
    for i in range(3):
        vote(laptop, "NH-001", i)
    sync_with_central(store=laptop, central=field_batch.central)
    restored = restore(field_batch, "A", backup)
    vote(restored, "NH-002", 0, Choice.AGREE)
    vote(restored, "NH-002", 0, Choice.DISAGREE)  # replaces the one before: a re-issued vote
    vote(restored, "NH-002", 1, Choice.DISAGREE)
    refused(field_batch, restored)
    refused(field_batch, restored, receive=False)  # once "发送 0 条", exit 0, votes never sent
    old = restored.device_id
    result = CliRunner().invoke(
        main, ["--db", str(restored.path), "device", "reset", "--central",
               str(field_batch.central), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    done = json.loads(result.output)
    assert done["old_device"] == old and done["device"] != old
    assert done["reissued"] == 3 and done["fingerprint"] != done["old_fingerprint"]
    restored = field_batch.laptops["A"] = open_store(restored.path)
    assert restored.fingerprint == done["fingerprint"]
    enrol_and_sync(field_batch, restored)
    assert central_votes(field_batch) == Counter(
        {**{(household(restored, "NH-001", i).id, "agree"): 1 for i in range(3)},
         (household(restored, "NH-002", 0).id, "agree"): 1,
         (household(restored, "NH-002", 0).id, "disagree"): 1,
         (household(restored, "NH-002", 1).id, "disagree"): 1}
    )  # fmt: skip
    expected = {"NH-001": (3, 0, 0, 21), "NH-002": (0, 2, 0, 22)}
    assert counts(field_batch.office) == expected == counts(restored)
    assert record_set(restored.path) == record_set(field_batch.central)


def test_a_cloned_laptop_both_copies_voting_loses_nothing_after_reset(
    field_batch: Field,
) -> None:
    laptop = ready(field_batch)
    vote(laptop, "NH-001", 0)
    laptop.close()
    clone_path = field_batch.root / "另一台" / "A.db"
    clone_path.parent.mkdir()
    shutil.copy(laptop.path, clone_path)
    first = field_batch.laptops["A"] = open_store(laptop.path)
    clone = field_batch.laptops["A2"] = open_store(clone_path)
    assert clone.device_id == first.device_id
    vote(first, "NH-001", 1)
    vote(first, "NH-001", 2, Choice.DISAGREE)
    vote(clone, "NH-002", 0)
    vote(clone, "NH-002", 1, Choice.ABSTAIN)
    sync_with_central(store=first, central=field_batch.central)
    refused(field_batch, clone)
    with pytest.raises(InvalidInput) as caught:  # synced before: which records are unsent?
        reset_identity(store=clone, central=None)
    assert caught.value.code == "reset_needs_central"
    old, kept = clone.device_id, first_kept(first, clone.device_id)
    clone.close()
    result = CliRunner().invoke(
        main, ["--db", str(clone_path), "device", "reset", "--central", str(field_batch.central)]
    )
    assert result.exit_code == 0, result.output
    clone = field_batch.laptops["A2"] = open_store(clone_path)
    assert clone.device_id != old
    reissued = "SELECT id FROM records WHERE device = ? ORDER BY "
    by_seq = clone.db.execute(reissued + "seq", [clone.device_id]).fetchall()
    assert len(by_seq) == 3  # its key, then the 2 re-issued, their ids in that order
    assert clone.db.execute(reissued + "id", [clone.device_id]).fetchall() == by_seq
    for words in (f"设备编号 {clone.device_id}(原 {old})", "重新发出 2 条中心文件没有的记录",
                  f"中心文件已有的 {kept} 条仍归原身份", f"新的密钥指纹 {clone.fingerprint}",
                  "请办公室登记这个新指纹"):  # fmt: skip
        assert words in result.output, result.output
    enrol_and_sync(field_batch, clone)
    sync_with_central(store=first, central=field_batch.central)
    ids = {h.id: h for c in COMPOUNDS for h in [household(first, c, i) for i in range(3)]}
    assert sum(central_votes(field_batch).values()) == 5
    assert all(n == 1 for n in central_votes(field_batch).values())
    assert {h for h, _c in central_votes(field_batch)} <= set(ids)
    expected = {"NH-001": (2, 1, 0, 21), "NH-002": (1, 0, 0, 22)}
    for store in (field_batch.office, first, clone):
        assert counts(store) == expected
    vote(first, "NH-001", 3)  # both go on writing, each as itself
    vote(clone, "NH-002", 2)
    for store in (first, clone, first):
        sync_with_central(store=store, central=field_batch.central)
    assert record_set(first.path) == record_set(clone.path) == record_set(field_batch.central)


def first_kept(first: Store, device: str) -> int:
    """The records both copies share: the old identity's, before the copy was made."""
    conn = sqlite3.connect(f"file:{first.path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM records WHERE device = ? AND seq <= "
                                "(SELECT max(seq) - 2 FROM records WHERE device = ?)",
                                [device, device]).fetchone()[0])  # fmt: skip
    finally:
        conn.close()


def test_a_file_opened_on_another_computer_says_so_once(field_batch: Field) -> None:
    laptop = ready(field_batch)
    assert arrival(laptop) is None
    assert laptop.meta(FILE_PATH_KEY) == str(laptop.path.absolute())
    with laptop.transaction():  # as if the file had been used on another computer
        laptop.set_meta(MACHINE_ID_KEY, "0123456789abcdef")
        laptop.set_meta(MACHINE_NAME_KEY, "办公室旧电脑")
        laptop.set_meta(FILE_PATH_KEY, "D:/调查/survey.db")
    laptop.close()
    runner, db = CliRunner(), ["--db", str(laptop.path)]
    reading = runner.invoke(main, [*db, "tally", "--compound", "NH-001", "--round", "1"])
    assert reading.exit_code == 0, reading.output
    assert "另一台电脑" not in reading.stderr  # reading says nothing, and keeps it to say
    writing = runner.invoke(main, [*db, "sync", "--central", str(field_batch.central)])
    assert writing.exit_code == 0, writing.output
    assert "此数据文件来自另一台电脑" in writing.stderr
    assert "办公室旧电脑" in writing.stderr and "D:/调查/survey.db" in writing.stderr
    assert "survey-app device reset" in writing.stderr
    again = runner.invoke(main, [*db, "sync", "--central", str(field_batch.central)])
    assert again.exit_code == 0 and "另一台电脑" not in again.stderr


def test_a_file_moved_on_the_same_computer_is_only_remembered(field_batch: Field) -> None:
    laptop = ready(field_batch)
    laptop.close()
    moved = field_batch.root / "新文件夹" / "A.db"
    moved.parent.mkdir()
    shutil.move(laptop.path, moved)
    store = field_batch.laptops["A"] = open_store(moved)
    assert arrival(store) is None
    assert store.meta(FILE_PATH_KEY) == str(moved.absolute())


def test_records_deleted_from_the_central_by_hand_are_sent_again(field_batch: Field) -> None:
    laptop = ready(field_batch)
    for i in range(4):
        vote(laptop, "NH-001", i)
    sync_with_central(store=laptop, central=field_batch.central)
    conn = sqlite3.connect(field_batch.central)
    conn.execute("DELETE FROM records WHERE device = ? AND kind = 'vote' AND seq % 2 = 0",
                 [laptop.device_id])  # fmt: skip
    conn.commit()
    conn.close()
    with pytest.raises(IntegrityError) as caught:  # the guard itself: counted, not summarised
        verify_all_sent(store=laptop, central=field_batch.central)
    assert caught.value.code == "not_all_sent" and "2 条记录不在中心文件" in caught.value.message
    for receive in (False, True):
        report = sync_with_central(store=laptop, central=field_batch.central, receive=receive)
        assert report.sent == (2 if not receive else 0)
    assert record_set(laptop.path) <= record_set(field_batch.central)


def test_a_send_that_leaves_records_behind_never_reports_success(
    field_batch: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop = ready(field_batch)
    vote(laptop, "NH-001", 0)
    from survey_app.sync import central

    # the send step as it once behaved for a restored laptop: nothing sent, no error
    monkeypatch.setattr(central, "_send", lambda store, path, key, receive=True: 0)
    for receive in (False, True):
        with pytest.raises(IntegrityError) as caught:
            sync_with_central(store=laptop, central=field_batch.central, receive=receive)
        assert caught.value.code == "not_all_sent"
        assert "1 条记录不在中心文件" in caught.value.message
    result = CliRunner().invoke(
        main, ["--db", str(laptop.path), "sync", "--central", str(field_batch.central),
               "--send-only"],
    )  # fmt: skip
    assert result.exit_code == 1 and "同步完成" not in result.output
    assert "1 条记录不在中心文件" in result.stderr


def test_reset_of_a_file_that_never_synced_needs_no_central(tmp_path: Path) -> None:
    laptop = open_store(tmp_path / "new.db", device_name="新", role="field")
    old = laptop.device_id
    done = reset_identity(store=laptop, central=None)
    assert done.device != old and done.reissued == 0
    assert {r[0] for r in laptop.db.execute("SELECT DISTINCT device FROM records")} == {done.device}
    laptop.close()


def test_reset_of_the_office_keeps_its_key(field_batch: Field) -> None:
    office = field_batch.office
    sync_with_central(store=office, central=field_batch.central)
    fingerprint = office.fingerprint
    done = reset_identity(store=office, central=field_batch.central)
    assert done.key_kept and office.fingerprint == fingerprint == office.authority
    assert office.role == "office" and done.reissued == 0
    laptop = field_batch.laptop("B")  # the office enrols and opens rounds as before
    sync_with_central(store=laptop, central=field_batch.central)
    vote(laptop, "NH-001", 0)
    sync_with_central(store=laptop, central=field_batch.central)
    sync_with_central(store=office, central=field_batch.central)
    assert counts(office)["NH-001"][0] == 1


RESET_KILLS = 8


def reset_state(path: Path) -> tuple[str, frozenset[tuple[str, str]], bool]:
    """The device id, records and consistency of a file as SQLite recovers it."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        records = frozenset(conn.execute("SELECT id, hash FROM records").fetchall())
        newest = conn.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()[0]
        counted = conn.execute("SELECT coalesce(sum(record_count), 0) FROM sequences").fetchone()
        own = conn.execute("SELECT count(*) FROM records WHERE device = ?",
                           [meta["device_id"]]).fetchone()[0]  # fmt: skip
        consistent = (
            int(meta.get("projected_rowid", 0)) == newest and counted[0] == len(records) and own > 0
        )
        return meta["device_id"], records, consistent
    finally:
        conn.close()


@pytest.mark.slow
def test_a_reset_killed_at_any_moment_leaves_the_file_before_or_after(tmp_path: Path) -> None:
    from survey_app.store.sample import write_sample

    template = tmp_path / "template"
    template.mkdir()
    office = open_store(template / "office.db", device_name="街道办公室")
    laptop = open_store(template / "A.db", device_name="A", role="field")
    enrol_device(store=office, fingerprint=laptop.fingerprint, role="office")
    sync_with_central(store=office, central=template / "central.db")
    sync_with_central(store=laptop, central=template / "central.db")
    write_sample(store=laptop, seed=5, compounds=2, min_households=200, max_households=250)
    office.close()
    laptop.close()
    before = reset_state(template / "A.db")

    def run(root: Path) -> subprocess.Popen[str]:
        child = subprocess.Popen(
            [sys.executable, str(RESET_DRIVER), str(root / "A.db"), str(root / "central.db")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready", child.stderr
        return child

    reference = tmp_path / "reference"
    shutil.copytree(template, reference)
    child = run(reference)
    started = time.perf_counter()
    assert child.wait(timeout=120) == 0, child.stderr
    duration = time.perf_counter() - started
    after = reset_state(reference / "A.db")
    assert after[0] != before[0] and after[2] and len(after[1]) == len(before[1]) + 1

    rng, seen = random.Random(12), set()
    for attempt in range(RESET_KILLS):
        root = tmp_path / f"kill{attempt}"
        shutil.copytree(template, root)
        child = run(root)
        time.sleep(rng.uniform(0, duration) if attempt % 3 else duration * rng.uniform(0.9, 1.5))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        device, records, consistent = reset_state(root / "A.db")
        assert consistent, attempt
        if device == before[0]:
            assert records == before[1], attempt
            seen.add("before")
        else:
            assert len(records) == len(after[1]) and records != before[1], attempt
            seen.add("after")
        shutil.rmtree(root)
    print("outcomes:", sorted(seen), f"reset {duration:.2f} s")
    assert "before" in seen, seen
