"""A bad central file gets one clear line and changes nothing, on either side."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sync_helpers import Field, dump

from survey_app.cli import main
from survey_app.core.errors import UnreadableFile
from survey_app.store.database import open_store
from survey_app.sync import union
from survey_app.sync.central import sync_with_central


def refused(batch: Field, central: Path, *words: str) -> str:
    """Sync through the CLI: exit 1, one line on stderr naming the file, nothing changed."""
    batch.office.close()
    laptop_before = dump(batch.office.path)
    central_before = central.read_bytes() if central.is_file() else None
    result = CliRunner().invoke(
        main, ["--db", str(batch.office.path), "sync", "--central", str(central)]
    )
    assert result.exit_code == 1, result.output
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("错误 Error:") and "Traceback" not in line
    assert str(central) in line or str(central.parent) in line
    for word in words:
        assert word in line
    assert dump(batch.office.path) == laptop_before
    assert (central.read_bytes() if central.is_file() else None) == central_before
    batch.office = open_store(batch.office.path)
    return line


@pytest.fixture
def good_central(field_batch: Field) -> Path:
    sync_with_central(store=field_batch.office, central=field_batch.central)
    copy = field_batch.root / "good.db"
    shutil.copy(field_batch.central, copy)
    return copy


def test_a_file_that_is_not_sqlite(field_batch: Field) -> None:
    field_batch.central.write_text("姓名,电话\n张三,138\n", encoding="utf-8")
    refused(field_batch, field_batch.central, "不是 SQLite")


def test_a_sqlite_file_of_another_application(field_batch: Field) -> None:
    conn = sqlite3.connect(field_batch.central)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    refused(field_batch, field_batch.central, "其他程序")


def test_a_newer_schema_than_this_app_knows(field_batch: Field, good_central: Path) -> None:
    conn = sqlite3.connect(good_central)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    refused(field_batch, good_central, "更新版本", "升级")


def test_a_truncated_file(field_batch: Field, good_central: Path) -> None:
    data = good_central.read_bytes()
    good_central.write_bytes(data[: len(data) // 2])
    refused(field_batch, good_central, "截断")


def test_a_corrupted_file(field_batch: Field, good_central: Path) -> None:
    data = bytearray(good_central.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(page, len(data), 97):
        data[offset] = (data[offset] * 7 + 13) % 256
    good_central.write_bytes(bytes(data))
    refused(field_batch, good_central, "损坏")


def test_a_missing_folder_is_not_created(field_batch: Field) -> None:
    central = field_batch.root / "未插入的U盘" / "中心.db"
    refused(field_batch, central, "不存在")
    assert not central.parent.exists()


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder whose files cannot be written: a read-only mount as root, else chmod."""
    folder = tmp_path / "只读"
    folder.mkdir()
    if os.geteuid() != 0:
        yield folder
        folder.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(folder)], check=False)
    if mounted.returncode != 0:
        pytest.skip("needs a read-only mount (root without mount rights)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def make_read_only(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        for path in folder.iterdir():
            path.chmod(0o444)
        folder.chmod(0o555)


def test_a_central_file_in_a_read_only_location(
    field_batch: Field, good_central: Path, read_only_folder: Path
) -> None:
    central = read_only_folder / "中心.db"
    shutil.copy(good_central, central)
    extra = field_batch.laptop("A")  # something new to send
    extra.close()
    field_batch.office.close()
    field_batch.office = open_store(extra.path)
    make_read_only(read_only_folder)
    refused(field_batch, central, "只读")


def test_a_missing_central_file_in_a_read_only_location(
    field_batch: Field, read_only_folder: Path
) -> None:
    make_read_only(read_only_folder)
    refused(field_batch, read_only_folder / "中心.db", "只读")
    assert list(read_only_folder.iterdir()) == []


def test_a_central_file_that_vanishes_mid_sync(field_batch: Field, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sync_with_central(store=field_batch.office, central=field_batch.central)
    laptop = field_batch.laptop("A")
    before = dump(laptop.path), dump(field_batch.central)
    pulled = field_batch.root / "拔出的U盘"
    real_insert = union.insert_offered  # the send's insert into the central file

    def pull_the_stick(db, source, target, **how):  # type: ignore[no-untyped-def]
        field_batch.central.parent.rename(pulled)
        return real_insert(db, source, target, **how)

    real_pass = union.survey_plan

    def slow_pass(db, source, plan):  # type: ignore[no-untyped-def]
        if threading.current_thread().name == "sync-pass":
            time.sleep(0.3)  # still reading the laptop's file when the insert fails
        return real_pass(db, source, plan)

    monkeypatch.setattr(union, "insert_offered", pull_the_stick)
    monkeypatch.setattr(union, "survey_plan", slow_pass)
    with pytest.raises(UnreadableFile) as caught:
        sync_with_central(store=laptop, central=field_batch.central)
    # the pass beside the insert is over before the send lets go of the laptop's file (it
    # read on past the failure, and a read of the file's WAL index then crashed the process)
    assert not [t for t in threading.enumerate() if t.name == "sync-pass"]
    assert caught.value.code == "vanished"
    assert str(field_batch.central) in caught.value.message
    assert (dump(laptop.path), dump(pulled / field_batch.central.name)) == before
