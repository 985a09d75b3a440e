"""The laptop's own SQLite database: open it, know this device, append records."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from survey_app.core.errors import InvalidInput, RefusedAction, UnreadableFile
from survey_app.core.ids import DeviceId, new_device_id, new_record_id
from survey_app.core.keys import SigningKey
from survey_app.core.records import OFFICE_KINDS, Record, RecordKind
from survey_app.store import driver
from survey_app.store.assignments import HOUSEHOLD_KINDS, check_household_compound
from survey_app.store.checkpoints import WAL_BOUND_PAGES, Checkpointer
from survey_app.store.encryption import create_private, file_key
from survey_app.store.location import note_location
from survey_app.store.migrations import SCHEMA_VERSION, apply_migrations
from survey_app.store.personal import insert_personal
from survey_app.store.projection import mark_trust_stale, project_pending
from survey_app.store.trust import AUTHORITY_KEY, FIELD, OFFICE, read_trust

if TYPE_CHECKING:
    from survey_app.core.payloads import PersonalPart, RecordPayload

APP_ID = "survey-app"
DB_FILE_NAME = "survey.db"
BUSY_TIMEOUT_S = driver.BUSY_TIMEOUT_S


def default_data_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_ID


def default_db_path() -> Path:
    env = os.environ.get("SURVEY_APP_DB")
    return Path(env) if env else default_data_dir() / DB_FILE_NAME


def now_utc() -> str:
    """`2027-01-02T03:04:05.123456Z`: sortable as text, the same on every laptop."""
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


class Store:
    """One open database. Writes go through `append`, inside `transaction()`."""

    def __init__(self, db: driver.Connection, path: Path, key: str | None = None) -> None:
        self.db = db
        self.path = path
        self.key = key
        """SQLCipher's raw key of an encrypted file (None: plain), to ATTACH it elsewhere."""
        self._next_seq: int | None = None
        self._head: str = ""
        self._device_id: DeviceId | None = None
        self._key: SigningKey | None = None
        self.checkpointer: Checkpointer | None = None
        """Checkpoints the WAL beside the work (a laptop's file, see open_store); None: SQLite's
        own checkpoints, inside the commits."""

    # -- meta ---------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    @property
    def device_id(self) -> DeviceId:
        if self._device_id is None:
            value = self.meta("device_id")
            assert value is not None, "open_store() creates the device"
            self._device_id = DeviceId(value)
        return self._device_id

    @property
    def signing_key(self) -> SigningKey:
        if self._key is None:
            value = self.meta("signing_key")
            assert value is not None, "open_store() creates the key"
            self._key = SigningKey(value)
        return self._key

    @property
    def fingerprint(self) -> str:
        """This device's key fingerprint, as the office enrols it."""
        return self.signing_key.fingerprint

    @property
    def authority(self) -> str:
        """The fingerprint of the office key this file answers to ('' until a laptop's first
        sync tells it)."""
        return self.meta(AUTHORITY_KEY) or ""

    @property
    def role(self) -> str:
        """`office` for the authority's file and devices the office enrolled as such."""
        if self.authority and self.authority == self.fingerprint:
            return OFFICE
        standing = read_trust(self.db).get(self.device_id)
        return standing.role if standing else FIELD

    @property
    def device_name(self) -> str:
        return self.meta("device_name") or ""

    @property
    def surveyor(self) -> str:
        return self.meta("surveyor") or ""

    @property
    def central_path(self) -> str:
        """The central file this laptop syncs with, as last chosen ('' before the first sync)."""
        return self.meta("central_path") or ""

    def remember_central(self, path: str) -> None:
        self.set_meta("central_path", path)

    def adopt_identity(self, device_id: DeviceId, key: SigningKey) -> None:
        """This file writes as another device from now on (`device reset`, in its transaction)."""
        self.set_meta("device_id", device_id)
        self.set_meta("signing_key", key.private)
        self._device_id, self._key, self._next_seq, self._head = device_id, key, None, ""

    # -- writing --------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One user action, all or nothing. Nested calls join the outer transaction and, when
        they end, bring the projections up to date, so the next step of the action reads them."""
        conn = self.db
        if conn.in_transaction:
            yield self
            project_pending(self.db)
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
            project_pending(self.db)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            self._next_seq = None
        if self.checkpointer is not None:
            self.checkpointer.committed()

    def next_seq(self) -> int:
        """This device's next sequence number (read once per transaction, then counted)."""
        if self._next_seq is None or not self.db.in_transaction:
            row = self.db.execute(
                "SELECT seq, hash FROM records WHERE device = ? ORDER BY seq DESC LIMIT 1",
                [self.device_id],
            ).fetchone()
            self._next_seq, self._head = (1, "") if row is None else (int(row[0]) + 1, row[1])
        return self._next_seq

    def _check_may_write(self, kind: str) -> None:
        if kind in OFFICE_KINDS and self.role != OFFICE:
            # the kind as an enum, so the message words it (小区, 名册, …)
            raise RefusedAction(code="office_only", kind=RecordKind(kind), name=self.device_name)

    def append(
        self,
        typed: RecordPayload,
        *,
        created_at: str | None = None,
        free_answers: frozenset[str] = frozenset(),
    ) -> Record:
        """Write one immutable record of this device (inside a transaction). `created_at` is
        the time of writing; only the sample batch backdates its votes over a fortnight.
        Its personal fields (`free_answers`: the form's free-text questions) are kept beside
        it, under a salted digest the record signs (core/payloads.py)."""
        from survey_app.core.payloads import split_payload

        split = split_payload(typed, free_answers=free_answers)
        return self._write(str(typed.KIND), [split], created_at=created_at)[0]

    def append_many(self, typed: Sequence[RecordPayload]) -> list[Record]:
        """Write several records of one kind with a single insert (inside a transaction)."""
        from survey_app.core.payloads import split_payload

        kinds = {p.KIND for p in typed}
        assert len(kinds) <= 1, "append_many() writes records of one kind"
        return self._write(str(next(iter(kinds), "")), [split_payload(p) for p in typed])

    def _write(
        self,
        kind: str,
        payloads: list[tuple[dict[str, Any], PersonalPart | None]],
        *,
        created_at: str | None = None,
    ) -> list[Record]:
        """Sign each record and chain it to this device's previous one."""
        assert self.db.in_transaction, "records are written inside store.transaction()"
        if not payloads:
            return []
        self._check_may_write(kind)
        if kind in HOUSEHOLD_KINDS:
            for payload, _part in payloads:
                check_household_compound(self.db, payload, kind, self.device_name)
        seq, created_at = self.next_seq(), created_at or now_utc()
        records = Record.chain(
            ids=[new_record_id(self.device_id, seq + offset) for offset in range(len(payloads))],
            kind=kind, device=self.device_id, seq=seq,
            created_at=created_at, payloads=[payload for payload, _part in payloads],
            prev=self._head, key=self.signing_key,
        )  # fmt: skip
        personal = [
            (record.id, part)
            for record, (_payload, part) in zip(records, payloads, strict=True)
            if part is not None
        ]
        insert_records(self.db, records)
        insert_personal(self.db, personal)
        self._next_seq, self._head = seq + len(records), records[-1].hash
        return records

    def change_mark(self) -> tuple[int, int]:
        """Equal marks: nothing was written to the file in between, by this connection (its
        count of changed rows) or by any other (SQLite's data version)."""
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        return int(version), int(self.db.total_changes)

    def close(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.stop()
        self.db.close()

    def stop_checkpoints(self) -> None:
        """End the checkpoint thread (the window closing); commits then checkpoint in-line."""
        if self.checkpointer is not None:
            self.checkpointer.stop()
            self.checkpointer = None
            self.db.execute("PRAGMA wal_autocheckpoint = 1000")


def insert_records(db: driver.Connection, records: list[Record]) -> None:
    db.executemany(
        "INSERT INTO records (id, kind, device, seq, created_at, payload, hash, prev, signature) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (r.id, r.kind, r.device, r.seq, r.created_at, r.payload, r.hash, r.prev, r.signature)
            for r in records
        ],
    )


def connect(path: Path, *, journal_mode: str = "WAL", key: str | None = None) -> driver.Connection:
    """A laptop's file uses WAL; the central file on a stick or share uses DELETE (see sync).
    `key`: the raw key of an encrypted file (store.encryption.file_key), None for a plain one."""
    conn = driver.connect(str(path), key=key)
    conn.execute(f"PRAGMA journal_mode = {journal_mode}")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def table_names(db: driver.Connection) -> list[str]:
    return [
        str(name) for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]


def as_dicts(cursor: driver.Cursor) -> list[dict[str, object]]:
    """The rows of a query by column name."""
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def check_is_ours(db: driver.Connection, path: Path) -> None:
    """Refuse a SQLite file of another application, or of a newer version of this one."""
    tables = set(table_names(db))
    if not tables:
        return
    if "meta" not in tables:
        raise UnreadableFile(code="foreign_file", path=str(path))
    app = db.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
    version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if app is None or app[0] != APP_ID:
        raise UnreadableFile(code="foreign_file", path=str(path))
    if version is not None and int(version[0]) > SCHEMA_VERSION:
        raise UnreadableFile(code="newer_schema", path=str(path), version=version[0])


def open_database(
    path: Path, *, journal_mode: str = "WAL", passphrase: str | None = None
) -> driver.Connection:
    """Open or create a survey-app database file and bring its schema up to date.

    An encrypted file needs its passphrase (else `wrong_passphrase`, the file untouched); a new
    file is encrypted when a passphrase is given, plain otherwise, and readable by its owner
    only. A plain file opens whatever the passphrase (`survey-app encrypt` converts it)."""
    return open_keyed(path, journal_mode=journal_mode, passphrase=passphrase)[0]


def open_keyed(
    path: Path, *, journal_mode: str = "WAL", passphrase: str | None = None
) -> tuple[driver.Connection, str | None]:
    """`open_database`, and the file's key (None: plain) for ATTACHing it elsewhere."""
    if path.exists() and path.is_dir():
        raise UnreadableFile(code="is_dir", path=str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    key = file_key(path, passphrase)
    create_private(path)
    try:
        db = connect(path, journal_mode=journal_mode, key=key)
        check_is_ours(db, path)
        apply_migrations(db)
        # Written only when it differs, so opening a file that is up to date leaves it unchanged.
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('app', ?), ('schema_version', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value "
            "WHERE value IS NOT excluded.value",
            [APP_ID, str(SCHEMA_VERSION)],
        )
    except driver.DatabaseError as error:
        raise UnreadableFile(code="unreadable_database", path=str(path), error=error) from error
    return db, key


ROLES = (OFFICE, FIELD)


def open_store(
    path: Path | None = None,
    *,
    device_name: str | None = None,
    surveyor: str | None = None,
    role: str | None = None,
    passphrase: str | None = None,
) -> Store:
    """Open the laptop's database, creating it and this device's identity on first use.

    A new file is an office (the authority of its own batch) unless `role="field"`: a field
    laptop learns its office at its first sync. `role` is only used when the file is created."""
    if role is not None and role not in ROLES:
        raise InvalidInput(code="bad_role", role=role)
    path = path or default_db_path()
    db, key = open_keyed(path, passphrase=passphrase)
    store = Store(db, path, key)
    db.execute(f"PRAGMA wal_autocheckpoint = {WAL_BOUND_PAGES}")
    store.checkpointer = Checkpointer(path, key)
    with store.transaction():
        if store.meta("device_id") is None:
            store.set_meta("device_id", new_device_id())
            store.set_meta("authority_pending", "" if role == FIELD else "self")
        _give_key(store)
        name_device(store, device_name=device_name, surveyor=surveyor)
        note_location(store)
    return store


def _give_key(store: Store) -> None:
    """A key for a device that has none (a new file, or one from before signing); a file
    that was an office pins its own key as the authority."""
    if store.meta("signing_key") is None:
        store.set_meta("signing_key", SigningKey.generate().private)
    if store.meta("authority_pending") == "self":
        store.set_meta(AUTHORITY_KEY, store.fingerprint)
        mark_trust_stale(store.db)
    store.db.execute("DELETE FROM meta WHERE key = 'authority_pending'")


def name_device(
    store: Store, *, device_name: str | None = None, surveyor: str | None = None
) -> None:
    """Name this laptop and its surveyor in this file (None keeps a value); a change is
    announced by a device record, so that the central file and the other laptops learn it."""
    with store.transaction():
        changed = False
        for key, value in (("device_name", device_name), ("surveyor", surveyor)):
            if value is not None and value != (store.meta(key) or ""):
                store.set_meta(key, value)
                changed = True
        if changed or not _key_announced(store):
            from survey_app.core.payloads import DevicePayload

            store.append(
                DevicePayload(
                    id=store.device_id,
                    name=store.device_name,
                    surveyor=store.surveyor,
                    public_key=store.signing_key.public_key,
                )
            )


def _key_announced(store: Store) -> bool:
    row = store.db.execute(
        "SELECT 1 FROM records WHERE kind = 'device' AND device = ? "
        "AND json_extract(payload, '$.public_key') IS NOT NULL",
        [store.device_id],
    ).fetchone()
    return row is not None
