"""Finding a household the way a surveyor types it: an address in any spelling, a name,
or the text a USB scanner reads from a paper ballot's QR code."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from survey_app.core.addresses import parse_address
from survey_app.core.errors import SurveyAppError
from survey_app.core.ids import split_household_id
from survey_app.core.qr_texts import parse_ballot_text
from survey_app.store.database import Store
from survey_app.store.households import Household, get_household

LIMIT = 50


class Found(StrEnum):
    BALLOT = "ballot"
    ADDRESS = "address"
    NAME = "name"
    PHONE = "phone"


@dataclass(frozen=True)
class SearchHit:
    household: Household
    found: Found
    round_no: int | None = None


@dataclass(frozen=True)
class BallotTarget:
    household: str
    round_no: int | None


def ballot_target(text: str) -> BallotTarget | None:
    """The household and round a scanned paper ballot names (`SAB|NH-001/3-2-501|R1`, the
    format of core.qr_texts), or the household of a typed id like `NH-001/3-2-501`."""
    try:
        ballot = parse_ballot_text(text)
    except SurveyAppError:
        pass
    else:
        return BallotTarget(ballot.household, ballot.round_no)
    if "/" not in text:
        return None
    try:
        compound, address = split_household_id(text.strip())
    except SurveyAppError:
        return None
    return BallotTarget(f"{compound}/{address}", None)


def search_households(*, store: Store, text: str, compound: str | None = None) -> list[SearchHit]:
    """Households matching the text, those of `compound` first; a ballot or an exact address
    gives the household itself, a name or phone number every household that contains it."""
    text = text.strip()
    if not text:
        return []
    ballot = ballot_target(text)
    scanned = get_household(store=store, id=ballot.household) if ballot else None
    if ballot and scanned:
        return [SearchHit(scanned, Found.BALLOT, ballot.round_no)]
    by_address = _by_address(store, text, compound)
    if by_address:
        return by_address
    found = Found.PHONE if text.isdigit() and len(text) >= 4 else Found.NAME
    column = "phone" if found is Found.PHONE else "head"
    return _by_column(store, column, text, compound, found)


def _by_address(store: Store, text: str, compound: str | None) -> list[SearchHit]:
    try:
        address = str(parse_address(text))
    except SurveyAppError:
        return []
    rows = store.db.execute(
        "SELECT id FROM households WHERE address = ? ORDER BY compound != ?, compound LIMIT ?",
        [address, compound or "", LIMIT],
    ).fetchall()
    return _hits(store, rows, Found.ADDRESS)


def _by_column(
    store: Store, column: str, text: str, compound: str | None, found: Found
) -> list[SearchHit]:
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = store.db.execute(
        f"SELECT id FROM households WHERE {column} LIKE ? ESCAPE '\\' "
        "ORDER BY compound != ?, compound, building + 0, unit + 0, room + 0 LIMIT ?",
        [pattern, compound or "", LIMIT],
    ).fetchall()
    return _hits(store, rows, found)


def _hits(store: Store, rows: list[tuple[object, ...]], found: Found) -> list[SearchHit]:
    households = (get_household(store=store, id=str(r[0])) for r in rows)
    return [SearchHit(h, found) for h in households if h is not None]
