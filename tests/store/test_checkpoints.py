"""The WAL is copied into the file by a thread of the store's own, not inside a vote's commit:
it stays bounded, every vote is in the file once record_vote returns (even if the process is
killed at once), and closing the store ends the thread."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from survey_app.core.rules import ConsentRule
from survey_app.core.votes import Choice
from survey_app.store import checkpoints, database, driver
from survey_app.store.compounds import save_compound
from survey_app.store.database import Store, open_store
from survey_app.store.households import find_household
from survey_app.store.personal import CHECKPOINT_KEY, checkpoint_after_erasure, truncate_wal
from survey_app.store.roster_import import import_roster
from survey_app.store.round_changes import open_round
from survey_app.store.votes import record_vote
from tests.conftest import TEST_PASSPHRASE, write_csv

ROOT = Path(__file__).resolve().parents[2]
ADDRESSES = [f"1-1-{floor}0{door}" for floor in range(1, 6) for door in (1, 2)]


def prepared(path: Path, passphrase: str | None = None) -> Store:
    """A laptop file with ten households and round 1 open."""
    store = open_store(path, device_name="测试-01", passphrase=passphrase)
    save_compound(store=store, code="NH-001", name="东方新村")
    rows = [["楼栋", "单元", "室", "户主"]]
    rows += [[*a.split("-"), f"户主{a}"] for a in ADDRESSES]
    import_roster(store=store, path=write_csv(path.with_suffix(".csv"), rows), compound="NH-001")
    open_round(store=store, compound="NH-001", round_no=1, rule=ConsentRule())
    return store


def vote_at_every_door(store: Store, times: int = 1) -> None:
    for n in range(times):
        for address in ADDRESSES:
            household = find_household(store=store, compound="NH-001", address=address)
            choice = Choice.AGREE if n % 2 else Choice.DISAGREE
            record_vote(store=store, household=household, round_no=1, choice=choice)


def wal_pages(store: Store) -> int:
    wal = Path(f"{store.path}-wal")
    page_size = int(store.db.execute("PRAGMA page_size").fetchone()[0])
    return wal.stat().st_size // page_size if wal.exists() else 0


@pytest.fixture
def opened(tmp_path: Path) -> Iterator[list[Store]]:
    """Stores a test opens, closed after it whatever happened (their threads ended)."""
    stores: list[Store] = []
    yield stores
    for store in stores:
        store.close()


def laptop(opened: list[Store], path: Path, passphrase: str | None = None) -> Store:
    opened.append(prepared(path, passphrase))
    return opened[-1]


@pytest.mark.parametrize("passphrase", [None, TEST_PASSPHRASE], ids=["plain", "encrypted"])
def test_the_wal_does_not_grow_across_many_votes(tmp_path, monkeypatch, opened, passphrase):
    monkeypatch.setattr(checkpoints, "CHECKPOINT_DELAY_S", 0.01)
    store = laptop(opened, tmp_path / "laptop.db", passphrase)
    assert store.checkpointer is not None
    sizes = []
    for _batch in range(8):
        vote_at_every_door(store, times=3)
        store.checkpointer.wait_quiet()  # checkpointed: the next commit starts the WAL anew
        sizes.append(wal_pages(store))
    assert store.checkpointer.checkpoints >= 8
    # each batch reuses the WAL of the one before: none is much bigger than the first
    assert max(sizes) <= 2 * sizes[0], sizes


def test_the_thread_checkpoints_a_file_whose_name_needs_quoting(tmp_path, monkeypatch, opened):
    monkeypatch.setattr(checkpoints, "CHECKPOINT_DELAY_S", 0.01)
    folder = tmp_path / "数据 #1?%20"
    folder.mkdir()
    store = laptop(opened, folder / "laptop.db")
    assert store.checkpointer is not None
    vote_at_every_door(store)
    store.checkpointer.wait_quiet()
    assert store.checkpointer.checkpoints >= 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]  # no file made elsewhere


def test_the_wal_is_checkpointed_in_line_past_its_bound_if_the_thread_does_not(
    tmp_path, monkeypatch, opened
):
    monkeypatch.setattr(database, "WAL_BOUND_PAGES", 100)
    monkeypatch.setattr(checkpoints, "CHECKPOINT_DELAY_S", 3600)  # the thread waits meanwhile
    store = laptop(opened, tmp_path / "laptop.db")
    before = wal_pages(store)  # the roster's import: one larger commit
    vote_at_every_door(store, times=10)  # about 16 pages a vote
    assert store.checkpointer is not None and store.checkpointer.checkpoints == 0
    assert wal_pages(store) <= max(before, 100 + 50)


def test_closing_the_store_ends_its_checkpoint_thread(tmp_path, monkeypatch, opened):
    monkeypatch.setattr(checkpoints, "CHECKPOINT_DELAY_S", 3600)
    store = laptop(opened, tmp_path / "laptop.db")
    checkpointer = store.checkpointer
    assert checkpointer is not None and checkpointer.running
    opened.remove(store)
    store.close()
    assert not checkpointer.running
    assert not Path(f"{store.path}-wal").exists()  # the last connection closed checkpointed


def test_a_stopped_checkpointer_leaves_checkpoints_to_the_commits(tmp_path, monkeypatch, opened):
    monkeypatch.setattr(checkpoints, "CHECKPOINT_DELAY_S", 3600)
    store = laptop(opened, tmp_path / "laptop.db")
    checkpointer = store.checkpointer
    assert checkpointer is not None and checkpointer.running
    store.stop_checkpoints()  # the window closing
    assert not checkpointer.running and store.checkpointer is None
    before = wal_pages(store)
    vote_at_every_door(store, times=10)
    assert not checkpointer.running
    assert wal_pages(store) <= max(before, 1000 + 50)  # SQLite's own bound again


class CheckpointUnderWay:
    """The store's connection, but its first checkpoint meets another under way (the thread's),
    as SQLite then answers: busy, nothing copied."""

    def __init__(self, db: driver.Connection) -> None:
        self.db, self.checkpoints = db, 0

    def execute(self, sql: str, *args: object) -> driver.Cursor:
        if "wal_checkpoint" in sql:
            self.checkpoints += 1
            if self.checkpoints == 1:
                return self.db.execute("SELECT 1, -1, -1")
        return self.db.execute(sql, *args)


def test_the_wal_is_emptied_after_an_erasure_even_if_the_thread_is_checkpointing(tmp_path, opened):
    store = laptop(opened, tmp_path / "laptop.db")
    vote_at_every_door(store)
    assert wal_pages(store) > 0
    racing = CheckpointUnderWay(store.db)
    truncate_wal(racing)  # type: ignore[arg-type]
    assert racing.checkpoints == 2
    assert wal_pages(store) == 0


class CheckpointAlwaysBusy(CheckpointUnderWay):
    """A reader that never lets the WAL go: every checkpoint answers busy."""

    @property
    def in_transaction(self) -> bool:
        return self.db.in_transaction

    def execute(self, sql: str, *args: object) -> driver.Cursor:
        if "wal_checkpoint" in sql:
            self.checkpoints += 1
            return self.db.execute("SELECT 1, -1, -1")
        return self.db.execute(sql, *args)


def test_an_erasure_whose_wal_could_not_be_emptied_asks_again_next_time(
    tmp_path, opened, monkeypatch
):
    store = laptop(opened, tmp_path / "laptop.db")
    vote_at_every_door(store)
    store.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", [CHECKPOINT_KEY])
    monkeypatch.setattr(driver, "BUSY_TIMEOUT_S", 0.05)
    busy = CheckpointAlwaysBusy(store.db)
    assert truncate_wal(busy) is False  # type: ignore[arg-type]
    checkpoint_after_erasure(busy)  # type: ignore[arg-type]
    assert store.meta(CHECKPOINT_KEY) == "1"  # still to be done, not forgotten
    checkpoint_after_erasure(store.db)
    assert store.meta(CHECKPOINT_KEY) is None
    assert wal_pages(store) == 0


KILLED_VOTER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from survey_app.core.votes import Choice
    from survey_app.store import checkpoints
    from survey_app.store.database import open_store
    from survey_app.store.households import find_household
    from survey_app.store.votes import record_vote

    checkpoints.CHECKPOINT_DELAY_S = 0.001  # a checkpoint beside nearly every vote
    path, passphrase, addresses = Path(sys.argv[1]), sys.argv[2] or None, sys.argv[3:]
    store = open_store(path, passphrase=passphrase)
    n = 0
    while True:
        for address in addresses:
            household = find_household(store=store, compound="NH-001", address=address)
            row = record_vote(store=store, household=household, round_no=1,
                              choice=Choice.AGREE if n % 2 else Choice.DISAGREE)
            print(row.id, flush=True)
        n += 1
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("passphrase", [None, TEST_PASSPHRASE], ids=["plain", "encrypted"])
def test_a_vote_is_in_the_file_once_recorded_even_if_killed_at_once(tmp_path, passphrase):
    path = tmp_path / "laptop.db"
    prepared(path, passphrase).close()
    script = tmp_path / "voter.py"
    script.write_text(KILLED_VOTER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(script), str(path), passphrase or "", *ADDRESSES],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout is not None
    recorded = []
    for line in child.stdout:
        recorded.append(line.strip())
        if len(recorded) == 60:
            os.kill(child.pid, signal.SIGKILL)  # while it records the next vote
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
    store = open_store(path, passphrase=passphrase)
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    found = {r[0] for r in store.db.execute("SELECT id FROM votes")}
    assert len(recorded) == 60 and set(recorded) <= found
    store.close()
