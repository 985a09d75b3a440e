"""Encryption at rest: laptop and central files that a lost laptop or USB stick does not give
away, a wrong passphrase that changes nothing, syncs between encrypted and plain files, and new
files readable by their owner only."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sync_helpers import COMPOUNDS, Field, file_bytes, household, set_up_office, write_roster

from survey_app.cli import main
from survey_app.core.errors import UnreadableFile
from survey_app.core.votes import Choice
from survey_app.store import driver
from survey_app.store.database import open_store
from survey_app.store.encryption import file_key, is_encrypted
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central
from survey_app.sync.check import check_file
from survey_app.sync.files import connect_for_reading, open_for_reading

LAPTOP, OFFICE, CENTRAL = "笔记本口令 one", "办公室口令 two", "中心文件口令 three"
HOUSEHOLDS = 24


def personal_data() -> list[bytes]:
    """The roster's names and phones (sync_helpers.write_roster) as UTF-8 bytes."""
    names = [f"住户{i:03d}" for i in range(HOUSEHOLDS)]
    phones = [f"1380000{i:04d}" for i in range(HOUSEHOLDS)]
    return [text.encode("utf-8") for text in names + phones]


def found_in(path: Path) -> list[bytes]:
    """What a `strings`-style scan of the raw bytes (the file and any -wal/-journal) finds."""
    data = b"".join(
        Path(f"{path}{suffix}").read_bytes()
        for suffix in ("", "-wal", "-journal")
        if Path(f"{path}{suffix}").exists()
    )
    return [needle for needle in personal_data() if needle in data]


def snapshot(path: Path) -> tuple[str, int, list[str]]:
    return file_bytes(path), path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


def records_of(path: Path, passphrase: str | None) -> frozenset[tuple[str, str]]:
    conn = driver.connect(f"file:{path}?mode=ro", uri=True, key=file_key(path, passphrase))
    try:
        return frozenset(conn.execute("SELECT id, hash FROM records").fetchall())
    finally:
        conn.close()


@pytest.fixture
def encrypted(tmp_path: Path) -> Field:
    """An encrypted office and an encrypted central file, after a real sync of a laptop (its
    own passphrase) that voted."""
    roster = write_roster(tmp_path / "名册.csv", HOUSEHOLDS)
    office = set_up_office(tmp_path / "office.db", roster, passphrase=OFFICE)
    batch = Field(tmp_path, tmp_path / "U盘" / "中心.db", office)
    batch.central.parent.mkdir()
    sync_with_central(store=office, central=batch.central, central_passphrase=CENTRAL)
    laptop = batch.laptop("A", passphrase=LAPTOP, central_passphrase=CENTRAL)
    sync_with_central(store=laptop, central=batch.central, central_passphrase=CENTRAL)
    for index in range(3):
        record_vote(store=laptop, household=household(laptop, COMPOUNDS[0], index),
                    round_no=1, choice=Choice.AGREE, signer="户主本人")  # fmt: skip
    sync_with_central(store=laptop, central=batch.central, central_passphrase=CENTRAL)
    sync_with_central(store=office, central=batch.central, central_passphrase=CENTRAL)
    return batch


def test_encrypted_laptop_and_central_files_hold_no_name_or_phone(encrypted: Field) -> None:
    laptop = encrypted.laptops["A"]
    assert all(is_encrypted(p) for p in (encrypted.central, laptop.path, encrypted.office.path))
    assert len(records_of(encrypted.central, CENTRAL)) == len(records_of(laptop.path, LAPTOP))
    # while open (the -wal beside the laptop's file is scanned too) and once closed
    assert found_in(laptop.path) == [] and found_in(encrypted.central) == []
    encrypted.close()
    for path in (laptop.path, encrypted.office.path, encrypted.central):
        assert found_in(path) == [], path


def test_the_same_scan_finds_them_in_plain_files(field_batch: Field) -> None:
    """The scan can fail: plain files of the same batch give every name and phone away."""
    laptop = field_batch.laptop("A")
    sync_with_central(store=laptop, central=field_batch.central)
    field_batch.close()
    for path in (laptop.path, field_batch.central):
        assert not is_encrypted(path)
        assert found_in(path) == personal_data(), path


def test_a_wrong_or_missing_passphrase_changes_nothing(encrypted: Field) -> None:
    laptop = encrypted.laptops["A"]
    encrypted.close()
    before = {path: snapshot(path) for path in (laptop.path, encrypted.central)}
    for passphrase in (None, "wrong", LAPTOP.upper(), ""):
        for path in (laptop.path, encrypted.central):
            with pytest.raises(UnreadableFile) as caught:
                open_store(path, passphrase=passphrase)
            assert caught.value.code == "wrong_passphrase" and str(path) in caught.value.message
            with pytest.raises(UnreadableFile, match="口令"):
                open_for_reading(path, passphrase)
            assert [p.code for p in check_file(path, passphrase).problems] == ["wrong_passphrase"]
    store = open_store(laptop.path, passphrase=LAPTOP)
    before[laptop.path] = snapshot(laptop.path)[:1] + before[laptop.path][1:]
    for passphrase in (None, "wrong", LAPTOP):
        with pytest.raises(UnreadableFile) as caught:
            sync_with_central(store=store, central=encrypted.central, central_passphrase=passphrase)
        assert caught.value.code == "wrong_passphrase"
    store.close()
    assert snapshot(encrypted.central) == before[encrypted.central]
    assert snapshot(laptop.path)[0] == before[laptop.path][0]


def test_a_wrong_passphrase_on_the_command_line_is_one_line_and_changes_nothing(
    encrypted: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop = encrypted.laptops["A"]
    encrypted.close()
    before = {path: snapshot(path) for path in (laptop.path, encrypted.central)}
    monkeypatch.setenv("SURVEY_APP_PASSPHRASE", "wrong")
    monkeypatch.setenv("SURVEY_APP_CENTRAL_PASSPHRASE", "wrong too")
    runner = CliRunner()
    for args in (
        ["--db", str(laptop.path), "rank"],
        ["--db", str(laptop.path), "sync", "--central", str(encrypted.central)],
        ["rank", "--file", str(encrypted.central)],
        ["check-file", str(encrypted.central)],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 1, (args, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "口令不对" in lines[0] and "Traceback" not in result.output
    assert {path: snapshot(path) for path in before} == before


def test_sync_between_an_encrypted_laptop_and_an_encrypted_central_file(encrypted: Field) -> None:
    """Different passphrases on each side; a second laptop sees the first one's votes."""
    b = encrypted.laptop("B", passphrase="B 的口令", central_passphrase=CENTRAL)
    report = sync_with_central(store=b, central=encrypted.central, central_passphrase=CENTRAL)
    assert report.received > 0
    a = encrypted.laptops["A"]
    assert records_of(b.path, "B 的口令") >= records_of(a.path, LAPTOP)
    assert records_of(encrypted.central, CENTRAL) == records_of(b.path, "B 的口令")
    assert check_file(encrypted.central, CENTRAL).ok
    assert check_file(b.path, "B 的口令").ok


@pytest.mark.parametrize(("laptop_passphrase", "central_passphrase"),
                         [(None, CENTRAL), (LAPTOP, None)])  # fmt: skip
def test_sync_between_plain_and_encrypted_files(
    field_batch: Field, laptop_passphrase: str | None, central_passphrase: str | None
) -> None:
    """An ATTACH always names its KEY: a plain file attached to an encrypted one (or the
    reverse) opens as what it is."""
    sync_with_central(store=field_batch.office, central=field_batch.central,
                      central_passphrase=central_passphrase)  # fmt: skip
    laptop = field_batch.laptop("A", passphrase=laptop_passphrase,
                                central_passphrase=central_passphrase)  # fmt: skip
    report = sync_with_central(store=laptop, central=field_batch.central,
                               central_passphrase=central_passphrase)  # fmt: skip
    assert report.received > 0
    record_vote(store=laptop, household=household(laptop, COMPOUNDS[1], 0), round_no=1,
                choice=Choice.DISAGREE, signer="户主本人")  # fmt: skip
    assert sync_with_central(store=laptop, central=field_batch.central,
                             central_passphrase=central_passphrase).sent == 1  # fmt: skip
    assert is_encrypted(laptop.path) == (laptop_passphrase is not None)
    assert is_encrypted(field_batch.central) == (central_passphrase is not None)
    assert records_of(laptop.path, laptop_passphrase) == records_of(
        field_batch.central, central_passphrase
    )
    assert check_file(field_batch.central, central_passphrase).ok


def test_check_file_and_readers_on_an_encrypted_central_file(
    encrypted: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypted.close()
    before = snapshot(encrypted.central)
    monkeypatch.setenv("SURVEY_APP_CENTRAL_PASSPHRASE", CENTRAL)
    runner = CliRunner()
    result = runner.invoke(main, ["check-file", str(encrypted.central)])
    assert result.exit_code == 0 and "中心文件完好" in result.output, result.output
    result = runner.invoke(main, ["tally", "--compound", COMPOUNDS[0], "--round", "1", "--file",
                                  str(encrypted.central), "--json"])  # fmt: skip
    assert result.exit_code == 0 and json.loads(result.output)["agree"] == 3, result.output
    assert snapshot(encrypted.central) == before


def test_new_files_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    """Laptop files (plain or encrypted, with their -wal), central files made by a sync."""
    os.umask(0o022)
    plain = open_store(tmp_path / "plain.db")
    secret = open_store(tmp_path / "secret.db", passphrase=LAPTOP)
    sync_with_central(store=plain, central=tmp_path / "central.db")
    sync_with_central(store=secret, central=tmp_path / "encrypted-central.db",
                      central_passphrase=CENTRAL)  # fmt: skip
    made = [p for p in tmp_path.iterdir() if p.is_file()]
    assert {p.name for p in made} >= {"plain.db", "plain.db-wal", "secret.db", "secret.db-wal",
                                      "central.db", "encrypted-central.db"}  # fmt: skip
    for path in made:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    plain.close()
    secret.close()


ROOT = Path(__file__).resolve().parents[2]
OPEN_AND_RANK = """
import sys
from pathlib import Path
from survey_app.store.database import open_store
from survey_app.store.tallies import ranking_json
store = open_store(Path(sys.argv[1]), passphrase=sys.argv[2])
ranking_json(store=store, round_no=1)
store.close()
print(sorted(m for m in sys.modules if m.startswith("cryptography.hazmat.primitives.ciphers")))
"""


def test_a_process_that_reads_an_encrypted_file_loads_no_cipher_library(encrypted: Field) -> None:
    """SQLCipher itself checks the passphrase (page 1's HMAC): a ranking process does not load
    `cryptography`'s ciphers (about 10 ms) for the header check, which is only asked when
    SQLCipher refuses the page."""
    laptop = encrypted.laptops["A"]
    encrypted.close()
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", OPEN_AND_RANK, str(laptop.path), LAPTOP],
                            capture_output=True, text=True, check=True, cwd=ROOT,
                            env=environment)  # fmt: skip
    assert result.stdout.strip() == "[]"


def test_a_damaged_first_page_is_not_taken_for_a_wrong_passphrase(encrypted: Field) -> None:
    """When SQLCipher refuses page 1, its header decides: the right passphrase on a page 1
    damaged past its header (or caught being written) is the file's key, a wrong one is
    still `wrong_passphrase`."""
    laptop = encrypted.laptops["A"]
    encrypted.close()
    damaged = encrypted.root / "damaged.db"
    data = bytearray(laptop.path.read_bytes())
    data[1000] ^= 0xFF  # inside page 1's encrypted cells, past the header's first block
    damaged.write_bytes(bytes(data))
    assert file_key(damaged, LAPTOP) == file_key(laptop.path, LAPTOP)
    with pytest.raises(UnreadableFile) as caught:
        file_key(damaged, LAPTOP.upper())
    assert caught.value.code == "wrong_passphrase"
    with pytest.raises(UnreadableFile) as caught:
        open_store(damaged, passphrase=LAPTOP)
    assert caught.value.code == "unreadable_database"


def test_a_plain_file_opens_whatever_the_passphrase(field_batch: Field) -> None:
    """A passphrase only encrypts new files; a plain one is converted by `encrypt`."""
    field_batch.office.close()
    store = open_store(field_batch.office.path, passphrase="anything")
    assert not is_encrypted(store.path) and store.key is None
    store.close()


def test_an_encrypted_file_behind_is_brought_up_to_date_in_memory(encrypted: Field) -> None:
    """Reading a file whose tables are behind its records copies it into memory (rowids
    kept) and projects there; the file itself is not written."""
    from survey_app.store.projection import WATERMARK_KEY
    from survey_app.store.tallies import tally_json

    expected = tally_json(store=encrypted.office, compound=COMPOUNDS[0], round_no=1)
    encrypted.close()
    path = encrypted.office.path
    conn = driver.connect(str(path), key=file_key(path, OFFICE))
    conn.execute("UPDATE meta SET value = '0' WHERE key = ?", [WATERMARK_KEY])
    conn.close()
    before = snapshot(path)
    store = open_for_reading(path, OFFICE)
    assert store.db.execute("PRAGMA database_list").fetchone()[2] == ""  # in memory
    assert tally_json(store=store, compound=COMPOUNDS[0], round_no=1) == expected
    rowids = store.db.execute("SELECT rowid, id FROM records ORDER BY rowid").fetchall()
    store.close()
    conn = connect_for_reading(path, file_key(path, OFFICE))
    assert conn.execute("SELECT rowid, id FROM records ORDER BY rowid").fetchall() == rowids
    conn.close()
    assert snapshot(path) == before


def test_identity_reset_reads_an_encrypted_central_file(encrypted: Field) -> None:
    from survey_app.sync.identity_reset import reset_identity

    laptop = encrypted.laptops["A"]
    before = snapshot(encrypted.central)
    with pytest.raises(UnreadableFile) as caught:
        reset_identity(store=laptop, central=encrypted.central, central_passphrase="wrong")
    assert caught.value.code == "wrong_passphrase" and snapshot(encrypted.central) == before
    old = laptop.device_id
    done = reset_identity(store=laptop, central=encrypted.central, central_passphrase=CENTRAL)
    assert done.old_device == old and done.device != old and done.reissued == 0


def test_an_attached_encrypted_file_keeps_its_decrypted_pages(encrypted: Field) -> None:
    """A sync reads the records offered twice (the check, the insert): an encrypted laptop
    file attached keeps as many decrypted pages as an encrypted file opened does; a plain one
    keeps the default (the system's file cache already holds its pages as they are)."""
    from survey_app.sync.files import attach_for_reading

    laptop, plain = encrypted.laptops["A"], encrypted.root / "plain.db"
    made = driver.connect(str(plain))
    made.execute("CREATE TABLE t (x)")
    made.close()
    db = driver.connect(str(encrypted.central), key=file_key(encrypted.central, CENTRAL))
    attach_for_reading(db, laptop.path, "laptop", laptop.key)
    attach_for_reading(db, plain, "plain", None)
    sizes = {s: db.execute(f"PRAGMA {s}.cache_size").fetchone()[0] for s in ("laptop", "plain")}
    assert db.execute("SELECT count(*) FROM laptop.records").fetchone()[0] > 0
    db.close()
    assert sizes["laptop"] == -driver.ENCRYPTED_CACHE_KIB != sizes["plain"]
