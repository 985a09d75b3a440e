"""Importing an online platform's vote export as votes of channel 线上, all or nothing.

A row is imported only when its address is a household of the compound's roster, the name is
the roster's head (one of them, when the cell names several), the household is eligible and
the choice is one of ours; every other row is listed with its row number and reason, and
nothing is imported from it. Rows already imported (the same digest among the round's votes)
are counted as such and not imported again. Several rows for one household: the first is
imported when they all say the same, none when they disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from survey_app.core.addresses import address_from_parts, parse_address
from survey_app.core.errors import InvalidInput, RefusedAction, UnreadableFile
from survey_app.core.ids import household_id
from survey_app.core.online_votes import (
    OnlineRow,
    is_vote_header,
    map_vote_headers,
    names_on_roster,
    online_rows,
    parse_online_choice,
)
from survey_app.core.tally import RoundStatus
from survey_app.core.vocabulary import word
from survey_app.core.votes import Channel, Choice, Relation
from survey_app.spreadsheets.read import CSV_SUFFIXES, WORKBOOK_SUFFIXES, read_table_file
from survey_app.store.compounds import get_compound
from survey_app.store.database import Store
from survey_app.store.households import Household, households_of
from survey_app.store.rounds import check_round_no, round_state
from survey_app.store.votes import OnlineSource, record_vote

HEADER_SEARCH_ROWS = 15


@dataclass(frozen=True)
class MatchedRow:
    row: int
    household: str
    address: str
    name: str
    choice: Choice
    time: str | None
    ref: str

    @property
    def choice_word(self) -> str:
        return word(self.choice)


@dataclass(frozen=True)
class UnmatchedRow:
    """A row nothing is imported from; `reason` a code (vocabulary.IMPORT_REASONS)."""

    row: int
    reason: str
    detail: str = ""


@dataclass
class OnlineImportReport:
    matched: list[MatchedRow] = field(default_factory=list)
    """The rows imported (or, in a dry run, that would be)."""
    already: list[MatchedRow] = field(default_factory=list)
    """Rows imported before (the same row of the same export): not imported again."""
    unmatched: list[UnmatchedRow] = field(default_factory=list)
    dry_run: bool = False

    @property
    def imported_count(self) -> int:
        return len(self.matched)

    def as_json(self) -> dict[str, object]:
        def matched(m: MatchedRow) -> dict[str, object]:
            return {"row": m.row, "household": m.household, "address": m.address,
                    "name": m.name, "choice": m.choice.value, "time": m.time}  # fmt: skip

        return {
            "dry_run": self.dry_run,
            "imported": 0 if self.dry_run else len(self.matched),
            "matched": [matched(m) for m in self.matched],
            "already_imported": [matched(m) for m in self.already],
            "unmatched": [
                {"row": u.row, "reason": u.reason, "detail": u.detail} for u in self.unmatched
            ],
        }


def read_online_rows(path: Path) -> list[OnlineRow]:
    """The data rows of the first sheet with a recognisable header row."""
    if not path.is_file():
        raise UnreadableFile(code="missing_file", path=str(path))
    if path.suffix.lower() not in (*WORKBOOK_SUFFIXES, *CSV_SUFFIXES):
        raise UnreadableFile(code="bad_table_suffix", path=str(path), name=path.name)
    for sheet in read_table_file(path):
        numbered = list(enumerate(sheet.rows, start=1))
        for position, (_number, cells) in enumerate(numbered[:HEADER_SEARCH_ROWS]):
            mapping = map_vote_headers(cells)
            if is_vote_header(mapping):
                return online_rows(numbered[position + 1 :], mapping)
    raise UnreadableFile(code="not_a_vote_export", path=str(path), name=path.name)


def import_online_votes(
    *, store: Store, path: Path, compound: str, round_no: int, dry_run: bool = False
) -> OnlineImportReport:
    """Match the export's rows against the roster and, unless `dry_run`, record the matched
    ones as votes of channel 线上 in one transaction."""
    check_round_no(round_no)
    code = get_compound(store=store, code=compound).code
    rows = read_online_rows(path)
    with store.transaction():
        state = round_state(store=store, compound=code, round_no=round_no)
        if state.status is not RoundStatus.OPEN:
            raise RefusedAction(code="round_not_open", compound=code, round_no=round_no,
                                status=state.status)  # fmt: skip
        homes: dict[str, Household] = {h.id: h for h in households_of(store=store, compound=code)}
        report = match_rows(rows, homes, code, round_no, imported_refs(store, code, round_no))
        report.dry_run = dry_run
        if not dry_run:
            for m in report.matched:
                record_vote(
                    store=store, household=homes[m.household], round_no=round_no,
                    choice=m.choice, signer=m.name, relation=Relation.SELF,
                    channel=Channel.ONLINE, source=OnlineSource(m.ref, m.time),
                )  # fmt: skip
    return report


def imported_refs(store: Store, compound: str, round_no: int) -> set[str]:
    rows = store.db.execute(
        "SELECT json_extract(r.payload, '$.source_ref') FROM votes v JOIN records r "
        "ON r.id = v.id WHERE v.compound = ? AND v.round = ? "
        "AND json_extract(r.payload, '$.channel') = 'online'",
        [compound, round_no],
    )
    return {str(ref) for (ref,) in rows if ref}


def match_rows(
    rows: list[OnlineRow],
    homes: dict[str, Household],
    compound: str,
    round_no: int,
    done: set[str],
) -> OnlineImportReport:
    report = OnlineImportReport()
    candidates: dict[str, list[MatchedRow]] = defaultdict(list)
    for row in rows:
        found = _match(row, homes, compound, round_no)
        if isinstance(found, UnmatchedRow):
            report.unmatched.append(found)
        else:
            candidates[found.household].append(found)
    for group in candidates.values():
        first, *others = group
        if len({m.choice for m in group}) > 1:
            listed = "、".join(str(m.row) for m in group)
            report.unmatched += [UnmatchedRow(m.row, "conflicting_rows", listed) for m in group]
            continue
        report.unmatched += [UnmatchedRow(m.row, "duplicate_row", str(first.row)) for m in others]
        (report.already if first.ref in done else report.matched).append(first)
    report.matched.sort(key=lambda m: m.row)
    report.already.sort(key=lambda m: m.row)
    report.unmatched.sort(key=lambda u: (u.row, u.reason))
    return report


def _match(
    row: OnlineRow, homes: dict[str, Household], compound: str, round_no: int
) -> MatchedRow | UnmatchedRow:
    if not row.address:
        return UnmatchedRow(row.row, "no_address")
    try:
        address = (address_from_parts(row.building, row.unit, row.address) if row.building
                   else parse_address(row.address))  # fmt: skip
    except InvalidInput:
        return UnmatchedRow(row.row, "bad_address", _written(row))
    home = homes.get(household_id(compound, address))  # type: ignore[arg-type]
    if home is None:
        return UnmatchedRow(row.row, "no_such_household", str(address))
    if not row.name:
        return UnmatchedRow(row.row, "no_name", home.address)
    roster_names = names_on_roster(home.head)
    if not roster_names:
        return UnmatchedRow(row.row, "no_head_on_roster", home.address)
    if row.name not in roster_names:
        return UnmatchedRow(row.row, "name_differs", f"{home.address} {row.name}")
    if not home.eligible:
        return UnmatchedRow(row.row, "not_eligible", home.address)
    try:
        choice = parse_online_choice(row.choice_text)
    except InvalidInput:
        return UnmatchedRow(row.row, "unknown_choice", row.choice_text)
    return MatchedRow(row.row, home.id, home.address, row.name, choice, row.time,
                      row.ref(compound, round_no))  # fmt: skip


def _written(row: OnlineRow) -> str:
    return "-".join(p for p in (row.building, row.unit, row.address) if p)
