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
SQLITE_VERSION = dbapi.sqlite_version

BUSY_TIMEOUT_S = 30.0


def connect(
    target: str, *, key: str | None = None, uri: bool = False, timeout: float = BUSY_TIMEOUT_S
) -> Connection:
    """A connection in autocommit mode (transactions are explicit); `key` is SQLCipher's raw
    key (`x'…'`, see store.encryption) for an encrypted file, None for a plain one. Nothing is
    read from the file here: a wrong key shows at the first statement that reads it."""
    conn = dbapi.connect(target, uri=uri, timeout=timeout, isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error, not a log line
    if key is not None:
        conn.execute(f'PRAGMA key = "{key}"')
    return conn


def memory() -> Connection:
    return connect(":memory:")
