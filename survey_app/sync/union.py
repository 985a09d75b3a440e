"""The set-based SQL of a union of records between two schemas of one connection
(`main` and an attached file): what the plan offers, the integrity checks, the insert."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass

from survey_app.core.keys import signature_is_valid
from survey_app.core.records import content_hash
from survey_app.store import driver
from survey_app.store.sequences import DIGEST_MODULUS, SequenceSummary, digest_sql
from survey_app.sync.plan import Transfer

COLUMNS = "id, kind, device, seq, created_at, payload, hash, prev, signature"
LINKS_TABLE = "sync_links"
"""A temporary table of the chain links (device, seq, hash, prev, signature) of records the
other side holds but does not show this connection (a server's records of the compounds a
laptop's role may not read: sync/server/links.py); empty in a sync between files."""
HASH_FUNCTION = "survey_record_hash"
SHA256_FUNCTION = "survey_sha256"


def record_hash(
    id: str, kind: str, device: str, seq: object, created_at: str, payload: str, prev: object
) -> str:
    """The core content hash, as SQLite hands the columns over (a damaged row may hold text
    where a number belongs: it then simply fails to match)."""
    return content_hash(
        id=str(id), kind=str(kind), device=str(device), seq=seq,  # type: ignore[arg-type]
        created_at=str(created_at), payload=str(payload), prev=None if prev is None else str(prev),
    )  # fmt: skip


_sha256 = hashlib.sha256


def _sha256_hex(data: bytes) -> str:
    return _sha256(data).hexdigest()


_HASHED_TEXT = "concat_ws(char(10), r.id, r.kind, r.device, r.seq, r.created_at, r.prev, r.payload)"
"""The core's text, one field per line, in one string built once (concat_ws leaves out a NULL
`prev`, as the core does; chained `||` built and copied a longer string at each field)."""
_WELL_TYPED = (
    "typeof(r.id) = 'text' AND typeof(r.kind) = 'text' AND typeof(r.device) = 'text' "
    "AND typeof(r.seq) = 'integer' AND typeof(r.created_at) = 'text' "
    "AND typeof(r.payload) = 'text' AND typeof(r.prev) IN ('text', 'null')"
)
HASH_MATCHES = (
    f"r.hash IS iif({_WELL_TYPED}, {SHA256_FUNCTION}(CAST({_HASHED_TEXT} AS BLOB)), NULL)"
)
"""core.records.content_hash of `r`, its text joined in SQL (as UTF-8 bytes: no text crosses
into Python and back) and hashed by one call: a row
whose columns are of the types a record's are (the app writes no other) hashes as the core
does; any other counts as failing, and the core's own function (`bad_hash`) then decides."""


def prepare_connection(db: driver.Connection) -> None:
    db.create_function(HASH_FUNCTION, 7, record_hash, deterministic=True)
    db.create_function(SHA256_FUNCTION, 1, _sha256_hex, deterministic=True)
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS sync_plan "
        "(device TEXT PRIMARY KEY, after_seq INTEGER NOT NULL, full INTEGER NOT NULL)"
    )
    db.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {LINKS_TABLE} (device TEXT NOT NULL, seq INTEGER NOT "
        "NULL, hash TEXT NOT NULL, prev TEXT, signature TEXT, PRIMARY KEY (device, seq))"
    )


def load_plan(db: driver.Connection, plan: list[Transfer]) -> None:
    db.execute("DELETE FROM temp.sync_plan")
    db.executemany(
        "INSERT INTO temp.sync_plan (device, after_seq, full) VALUES (?, ?, ?)",
        [(t.device, t.after, int(t.full)) for t in plan],
    )


def _offered(source: str) -> str:
    # CROSS JOIN fixes the loop order: plan outside, records by their (device, seq) index inside,
    # so a check never evaluates (or hashes) a record the plan does not offer.
    return (
        f"FROM temp.sync_plan p CROSS JOIN {source}.records r "
        "ON r.device = p.device AND r.seq > p.after_seq"
    )


def _new(source: str, target: str) -> str:
    return (
        _offered(source)
        + f" WHERE (p.full = 0 OR NOT EXISTS (SELECT 1 FROM {target}.records x WHERE x.id = r.id))"
    )


@dataclass(frozen=True)
class Offender:
    """A record that stops the sync, and the record of the other file it collides with."""

    id: str
    device: str
    seq: int
    other_id: str | None = None


def bad_hash(db: driver.Connection, source: str) -> Offender | None:
    row = db.execute(
        f"SELECT r.id, r.device, r.seq {_offered(source)} WHERE r.hash IS NOT "
        f"{HASH_FUNCTION}(r.id, r.kind, r.device, r.seq, r.created_at, r.payload, r.prev) LIMIT 1"
    ).fetchone()
    return Offender(str(row[0]), str(row[1]), int(row[2])) if row else None


def _predecessor(schema: str, column: str) -> str:
    return (
        f"(SELECT q.{column} FROM {schema}.records q "
        "WHERE q.device = r.device AND q.seq = r.seq - 1)"
    )


def broken_chain(db: driver.Connection, source: str, target: str) -> Offender | None:
    """The first record offered that is not linked to its device's previous record (see
    `_chain_broken`); the record before is named (`other_id`) when known."""
    row = db.execute(
        f"SELECT r.id, r.device, r.seq {_offered(source)} WHERE {_chain_broken(source, target)} "
        "ORDER BY r.device, r.seq LIMIT 1"
    ).fetchone()
    return Offender(str(row[0]), str(row[1]), int(row[2])) if row else None


@dataclass(frozen=True)
class Survey:
    """What one pass over the records offered found: per device their summary and the number
    of its newest signed record, and how many fail their hash or their chain."""

    summaries: dict[str, SequenceSummary]
    newest_signed: dict[str, int]
    bad_hashes: int
    broken_links: int


def chain_broken_sql(source: str, target: str) -> str:
    """The condition `_chain_broken` on a row `r` (of the records offered, or of the links)."""
    return _chain_broken(source, target)


def _chain_broken(source: str, target: str) -> str:
    """Whether the offered record `r` is not linked to its device's previous record (in either
    file, or only its link when the source shows no more of it): a signed one whose `prev` is
    not that record's hash, or one without a signature after its device began signing."""

    def linked(column: str) -> str:
        return (
            f"(SELECT q.{column} FROM temp.{LINKS_TABLE} q "
            "WHERE q.device = r.device AND q.seq = r.seq - 1)"
        )

    before = (
        f"coalesce({_predecessor(source, 'hash')}, {_predecessor(target, 'hash')}, "
        f"{linked('hash')})"
    )
    signed_before = (
        f"coalesce({_predecessor(source, 'prev')}, {_predecessor(target, 'prev')}, "
        f"{linked('prev')}) IS NOT NULL"
    )
    return (
        f"((r.prev IS NOT NULL AND r.prev IS NOT (CASE WHEN r.seq = 1 THEN '' ELSE {before} END))"
        f" OR (r.prev IS NULL AND (r.signature IS NOT NULL OR {signed_before})))"
    )


_HASHED_BYTES = f"iif({_WELL_TYPED}, CAST({_HASHED_TEXT} AS BLOB), NULL)"
SURVEY_FUNCTION = "survey_offered_record"


class _DevicePass:
    """One device's records offered, in the order of its (device, seq) index: each hash
    recomputed from the bytes SQL joined, each link compared with the record before it (the
    one read just before, or for the first the record the files hold under the number before).
    Anything it cannot decide so (a number out of turn, a row of the wrong types, an error in
    the function) counts as `unsure`, and the caller checks the careful way."""

    def __init__(self, after: int, before: tuple[object, bool] | None) -> None:
        self.first = self.expected = after + 1
        self.before_hash, self.signed_before = before if before else (None, False)
        self.digest = self.newest_signed = self.bad = self.broken = 0
        self.unsure = False

    @property
    def records(self) -> int:
        """The records judged: each one advanced `expected` by one, from the first offered."""
        return self.expected - self.first

    def step(self, seq: object, digest: object, prev: object, signed: int, text: object) -> int:
        # Called once per record, so it does no more than it must: `text` is bytes only for a
        # row of a record's types (the SQL's typeof test), so a number out of turn stops here
        # and any other row (`text` NULL) raises in the hash and counts as unsure.
        try:
            if seq != self.expected:
                self.unsure = True
                return 0
            if _sha256(text).hexdigest() == digest:  # type: ignore[arg-type]
                self.digest += int(digest[:8], 16)
            else:
                self.bad += 1
            if prev is None:
                self.broken += signed or self.signed_before
                self.signed_before = False
            else:
                if prev != ("" if seq == 1 else self.before_hash):
                    self.broken += 1
                self.newest_signed = seq
                self.signed_before = True
            self.expected = seq + 1
            self.before_hash = digest
        except Exception:  # a forged row of strange values: the careful checks decide
            self.unsure = True
        return 0


def _record_before(
    db: driver.Connection, source: str, target: str, device: str, seq: int
) -> tuple[object, bool] | None:
    """The hash of the record numbered `seq` (the source's copy first, as `_chain_broken`
    takes it) and whether it, or the other file's copy, is signed."""
    copies = [
        db.execute(
            f"SELECT hash, prev FROM {schema}.records WHERE device = ? AND seq = ?", [device, seq]
        ).fetchone()
        for schema in (source, target)
    ]
    found = [c for c in copies if c is not None]
    if not found:
        return None
    digest = next((c[0] for c in found if c[0] is not None), None)
    return digest, any(c[1] is not None for c in found)


OfferedPlan = list[tuple[str, int, tuple[object, bool] | None]]
"""Per device offered: the number after which its records are offered, and the record before."""


def offered_plan(db: driver.Connection, source: str, target: str) -> OfferedPlan:
    rows = db.execute("SELECT device, after_seq FROM temp.sync_plan ORDER BY device").fetchall()
    return [
        (str(d), int(a), _record_before(db, source, target, str(d), int(a)) if a else None)
        for d, a in rows
    ]


def survey_offered(db: driver.Connection, source: str, target: str) -> Survey:
    """One pass over the records the plan offers (none of them `full`), device by device: each
    one's hash recomputed and its link to the record before it checked, counted and digested
    by one function call per record (the text joined in SQL), by the rules with which
    `bad_hash` and `broken_chain` name the first offender. A device whose records the pass
    could not judge in order counts one broken link, so the caller checks the careful way."""
    return survey_plan(db, source, offered_plan(db, source, target))


def survey_plan(db: driver.Connection, source: str, plan: OfferedPlan) -> Survey:
    """`survey_offered` on a plan read before, on any connection that has `source`."""
    summaries, signed, bad, broken = {}, {}, 0, 0
    sql = (
        f"SELECT sum({SURVEY_FUNCTION}(r.seq, r.hash, r.prev, r.signature IS NOT NULL, "
        f"{_HASHED_BYTES})) FROM {source}.records r WHERE r.device = ? AND r.seq > ?"
    )
    for device, after, before in plan:
        survey = _DevicePass(after, before)
        db.create_function(SURVEY_FUNCTION, 5, survey.step)
        db.execute(sql, [device, after]).fetchone()
        if not survey.records and not survey.unsure:
            continue
        summaries[device] = SequenceSummary(
            survey.records, after + 1, after + survey.records, survey.digest % DIGEST_MODULUS
        )
        if survey.newest_signed:
            signed[device] = survey.newest_signed
        bad += survey.bad
        broken += survey.broken + survey.unsure
    return Survey(summaries, signed, bad, broken)


UNJUDGED = Survey({}, {}, 0, 1)
"""What a pass that could not run reports: the caller then checks the careful way."""


class PassBeside:
    """`survey_plan` run on a connection of its own in a thread of its own, beside the insert
    of the same records on the caller's connection: SQLite leaves Python's lock while it
    inserts, so the pass's calls run on the other core meanwhile. Only for a file that nothing
    can write meanwhile (the caller holds its write lock), so both connections read the same
    records; any failure to open or read it is an unjudged pass."""

    def __init__(self, connect: Callable[[], driver.Connection], plan: OfferedPlan) -> None:
        self._connect, self._plan = connect, plan
        self._survey = UNJUDGED
        self._thread = threading.Thread(target=self._run, name="sync-pass", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            db = self._connect()
        except Exception:
            return
        try:
            self._survey = survey_plan(db, "main", self._plan)
        except Exception:
            self._survey = UNJUDGED
        finally:
            db.close()

    def result(self) -> Survey:
        self._thread.join()
        return self._survey


def heads_of(
    db: driver.Connection, source: str, newest_signed: dict[str, int]
) -> list[tuple[str, str, int, str, str]]:
    """The records `chain_heads` returns, read by their numbers (from `survey_offered`)."""
    heads = []
    for device, seq in sorted(newest_signed.items()):
        row = db.execute(
            f"SELECT id, hash, signature FROM {source}.records WHERE device = ? AND seq = ?",
            [device, seq],
        ).fetchone()
        heads.append((str(row[0]), device, seq, str(row[1]), str(row[2] or "")))
    return heads


def insert_offered(db: driver.Connection, source: str, target: str) -> int:
    """Add every record offered, none of which `target` may hold: a record whose id or
    (device, seq) it holds already fails the insert (the table's unique keys), and the caller
    then looks for the clash."""
    cursor = db.execute(
        f"INSERT INTO {target}.records ({COLUMNS}) "
        f"SELECT r.id, r.kind, r.device, r.seq, r.created_at, r.payload, r.hash, r.prev, "
        f"r.signature {_offered(source)}"
    )
    return int(cursor.rowcount)


def chain_heads(db: driver.Connection, source: str) -> list[tuple[str, str, int, str, str]]:
    """Per device offered, its newest signed record (id, device, seq, hash, signature): with
    the chain checked, its signature vouches for every record before it."""
    rows = db.execute(
        f"SELECT r.id, r.device, max(r.seq), r.hash, r.signature {_offered(source)} "
        "WHERE r.prev IS NOT NULL GROUP BY r.device"
    ).fetchall()
    return [(str(i), str(d), int(s), str(h), str(g or "")) for i, d, s, h, g in rows]


def known_id_differs(db: driver.Connection, source: str, target: str) -> Offender | None:
    row = db.execute(
        f"SELECT r.id, r.device, r.seq, x.id {_offered(source)} "
        f"JOIN {target}.records x ON x.id = r.id "
        "WHERE (x.kind, x.device, x.seq, x.created_at, x.payload, x.hash) "
        "IS NOT (r.kind, r.device, r.seq, r.created_at, r.payload, r.hash) LIMIT 1"
    ).fetchone()
    return Offender(str(row[0]), str(row[1]), int(row[2]), str(row[3])) if row else None


def seq_taken(db: driver.Connection, source: str, target: str) -> Offender | None:
    row = db.execute(
        f"SELECT r.id, r.device, r.seq, x.id {_offered(source)} "
        f"JOIN {target}.records x ON x.device = r.device AND x.seq = r.seq "
        "WHERE x.id != r.id LIMIT 1"
    ).fetchone()
    return Offender(str(row[0]), str(row[1]), int(row[2]), str(row[3])) if row else None


def insert_new(db: driver.Connection, source: str, target: str, only: str = "") -> int:
    """Add the records offered that `target` lacks (`only`: those of them this condition on
    `r` keeps, as sync/scope.py's)."""
    cursor = db.execute(
        f"INSERT OR IGNORE INTO {target}.records ({COLUMNS}) "
        f"SELECT r.id, r.kind, r.device, r.seq, r.created_at, r.payload, r.hash, r.prev, "
        "r.signature "
        f"{_new(source, target)}" + (f" AND ({only})" if only else "")
    )
    return int(cursor.rowcount)


def new_summaries(db: driver.Connection, source: str, target: str) -> dict[str, SequenceSummary]:
    """The per-device summaries of the records the plan would add to `target`."""
    rows = db.execute(
        f"SELECT r.device, count(*), min(r.seq), max(r.seq), "
        f"sum({digest_sql('r.hash')}) % {DIGEST_MODULUS} {_new(source, target)} GROUP BY r.device"
    ).fetchall()
    return {str(d): SequenceSummary(int(n), int(f), int(la), int(g)) for d, n, f, la, g in rows}


def divergence(db: driver.Connection, left: str, right: str, device: str) -> Offender | None:
    """Why a device's records differ between two files that should hold the same ones."""
    for sql in (
        f"SELECT a.id, a.device, a.seq, b.id FROM {left}.records a JOIN {right}.records b "
        "ON b.device = a.device AND b.seq = a.seq WHERE a.device = :d AND a.id != b.id LIMIT 1",
        f"SELECT a.id, a.device, a.seq, b.id FROM {left}.records a JOIN {right}.records b "
        "ON b.id = a.id WHERE (a.device = :d OR b.device = :d) "
        "AND (a.kind, a.device, a.seq, a.created_at, a.payload, a.hash) "
        "IS NOT (b.kind, b.device, b.seq, b.created_at, b.payload, b.hash) LIMIT 1",
    ):
        row = db.execute(sql, {"d": device}).fetchone()
        if row:
            return Offender(str(row[0]), str(row[1]), int(row[2]), str(row[3]))
    return None


def device_name(db: driver.Connection, schemas: tuple[str, ...], device: str) -> str:
    for schema in schemas:
        row = db.execute(f"SELECT name FROM {schema}.devices WHERE id = ?", [device]).fetchone()
        if row and row[0]:
            return f"{row[0]}({device})"
    return device


def own_copies_differ(
    db: driver.Connection, source: str, target: str, device: str
) -> Offender | None:
    """A record of `device` (the laptop's own) that `target` holds with other content: a
    record edited in place in the central file, which the laptop that wrote it can tell. The
    loop walks `target`'s copies (never more than the laptop's own records, and none at its
    first send), each looked up in `source`, in the same order of numbers."""
    row = db.execute(
        f"SELECT a.id, a.device, a.seq, b.id FROM {target}.records b CROSS JOIN "
        f"{source}.records a ON a.device = b.device AND a.seq = b.seq WHERE b.device = ? "
        "AND (a.id, a.kind, a.created_at, a.payload, a.hash, a.prev) "
        "IS NOT (b.id, b.kind, b.created_at, b.payload, b.hash, b.prev) LIMIT 1",
        [device],
    ).fetchone()
    return Offender(str(row[0]), str(row[1]), int(row[2]), str(row[3])) if row else None


def held_copy_differs(db: driver.Connection, held: str, other: str) -> Offender | None:
    """A record `held` has that `other` holds, under its number, with other content: what a
    laptop holding part of each device's records compares instead of summaries."""
    row = db.execute(
        f"SELECT a.id, a.device, a.seq, b.id FROM {held}.records a JOIN {other}.records b "
        "ON b.device = a.device AND b.seq = a.seq "
        "WHERE (a.id, a.kind, a.created_at, a.payload, a.hash, a.prev) "
        "IS NOT (b.id, b.kind, b.created_at, b.payload, b.hash, b.prev) LIMIT 1"
    ).fetchone()
    return Offender(str(row[0]), str(row[1]), int(row[2]), str(row[3])) if row else None


def is_genuine(db: driver.Connection, schema: str, record: str, keys: dict[str, str]) -> bool:
    """Whether a file's copy of a record has its hash and its device's signature."""
    row = db.execute(
        f"SELECT id, kind, device, seq, created_at, payload, hash, prev, signature "
        f"FROM {schema}.records WHERE id = ?",
        [record],
    ).fetchone()
    if row is None or row[7] is None:
        return False
    rid, kind, device, seq, created_at, payload, digest, prev, signature = row
    if record_hash(rid, kind, device, seq, created_at, payload, prev) != digest:
        return False
    return signature_is_valid(keys.get(str(device), ""), str(digest), signature)
