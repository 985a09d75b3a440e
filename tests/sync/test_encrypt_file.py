"""`survey-app encrypt`: a plain file encrypted in place, atomically (killed at random moments
it leaves the plain file or the encrypted one, whole), and the files it refuses."""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sync_helpers import Field

from survey_app.cli import main
from survey_app.core.errors import RefusedAction, UnreadableFile
from survey_app.store import driver
from survey_app.store.database import open_store
from survey_app.store.encryption import file_key, is_encrypted
from survey_app.store.sample import write_sample
from survey_app.sync.central import sync_with_central
from survey_app.sync.check import check_file
from survey_app.sync.encrypt import encrypt_file

DRIVER = Path(__file__).with_name("encrypt_driver.py")
KILLS = 20
PASSPHRASE = "转换口令 four"


def contents(path: Path, passphrase: str | None) -> tuple[object, ...]:
    """Every record (rowid, id, hash) and the row count of every table."""
    conn = driver.connect(str(path), key=file_key(path, passphrase))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        records = conn.execute("SELECT rowid, id, hash FROM records ORDER BY rowid").fetchall()
        return tuple(records), tuple(sorted(counts.items()))
    finally:
        conn.close()


@pytest.fixture(scope="module")
def plain_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A laptop file with a sample batch (a few MB), closed."""
    path = tmp_path_factory.mktemp("sample") / "laptop.db"
    store = open_store(path, device_name="样本")
    write_sample(store=store, compounds=4, min_households=300, max_households=400)
    store.close()
    return path


def test_encrypt_keeps_every_record_and_table(plain_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "laptop.db"
    shutil.copy(plain_file, path)
    path.chmod(0o644)
    before = contents(path, None)
    done = encrypt_file(path, PASSPHRASE)
    assert is_encrypted(path) and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert done.records == len(before[0]) and done.role == "laptop"
    assert contents(path, PASSPHRASE) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laptop.db"]  # no temporary left
    assert check_file(path, PASSPHRASE).ok
    store = open_store(path, passphrase=PASSPHRASE)  # the app writes on in the encrypted file
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_a_vacuumed_file_is_encrypted_whole(plain_file: Path, tmp_path: Path) -> None:
    """VACUUM (run by hand, say with the sqlite3 shell) rewrites the schema so that the
    full-text tables' shadow tables come before their virtual table; the copy still makes each
    virtual table first and keeps its rows."""
    path = tmp_path / "laptop.db"
    shutil.copy(plain_file, path)
    conn = driver.connect(str(path))
    conn.execute("VACUUM")
    order = [r[0] for r in conn.execute("SELECT name FROM sqlite_master ORDER BY rowid")]
    conn.close()
    assert order.index("household_search_data") < order.index("household_search")
    before = contents(path, None)
    encrypt_file(path, PASSPHRASE)
    assert contents(path, PASSPHRASE) == before
    assert check_file(path, PASSPHRASE).ok


@pytest.mark.slow
def test_encrypt_killed_at_random_moments_leaves_a_whole_file(
    plain_file: Path, tmp_path: Path
) -> None:
    """SIGKILL at 20 random moments of the conversion: each time the file under the name opens,
    plain or encrypted, with all its records (a temporary file may be left beside it)."""
    expected = contents(plain_file, None)
    rng = random.Random(14)
    timing = tmp_path / "timing.db"
    shutil.copy(plain_file, timing)
    started = time.monotonic()
    child = _start(timing)
    assert child.communicate(timeout=120)[0].split()[0] == "done"
    duration = time.monotonic() - started
    outcomes = {"plain": 0, "encrypted": 0}
    for attempt in range(KILLS):
        folder = tmp_path / f"run{attempt}"
        folder.mkdir()
        path = folder / "laptop.db"
        shutil.copy(plain_file, path)
        child = _start(path)
        time.sleep(rng.uniform(0, duration))
        child.send_signal(signal.SIGKILL)
        child.wait()
        passphrase = PASSPHRASE if is_encrypted(path) else None
        outcomes["encrypted" if passphrase else "plain"] += 1
        assert contents(path, passphrase) == expected, attempt
    assert outcomes["plain"] and outcomes["encrypted"], outcomes  # both sides of the rename


def _start(path: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, str(DRIVER), str(path), PASSPHRASE],
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


def test_a_central_file_is_encrypted_and_syncs_on(field_batch: Field) -> None:
    sync_with_central(store=field_batch.office, central=field_batch.central)
    before = contents(field_batch.central, None)
    assert encrypt_file(field_batch.central, PASSPHRASE).role == "central"
    assert contents(field_batch.central, PASSPHRASE) == before
    laptop = field_batch.laptop("A", central_passphrase=PASSPHRASE)
    assert sync_with_central(store=laptop, central=field_batch.central,
                             central_passphrase=PASSPHRASE).received > 0  # fmt: skip
    assert check_file(field_batch.central, PASSPHRASE).ok


def test_encrypt_refuses_what_it_must_not_convert(field_batch: Field, tmp_path: Path) -> None:
    office = field_batch.office  # open: its -wal is beside it
    with pytest.raises(RefusedAction) as caught:
        encrypt_file(office.path, PASSPHRASE)
    assert caught.value.code == "encrypt_in_use"
    office.close()
    encrypt_file(office.path, PASSPHRASE)
    with pytest.raises(RefusedAction) as caught:
        encrypt_file(office.path, PASSPHRASE)
    assert caught.value.code == "already_encrypted"
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name, phone)")
    conn.commit()
    conn.close()
    data = other.read_bytes()
    with pytest.raises(UnreadableFile) as caught:
        encrypt_file(other, PASSPHRASE)
    assert caught.value.code == "foreign_file" and other.read_bytes() == data
    text = tmp_path / "名单.csv"
    text.write_text("张三,13800000000\n", encoding="utf-8")
    with pytest.raises(UnreadableFile) as caught:
        encrypt_file(text, PASSPHRASE)
    assert caught.value.code == "not_sqlite"


def test_the_command_line_encrypts_and_refuses_in_one_line(
    field_batch: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    sync_with_central(store=field_batch.office, central=field_batch.central)  # plain
    field_batch.office.close()
    path = field_batch.office.path
    runner = CliRunner()
    result = runner.invoke(main, ["encrypt", "--db", str(path)])
    assert result.exit_code == 0 and "已加密本机数据文件" in result.output, result.output
    assert is_encrypted(path)
    result = runner.invoke(main, ["encrypt", "--db", str(path)])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "已经是加密文件" in result.stderr
    # a central file takes the central file's passphrase: without it (and no terminal), refused
    monkeypatch.delenv("SURVEY_APP_CENTRAL_PASSPHRASE")
    data = field_batch.central.read_bytes()
    result = runner.invoke(main, ["encrypt", "--db", str(field_batch.central)])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "SURVEY_APP_CENTRAL_PASSPHRASE" in result.stderr
    assert field_batch.central.read_bytes() == data
