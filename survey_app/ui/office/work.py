"""Work the office dialogs run in a worker thread; each opens its own connection to the
database (SQLite connections stay in their thread) and never touches a widget."""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from survey_app.core.errors import SurveyAppError
from survey_app.store.database import open_store
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
        from survey_app.store.roster_import import read_roster_table

        return read_roster_table(path)

    return work


def sync_work(db_path: Path, central: Path) -> Work:
    def work(progress: Progress) -> Any:
        from survey_app.sync.central import sync_with_central

        progress(0, 0)
        store = open_store(db_path)
        try:
            return sync_with_central(store=store, central=central)
        finally:
            store.close()

    return work


def export_ranking_work(rows: list[list[object]], headers: list[str], target: Path) -> Work:
    def work(progress: Progress) -> Path:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "排名"
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        temporary = target.with_name(f".{target.name}.writing")
        book.save(temporary)
        temporary.replace(target)
        return target

    return work


@dataclass(frozen=True)
class PrintRequest:
    """A printed document: `tally`, `ballots`, `ranking` or `needs`."""

    kind: str
    compound: str | None = None
    round_no: int = 1
    building: str | None = None
    households: bool = False


def render_work(db_path: Path, request: PrintRequest, target: Path, flag: CancelFlag) -> Work:
    def work(progress: Progress) -> Path:
        progress(0, 0)
        store = open_store(db_path)
        try:
            flag.check()
            render(store, request, target)
        finally:
            store.close()
        flag.check()
        return target

    return work


def render(store: Any, request: PrintRequest, target: Path) -> Any:
    """The same calls `survey-app report …` makes (see survey_app/cli/report_cli.py)."""
    compound = request.compound or ""
    if request.kind == "tally":
        from survey_app.reports.tally_notice import render_tally_notice, tally_notice

        notice = tally_notice(
            store=store,
            compound=compound,
            round_no=request.round_no,
            with_households=request.households,
        )
        return render_tally_notice(notice, target)
    if request.kind == "ballots":
        from survey_app.reports.ballots import ballot_batch, render_ballots

        batch = ballot_batch(
            store=store, compound=compound, round_no=request.round_no, building=request.building
        )
        return render_ballots(batch, target)
    if request.kind == "ranking":
        from survey_app.reports.ranking_report import ranking_report, render_ranking

        return render_ranking(ranking_report(store=store, round_no=request.round_no), target)
    from survey_app.needs.library import open_form
    from survey_app.needs.report import compound_needs, printable_needs
    from survey_app.reports.needs import needs_list_from, render_needs

    report = compound_needs(store=store, form=open_form(), compound=compound)
    return render_needs(needs_list_from(printable_needs(report)), target)


def copy_file(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target
