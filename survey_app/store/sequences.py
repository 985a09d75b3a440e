"""Per-device summaries of the record log: count, sequence range and a digest of the hashes.

Sync compares these small tables instead of the records: equal summaries mean the same records
of that device (a divergence slips through with odds of 2^-32), and a count that does not fill
its sequence range shows a gap. Kept up to date set-based over new rowids, like the projections,
so a file never needs a full scan to know what it holds.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

SEQUENCED_KEY = "sequenced_rowid"
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


def create_sequences_table(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS sequences (device TEXT PRIMARY KEY, "
        "record_count INTEGER NOT NULL, first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL, "
        "digest INTEGER NOT NULL)"
    )


def update_sequences(db: sqlite3.Connection, schema: str = "main") -> int:
    """Fold the records added since the last call into the summaries; returns how many."""
    row = db.execute(f"SELECT value FROM {schema}.meta WHERE key = ?", [SEQUENCED_KEY]).fetchone()
    since = int(row[0]) if row else 0
    newest = int(db.execute(f"SELECT coalesce(max(rowid), 0) FROM {schema}.records").fetchone()[0])
    if newest <= since:
        return 0
    m = DIGEST_MODULUS
    db.execute(
        f"""
        INSERT INTO {schema}.sequences (device, record_count, first_seq, last_seq, digest)
        SELECT device, count(*), min(seq), max(seq), sum({digest_sql()}) % {m}
        FROM {schema}.records WHERE rowid > :since GROUP BY device
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


def read_sequences(db: sqlite3.Connection, schema: str = "main") -> dict[str, SequenceSummary]:
    rows = db.execute(
        f"SELECT device, record_count, first_seq, last_seq, digest FROM {schema}.sequences"
    ).fetchall()
    return {str(d): SequenceSummary(int(n), int(f), int(la), int(g)) for d, n, f, la, g in rows}
