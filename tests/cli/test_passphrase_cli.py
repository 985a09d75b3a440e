"""Where the command line takes passphrases from: the variables, or a hidden prompt."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from survey_app.cli import main, passphrases
from survey_app.store.database import open_store
from survey_app.store.encryption import is_encrypted


def test_init_makes_an_encrypted_private_file(tmp_path: Path) -> None:
    path = tmp_path / "laptop.db"
    result = CliRunner().invoke(main, ["--db", str(path), "init", "--device", "解放街道-01"])
    assert result.exit_code == 0 and "已加密" in result.output, result.output
    assert is_encrypted(path) and stat.S_IMODE(path.stat().st_mode) == 0o600
    result = CliRunner().invoke(main, ["--db", str(path), "device", "--json"])
    assert result.exit_code == 0 and "解放街道-01" in result.output, result.output


def test_init_without_a_passphrase_and_no_terminal_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SURVEY_APP_PASSPHRASE")
    path = tmp_path / "laptop.db"
    result = CliRunner().invoke(main, ["--db", str(path), "init"])
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "SURVEY_APP_PASSPHRASE" in result.stderr and not path.exists()


def test_a_new_file_asks_twice_in_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SURVEY_APP_PASSPHRASE")
    monkeypatch.setattr(passphrases, "_interactive", lambda: True)
    path = tmp_path / "laptop.db"
    result = CliRunner().invoke(main, ["--db", str(path), "init"], input="一二三\n一二四\n")
    assert result.exit_code == 1 and "两次输入的口令不一致" in result.stderr
    assert not path.exists()
    result = CliRunner().invoke(main, ["--db", str(path), "init"], input="一二三\n一二三\n")
    assert result.exit_code == 0 and is_encrypted(path), result.output
    assert "一二三" not in result.output  # hidden
    result = CliRunner().invoke(main, ["--db", str(path), "rank"], input="一二三\n")
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["--db", str(path), "rank"], input="错的\n")
    assert result.exit_code == 1 and "口令不对" in result.stderr


def test_the_sample_batch_stays_plain_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    result = CliRunner().invoke(
        main,
        [
            "--db",
            str(path),
            "demo",
            "--compounds",
            "1",
            "--min-households",
            "10",
            "--max-households",
            "20",
        ],
    )
    assert result.exit_code == 0 and "未加密" in result.output, result.output
    assert not is_encrypted(path)
    open_store(path).close()  # a plain file: no passphrase needed
