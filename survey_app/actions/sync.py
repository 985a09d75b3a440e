"""The central file: sync with it, check a data file, read one, export what it holds."""

from __future__ import annotations

import getpass
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from survey_app.spreadsheets.write import Progress
from survey_app.store.clock_check import ClockWarning, clock_warning
from survey_app.store.database import Store, now_utc, table_names
from survey_app.store.encryption import file_key
from survey_app.sync import central as central_file
from survey_app.sync import check, export, files


@dataclass(frozen=True)
class Exported:
    target: Path
    rows: dict[str, int]
    """Rows per sheet (or CSV file): 小区汇总, 住户, 意见, 需求调查."""


def sync_with_central(
    *,
    store: Store,
    central: Path | str,
    receive: bool = True,
    central_passphrase: str | None = None,
    server_password: str | None = None,
) -> central_file.SyncReport:
    """Union this laptop's records with the central file's, both ways (or only send).
    `central_passphrase`: the central file's (a new central file is encrypted with it).
    `central` may name a PostgreSQL server (`postgresql://…`, see sync/server/)."""
    from survey_app.sync.server import is_server

    if is_server(central):
        from survey_app.sync.server.sync import sync_with_server

        return sync_with_server(
            store=store, url=str(central), receive=receive, password=server_password
        )
    central = Path(central)
    return central_file.sync_with_central(
        store=store, central=central, receive=receive, central_passphrase=central_passphrase
    )


def check_file(*, path: Path, passphrase: str | None = None) -> check.CheckReport:
    """Read the whole file, change nothing, and say what is wrong with it."""
    return check.check_file(path, passphrase)


def clock_check(*, store: Store) -> ClockWarning | None:
    """Whether this laptop's clock is far off from the records it holds (shown at start and
    after each sync; order never depends on it)."""
    return clock_warning(store=store)


def open_for_reading(*, path: Path, passphrase: str | None = None) -> Store:
    """Any survey-app file (a laptop's or the central one), opened without writing to it."""
    return files.open_for_reading(path, passphrase)


def verify_records(*, store: Store) -> None:
    """Refuse a file whose records were altered, deleted or forged (IntegrityError naming the
    first problem and how many there are)."""
    from survey_app.core.errors import IntegrityError

    problems = check.record_problems(store.db, store.path)
    if problems:
        raise IntegrityError(
            code="records_tampered", file=str(store.path), problem=problems[0].message,
            count=len(problems),
        )  # fmt: skip


def record_problems_of(*, path: Path, passphrase: str | None = None) -> list[str]:
    """What is wrong with a file's records (hashes, chains, signatures), read on a connection
    of its own (so a worker thread can check the file the window has open)."""
    conn = files.connect_for_reading(path, file_key(path, passphrase))
    try:
        return [problem.message for problem in check.record_problems(conn, path)]
    finally:
        conn.close()


def export_data(
    *,
    store: Store,
    xlsx: Path | None = None,
    csv_folder: Path | None = None,
    masked: bool = False,
    progress_for: Callable[[Path], Progress] | None = None,
) -> list[Exported]:
    """The workbook and/or the CSV files: in full they hold names and phone numbers; `masked`
    for sharing (names masked, no phones, notes or free-text answers). Each starts with a
    notice (说明) naming who exported it, when, from which file. `progress_for` gives the
    progress callback `(rows done, rows in all)` for each target."""
    verify_records(store=store)
    provenance = export.Provenance(exported_by(store), now_utc(), store.path.resolve())
    masking = export.Masking(shareable_answers(store)) if masked else None
    written = []
    for target, write in ((xlsx, export.write_xlsx), (csv_folder, export.write_csv)):
        if target is not None:
            progress = progress_for(target) if progress_for is not None else None
            written.append(Exported(target, write(store, target, provenance, masking, progress)))
    return written


def exported_by(store: Store) -> str:
    """`设备「街道办」· 账户 zhang@office-pc`: this file's device (when it has one) and the
    account that ran the export."""
    try:
        account = f"{getpass.getuser()}@{socket.gethostname()}"
    except (OSError, KeyError):  # no login name in this environment
        account = socket.gethostname()
    name = store.device_name
    return f"设备「{name}」· 账户 {account}" if name else f"账户 {account}"


SHAREABLE_TYPES = frozenset(
    {"select_one", "select_multiple", "integer", "decimal", "range", "date", "acknowledge"}
)
"""Answers a masked export keeps: choices, numbers and dates, never typed-in text."""


def shareable_answers(store: Store) -> dict[str, frozenset[str]]:
    """Per form of the answers in `store`, the questions a masked export keeps; a form that
    cannot be found keeps none."""
    from survey_app.core.errors import SurveyAppError
    from survey_app.needs.library import open_form

    forms = [r[0] for r in store.db.execute("SELECT DISTINCT form_id FROM survey_current")] if (
        "survey_current" in table_names(store.db)) else []  # fmt: skip
    shareable = {}
    for form_id in forms:
        try:
            form = open_form(form_id, store)
        except SurveyAppError:
            continue
        shareable[form_id] = frozenset(
            q.key or q.name for q in form.questions()
            if q.type in SHAREABLE_TYPES and not q.or_other and not q.repeats()
        )  # fmt: skip
    return shareable
