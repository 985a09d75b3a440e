"""A central file and a server united (an office without a network joins the city by carrying
its central file): every record of the file goes into the server, every record of the server
into the file, with the checks and guarantees of any sync. Only the server's admin may, since a
central file holds every device's records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from survey_app.core.errors import RefusedAction, SurveyAppError
from survey_app.store import driver
from survey_app.store.encryption import file_key
from survey_app.store.projection import mark_trust_stale, project_pending
from survey_app.store.sequences import read_sequences, update_sequences
from survey_app.store.trust import AUTHORITY_KEY, authority
from survey_app.sync import union
from survey_app.sync.central import _check, _take_all
from survey_app.sync.files import (
    SQLITE_FAILURES,
    connect_central,
    file_error,
    prepare_central,
)
from survey_app.sync.plan import transfer_plan
from survey_app.sync.server import links, staging
from survey_app.sync.server.connection import connect_ready, display_name, is_admin, server_error
from survey_app.sync.server.schema import LOCK_KEY
from survey_app.sync.server.sync import (
    CENTRAL,
    SERVER,
    push_plan,
    refresh_rights,
    server_authority,
    server_summaries,
)


@dataclass(frozen=True)
class FileUnion:
    sent: int
    received: int
    records: int
    created: bool

    def as_json(self) -> dict[str, object]:
        return {"sent": self.sent, "received": self.received, "records": self.records,
                "created": self.created}  # fmt: skip


def unite_file_with_server(
    *, path: Path, url: str, passphrase: str | None = None, receive: bool = True,
    password: str | None = None,
) -> FileUnion:  # fmt: skip
    """The file's records into the server (one server transaction), then, unless `receive` is
    False, the server's into the file (one transaction of the file); a missing file is created
    (encrypted with `passphrase`, plain when it is None)."""

    def both_ways(pg: Any, db: driver.Connection, label: Path) -> tuple[int, int]:
        sent = _into_server(pg, db, {"main": path, SERVER: label})
        received = _into_file(pg, db, {"main": path, CENTRAL: label}) if receive else 0
        return sent, received

    return _with_file(path=path, url=url, passphrase=passphrase, password=password,
                      admin_only=True, work=both_ways)  # fmt: skip


def replicate_server(
    *, path: Path, url: str, passphrase: str | None = None, password: str | None = None
) -> FileUnion:
    """Only the server into the file (any role: a laptop's copy holds what its role reads)."""

    def into_file(pg: Any, db: driver.Connection, label: Path) -> tuple[int, int]:
        if not is_admin(pg) and links.granted(pg) is not None:
            # a role of some compounds reads only their records: no copy of the whole server
            raise RefusedAction(code="server_admin_only", server=str(label), admin=_admin(pg))
        return 0, _into_file(pg, db, {"main": path, CENTRAL: label})

    return _with_file(path=path, url=url, passphrase=passphrase, password=password,
                      admin_only=False, work=into_file)  # fmt: skip


def _with_file(
    *, path: Path, url: str, passphrase: str | None, password: str | None, admin_only: bool,
    work: Callable[[Any, driver.Connection, Path], tuple[int, int]],
) -> FileUnion:  # fmt: skip
    """The server connection and the (created if missing) file around `work`, which returns
    what it sent and received; each side's failures worded as that side's."""
    import psycopg

    path = path.expanduser().absolute()
    label = cast(Path, display_name(url))
    pg = connect_ready(url, password=password)
    try:
        if admin_only and not is_admin(pg):
            raise RefusedAction(code="server_admin_only", server=str(label), admin=_admin(pg))
        created = prepare_central(path, passphrase)
        db = connect_central(path, file_key(path, passphrase))
        try:
            _upkeep(db)
            sent, received = work(pg, db, label)
            records = sum(s.records for s in read_sequences(db).values())
        except SQLITE_FAILURES as error:
            raise file_error(path, error, writing=True) from error
        finally:
            db.close()
    except SurveyAppError:
        raise
    except psycopg.Error as error:
        raise server_error(url, error) from error
    finally:
        pg.close()
    return FileUnion(sent, received, records, created)


def _admin(pg: Any) -> str:
    row = pg.execute("SELECT value FROM meta WHERE key = 'admin'").fetchone()
    return str(row[0]) if row else ""


def _upkeep(db: driver.Connection) -> None:
    """The file's summaries and tables up to date before it is compared (its own upkeep)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        update_sequences(db, "main")
        project_pending(db)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _into_server(pg: Any, db: driver.Connection, files: dict[str, Path]) -> int:
    union.prepare_connection(db)
    staging.attach(db, SERVER)
    try:
        with pg.transaction():
            pg.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            db.execute("BEGIN")  # the file is only read here
            try:
                there = server_summaries(pg)
                staging.put_summaries(db, SERVER, there)
                _agree_on_authority(pg, db, files)
                refresh_rights(pg, db, None)
                return push_plan(pg, db, files, there, transfer_plan(read_sequences(db), there))
            finally:
                db.execute("ROLLBACK")
    finally:
        staging.detach(db, SERVER)


def _into_file(pg: Any, db: driver.Connection, files: dict[str, Path]) -> int:
    union.prepare_connection(db)
    staging.attach(db, CENTRAL)
    try:
        with pg.transaction():
            pg.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            db.execute("BEGIN IMMEDIATE")
            try:
                there = server_summaries(pg)
                staging.put_summaries(db, CENTRAL, there)
                theirs = server_authority(pg)
                if theirs and not authority(db):
                    db.execute("INSERT OR REPLACE INTO main.meta (key, value) VALUES (?, ?)",
                               [AUTHORITY_KEY, theirs])  # fmt: skip
                    mark_trust_stale(db)
                incoming = transfer_plan(there, read_sequences(db))
                staging.stage_plan(pg, db, CENTRAL, incoming)
                union.load_plan(db, incoming)
                if incoming:
                    _check(db, CENTRAL, "main", files)
                received = _take_all(db, incoming, there, files, widened=False)
                project_pending(db)
                db.execute("COMMIT")
                return received
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
    finally:
        staging.detach(db, CENTRAL)


def _agree_on_authority(pg: Any, db: driver.Connection, files: dict[str, Path]) -> None:
    theirs, mine = server_authority(pg), authority(db)
    if theirs and mine and theirs != mine:
        raise RefusedAction(code="other_authority", file=str(files[SERVER]), mine=mine,
                            theirs=theirs)  # fmt: skip
    if mine and not theirs:
        pg.execute("INSERT INTO meta (key, value) VALUES (%s, %s)", [AUTHORITY_KEY, mine])
