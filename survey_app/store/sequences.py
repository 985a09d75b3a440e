"""Per-device summaries of the record log: count, sequence range and a digest of the hashes.

Sync compares these small tables instead of the records: equal summaries mean the same records
of that device (a divergence slips through with odds of 2^-32), and a count that does not fill
its sequence range shows a gap. Kept up to date set-based over new rowids, like the projections,
so a file never needs a full scan to know what it holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from survey_app.store import driver

SEQUENCED_KEY = "sequenced_rowid"
STALE_TABLE = "sequences_stale"
DIGEST_MODULUS = 2**32
_HEX = "0123456789abcdef"
_DIGEST_DIGITS = 8


def digest_sql(column: str = "hash") -> str:
    """The first 32 bits of a hex hash as an integer, in plain SQL (SQLite has no unhex-to-int)."""
    terms = [
        f"(instr('{_HEX}', substr({column}, {i + 1}, 1)) - 1) * {16 ** (_DIGEST_DIGITS - 1 - i)}"
        for i in range(_DIGEST_DIGITS)
    ]
    return "(" + " + ".join(terms) + ")"


def create_sequences_table(db: driver.Connection) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS sequences (device TEXT PRIMARY KEY, "
        "record_count INTEGER NOT NULL, first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL, "
        "digest INTEGER NOT NULL)"
    )


def create_stale_marks(db: driver.Connection) -> None:
    """Records are never deleted by the app but by `device reset`; one deleted by any means
    (sqlite3, a database browser) marks its device, and the next write recounts that device's
    summary, so that sync sees the gap and sends the record again instead of believing it held.
    Until then the stale summary is there for check-file to see."""
    db.execute(f"CREATE TABLE IF NOT EXISTS {STALE_TABLE} (device TEXT PRIMARY KEY)")
    db.execute(
        "CREATE TRIGGER IF NOT EXISTS records_deleted AFTER DELETE ON records "
        f"BEGIN INSERT OR IGNORE INTO {STALE_TABLE} (device) VALUES (old.device); END"
    )


def _sequenced(db: driver.Connection, schema: str) -> int:
    row = db.execute(f"SELECT value FROM {schema}.meta WHERE key = ?", [SEQUENCED_KEY]).fetchone()
    return int(row[0]) if row else 0


def stale_devices(db: driver.Connection, schema: str = "main") -> set[str]:
    """Devices some of whose records were deleted since their summary was last counted."""
    marked = db.execute(
        f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?", [STALE_TABLE]
    ).fetchone()  # absent while the migrations before it run
    if not marked:
        return set()
    return {str(d) for (d,) in db.execute(f"SELECT device FROM {schema}.{STALE_TABLE}")}


def update_sequences(db: driver.Connection, schema: str = "main") -> int:
    """Fold the records added since the last call into the summaries (and recount the devices
    whose records were deleted); returns how many records were folded. The new records are
    read by rowid first: grouped straight from the table, SQLite walks the whole (device, seq)
    index to avoid a sort."""
    since = _sequenced(db, schema)
    for device in stale_devices(db, schema):
        resummarise_device(db, device, schema)
    newest = int(db.execute(f"SELECT coalesce(max(rowid), 0) FROM {schema}.records").fetchone()[0])
    if newest <= since:
        return 0
    m = DIGEST_MODULUS
    db.execute(
        f"""
        INSERT INTO {schema}.sequences (device, record_count, first_seq, last_seq, digest)
        WITH added AS MATERIALIZED (
            SELECT device, seq, hash FROM {schema}.records WHERE rowid > :since
        )
        SELECT device, count(*), min(seq), max(seq), sum({digest_sql()}) % {m}
        FROM added GROUP BY device
        ON CONFLICT (device) DO UPDATE SET
            record_count = record_count + excluded.record_count,
            first_seq = min(first_seq, excluded.first_seq),
            last_seq = max(last_seq, excluded.last_seq),
            digest = (digest + excluded.digest) % {m}
        """,
        {"since": since},
    )
    db.execute(
        f"INSERT INTO {schema}.meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [SEQUENCED_KEY, str(newest)],
    )
    return newest - since


def fold_added(
    db: driver.Connection,
    added: dict[str, SequenceSummary],
    *,
    newest_before: int,
    schema: str = "main",
) -> None:
    """Fold records just added, whose summaries the caller counted as it checked them (sync:
    records the file did not hold), by arithmetic instead of reading them again. Only when the
    summaries were current up to `newest_before`, the largest rowid before the records were
    added; otherwise (or with deleted records to recount) they are folded from the table."""
    if _sequenced(db, schema) != newest_before or stale_devices(db, schema):
        update_sequences(db, schema)
        return
    m = DIGEST_MODULUS
    db.executemany(
        f"""
        INSERT INTO {schema}.sequences (device, record_count, first_seq, last_seq, digest)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (device) DO UPDATE SET
            record_count = record_count + excluded.record_count,
            first_seq = min(first_seq, excluded.first_seq),
            last_seq = max(last_seq, excluded.last_seq),
            digest = (digest + excluded.digest) % {m}
        """,
        [(d, s.records, s.first, s.last, s.digest) for d, s in sorted(added.items())],
    )
    db.execute(
        f"INSERT INTO {schema}.meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [SEQUENCED_KEY, str(newest_rowid(db, schema))],
    )


def newest_rowid(db: driver.Connection, schema: str = "main") -> int:
    return int(db.execute(f"SELECT coalesce(max(rowid), 0) FROM {schema}.records").fetchone()[0])


@dataclass(frozen=True)
class SequenceSummary:
    """What a file holds of one device's records."""

    records: int
    first: int
    last: int
    digest: int

    @property
    def missing(self) -> int:
        """How many sequence numbers between 1 and the last are absent (0: no gap)."""
        return self.last - self.records

    @property
    def complete(self) -> bool:
        """True when the file holds exactly the device's records 1..last."""
        return self.first == 1 and self.records == self.last

    def __add__(self, other: SequenceSummary) -> SequenceSummary:
        """The summary of the union of two disjoint sets of records of one device."""
        return SequenceSummary(
            self.records + other.records,
            min(self.first, other.first),
            max(self.last, other.last),
            (self.digest + other.digest) % DIGEST_MODULUS,
        )


def read_sequences(db: driver.Connection, schema: str = "main") -> dict[str, SequenceSummary]:
    rows = db.execute(
        f"SELECT device, record_count, first_seq, last_seq, digest FROM {schema}.sequences"
    ).fetchall()
    return {str(d): SequenceSummary(int(n), int(f), int(la), int(g)) for d, n, f, la, g in rows}


def count_device(
    db: driver.Connection, device: str, schema: str = "main", *, up_to_rowid: int | None = None
) -> SequenceSummary | None:
    """One device's summary counted from the records themselves, not from the table (a scan
    of the device's records: for a reset, a recount and an error's details, never a sync)."""
    bound = "" if up_to_rowid is None else f" AND rowid <= {int(up_to_rowid)}"
    row = db.execute(
        f"SELECT count(*), min(seq), max(seq), sum({digest_sql()}) % {DIGEST_MODULUS} "
        f"FROM {schema}.records WHERE device = ?{bound}",
        [device],
    ).fetchone()
    if not row or not row[0]:
        return None
    return SequenceSummary(int(row[0]), int(row[1]), int(row[2]), int(row[3]))


def resummarise_device(db: driver.Connection, device: str, schema: str = "main") -> None:
    """Rewrite one device's summary from its records already folded in (after some of them
    were deleted); the records after the watermark are folded by `update_sequences` as usual."""
    db.execute(f"DELETE FROM {schema}.sequences WHERE device = ?", [device])
    db.execute(f"DELETE FROM {schema}.{STALE_TABLE} WHERE device = ?", [device])
    summary = count_device(db, device, schema, up_to_rowid=_sequenced(db, schema))
    if summary is not None:
        db.execute(
            f"INSERT INTO {schema}.sequences (device, record_count, first_seq, last_seq, digest) "
            "VALUES (?, ?, ?, ?, ?)",
            [device, summary.records, summary.first, summary.last, summary.digest],
        )
