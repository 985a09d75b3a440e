"""Sync: a union of records between this laptop's file and the central file, both ways.

Two steps, each one SQLite transaction on one file, so a sync cut off at any moment leaves each
file as it was before or as it is after, its records and its tables together:

1. send: on the central file (the laptop's attached read-only) check everything both ways,
   add the laptop's new records, check that the two files would then hold the same records,
   bring the central tables up to date, commit; a collection (send only, one laptop file after
   another) leaves the tables to the next two-way sync or the next reader, who brings them up
   to date before reading any (store.projection.project_pending; sync.files.open_for_reading
   does it in memory), so no tally is ever read behind its records;
2. receive: on the laptop's file (the central attached read-only) add the central's records it
   lacks and bring its tables up to date, commit.

What is new is read from the per-device summaries (store.sequences), so a sync with nothing new
reads a few rows per file and writes nothing.

This laptop's own records are watched over by sync/own_records.py: a file restored from a backup
gets its records back, one whose device identity another copy also writes as is refused
(`identity_reused`, cured by `survey-app device reset`), and a sync after which any of them is
not in the central file fails instead of reporting success.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from survey_app.core.errors import IntegrityError, RefusedAction, SurveyAppError
from survey_app.core.keys import signature_is_valid
from survey_app.store import driver
from survey_app.store.assignments import assigned_compounds, held_scope
from survey_app.store.database import Store
from survey_app.store.encryption import file_key
from survey_app.store.personal import checkpoint_after_erasure, forget_orphans
from survey_app.store.projection import mark_trust_stale, project_pending, projection_behind
from survey_app.store.sequences import (
    SequenceSummary,
    fold_added,
    newest_rowid,
    read_sequences,
    update_sequences,
)
from survey_app.store.trust import (
    AUTHORITY_KEY,
    Standing,
    authority,
    compute_trust,
    declared_keys,
    read_trust,
)
from survey_app.sync import own_records, personal_rows, scope, union
from survey_app.sync.files import (
    SQLITE_FAILURES,
    attach_for_reading,
    connect_central,
    connect_for_reading_mapped,
    file_error,
    prepare_central,
)
from survey_app.sync.plan import (
    Transfer,
    diverging_devices,
    gaps,
    transfer_plan,
    union_summaries,
)


@dataclass(frozen=True)
class Gap:
    device: str
    name: str
    missing: int
    ranges: list[tuple[int, int]]

    def as_json(self) -> dict[str, object]:
        return {"device": self.device, "name": self.name, "missing": self.missing,
                "ranges": [list(r) for r in self.ranges]}  # fmt: skip


@dataclass
class SyncReport:
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    central_records: int = 0
    created: bool = False
    gaps: list[Gap] = field(default_factory=list)
    removed: int = 0
    """Other devices' records of compounds no longer assigned to this laptop, deleted from it."""
    recovered_own: int = 0
    """Records of this laptop's own device it got back from the central file: its file had
    been restored from a backup (it wrote nothing since, so nothing collided)."""

    def as_json(self) -> dict[str, object]:
        return {
            "sent": self.sent,
            "received": self.received,
            "recovered_own": self.recovered_own,
            "removed": self.removed,
            "conflicts": self.conflicts,
            "central_records": self.central_records,
            "created": self.created,
            "gaps": [g.as_json() for g in self.gaps],
        }


def sync_with_central(
    *, store: Store, central: Path, receive: bool = True, central_passphrase: str | None = None
) -> SyncReport:
    """Union this laptop's records with the central file's (created when missing: encrypted
    with `central_passphrase`, or plain when it is None; an encrypted central file with a wrong
    or missing passphrase is refused, `wrong_passphrase`, before either file changes).

    `receive=False` only sends: the central file gains this laptop's records and the laptop's
    file is left as it is (the office collecting laptop files into the central one)."""
    from survey_app.sync.conflicts import current_conflict_count

    central = central.expanduser().absolute()
    if central.exists() and central.resolve() == store.path.resolve():
        raise RefusedAction(code="same_file", path=str(central))
    with store.transaction():
        pass  # brings this laptop's tables and summaries up to date
    report = SyncReport(created=prepare_central(central, central_passphrase))
    key = file_key(central, central_passphrase)
    report.sent = _send(store, central, key, receive=receive)
    if receive:
        held = own_records.own_records(store.db, store.device_id)
        report.received, report.removed, there = _receive(store, central, key)
        report.recovered_own = own_records.own_records(store.db, store.device_id) - held
    else:
        there = _summaries(central, key)
    own_records.verify_all_sent(store=store, central=central, central_key=key)
    report.central_records = sum(s.records for s in there.values())
    report.conflicts = current_conflict_count(store=store)
    summaries = read_sequences(store.db)
    if held_scope(store.db) is not None:  # it holds part of the others' records, by design
        summaries = {d: s for d, s in summaries.items() if d == store.device_id}
    report.gaps = _gaps(store.db, summaries)
    checkpoint_after_erasure(store.db)
    return report


@contextmanager
def _held_still(store: Store) -> Iterator[bool]:
    """This laptop's file held against every writer (its write lock, nothing written) while
    the send reads it, so two connections read the same records; False when it cannot be
    (already in a transaction, read-only, busy): the send then reads it on one."""
    if store.db.in_transaction:
        yield False
        return
    try:
        store.db.execute("BEGIN IMMEDIATE")
    except driver.Error:
        yield False
        return
    try:
        yield True
    finally:
        store.db.execute("ROLLBACK")


@contextmanager
def _write_transaction(db: driver.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _summaries(central: Path, key: str | None) -> dict[str, SequenceSummary]:
    db = connect_central(central, key)
    try:
        return read_sequences(db)
    finally:
        db.close()


def _send(store: Store, central: Path, key: str | None, *, receive: bool = True) -> int:
    files = {"main": central, "laptop": store.path}
    try:
        db = connect_central(central, key)
    except SQLITE_FAILURES as error:
        raise file_error(central, error) from error
    try:
        union.prepare_connection(db)
        attach_for_reading(db, store.path, "laptop", store.key)
        with _held_still(store) as still, _write_transaction(db):
            beside = (lambda: connect_for_reading_mapped(store.path, store.key)) if still else None
            _agree_on_authority(db, store, central)
            scoped = _scoped(db, store)
            partial = scoped or not receive  # only the devices sent are compared
            update_sequences(db, "main")
            own_records.check_identity(
                db, laptop="laptop", central="main", device=store.device_id, files=files
            )
            laptop, before = read_sequences(db, "laptop"), read_sequences(db, "main")
            outgoing = transfer_plan(laptop, before)
            if scoped:
                outgoing = [t for t in outgoing if t.device == store.device_id]
            if altered := union.own_copies_differ(db, "laptop", "main", store.device_id):
                _collision(db, altered, "laptop", "main", files)  # edited in place there
            if not outgoing and (partial or not transfer_plan(before, laptop)):
                if receive:
                    project_pending(db)
                return 0
            union.load_plan(db, outgoing)
            sent = _add_checked(db, outgoing, files, beside)
            after = read_sequences(db, "main")
            if partial:  # only the devices sent need to agree, and only they are checked
                sent_devices = {t.device for t in outgoing}
                laptop = {d: s for d, s in laptop.items() if d in sent_devices}
                after = {d: s for d, s in after.items() if d in sent_devices}
            union.load_plan(db, transfer_plan(after, laptop))
            _check(db, "main", "laptop", files)
            expected = union_summaries(laptop, union.new_summaries(db, "main", "laptop"))
            for device in diverging_devices(expected, after):
                _diverged(db, "laptop", "main", device, files)
            if receive:  # a collection (send only) leaves them to the next reader or sync
                project_pending(db)
        return sent
    except SurveyAppError:
        raise
    except SQLITE_FAILURES as error:
        raise file_error(central, error, writing=True) from error
    finally:
        db.close()


def _add_checked(
    db: driver.Connection,
    plan: list[Transfer],
    files: dict[str, Path],
    beside: Callable[[], driver.Connection] | None = None,
) -> int:
    """Check the laptop's records the plan offers and add them to the central file, with its
    summaries. The lean way, when the central holds every device's records 1..n without a gap
    (the plan offers only records above n, none of which it can hold): one pass checks every
    hash and chain link and counts and digests the records (on a connection of its own beside
    the insert when `beside` gives one to the laptop's file, held still), the central's unique
    keys refuse a known id or a taken number (then the detailed checks name it), and the
    summaries grow by what the pass counted. Nothing is kept unless the pass and the newest
    signatures vouch for every record. With a gap, each record is checked against the
    central's first."""
    if any(t.full for t in plan):
        return _add_carefully(db, files)
    offered = union.offered_plan(db, "laptop", "main")
    pending = union.PassBeside(beside, offered) if beside else None
    newest = newest_rowid(db, "main")
    db.execute("SAVEPOINT offered")
    try:
        if pending is None:
            survey = union.survey_plan(db, "laptop", offered)
            if survey.bad_hashes or survey.broken_links:
                raise _Unjudged
        sent = union.insert_offered(db, "laptop", "main")
        survey = pending.result() if pending else survey
        if survey.bad_hashes or survey.broken_links:
            raise _Unjudged
    except (driver.IntegrityError, _Unjudged):  # a known id or a taken number, or a fault
        if pending is not None:
            pending.result()
        db.execute("ROLLBACK TO offered")
        db.execute("RELEASE offered")
        return _add_carefully(db, files)  # names the first record at fault, and stops
    except BaseException:  # the central file failed under the insert (a stick pulled, a full disk)
        if pending is not None:
            pending.result()  # the pass reads the laptop's file only while the send holds it
        raise
    heads = union.heads_of(db, "laptop", survey.newest_signed)
    _check_heads(db, heads, "laptop", "main", files)  # a bad one: the whole send rolled back
    db.execute("RELEASE offered")
    personal_rows.copy_personal(db, "laptop", "main", files)
    fold_added(db, survey.summaries, newest_before=newest)
    return sent


class _Unjudged(Exception):
    """The pass found a record at fault, or could not judge one."""


def _add_carefully(db: driver.Connection, files: dict[str, Path]) -> int:
    """Every record offered checked against the central's first (stops at the first at
    fault), then those it lacks added (copies it holds already: the summaries judge them)."""
    _check(db, "laptop", "main", files)
    sent = _insert(db, "laptop", "main", files)
    update_sequences(db, "main")
    return sent


def _scoped(db: driver.Connection, store: Store) -> bool:
    """Whether the laptop holds, or is about to hold, only some compounds (by the central's
    records when it has not synced since it was given them): it then sends only its own
    records, and the send checks only those (its receive checks what it takes)."""
    if held_scope(store.db) is not None:
        return True
    if store.fingerprint == store.authority:
        return False
    return assigned_compounds(db, store.fingerprint, _central_trust(db)) is not None


def _central_trust(db: driver.Connection) -> dict[str, Standing]:
    """Who counts in the central file: its trust table, or (when collections have left its
    tables behind its records) counted afresh from its few enrolment and device records."""
    if projection_behind(db):
        return compute_trust(db, None)
    return read_trust(db)


def _receive(
    store: Store, central: Path, key: str | None
) -> tuple[int, int, dict[str, SequenceSummary]]:
    """Returns how many records were received, how many deleted (compounds taken from this
    laptop) and the central file's summaries."""
    db = store.db
    files = {"main": store.path, "central": central}
    try:
        union.prepare_connection(db)
        attach_for_reading(db, central, "central", key)
    except SQLITE_FAILURES as error:
        raise file_error(central, error) from error
    try:
        with store.transaction():
            _learn_authority(store, central)
            own_records.check_identity(
                db, laptop="main", central="central", device=store.device_id, files=files
            )
            here, there = read_sequences(db, "main"), read_sequences(db, "central")
            held = held_scope(db)
            incoming = transfer_plan(there, here) if held is None else scope.held_plan(db, there)
            received = _take(db, incoming, files, only=scope.GLOBAL)
            wanted = scope.assigned_here(store)
            if wanted is None:
                received += _take_all(db, incoming, there, files, widened=held is not None)
                return received, 0, there
            scope.load_scope(db, wanted)
            rescan = held is not None and bool(wanted - held)
            if rescan:
                union.load_plan(db, scope.rescan_plan(there))
                _check(db, "central", "main", files)
            received += _insert(db, "central", "main", files, only=scope.IN_SCOPE)
            removed = scope.drop_out_of_scope(db) if wanted != held else 0
            if removed:
                forget_orphans(db)
            update_sequences(db, "main")
            if clash := union.held_copy_differs(db, "main", "central"):
                _collision(db, clash, "main", "central", files)
            scope.remember(db, wanted, there, rescanned=rescan)
        return received, removed, there
    except SurveyAppError:
        raise
    except SQLITE_FAILURES as error:
        raise file_error(central, error, writing=True) from error
    finally:
        db.execute("DETACH DATABASE central")


def _take(
    db: driver.Connection, plan: list[Transfer], files: dict[str, Path], *, only: str = ""
) -> int:
    """Check every record the plan offers, then add those `only` keeps."""
    union.load_plan(db, plan)  # even empty: the connection keeps the last sync's plan
    if not plan:
        return 0
    _check(db, "central", "main", files)
    return _insert(db, "central", "main", files, only=only)


def _take_all(
    db: driver.Connection,
    offered: list[Transfer],
    there: dict[str, SequenceSummary],
    files: dict[str, Path],
    *,
    widened: bool,
) -> int:
    """A laptop of every compound takes all it lacks, and then holds what the central does."""
    received = _insert(db, "central", "main", files) if offered else 0
    if widened:  # given every compound again: what it left aside before
        scope.forget(db)
        update_sequences(db, "main")
        received += _take(db, transfer_plan(there, read_sequences(db, "main")), files)
    update_sequences(db, "main")
    after = read_sequences(db, "main")
    for device, theirs in there.items():
        mine = after.get(device)
        if mine is None or (mine != theirs and mine.last <= theirs.last):
            _diverged(db, "main", "central", device, files)
    return received


def _insert(
    db: driver.Connection, source: str, target: str, files: dict[str, Path], *, only: str = ""
) -> int:
    """Add the records the plan offers that `target` lacks (those `only` keeps), and the
    personal rows that go with them."""
    added = union.insert_new(db, source, target, only=only)
    personal_rows.copy_personal(db, source, target, files)
    return added


def _agree_on_authority(db: driver.Connection, store: Store, central: Path) -> None:
    """The central file answers to the laptop's office, or learns it from the first laptop
    that knows one; a laptop of another office is refused before anything moves."""
    theirs, mine = authority(db, "main"), store.authority
    if theirs and mine and theirs != mine:
        raise RefusedAction(code="other_authority", file=str(central), mine=mine, theirs=theirs)
    if mine and not theirs:
        db.execute(
            "INSERT OR REPLACE INTO main.meta (key, value) VALUES (?, ?)", [AUTHORITY_KEY, mine]
        )
        mark_trust_stale(db)


def _learn_authority(store: Store, central: Path) -> None:
    """A laptop's first sync pins the office it answers to (shown by `survey-app device`)."""
    theirs = authority(store.db, "central")
    if theirs and store.authority and theirs != store.authority:
        raise RefusedAction(
            code="other_authority", file=str(central), mine=store.authority, theirs=theirs
        )
    if theirs and not store.authority:
        store.set_meta(AUTHORITY_KEY, theirs)
        mark_trust_stale(store.db)


def _check(db: driver.Connection, source: str, target: str, files: dict[str, Path]) -> None:
    """Stop before writing when a record offered is damaged, off its device's chain, not
    vouched for by its device's signature, or collides with one held."""
    names = tuple(files)
    if bad := union.bad_hash(db, source):
        name = union.device_name(db, names, bad.device)
        raise IntegrityError(
            code="bad_hash", record=bad.id, device=bad.device, name=name, seq=bad.seq,
            file=str(files[source]),
        )  # fmt: skip
    if broken := union.broken_chain(db, source, target):
        name = union.device_name(db, names, broken.device)
        raise IntegrityError(
            code="broken_chain", record=broken.id, device=broken.device, name=name,
            seq=broken.seq, file=str(files[source]),
        )  # fmt: skip
    _check_heads(db, union.chain_heads(db, source), source, target, files)
    clash = union.known_id_differs(db, source, target) or union.seq_taken(db, source, target)
    if clash:
        _collision(db, clash, source, target, files)


def _check_heads(
    db: driver.Connection,
    heads: list[tuple[str, str, int, str, str]],
    source: str,
    target: str,
    files: dict[str, Path],
) -> None:
    """Each device's newest offered record must carry its device's signature; the chain
    checked before ties every earlier record offered to it."""
    if not heads:
        return
    keys = declared_keys(db, target) | declared_keys(db, source)
    for record, device, seq, digest, signature in heads:
        if not signature_is_valid(keys.get(device, ""), digest, signature):
            name = union.device_name(db, tuple(files), device)
            raise IntegrityError(
                code="bad_signature", record=record, device=device, name=name, seq=seq,
                file=str(files[source]),
            )  # fmt: skip


def _diverged(
    db: driver.Connection, left: str, right: str, device: str, files: dict[str, Path]
) -> None:
    clash = union.divergence(db, left, right, device)
    if clash:
        _collision(db, clash, left, right, files)
    name = union.device_name(db, tuple(files), device)
    raise IntegrityError(
        code="summary_mismatch", device=device, name=name, other=str(files[left]),
        file=str(files[right]),
    )  # fmt: skip


def _collision(
    db: driver.Connection, clash: union.Offender, source: str, target: str, files: dict[str, Path]
) -> None:
    name = union.device_name(db, tuple(files), clash.device)
    _name_the_original(db, clash, source, target, files, name)
    code = "record_differs" if clash.other_id == clash.id else "sequence_reused"
    raise IntegrityError(
        code=code, record=clash.id, other_record=clash.other_id, device=clash.device, name=name,
        seq=clash.seq, other=str(files[source]), file=str(files[target]),
    )  # fmt: skip


def _name_the_original(
    db: driver.Connection,
    clash: union.Offender,
    source: str,
    target: str,
    files: dict[str, Path],
    name: str,
) -> None:
    """Two copies of one record (same id, or same device and number): when exactly one of
    them carries its device's signature, say which file holds the original."""
    keys = declared_keys(db, target) | declared_keys(db, source)
    other = clash.other_id or clash.id
    mine, theirs = (union.is_genuine(db, source, clash.id, keys),
                    union.is_genuine(db, target, other, keys))  # fmt: skip
    if mine == theirs:
        return
    genuine, altered = (source, target) if mine else (target, source)
    raise IntegrityError(
        code="record_altered", record=clash.id, device=clash.device, name=name, seq=clash.seq,
        genuine=str(files[genuine]), altered=str(files[altered]),
    )  # fmt: skip


def _gaps(db: driver.Connection, summaries: dict[str, SequenceSummary]) -> list[Gap]:
    found = []
    for device, missing in gaps(summaries).items():
        rows = db.execute(
            "SELECT seq + 1, next - 1 FROM (SELECT seq, lead(seq) OVER (ORDER BY seq) AS next "
            "FROM records WHERE device = :d UNION ALL SELECT 0, min(seq) FROM records "
            "WHERE device = :d) WHERE next > seq + 1 ORDER BY seq LIMIT 20",
            {"d": device},
        ).fetchall()
        ranges = [(int(a), int(b)) for a, b in rows]
        found.append(Gap(device, union.device_name(db, ("main",), device), missing, ranges))
    return found
