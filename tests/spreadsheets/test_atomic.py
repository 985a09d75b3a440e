"""A file written atomically is whole or absent, private when new, and leaves nothing behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from survey_app.spreadsheets.atomic import write_atomically


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_appears_whole_and_private(tmp_path: Path) -> None:
    target = tmp_path / "汇总.xlsx"
    with write_atomically(target) as temporary:
        assert temporary.parent == tmp_path and temporary != target
        temporary.write_bytes(b"whole")
        assert not target.exists()
    assert target.read_bytes() == b"whole"
    assert mode(target) == 0o600
    assert sorted(tmp_path.iterdir()) == [target]


def test_a_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "排名.xlsx"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    with pytest.raises(RuntimeError), write_atomically(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("disk pulled")
    assert target.read_bytes() == b"old"
    assert sorted(tmp_path.iterdir()) == [target]
    with write_atomically(target) as temporary:
        temporary.write_bytes(b"new")
    assert (target.read_bytes(), mode(target)) == (b"new", 0o640)  # a replaced file keeps its mode


def test_keep_existing_never_replaces_a_file_that_appeared(tmp_path: Path) -> None:
    target = tmp_path / "中心.db"
    with write_atomically(target, keep_existing=True) as temporary:
        temporary.write_bytes(b"mine")
        target.write_bytes(b"theirs")  # another laptop created it meanwhile
    assert target.read_bytes() == b"theirs"
    assert sorted(tmp_path.iterdir()) == [target]


def test_a_missing_folder_is_an_os_error_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(OSError), write_atomically(tmp_path / "gone" / "x.csv"):
        pass
    assert list(tmp_path.iterdir()) == []
