"""The files sync touches: recognising a bad central file before any write, creating a missing
one atomically, opening any data file for reading without changing it, and turning SQLite's
errors into one line a person can act on."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from survey_app.core.errors import UnreadableFile
from survey_app.core.vocabulary import NOTHING, UNFINISHED_WRITE, Words
from survey_app.spreadsheets.atomic import write_atomically
from survey_app.store import driver
from survey_app.store.database import Store, check_is_ours, open_database, table_names
from survey_app.store.encryption import PLAIN_KEY, file_key, is_encrypted, journal_is_wal
from survey_app.store.migrations import apply_migrations, pending_migrations
from survey_app.store.projection import project_pending, projection_behind
from survey_app.store.search_index import defer_search_index
from survey_app.sync.fixed_disk import on_fixed_local_disk

SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_FAILURES = (driver.Error, UnicodeDecodeError)
"""What SQLite raises on a damaged file; garbage in its message arrives as a UnicodeDecodeError."""
CENTRAL_JOURNAL = "DELETE"
"""A rollback journal: safe on USB sticks and shared folders, where WAL's shared memory is not."""


def sqlite_uri(path: Path, *, read_only: bool = False, immutable: bool = False) -> str:
    uri = path.resolve().as_uri()  # percent-encoded, and file:///C:/... on Windows
    if immutable:
        return uri + "?mode=ro&immutable=1"
    return uri + "?mode=ro" if read_only else uri


def connect_for_reading(path: Path, key: str | None = None) -> driver.Connection:
    """A connection that cannot change a byte of the file or add one beside it.

    A file in rollback-journal mode (every central file) is opened `mode=ro`, NOT immutable:
    another laptop may be syncing into it at this moment, and only SQLite's shared lock (a lock,
    not a write) keeps us from reading its pages half-written; immutable would skip the lock and
    also read through a hot journal as if the interrupted write were whole. A file in WAL mode
    (a laptop's) with no `-wal` beside it is not open anywhere, and `mode=ro` would create
    `-wal` and `-shm` beside it, so it is opened immutable; with a `-wal` there (its app is
    open) it is read through that app's own WAL files. `key`: an encrypted file's raw key."""
    conn = driver.connect(reading_uri(path, key), uri=True, key=key)
    conn.execute("PRAGMA query_only = ON")  # a bug that tries to write fails, whatever the URI
    return conn


READ_MAP_BYTES = 1 << 30
"""How much of a file `connect_for_reading_mapped` maps (SQLite maps no more than the file)."""


def connect_for_reading_mapped(path: Path, key: str | None = None) -> driver.Connection:
    """`connect_for_reading`, its pages read through a memory map of the file instead of one
    read call (and one copy) per page: for a pass over every record of a file that nothing can
    write or shorten meanwhile (the caller holds its write lock), never for a central file.
    A read through a map that fails ends the process instead of raising, so the file is mapped
    only on a disk built into the computer (sync/fixed_disk.py); a laptop's file kept on a
    stick, a card or a network folder is read by read calls, as a central file always is.
    SQLCipher maps nothing of an encrypted file (each page is decrypted)."""
    conn = connect_for_reading(path, key)
    if on_fixed_local_disk(path):
        conn.execute(f"PRAGMA mmap_size = {READ_MAP_BYTES}")
    return conn


def reading_uri(path: Path, key: str | None = None) -> str:
    """The URI that reads `path` without writing it (see connect_for_reading)."""
    wal = journal_is_wal(path, key)  # file format write/read versions: 2 is WAL
    return sqlite_uri(path, read_only=True, immutable=wal and not _wal_beside(path))


def attach_for_reading(db: driver.Connection, path: Path, schema: str, key: str | None) -> None:
    """ATTACH `path` read-only as `schema`, always with an explicit KEY: without one an attached
    file is given the main file's key (SQLCipher), and a plain file would not open. An
    encrypted one keeps its decrypted pages as a main encrypted file does (store.driver): a
    sync reads the records offered more than once (the check, then the insert), and each page
    read again would be decrypted and its HMAC checked again."""
    db.execute(
        f"ATTACH DATABASE ? AS {schema} KEY ?",
        [sqlite_uri(path, read_only=True), key or PLAIN_KEY],
    )
    if key:
        db.execute(f"PRAGMA {schema}.cache_size = -{driver.ENCRYPTED_CACHE_KIB}")


def _wal_beside(path: Path) -> bool:
    return Path(f"{path}-wal").exists()


def _has_journal(path: Path) -> bool:
    return any(
        Path(f"{path}{suffix}").exists() and Path(f"{path}{suffix}").stat().st_size > 0
        for suffix in ("-journal", "-wal")
    )


def _hot_journal(path: Path) -> bool:
    journal = Path(f"{path}-journal")
    return journal.exists() and journal.stat().st_size > 0


def check_header(path: Path) -> None:
    """Refuse, before SQLite touches it, a file that is not SQLite or is cut short."""
    if is_encrypted(path):
        return  # its header is encrypted; SQLCipher checks each page it reads (an HMAC)
    with path.open("rb") as stream:
        header = stream.read(100)
    size = path.stat().st_size
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise UnreadableFile(code="not_sqlite", path=str(path))
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counted = header[24:28] == header[92:96]
    if _has_journal(path):
        return  # SQLite first rolls back the interrupted write; its checks then apply
    if size % page_size or (counted and pages and size < pages * page_size):
        raise UnreadableFile(
            code="truncated", path=str(path), expected=pages * page_size, size=size
        )


def check_location(path: Path) -> None:
    if path.is_dir():
        raise UnreadableFile(code="is_dir", path=str(path))
    if not path.parent.is_dir():
        raise UnreadableFile(code="no_folder", path=str(path), folder=str(path.parent))


def prepare_central(path: Path, passphrase: str | None = None) -> bool:
    """Make sure the central file exists, is ours and has this app's schema; True if created
    (encrypted with `passphrase`, plain when it is None)."""
    check_location(path)
    if not path.exists() or (path.stat().st_size == 0 and not _has_journal(path)):
        create_central(path, passphrase)
        return True
    check_header(path)
    try:
        open_database(path, journal_mode=CENTRAL_JOURNAL, passphrase=passphrase).close()
    except UnreadableFile as error:
        if error.code != "unreadable_database":
            raise  # foreign file, newer schema: open_database's words are right
        raise file_error(path, error, writing=True) from error
    except SQLITE_FAILURES as error:
        raise file_error(path, error, writing=True) from error
    return False


def create_central(path: Path, passphrase: str | None = None) -> None:
    """Build an empty central file under a temporary name, then give it its name at once, so
    a file that exists under the real name is always complete; if another laptop created it
    meanwhile, theirs is kept."""
    journal: Path | None = None
    try:
        with write_atomically(path, keep_existing=True) as temporary:
            journal = Path(f"{temporary}-journal")
            db = open_database(temporary, journal_mode=CENTRAL_JOURNAL, passphrase=passphrase)
            defer_search_index(db)  # no window searches it (store/search_index.py)
            db.close()
    except (OSError, *SQLITE_FAILURES, UnreadableFile) as error:
        raise file_error(path, error, creating=True) from error
    finally:
        if journal is not None:
            with contextlib.suppress(OSError):
                journal.unlink()


def connect_central(path: Path, key: str | None = None) -> driver.Connection:
    conn = driver.connect(str(path), key=key)
    conn.execute(f"PRAGMA journal_mode = {CENTRAL_JOURNAL}")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def open_for_reading(path: Path, passphrase: str | None = None) -> Store:
    """Open any survey-app file (a laptop's or the central one) without writing to it
    (`passphrase`: an encrypted file's; a wrong one is refused before the file is opened).

    When its schema or projections are behind (an older file, or one whose sync was cut off
    before its tables were brought up to date), they are brought up to date in a copy in memory.
    """
    check_location(path)
    if not path.exists():
        raise UnreadableFile(code="missing_file", path=str(path))
    check_header(path)
    key = file_key(path, passphrase)
    try:
        conn = connect_for_reading(path, key)
        db = conn
        check_is_ours(db, path)
        if not table_names(db):
            raise UnreadableFile(code="empty_file", path=str(path))
        if pending_migrations(db) or projection_behind(db):
            db = _copy_in_memory(conn, path, key)
            conn.close()
            apply_migrations(db)
            db.execute("BEGIN")
            project_pending(db)
            db.execute("COMMIT")
    except SQLITE_FAILURES as error:
        raise file_error(path, error) from error
    return Store(db, path, key)


def _copy_in_memory(conn: driver.Connection, path: Path, key: str | None) -> driver.Connection:
    """A plain copy in memory, rowids included (the projections' watermarks are rowids)."""
    memory = driver.memory()
    if key is None:
        conn.backup(memory)
        return memory
    memory.execute("ATTACH DATABASE ? AS source KEY ?", [reading_uri(path, key), key])
    driver.copy_database(memory, "source")
    memory.execute("DETACH DATABASE source")
    return memory


def file_error(
    path: Path, error: BaseException, *, writing: bool = False, creating: bool = False
) -> UnreadableFile:
    """One line for a person: what is wrong with which file (and, for a write, that nothing
    was half-written: every write is one transaction, rolled back or never committed)."""
    if isinstance(error, UnreadableFile) and error.__cause__ is not None:
        error = error.__cause__  # open_database's own wording assumes a damaged file
    text = str(error)
    lowered = text.lower()
    detail = NOTHING
    if not path.parent.is_dir() or (not creating and not path.exists()):
        code = "vanished"
    elif getattr(error, "sqlite_errorname", None) == "SQLITE_READONLY_ROLLBACK" or (
        "readonly" in lowered and not (writing or creating) and _hot_journal(path)
    ):
        # a hot journal that a read-only connection may not undo (SQLCipher's driver reports
        # the plain SQLITE_READONLY, without the extended code)
        code = "interrupted_sync"
    elif (
        "readonly" in lowered
        or isinstance(error, PermissionError)
        or ((writing or creating) and not os.access(path.parent, os.W_OK))
    ):
        code = "read_only"
    elif "locked" in lowered or "busy" in lowered:
        code = "busy"
    elif isinstance(error, UnicodeDecodeError) or any(
        word in lowered for word in ("malformed", "not a database", "corrupt")
    ):
        if not isinstance(error, UnicodeDecodeError):
            detail = Words(f"({text})", f" ({text})")
        code = "corrupt_file"
    elif "unable to open" in lowered:
        code = "cannot_open"
    else:
        code = "io_error"
    unfinished = UNFINISHED_WRITE if writing or creating else NOTHING
    return UnreadableFile(
        code=code, path=str(path), error=text, detail=detail, unfinished=unfinished
    )
