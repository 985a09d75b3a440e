"""Printed documents: one dispatch for the tally notice, ballots, needs list, ranking,
走访清单 and the paper questionnaire (入户调查表), used
by `survey-app report …` and by the window's print menu."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from survey_app.core.errors import RefusedAction
from survey_app.reports.sheet import Rendered
from survey_app.store.database import Store

KINDS = ("tally", "ballots", "ranking", "needs", "visits", "survey", "satisfaction")


@dataclass(frozen=True)
class PrintRequest:
    """A printed document: `tally`, `ballots`, `ranking`, `needs` or `visits` (走访清单)."""

    kind: str
    compound: str | None = None
    round_no: int = 1
    building: str | None = None
    households: bool = False
    """tally: add the households by room (names masked)."""
    per_page: int = 1
    """ballots: 1 or 2 to an A4 page."""
    question: str | None = None
    full_names: bool = False
    title: str | None = None
    """ranking: the title instead of the usual one."""
    pending: bool = False
    """ballots: only the households without an opinion in the round (and those 待核实)."""
    household: str | None = None
    """survey: only this household (its id)."""
    blank: bool = False
    """survey: no answers filled in (with neither compound nor household: no address either)."""
    form: str | None = None
    """survey: the form (its name or form_id); the needs survey by default."""
    language: str = "zh"
    """survey: the language of the questionnaire (zh, or en where the form has English)."""


@dataclass(frozen=True)
class Printed:
    rendered: Rendered
    verification: str | None = None
    """tally: the text of the notice's QR code, to check the printed figures against."""
    ballots: int | None = None
    households: int | None = None
    """visits: the households listed (still without an opinion); survey: the forms printed."""

    @property
    def path(self) -> Path:
        return self.rendered.path


def print_document(*, store: Store, request: PrintRequest, target: Path) -> Printed:
    """Write the document as an A4 PDF at `target`."""
    if request.kind not in KINDS:
        raise ValueError(f"unknown document {request.kind!r}")
    return PRINTERS[request.kind](store, request, target)


def _compound(request: PrintRequest) -> str:
    return request.compound or ""


def _listing(request: PrintRequest) -> dict[str, Any]:
    """What paper ballots and the 走访清单 are both chosen by: compound, round, building, and
    whether names are printed in full."""
    return {
        "compound": _compound(request),
        "round_no": request.round_no,
        "building": request.building,
        "full_names": request.full_names,
    }


def _tally(store: Store, request: PrintRequest, target: Path) -> Printed:
    from survey_app.reports.tally_notice import render_tally_notice, tally_notice

    notice = tally_notice(
        store=store,
        compound=_compound(request),
        round_no=request.round_no,
        with_households=request.households,
    )
    return Printed(render_tally_notice(notice, target), verification=notice.verification)


def _ballots(store: Store, request: PrintRequest, target: Path) -> Printed:
    from survey_app.reports.ballots import ballot_batch, render_ballots

    batch = ballot_batch(
        store=store, **_listing(request), question=request.question, pending=request.pending
    )
    rendered = render_ballots(batch, target, per_page=request.per_page)
    return Printed(rendered, ballots=len(batch.ballots))


def _ranking(store: Store, request: PrintRequest, target: Path) -> Printed:
    from survey_app.reports.ranking_report import ranking_report, render_ranking

    report = ranking_report(store=store, round_no=request.round_no, title=request.title)
    return Printed(render_ranking(report, target))


def _needs(store: Store, request: PrintRequest, target: Path) -> Printed:
    from survey_app.needs.library import open_form
    from survey_app.needs.report import compound_needs, printable_needs
    from survey_app.reports.needs import needs_list_from, render_needs

    report = compound_needs(store=store, form=open_form(store=store), compound=_compound(request))
    return Printed(render_needs(needs_list_from(printable_needs(report)), target))


def _visits(store: Store, request: PrintRequest, target: Path) -> Printed:
    from survey_app.reports.visit_list import render_visit_list, visit_list

    report = visit_list(store=store, **_listing(request))
    return Printed(render_visit_list(report, target), households=len(report.lines))


def _survey(store: Store, request: PrintRequest, target: Path) -> Printed:
    from survey_app.needs.library import NEEDS_SURVEY, open_form
    from survey_app.reports.questionnaire import questionnaires, render_questionnaires

    batch = questionnaires(
        store=store,
        form=open_form(request.form or NEEDS_SURVEY, store),
        compound=request.compound,
        household=request.household,
        blank=request.blank,
        full_names=request.full_names,
        language=request.language,
    )
    return Printed(render_questionnaires(batch, target), households=len(batch.forms))


def _satisfaction(store: Store, request: PrintRequest, target: Path) -> Printed:
    from survey_app.needs.library import open_form
    from survey_app.needs.report import compound_satisfaction
    from survey_app.needs.satisfaction import SATISFACTION_SURVEY
    from survey_app.reports.satisfaction import render_satisfaction

    report = compound_satisfaction(
        store=store,
        form=open_form(request.form or SATISFACTION_SURVEY, store),
        needs_form=open_form(store=store),
        compound=_compound(request),
    )
    return Printed(render_satisfaction(report, target), households=int(str(report["surveyed"])))


PRINTERS: dict[str, Callable[[Store, PrintRequest, Path], Printed]] = {
    "tally": _tally,
    "ballots": _ballots,
    "ranking": _ranking,
    "needs": _needs,
    "visits": _visits,
    "survey": _survey,
    "satisfaction": _satisfaction,
}


@dataclass(frozen=True)
class PrintJob:
    """Where and how the PDF goes: a printer by name ('' = the default), copies, the pages
    (CUPS page list `2-3,5`; '' = all) and two-sided printing (`long`, `short` or None)."""

    printer: str = ""
    copies: int = 1
    pages: str = ""
    sides: str | None = None


SIDES = {"long": "two-sided-long-edge", "short": "two-sided-short-edge"}


def print_spooler() -> str | None:
    """The CUPS `lp` command, which takes the PDF itself (its pages stay vector, the job is
    the file's size); None where there is none (Windows)."""
    if sys.platform.startswith("win"):
        return None
    return shutil.which("lp")


def send_to_printer(*, pdf: Path, job: PrintJob, title: str, spooler: str) -> str:
    """Hand the PDF file to the print spooler; returns what it said (the job id)."""
    command = [spooler, "-t", title, "-n", str(max(1, job.copies))]
    if job.printer:
        command += ["-d", job.printer]
    if job.pages:
        command += ["-P", job.pages]
    if job.sides:
        command += ["-o", f"sides={SIDES[job.sides]}"]
    try:
        done = subprocess.run(
            [*command, "--", str(pdf)], capture_output=True, text=True, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise RefusedAction(code="print_failed", printer=job.printer or "—", error=error) from error
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip() or f"exit {done.returncode}"
        raise RefusedAction(code="print_failed", printer=job.printer or "—", error=said)
    return done.stdout.strip()


def write_pages(*, pdf: Path, target: Path, pages: str = "") -> Path:
    """The PDF as a file (a PDF printer): the pages themselves, vector and with their text;
    only the listed pages (`2-3,5`) when a page list is given."""
    from survey_app.spreadsheets.atomic import write_atomically

    with write_atomically(target) as temporary:
        if not pages:
            shutil.copyfile(pdf, temporary)
        else:
            _copy_pages(pdf, temporary, pages)
    return target


def _copy_pages(pdf: Path, target: Path, pages: str) -> None:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(pdf)
    writer = PdfWriter()
    for number in page_numbers(pages, len(reader.pages)):
        writer.add_page(reader.pages[number - 1])
    with target.open("wb") as out:
        writer.write(out)


def page_numbers(pages: str, count: int) -> list[int]:
    """`2-3,5` → [2, 3, 5], within 1..count."""
    numbers: list[int] = []
    for part in pages.split(","):
        first, _dash, last = part.strip().partition("-")
        numbers += range(int(first), int(last or first) + 1)
    return [n for n in numbers if 1 <= n <= count]
