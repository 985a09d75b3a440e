"""The long pieces of work the window starts: each opens its own connection to the database
in the worker thread (SQLite connections stay in their thread) and commits as one action."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QProgressDialog, QWidget

from survey_app.store.database import default_data_dir, open_store
from survey_app.store.roster_import import ImportReport
from survey_app.ui.base.workers import Progress, Task, Work

DEMO_FILE_NAME = "demo.db"


def demo_db_path() -> Path:
    """The sample batch lives in its own file, never mixed with real survey data."""
    return default_data_dir() / DEMO_FILE_NAME


def has_compounds(path: Path) -> bool:
    if not path.is_file():
        return False
    store = open_store(path)
    try:
        return bool(store.db.execute("SELECT count(*) FROM compounds").fetchone()[0])
    finally:
        store.close()


def write_sample_work(path: Path) -> Work:
    def work(progress: Progress) -> Path:
        from survey_app.needs.sample import write_sample_surveys
        from survey_app.store.sample import write_sample

        store = open_store(path)
        try:
            if not store.db.execute("SELECT count(*) FROM compounds").fetchone()[0]:
                batch = write_sample(store=store, progress=progress)
                write_sample_surveys(store=store, batch=batch)  # as `survey-app demo` does
        finally:
            store.close()
        return path

    return work


@dataclass(frozen=True)
class RosterRequest:
    roster: Path
    code: str
    name: str
    street: str | None = None
    community: str | None = None


def import_roster_work(path: Path, request: RosterRequest) -> Work:
    def work(progress: Progress) -> ImportReport:
        from survey_app.store.compounds import find_compound, save_compound
        from survey_app.store.roster_import import import_roster

        store = open_store(path)
        try:
            known = find_compound(store=store, code=request.code)
            if known is None or request.name.strip():
                save_compound(
                    store=store,
                    code=request.code,
                    name=request.name or (known.name if known else ""),
                    street=request.street or (known.street if known else None),
                    community=request.community or (known.community if known else None),
                    district=known.district if known else None,
                    built=known.built if known else None,
                )
            return import_roster(
                store=store, path=request.roster, compound=request.code, progress=progress
            )
        finally:
            store.close()

    return work


def run_with_progress(parent: QWidget | None, label: str, work: Work) -> Any:
    """Run the work in a worker thread behind a progress dialog; the window stays live.
    Returns the result, or raises the work's error."""
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(300)
    dialog.setWindowTitle(label)
    task = Task(work)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    task.succeeded.connect(lambda result: outcome.setdefault("result", result))
    task.failed.connect(lambda error: outcome.setdefault("error", error))

    def show_progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    task.progressed.connect(show_progress)
    task.finished.connect(loop.quit)
    task.start()
    loop.exec()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")
