"""Importing a roster file (.xlsx or .csv) into a compound: good rows in, bad rows reported.

Importing the same file twice changes nothing; a file that is not a roster changes nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from survey_app.core.errors import UnreadableFile
from survey_app.core.ids import CompoundCode, household_id
from survey_app.core.roster import (
    RosterRow,
    RowError,
    SkippedRow,
    is_roster_header,
    map_headers,
    parse_rows,
)
from survey_app.core.tally import RoundStatus
from survey_app.spreadsheets.read import CSV_SUFFIXES, WORKBOOK_SUFFIXES, read_table_file
from survey_app.store.compounds import get_compound
from survey_app.store.database import Store
from survey_app.store.households import Household, households_of
from survey_app.store.rounds import ROUNDS, round_state
from survey_app.store.versions import current_household_versions

Rows = list[tuple[int, Sequence[object]]]
HEADER_SEARCH_ROWS = 15


@dataclass
class ImportReport:
    imported: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    """Footer rows (合计, 填表人…): not households, left out on purpose, never errors."""
    closed_rounds: list[int] = field(default_factory=list)
    """Rounds of the compound already closed: their frozen tallies do not take this roster;
    it applies to rounds opened after it."""
    unfrozen_closed_rounds: list[int] = field(default_factory=list)
    """Rounds closed by an older version, which froze no list: this roster changes them."""

    def as_json(self) -> dict[str, object]:
        return {
            "imported": self.imported,
            "unchanged": self.unchanged,
            "errors": [{"row": e.row, "reason": e.reason} for e in self.errors],
            "skipped": [{"row": s.row, "reason": s.reason} for s in self.skipped],
            "closed_rounds": self.closed_rounds,
            "unfrozen_closed_rounds": self.unfrozen_closed_rounds,
        }


@dataclass(frozen=True)
class RosterTable:
    """The header row found in a file, its column mapping, and the data rows after it."""

    header_row: int
    headers: list[str]
    mapping: dict[str, int]
    rows: Rows


def find_roster_table(candidates: list[Rows], path: Path) -> RosterTable:
    for rows in candidates:
        for position, (row_no, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
            mapping = map_headers(cells)
            if is_roster_header(mapping):
                headers = ["" if c is None else str(c) for c in cells]
                return RosterTable(row_no, headers, mapping, rows[position + 1 :])
    raise UnreadableFile(code="not_a_roster", path=str(path), name=path.name)


def read_roster_table(path: Path) -> RosterTable:
    """Find the roster in a file: the first sheet with a recognisable header row."""
    if not path.is_file():
        raise UnreadableFile(code="missing_roster", path=str(path))
    suffix = path.suffix.lower()
    if suffix not in (*WORKBOOK_SUFFIXES, *CSV_SUFFIXES):
        raise UnreadableFile(code="bad_suffix", path=str(path), name=path.name)
    sheets = read_table_file(path)
    return find_roster_table([list(enumerate(sheet.rows, start=1)) for sheet in sheets], path)


def roster_household(compound: CompoundCode, row: RosterRow) -> Household:
    address = row.address
    return Household(
        id=household_id(compound, address),
        compound=compound,
        address=str(address),
        building=address.building,
        unit=address.unit,
        room=address.room,
        head=row.head,
        phone=row.phone,
        area=row.area,
        tenure=row.tenure.value if row.tenure else None,
        eligible=row.eligible,
        note=row.note,
    )


Progress = Callable[[int, int], None]


@contextmanager
def cycles_collected_after() -> Iterator[None]:
    """The cyclic garbage collector paused for a bulk import: its rows, payloads and records
    are hundreds of thousands of short-lived objects in no cycle, whose count set off
    collections that walked every object of the process (0.2 s of CPU in a 10,000-row
    import). Whatever is left in a cycle is collected once it is enabled again."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def import_roster(
    *, store: Store, path: Path, compound: str, progress: Progress | None = None
) -> ImportReport:
    """Import a roster file into a compound in one transaction."""
    with cycles_collected_after():
        return _import_roster(store=store, path=path, compound=compound, progress=progress)


def _import_roster(
    *, store: Store, path: Path, compound: str, progress: Progress | None
) -> ImportReport:
    code = get_compound(store=store, code=compound).code
    table = read_roster_table(path)
    good, errors, skipped = parse_rows(table.rows, table.mapping)
    report = ImportReport(errors=errors, skipped=skipped)
    closed = [s for s in (round_state(store=store, compound=code, round_no=n) for n in ROUNDS)
              if s.status is RoundStatus.CLOSED]  # fmt: skip
    report.closed_rounds = [s.round_no for s in closed if s.frozen]
    report.unfrozen_closed_rounds = [s.round_no for s in closed if not s.frozen]
    known = {h.id: h for h in households_of(store=store, compound=code)}
    current = current_household_versions(store=store, compound=code)
    changed = []
    for done, row in enumerate(good, start=1):
        household = roster_household(code, row)
        versions = current.get(household.id, ())
        if known.get(household.id) == household and len(versions) <= 1:
            report.unchanged += 1
        else:  # a row in conflict is written again even when unchanged: it settles it
            changed.append(household.payload(versions))
        if progress and done % 500 == 0:
            progress(done, len(good))
    with store.transaction():
        store.append_many(changed)
    report.imported = len(changed)
    if progress:
        progress(len(good), len(good))
    return report
