"""Work the office dialogs run in a worker thread; each opens its own connection to the
database (SQLite connections stay in their thread) and never touches a widget."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

from survey_app.actions.data_files import opened
from survey_app.actions.printing import PrintRequest, print_document
from survey_app.actions.roster import RosterRequest, import_request, preview_roster
from survey_app.actions.sync import sync_with_central
from survey_app.core.errors import SurveyAppError
from survey_app.store.roster_import import ImportReport
from survey_app.ui.base.workers import Progress, Work


class Cancelled(SurveyAppError):
    code = "cancelled"


class CancelFlag:
    """Set from the GUI thread; the work checks it where stopping leaves nothing half-done."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def preview_roster_work(path: Path) -> Work:
    def work(progress: Progress) -> Any:
        return preview_roster(path=path)

    return work


def import_roster_work(db_path: Path, request: RosterRequest) -> Work:
    def work(progress: Progress) -> ImportReport:
        with opened(db_path) as store:
            return import_request(store=store, request=request, progress=progress)

    return work


def sync_work(db_path: Path, central: Path) -> Work:
    def work(progress: Progress) -> Any:
        progress(0, 0)
        with opened(db_path) as store:
            return sync_with_central(store=store, central=central)

    return work


def export_ranking_work(rows: list[list[object]], headers: list[str], target: Path) -> Work:
    def work(progress: Progress) -> Path:
        from survey_app.spreadsheets.write import XlsxBook

        with XlsxBook(target, total=len(rows), progress=progress) as book:
            sheet = book.sheet("排名", headers)
            for row in rows:
                sheet.append(row)
        return target

    return work


def render_work(db_path: Path, request: PrintRequest, target: Path, flag: CancelFlag) -> Work:
    def work(progress: Progress) -> Path:
        progress(0, 0)
        with opened(db_path) as store:
            flag.check()
            print_document(store=store, request=request, target=target)
        flag.check()
        return target

    return work


def copy_file(source: Path, target: Path) -> Path:
    from survey_app.spreadsheets.atomic import write_atomically

    with write_atomically(target) as temporary:
        shutil.copyfile(source, temporary)
    return target
