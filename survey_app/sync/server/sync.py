"""Sync with a PostgreSQL server: the union of sync/central.py, both ways, with the server as
the central. Each direction is one server transaction:

1. send: under the server's advisory lock (so concurrent syncs take turns), the server's
   summaries and the records the laptop's new ones touch are staged (server/staging.py) and
   checked by the file sync's own checks; the new records and their personal rows are then
   copied in (COPY into a temporary table, INSERT under row-level security), and the server's
   summaries must then be what was expected, or the transaction is rolled back (a record the
   row-level security refuses, of a compound not the role's or not its household's, is named:
   nothing is sent, the laptop's file keeps it);
2. receive: in one REPEATABLE READ snapshot, what the laptop lacks is staged, checked and taken
   as from a central file (scoped receive included: of the records its role may not read,
   only their chain links are staged and checked, server/links.py), in one transaction of
   the laptop's file; a laptop's role then notes in the same server transaction the compounds
   it was served (the rows a laptop's role inserts later are checked against them, schema.py
   migration 5), so only the admin's receive is READ ONLY.

A killed client or a dropped connection leaves the server as before or after (PostgreSQL
rolls back an unfinished transaction) and the laptop's file likewise (SQLite).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from survey_app.core.errors import IntegrityError, RefusedAction, SurveyAppError
from survey_app.store import driver
from survey_app.store.assignments import Scope, assignments_in_force, held_scope
from survey_app.store.database import Store
from survey_app.store.personal import checkpoint_after_erasure, forget_orphans
from survey_app.store.projection import mark_trust_stale
from survey_app.store.sequences import (
    DIGEST_MODULUS,
    SequenceSummary,
    digest_sql,
    read_sequences,
    update_sequences,
)
from survey_app.store.trust import AUTHORITY_KEY, OFFICE, compute_trust
from survey_app.sync import own_records, personal_rows, scope, union
from survey_app.sync.central import (
    SyncReport,
    _check,
    _collision,
    _diverged,
    _gaps,
    _insert,
    _take,
    _take_all,
)
from survey_app.sync.plan import Transfer, diverging_devices, transfer_plan, union_summaries
from survey_app.sync.server import links, staging
from survey_app.sync.server.connection import connect_ready, display_name, is_admin, server_error
from survey_app.sync.server.schema import LOCK_KEY

SERVER = "server"
"""The staging schema of the send (the server as the target of the checks)."""
CENTRAL = "central"
"""The staging schema of the receive (named as the file sync names the central file)."""
_RECORD_COLUMNS = union.COLUMNS


def sync_with_server(
    *, store: Store, url: str, receive: bool = True, password: str | None = None
) -> SyncReport:
    """`sync_with_central` with a server: the same report, the same guarantees."""
    import psycopg

    from survey_app.sync.conflicts import current_conflict_count

    with store.transaction():
        pass  # brings this laptop's tables and summaries up to date
    label = cast(Path, display_name(url))  # the server's name stands where a file's would
    pg = connect_ready(url, password=password)
    report = SyncReport()
    try:
        admin = is_admin(pg)
        report.sent = _send(pg, store, label, admin=admin)
        if receive:
            held = own_records.own_records(store.db, store.device_id)
            report.received, report.removed, there = _receive(pg, store, label)
            report.recovered_own = own_records.own_records(store.db, store.device_id) - held
            if admin and _is_office(store):  # what the other offices decided, received now
                _refresh_rights_after_receive(pg, store)
        else:
            there = server_summaries(pg)
        verify_all_sent(pg, store, label)
    except SurveyAppError:
        raise
    except psycopg.Error as error:
        raise server_error(url, error) from error
    finally:
        pg.close()
    report.central_records = sum(s.records for s in there.values())
    report.conflicts = current_conflict_count(store=store)
    summaries = read_sequences(store.db)
    if held_scope(store.db) is not None:
        summaries = {d: s for d, s in summaries.items() if d == store.device_id}
    report.gaps = _gaps(store.db, summaries)
    checkpoint_after_erasure(store.db)
    return report


def _refresh_rights_after_receive(pg: Any, store: Store) -> None:
    """The rights again, from what the office's file now holds: in a city, a street office's
    enrolments and assignments reach the server's rights at the city's next sync, not the
    one after (the send refreshed them from what the file held before it received)."""
    with pg.transaction():
        pg.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        refresh_rights(pg, store.db, store.device_id)


def server_summaries(pg: Any) -> dict[str, SequenceSummary]:
    rows = pg.execute(
        "SELECT device, record_count, first_seq, last_seq, digest FROM sequences"
    ).fetchall()
    return {str(d): SequenceSummary(int(n), int(f), int(la), int(g)) for d, n, f, la, g in rows}


def server_authority(pg: Any) -> str:
    row = pg.execute("SELECT value FROM meta WHERE key = %s", [AUTHORITY_KEY]).fetchone()
    return str(row[0]) if row and row[0] else ""


def _send(pg: Any, store: Store, label: Path, *, admin: bool) -> int:
    db = store.db
    files = {"main": store.path, SERVER: label}
    union.prepare_connection(db)
    staging.attach(db, SERVER)
    try:
        with pg.transaction():
            pg.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            if not admin:
                pg.execute("SELECT survey_claim_device(%s, %s)",
                           [store.device_id, store.signing_key.public_key])  # fmt: skip
            db.execute("BEGIN")  # the laptop's file is only read; the staging is thrown away
            try:
                return _send_staged(pg, store, files, admin=admin)
            finally:
                db.execute("ROLLBACK")
    finally:
        staging.detach(db, SERVER)


def _send_staged(pg: Any, store: Store, files: dict[str, Path], *, admin: bool) -> int:
    db, device = store.db, store.device_id
    there = server_summaries(pg)
    staging.put_summaries(db, SERVER, there)
    _agree_on_authority(pg, store, files[SERVER])
    here = read_sequences(db, "main")
    _stage_own_chain(pg, store, SERVER, here, there)
    own_records.check_identity(db, laptop="main", central=SERVER, device=device, files=files)
    if admin and _is_office(store):
        refresh_rights(pg, db, store.device_id)
    outgoing = transfer_plan(here, there)
    if not admin or _scoped(store):  # a laptop sends its own records only (the server's rule)
        outgoing = [t for t in outgoing if t.device == device]
    staging.stage_plan(pg, db, SERVER, [t for t in outgoing if t.device == device])
    if altered := union.own_copies_differ(db, "main", SERVER, device):
        _collision(db, altered, "main", SERVER, files)
    return push_plan(pg, db, files, there, outgoing)


def push_plan(
    pg: Any, db: driver.Connection, files: dict[str, Path],
    there: dict[str, SequenceSummary], outgoing: list[Transfer],
) -> int:  # fmt: skip
    """Stage what `outgoing` touches on the server, check the records offered from `main`
    against it as a file sync would, and insert the new ones (and their personal rows); the
    server's summaries must then be what they were plus what was added."""
    if not outgoing:
        return 0
    import psycopg

    union.load_plan(db, outgoing)
    staging.stage_plan(pg, db, SERVER, outgoing)
    staging.stage_erasures(pg, db, SERVER)
    _check(db, "main", SERVER, files)
    records_before, personal_before = _newest(db, "records"), _newest(db, "personal")
    sent = union.insert_new(db, "main", SERVER)
    personal_rows.copy_personal(db, "main", SERVER, files)
    added = _added_summaries(db, records_before)
    try:
        with pg.transaction():  # a savepoint
            _copy_in(pg, db, records_before, personal_before)
    except psycopg.errors.UniqueViolation:
        # an id the server holds under another device or number: stage those records instead
        # of the copies just added, and let the file sync's check name the collision (the
        # savepoint undid the insert)
        db.execute(f"DELETE FROM {SERVER}.records WHERE rowid > ?", [records_before])
        staging.stage_ids(pg, db, SERVER, _offered_ids(db))
        _check(db, "main", SERVER, files)
        raise
    except psycopg.errors.InsufficientPrivilege:
        _name_refused_compounds(pg, db, files[SERVER], records_before)
        raise
    expected = union_summaries({d: s for d, s in there.items() if d in added}, added)
    after = {d: s for d, s in server_summaries(pg).items() if d in added}
    for diverging in diverging_devices(expected, after):
        _diverged(db, "main", SERVER, diverging, files)
    return sent


def _name_refused_compounds(pg: Any, db: driver.Connection, label: Path, since: int) -> None:
    """The row-level security refused the insert (the savepoint undid it): when some of the
    records offered name a compound the server does not let this role write, or a household's
    compound it was never placed in (schema.py, migration 5), say which; the laptop's file was
    only read, so they are all still in it."""
    if is_admin(pg):
        return
    rows = db.execute(
        "SELECT id, device, seq, CAST(json_extract(payload, '$.compound') AS TEXT), kind, "
        f"CAST(json_extract(payload, '$.household') AS TEXT) FROM {SERVER}.records "
        "WHERE rowid > ? AND json_extract(payload, '$.compound') IS NOT NULL ORDER BY device, seq",
        [since],
    ).fetchall()
    if not rows:
        return
    columns = [[None if r[i] is None else int(r[i]) if i == 2 else str(r[i]) for r in rows]
               for i in range(6)]  # fmt: skip
    refused = pg.execute(
        "SELECT t.id, t.compound, t.household, survey_may_insert(t.device, t.seq, t.compound) "
        "FROM unnest(%s::text[], %s::text[], %s::bigint[], %s::text[], %s::text[], %s::text[]) "
        "WITH ORDINALITY AS t(id, device, seq, compound, kind, household, n) "
        "WHERE NOT (survey_may_insert(t.device, t.seq, t.compound) "
        "AND survey_placed(t.device, t.kind, t.household, t.compound)) ORDER BY t.n",
        columns,
    ).fetchall()
    if not refused:
        return
    device = str(rows[0][1])
    named = db.execute("SELECT name FROM main.devices WHERE id = ?", [device]).fetchone()
    name = str(named[0] if named else device)
    outside = [(record, compound) for record, compound, _, allowed in refused if not allowed]
    if outside:
        raise RefusedAction(
            code="server_refuses_compound", server=str(label), name=name,
            record=str(outside[0][0]), compound=str(outside[0][1]), count=len(outside),
            compounds="、".join(sorted({str(c) for _, c in outside})),
        )  # fmt: skip
    record, compound, household, _ = refused[0]
    raise RefusedAction(
        code="server_refuses_wrong_compound", server=str(label), name=name, record=str(record),
        compound=str(compound), household=str(household), count=len(refused),
    )  # fmt: skip


def _is_office(store: Store) -> bool:
    if store.fingerprint == store.authority:
        return True
    standing = compute_trust(store.db, store.device_id).get(store.device_id)
    return bool(standing and standing.role == OFFICE)


def _scoped(store: Store) -> bool:
    return held_scope(store.db) is not None or scope.assigned_here(store) is not None


def _agree_on_authority(pg: Any, store: Store, label: Path) -> None:
    theirs, mine = server_authority(pg), store.authority
    if theirs and mine and theirs != mine:
        raise RefusedAction(code="other_authority", file=str(label), mine=mine, theirs=theirs)
    if mine and not theirs:
        pg.execute("INSERT INTO meta (key, value) VALUES (%s, %s)", [AUTHORITY_KEY, mine])
    staging.put_meta(store.db, SERVER, {AUTHORITY_KEY: mine or theirs})


def _learn_authority(pg: Any, store: Store, label: Path) -> None:
    theirs = server_authority(pg)
    if theirs and store.authority and theirs != store.authority:
        raise RefusedAction(
            code="other_authority", file=str(label), mine=store.authority, theirs=theirs
        )
    if theirs and not store.authority:
        store.set_meta(AUTHORITY_KEY, theirs)
        mark_trust_stale(store.db)


def _stage_own_chain(
    pg: Any, store: Store, schema: str, here: dict[str, SequenceSummary],
    there: dict[str, SequenceSummary],
) -> None:  # fmt: skip
    """What own_records.check_identity reads: the server's record of this device at the last
    number both hold, and all of them when that one is not this laptop's."""
    device = store.device_id
    mine, theirs = here.get(device), there.get(device)
    if mine is None or theirs is None or mine == theirs:
        return
    last = min(mine.last, theirs.last)
    row = pg.execute(
        "SELECT hash, prev FROM records WHERE device = %s AND seq = %s", [device, last]
    ).fetchone()
    local = store.db.execute(
        "SELECT hash FROM main.records WHERE device = ? AND seq = ?", [device, last]
    ).fetchone()
    if row and local and row[0] == local[0] and row[1] is not None:
        staging.stage_plan(pg, store.db, schema, [Transfer(device, last)])
    else:
        staging.stage_device(pg, store.db, schema, device)


def _offered_ids(db: driver.Connection) -> list[str]:
    rows = db.execute(
        "SELECT r.id FROM temp.sync_plan p JOIN main.records r "
        "ON r.device = p.device AND r.seq > p.after_seq"
    )
    return [str(i) for (i,) in rows]


def _newest(db: driver.Connection, table: str) -> int:
    return int(db.execute(f"SELECT coalesce(max(rowid), 0) FROM {SERVER}.{table}").fetchone()[0])


def _added_summaries(db: driver.Connection, since: int) -> dict[str, SequenceSummary]:
    rows = db.execute(
        f"SELECT device, count(*), min(seq), max(seq), sum({digest_sql()}) % {DIGEST_MODULUS} "
        f"FROM {SERVER}.records WHERE rowid > ? GROUP BY device",
        [since],
    ).fetchall()
    return {str(d): SequenceSummary(int(n), int(f), int(la), int(g)) for d, n, f, la, g in rows}


def _copy_in(pg: Any, db: driver.Connection, records_since: int, personal_since: int) -> None:
    """COPY the staged new rows into temporary tables, then one INSERT each into the server's
    tables (row-level security checks an INSERT; it refuses COPY into a table it guards)."""
    pg.execute(
        "CREATE TEMP TABLE IF NOT EXISTS incoming_records (id text, kind text, device text, "
        "seq bigint, created_at text, payload text, hash text, prev text, signature text) "
        "ON COMMIT DELETE ROWS"
    )
    pg.execute(
        "CREATE TEMP TABLE IF NOT EXISTS incoming_personal (record_id text, salt text, "
        "fields text) ON COMMIT DELETE ROWS"
    )
    _copy_rows(pg, "incoming_records", db.execute(
        f"SELECT {_RECORD_COLUMNS} FROM {SERVER}.records WHERE rowid > ? ORDER BY device, seq",
        [records_since]))  # fmt: skip
    pg.execute(
        f"INSERT INTO records ({_RECORD_COLUMNS}) SELECT {_RECORD_COLUMNS} FROM incoming_records"
    )
    _copy_rows(pg, "incoming_personal", db.execute(
        f"SELECT record_id, salt, fields FROM {SERVER}.personal WHERE rowid > ?",
        [personal_since]))  # fmt: skip
    pg.execute(
        "INSERT INTO personal (record_id, salt, fields) SELECT record_id, salt, fields "
        "FROM incoming_personal ON CONFLICT (record_id) DO NOTHING"
    )


def _copy_rows(pg: Any, table: str, rows: driver.Cursor) -> None:
    with pg.cursor().copy(f"COPY {table} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def refresh_rights(pg: Any, db: driver.Connection, own: str | None) -> None:
    """The office's decisions, as its file counts them, in the server's own tables: which
    devices are the office's (their erasures apply on the server) and each enrolled laptop
    role's compounds."""
    trust = compute_trust(db, own)
    offices = sorted(d for d, s in trust.items() if s.role == OFFICE)
    pg.execute(
        "INSERT INTO office_devices (device) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
        [offices],
    )
    in_force = assignments_in_force(db, trust)
    for role, fingerprint in pg.execute("SELECT role, fingerprint FROM laptops").fetchall():
        compounds = in_force.get(str(fingerprint))
        value = None if compounds is None else sorted(compounds)
        pg.execute(
            "UPDATE laptops SET compounds = %s WHERE role = %s AND compounds IS DISTINCT FROM %s",
            [value, role, value],
        )
    pg.execute(
        "INSERT INTO erasures (record_id, household, created_at, records) "
        "SELECT id, payload::jsonb ->> 'household', created_at, "
        "coalesce(payload::jsonb -> 'records', '[]'::jsonb) FROM records "
        "WHERE kind = 'erasure' AND device IN (SELECT device FROM office_devices) "
        "ON CONFLICT DO NOTHING"
    )
    pg.execute(
        "DELETE FROM personal p USING records r, erasures e "
        "WHERE r.id = p.record_id AND survey_covers(e, r)"
    )


def _receive(pg: Any, store: Store, label: Path) -> tuple[int, int, dict[str, SequenceSummary]]:
    db = store.db
    files = {"main": store.path, CENTRAL: label}
    union.prepare_connection(db)
    staging.attach(db, CENTRAL)
    admin = is_admin(pg)
    try:
        with pg.transaction():
            only_reads = ", READ ONLY" if admin else ""  # a laptop's notes what it is served
            pg.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ" + only_reads)
            readable = None if admin else links.granted(pg)
            with store.transaction():
                received = _receive_staged(pg, store, files, readable)
                last = _own_last(db, store.device_id)
            if not admin:
                note_served(pg, last)
            return received
    finally:
        links.clear(db)
        staging.detach(db, CENTRAL)


def note_served(pg: Any, last: int) -> None:
    """The server notes the compounds it served this laptop's role, once the laptop's file
    holds them (its last number `last`): what it writes after them must be of those
    (schema.py, migration 5)."""
    pg.execute("SELECT survey_note_receive(%s::bigint)", [last])


def _own_last(db: driver.Connection, device: str) -> int:
    row = db.execute("SELECT max(seq) FROM main.records WHERE device = ?", [device]).fetchone()
    return int(row[0] or 0)


def _receive_staged(
    pg: Any, store: Store, files: dict[str, Path], readable: Scope
) -> tuple[int, int, dict[str, SequenceSummary]]:
    """sync/central.py's receive, the server's records staged as each step needs them; of
    those of the compounds this role may not read (`readable`), only their links (links.py)."""
    db = store.db
    there = server_summaries(pg)
    staging.put_summaries(db, CENTRAL, there)
    _learn_authority(pg, store, files[CENTRAL])
    here = read_sequences(db, "main")
    _stage_own_chain(pg, store, CENTRAL, here, there)
    own_records.check_identity(db, laptop="main", central=CENTRAL, device=store.device_id,
                               files=files)  # fmt: skip
    held = held_scope(db)
    incoming = transfer_plan(there, here) if held is None else scope.held_plan(db, there)
    _stage(pg, db, incoming, files, readable)
    received = _take(db, incoming, files, only=scope.GLOBAL)
    wanted = scope.assigned_here(store)
    if wanted is None and readable is None:
        if held is not None:  # given every compound again: the server's records whole
            staging.stage_plan(pg, db, CENTRAL, scope.rescan_plan(there))
        received += _take_all(db, incoming, there, files, widened=held is not None)
        return received, 0, there
    # a laptop of every compound the server does not yet let read them all takes those it may
    keep = cast(frozenset[str], readable if wanted is None else wanted)
    scope.load_scope(db, keep)
    rescan = held is not None and bool(keep - held)
    if rescan:
        _stage(pg, db, scope.rescan_plan(there), files, readable)
        union.load_plan(db, scope.rescan_plan(there))
        _check(db, CENTRAL, "main", files)
    received += _insert(db, CENTRAL, "main", files, only=scope.IN_SCOPE)
    removed = scope.drop_out_of_scope(db) if wanted is not None and wanted != held else 0
    if removed:
        forget_orphans(db)
    update_sequences(db, "main")
    if clash := union.held_copy_differs(db, "main", CENTRAL):
        _collision(db, clash, "main", CENTRAL, files)
    # what it could not read yet counts as not held: a later sync reads it once it may
    scope.remember(db, keep if readable is None else keep & readable, there, rescanned=rescan)
    return received, removed, there


def _stage(
    pg: Any, db: driver.Connection, plan: list[Transfer], files: dict[str, Path],
    readable: Scope,
) -> None:  # fmt: skip
    """The server's records `plan` covers that this role reads, and the links of the others
    (checked here; the records read are checked by the caller, against the links too)."""
    staging.stage_plan(pg, db, CENTRAL, plan)
    if readable is not None and links.stage(pg, db, plan):
        union.load_plan(db, plan)
        links.check(db, CENTRAL, files)


def verify_all_sent(pg: Any, store: Store, label: Path) -> None:
    """As own_records.verify_all_sent: every record of this laptop's device is on the server,
    or the sync fails saying how many are not."""
    device = store.device_id
    mine = read_sequences(store.db).get(device)
    if mine is None or server_summaries(pg).get(device) == mine:
        return
    held = {str(i) for (i,) in pg.execute("SELECT id FROM records WHERE device = %s", [device])}
    ours = [str(i) for (i,) in store.db.execute("SELECT id FROM records WHERE device = ?",
                                                 [device])]  # fmt: skip
    missing = sum(1 for record in ours if record not in held)
    if missing:
        raise IntegrityError(
            code="not_all_sent", missing=missing,
            name=union.device_name(store.db, ("main",), device), laptop=str(store.path),
            file=str(label),
        )  # fmt: skip
