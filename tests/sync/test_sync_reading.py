"""Reading never writes: `tally`, `rank`, `verify`, `export`, `check-file`, `conflicts` and
`needs` given `--file` leave the central file (or a laptop's) byte for byte as it was, with
nothing added beside it; a hot journal left by a killed sync is named as such, and the next
sync rolls it back."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sync_helpers import Field, dump, file_bytes, household, record_set

from survey_app.cli import main
from survey_app.core.votes import Choice
from survey_app.reports.verification import verification_text
from survey_app.store import driver
from survey_app.store.round_changes import close_round
from survey_app.store.tallies import tally_json
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central
from survey_app.sync.files import connect_for_reading

Snapshot = tuple[str, int, list[str]]


def snapshot(path: Path) -> Snapshot:
    """What a reader must not change: the file's bytes, its mtime, the files of its folder."""
    return file_bytes(path), path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


@pytest.fixture
def synced(field_batch: Field) -> Field:
    """A central file made by syncing the office and two laptops that voted, one round closed."""
    sync_with_central(store=field_batch.office, central=field_batch.central)
    a, b = field_batch.laptop("A", "王芳"), field_batch.laptop("B", "李强")
    for store in (a, b):
        sync_with_central(store=store, central=field_batch.central)
    for index, (store, choice) in enumerate(
        [(a, Choice.AGREE), (a, Choice.DISAGREE), (b, Choice.AGREE), (b, Choice.ABSTAIN)]
    ):
        record_vote(
            store=store,
            household=household(store, "NH-001", index),
            round_no=1,
            choice=choice,
            signer=f"户主{index}",
        )
    record_vote(store=b, household=household(b, "NH-001", 0), round_no=1, choice=Choice.AGREE)
    close_round(store=field_batch.office, compound="NH-002", round_no=1)
    for store in (a, b, field_batch.office):
        sync_with_central(store=store, central=field_batch.central)
    (field_batch.root / "out").mkdir()  # where the export writes
    return field_batch


def reading_commands(batch: Field) -> dict[str, list[str]]:
    notice = verification_text(store=batch.office, compound="NH-001", round_no=1)
    out = batch.root / "out"
    return {
        "tally": ["tally", "--compound", "NH-001", "--round", "1", "--json"],
        "rank": ["rank", "--round", "1", "--json"],
        "verify": ["verify", notice],
        "export": ["export", "--xlsx", str(out / "汇总.xlsx"), "--csv", str(out / "csv")],
        "conflicts": ["conflicts", "--json"],
        "needs": ["needs", "--compound", "NH-001", "--json"],
    }


def read(batch: Field, path: Path, name: str) -> Result:
    """One reading command on `path`, with `--db` naming a laptop file that must stay unmade."""
    laptop = batch.root / "never-made.db"
    if name == "check-file":
        args = ["check-file", str(path), "--json"]
    else:
        args = [*reading_commands(batch)[name], "--file", str(path)]
    result = CliRunner().invoke(main, ["--db", str(laptop), *args])
    assert not laptop.exists()
    return result


COMMANDS = ["tally", "rank", "verify", "export", "conflicts", "needs", "check-file"]


@pytest.mark.parametrize("name", COMMANDS)
def test_reading_the_central_file_changes_nothing(synced: Field, name: str) -> None:
    before = snapshot(synced.central)
    result = read(synced, synced.central, name)
    assert result.exit_code == 0, result.output
    assert snapshot(synced.central) == before
    if name == "tally":
        office = tally_json(store=synced.office, compound="NH-001", round_no=1)
        assert json.loads(result.output) == office and office["agree"] >= 1
    if name == "verify":
        assert "一致" in result.output and "不一致" not in result.output


def test_reading_a_closed_laptop_file_leaves_no_wal_beside_it(synced: Field) -> None:
    """A laptop's file is in WAL mode: a plain read-only open would create -wal and -shm."""
    synced.laptops["A"].close()
    laptop = synced.root / "A.db"
    assert not Path(f"{laptop}-wal").exists()
    before = snapshot(laptop)
    for name in ("tally", "rank", "check-file"):
        result = read(synced, laptop, name)
        assert result.exit_code == 0, result.output
        assert snapshot(laptop) == before


@contextlib.contextmanager
def write_protected(folder: Path) -> Iterator[None]:
    """The folder and its files made unwritable even for root (chattr +i); where chattr is not
    available (not root), permissions do it."""
    files = [folder / name for name in os.listdir(folder)]
    immutable = all(
        subprocess.run(["chattr", "+i", str(p)], capture_output=True).returncode == 0
        for p in [*files, folder]
    ) if os.geteuid() == 0 else False  # fmt: skip
    if not immutable:
        for p in files:
            p.chmod(0o444)
        folder.chmod(0o555)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder), *map(str, files)], capture_output=True)
        folder.chmod(0o755)
        for p in files:
            p.chmod(0o644)


def test_reading_a_write_protected_central_file_works(synced: Field) -> None:
    before = snapshot(synced.central)
    with write_protected(synced.central.parent):
        for name in COMMANDS:
            result = read(synced, synced.central, name)
            assert result.exit_code == 0, (name, result.output)
    assert snapshot(synced.central) == before


def test_the_reading_connection_cannot_write(synced: Field) -> None:
    """Read-only twice over: the URI (`mode=ro`) and, on top, `query_only`."""
    conn = connect_for_reading(synced.central)
    try:
        with pytest.raises(driver.OperationalError, match="attempt to write a readonly database"):
            conn.execute("CREATE TABLE intruder (x)")
        conn.execute("PRAGMA query_only = OFF")
        with pytest.raises(driver.OperationalError, match="attempt to write a readonly database"):
            conn.execute("CREATE TABLE intruder (x)")
    finally:
        conn.close()


HALF_WRITE = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode = DELETE")
db.execute("PRAGMA cache_size = 1")  # changed pages spill into the file before the commit
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE records SET payload = payload || ' '")
print("ready", flush=True)
time.sleep(60)
"""


def kill_mid_write(central: Path) -> None:
    """A sync's transaction cut off by SIGKILL: the file half-written, its -journal left hot."""
    child = subprocess.Popen(
        [sys.executable, "-c", HALF_WRITE, str(central)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert Path(f"{central}-journal").stat().st_size > 0


def test_a_hot_journal_is_named_and_the_next_sync_rolls_it_back(synced: Field) -> None:
    whole = dump(synced.central)
    records = record_set(synced.central)
    kill_mid_write(synced.central)
    before = snapshot(synced.central)

    for name in ("tally", "check-file"):
        result = read(synced, synced.central, name)
        assert result.exit_code == 1
        assert "中断的同步" in result.output and "只读" not in result.output, result.output
        assert snapshot(synced.central) == before
    found = json.loads(read(synced, synced.central, "check-file").output)
    assert [p["code"] for p in found["problems"]] == ["interrupted_sync"]

    report = sync_with_central(store=synced.office, central=synced.central)
    assert report.sent == 0 and report.received == 0  # the office had synced last
    assert not Path(f"{synced.central}-journal").exists()
    assert dump(synced.central) == whole
    assert record_set(synced.central) == records
    assert read(synced, synced.central, "check-file").exit_code == 0


def test_a_file_behind_is_brought_up_to_date_in_memory_not_in_place(synced: Field) -> None:
    """A central file of an older version whose tables a cut-off sync left behind its records:
    the migration and the rebuild happen in a copy in memory; the file keeps its bytes."""
    conn = sqlite3.connect(synced.central, isolation_level=None)
    conn.executescript(
        """
        DROP TABLE drafts;
        DELETE FROM _sqlite_migrations WHERE name = 'm006_local_drafts';
        UPDATE meta SET value = '5' WHERE key = 'schema_version';
        UPDATE meta SET value = '0' WHERE key = 'projected_rowid';
        DELETE FROM votes;
        """
    )
    conn.close()
    before = snapshot(synced.central)
    for name in COMMANDS:
        result = read(synced, synced.central, name)
        assert result.exit_code == 0, (name, result.output)
        assert snapshot(synced.central) == before
    office = tally_json(store=synced.office, compound="NH-001", round_no=1)
    assert json.loads(read(synced, synced.central, "tally").output) == office
