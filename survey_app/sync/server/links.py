"""The chain links of the server's records a laptop's role may not read.

Row-level security shows a laptop's role only the records of its compounds, its own and those
naming no compound (schema.py, migration 3). The receive still checks each device's chain
whole, as against a central file: of every other record the plan covers, the server gives
the role only its link (device, number, hash, the previous record's hash, signature: no
content, no compound) through `survey_hidden_links`, a function of the admin's. They are
staged in the connection's `temp.sync_links` (union.LINKS_TABLE), where the chain check of
the records offered finds a predecessor it cannot read, and checked here:

- each link follows its device's record before it (read, held or itself a link), as any
  record offered must (union's chain rule);
- a signed link carries its device's signature over the hash it states; a record that is read
  and followed by a link carries its own (its successor's hash, not recomputed, does not vouch
  for it), so every record kept is vouched for by its device's key;
- a record this laptop holds under a link's number has the link's hash.

The laptop keeps only what it reads; its watermarks move over the links (sync/scope.py)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from survey_app.core.errors import IntegrityError
from survey_app.core.keys import signature_is_valid
from survey_app.store import driver
from survey_app.store.assignments import Scope
from survey_app.store.trust import declared_keys
from survey_app.sync import union
from survey_app.sync.plan import Transfer

LINKS = f"temp.{union.LINKS_TABLE}"


def granted(pg: Any) -> Scope:
    """The compounds the server lets this role read (None: every one)."""
    sees_all, compounds = pg.execute("SELECT survey_sees_all(), survey_compounds()").fetchone()
    if sees_all:
        return None
    return frozenset(str(c) for c in compounds or ())


def clear(db: driver.Connection) -> None:
    db.execute(f"DELETE FROM {LINKS}")


def stage(pg: Any, db: driver.Connection, plan: Sequence[Transfer]) -> int:
    """The links of the records `plan` covers (and of the one before them) the role may not
    read; returns how many."""
    if not plan:
        return 0
    rows = pg.execute(
        "SELECT device, seq, hash, prev, signature FROM survey_hidden_links(%s, %s, %s)",
        [[t.device for t in plan], [t.after for t in plan], [t.full for t in plan]],
    )
    before = db.total_changes
    db.executemany(
        f"INSERT OR IGNORE INTO {LINKS} (device, seq, hash, prev, signature) "
        "VALUES (?, ?, ?, ?, ?)",
        rows,
    )
    return int(db.total_changes - before)


def _label(digest: str) -> str:
    """How a record known only by its link is named in a message (its id is not shown)."""
    return f"#{str(digest)[:12]}"


def check(db: driver.Connection, source: str, files: dict[str, Path]) -> None:
    """Stop the receive (nothing written yet) when a link the plan offers is off its chain,
    not signed by its device, or differs from the record held under its number; and when a
    record read, followed by a link, is not signed by its device."""
    offered = (
        f"FROM temp.sync_plan p CROSS JOIN {LINKS} r ON r.device = p.device AND r.seq > p.after_seq"
    )
    broken = db.execute(
        f"SELECT r.device, r.seq, r.hash {offered} "
        f"WHERE {union.chain_broken_sql(source, 'main')} ORDER BY r.device, r.seq LIMIT 1"
    ).fetchone()
    if broken:
        _stop(db, True, _label(broken[2]), str(broken[0]), int(broken[1]),
              files[source], files)  # fmt: skip
    keys = declared_keys(db, "main") | declared_keys(db, source)
    signed = db.execute(
        f"SELECT r.device, r.seq, r.hash, r.signature, NULL {offered} WHERE r.prev IS NOT NULL "
        f"UNION ALL SELECT x.device, x.seq, x.hash, x.signature, x.id {offered} "
        f"JOIN {source}.records x ON x.device = r.device AND x.seq = r.seq - 1 "
        "WHERE x.prev IS NOT NULL"
    )
    for device, seq, digest, signature, record in signed.fetchall():
        if not signature_is_valid(keys.get(str(device), ""), str(digest), signature):
            name = record if record is not None else _label(digest)
            _stop(db, False, str(name), str(device), int(seq), files[source], files)
    clash = db.execute(
        f"SELECT a.id, a.device, a.seq, r.hash {offered} "
        "JOIN main.records a ON a.device = r.device AND a.seq = r.seq WHERE a.hash IS NOT r.hash "
        "LIMIT 1"
    ).fetchone()
    if clash:
        record, device, seq, digest = clash
        raise IntegrityError(
            code="sequence_reused", record=str(record), other_record=_label(digest),
            device=str(device), name=union.device_name(db, tuple(files), str(device)),
            seq=int(seq), other=str(files["main"]), file=str(files[source]),
        )  # fmt: skip


def _stop(
    db: driver.Connection, broken_chain: bool, record: str, device: str, seq: int, file: Path,
    files: dict[str, Path],
) -> None:  # fmt: skip
    """A link that does not follow its predecessor, or (`broken_chain` False) whose signature
    is not its device's over the hash it states."""
    code = "broken_chain" if broken_chain else "bad_signature"
    raise IntegrityError(
        code=code, record=record, device=device, name=union.device_name(db, tuple(files), device),
        seq=seq, file=str(file),
    )  # fmt: skip
