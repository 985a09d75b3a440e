"""The one DB-API every connection of the app comes from: SQLite as built into SQLCipher.

Plain and encrypted files are opened by the same library, so their errors are the same classes
(`driver.Error`, not the standard library's `sqlite3.Error`, which SQLCipher's do not derive
from). For the type checker the module is the standard `sqlite3`, whose interface it shares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3 as dbapi
else:
    from sqlcipher3 import dbapi2 as dbapi

Connection = dbapi.Connection
Cursor = dbapi.Cursor
Error = dbapi.Error
DatabaseError = dbapi.DatabaseError
OperationalError = dbapi.OperationalError
IntegrityError = dbapi.IntegrityError
"""A unique key refused a row (not core.errors.IntegrityError, the app's own)."""
SQLITE_VERSION = dbapi.sqlite_version

BUSY_TIMEOUT_S = 30.0
HMAC_ALGORITHM = "HMAC_SHA256"
ENCRYPTED_CACHE_KIB = 65536


STATEMENT_CACHE = 512
"""Prepared statements kept per connection. Finding a household, recording its vote and
projecting it run more distinct statements than the default cache of 128 holds once the kept
compound counts add theirs; the cache, least recently used first, then prepared every statement
of each vote anew (a vote took 2.3 times as long: 5.3 ms against 2.3 ms in-process)."""


def connect(
    target: str, *, key: str | None = None, uri: bool = False, timeout: float = BUSY_TIMEOUT_S
) -> Connection:
    """A connection in autocommit mode (transactions are explicit); `key` is SQLCipher's raw
    key (`x'…'`, see store.encryption) for an encrypted file, None for a plain one. Nothing is
    read from the file here: a wrong key shows at the first statement that reads it."""
    conn = dbapi.connect(
        target, uri=uri, timeout=timeout, isolation_level=None, cached_statements=STATEMENT_CACHE
    )
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error, not a log line
    conn.execute("PRAGMA secure_delete = ON")  # erased personal data leaves no free page behind
    # every encrypted file, opened or attached: HMAC-SHA256 per page (SHA-NI makes it cheaper
    # than SQLCipher's default SHA-512; see store.encryption)
    conn.execute(f"PRAGMA cipher_default_hmac_algorithm = {HMAC_ALGORITHM}")
    if key is not None:
        conn.execute(f'PRAGMA key = "{key}"')
        # decrypted pages kept: a page read again costs no decryption and no HMAC check
        conn.execute(f"PRAGMA cache_size = -{ENCRYPTED_CACHE_KIB}")
    return conn


def memory() -> Connection:
    return connect(":memory:")


def copy_database(conn: Connection, source: str) -> None:
    """Copy every table (rowids kept: projections keep their place by rowid), index, view and
    trigger of the attached schema `source` into this connection's empty main database, in one
    transaction; a virtual table (full-text search) is made, then its shadow tables copied.
    SQLCipher's backup API cannot copy between files of different keys, and its
    `sqlcipher_export` renumbers the rowids of tables without an INTEGER PRIMARY KEY."""
    objects = conn.execute(
        f"SELECT type, name, sql FROM {source}.sqlite_master WHERE sql IS NOT NULL "
        "ORDER BY type != 'table', upper(sql) NOT LIKE 'CREATE VIRTUAL TABLE%', rowid"
    ).fetchall()  # a virtual table before its shadow tables, wherever VACUUM put them
    conn.execute("BEGIN")
    try:
        for kind, name, sql in objects:
            if str(name).startswith("sqlite_"):
                continue
            virtual = str(sql).upper().startswith("CREATE VIRTUAL TABLE")
            if _exists(conn, str(name)):  # a virtual table's shadow table, made with it
                conn.execute(f'DELETE FROM main."{name}"')
            else:
                conn.execute(sql)  # unqualified: made in main
            if kind == "table" and not virtual:
                _copy_rows(conn, source, str(name), str(sql))
        sequence = f"SELECT 1 FROM {source}.sqlite_master WHERE name = 'sqlite_sequence'"
        if conn.execute(sequence).fetchone():
            conn.execute("DELETE FROM main.sqlite_sequence")
            conn.execute(f"INSERT INTO main.sqlite_sequence SELECT * FROM {source}.sqlite_sequence")
        version = conn.execute(f"PRAGMA {source}.user_version").fetchone()[0]
        conn.execute(f"PRAGMA main.user_version = {int(version)}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _exists(conn: Connection, name: str) -> bool:
    found = conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = ?", [name]).fetchone()
    return found is not None


def _copy_rows(conn: Connection, source: str, name: str, sql: str) -> None:
    columns = [f'"{row[1]}"' for row in conn.execute(f'PRAGMA {source}.table_info("{name}")')]
    if "WITHOUT ROWID" not in sql.upper():
        columns.insert(0, "rowid")
    listed = ", ".join(columns)
    conn.execute(f'INSERT INTO main."{name}" ({listed}) SELECT {listed} FROM {source}."{name}"')
