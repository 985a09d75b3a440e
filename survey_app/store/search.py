"""Finding a household the way a surveyor types it: an address in any spelling, a name or its
pinyin (`liuwj`, `lwj`), a phone number in any spelling (`138-0000-0101`, full-width digits),
or the text a USB scanner reads from a paper ballot's QR code."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import groupby, islice
from operator import itemgetter

from survey_app.core.addresses import parse_address
from survey_app.core.errors import SurveyAppError
from survey_app.core.ids import split_household_id
from survey_app.core.names import parse_syllables, pinyin_match, pinyin_query, spelled_name
from survey_app.core.qr_texts import parse_ballot_text
from survey_app.core.roster import as_written, normalise_phone
from survey_app.store.database import Store
from survey_app.store.households import Household, get_household
from survey_app.store.projection import project_pending
from survey_app.store.search_index import (
    BLOCK_BITS,
    KEY_LENGTH,
    block_of,
    block_range,
    padded,
    phrase,
    spelling_query,
)
from survey_app.store.search_keys import index_waiting_households, search_index_behind

LIMIT = 50


class Found(StrEnum):
    BALLOT = "ballot"
    ADDRESS = "address"
    NAME = "name"
    PHONE = "phone"
    PINYIN = "pinyin"


@dataclass(frozen=True)
class SearchHit:
    household: Household
    found: Found
    round_no: int | None = None
    matched: str | None = None
    """What matched, for the result list: the phone number, or the name's pinyin."""
    form: str | None = None
    """A scanned questionnaire: its form_id (the survey page opens)."""


@dataclass(frozen=True)
class BallotTarget:
    household: str
    round_no: int | None
    form: str | None = None


def ballot_target(text: str) -> BallotTarget | None:
    """The household and round a scanned paper ballot names (`SAB|NH-001/3-2-501|R1`, the
    format of core.qr_texts), or the household of a typed id like `NH-001/3-2-501`."""
    try:
        ballot = parse_ballot_text(text)
    except SurveyAppError:
        pass
    else:
        return BallotTarget(ballot.household, ballot.round_no, ballot.form)
    if "/" not in text:
        return None
    try:
        compound, address = split_household_id(text.strip())
    except SurveyAppError:
        return None
    return BallotTarget(f"{compound}/{address}", None)


def search_households(*, store: Store, text: str, compound: str | None = None) -> list[SearchHit]:
    """Households matching the text, those of `compound` first; a ballot or an exact address
    gives the household itself, a name, its pinyin or a phone number every household that
    contains it."""
    text = text.strip()
    if not text:
        return []
    bring_search_index_up_to_date(store)
    ballot = ballot_target(text)
    scanned = get_household(store=store, id=ballot.household) if ballot else None
    if ballot and scanned:
        return [SearchHit(scanned, Found.BALLOT, ballot.round_no, form=ballot.form)]
    by_address = _by_address(store, text, compound)
    if by_address:
        return by_address
    digits = phone_query(text)
    if digits:
        return _by_phone(store, digits, compound)
    by_name = _by_column(store, "head", text, compound, Found.NAME)
    letters = pinyin_query(text)
    if letters is None:
        return by_name
    named = {hit.household.id for hit in by_name}
    by_pinyin = [h for h in _by_pinyin(store, letters, compound) if h.household.id not in named]
    return [*by_name, *by_pinyin][:LIMIT]


def bring_search_index_up_to_date(store: Store) -> None:
    """Index the households a central file left for its first search (store/search_index.py),
    before the index is read: a search never misses a household for being new."""
    if search_index_behind(store.db):
        with store.transaction():
            project_pending(store.db)
            index_waiting_households(store.db)


_PHONE_SPELLING = re.compile(r"\+?[\d\s\-()]+")


def phone_query(text: str) -> str | None:
    """The digits of a query that is a phone number: 4 digits or more typed as digits, or 7 or
    more with spaces, dashes, parentheses or a leading + (`138-0000-0101`, `+86 138…`)."""
    written = as_written(text)
    if written.isdigit():
        return written if len(written) >= 4 else None
    if not _PHONE_SPELLING.fullmatch(written):
        return None
    digits = normalise_phone(written)
    return digits if digits and len(digits) >= 7 else None


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
    query = phrase(text if len(text) >= KEY_LENGTH else padded(text))
    rows = _in_search_order(
        store, f"{column} : {query}", compound, "h.household", f"AND h.{column} LIKE ? ESCAPE '\\'",
        [pattern],
    )  # fmt: skip
    return _hits(store, list(islice(rows, LIMIT)), found)


_ORDER = "h.building, h.unit, h.room, h.household"
_SEARCHED = "FROM {table} s JOIN search_rows h ON h.id = s.rowid WHERE {table} MATCH ?"


def _in_search_order(
    store: Store, match: str, compound: str | None, columns: str, where: str, params: list[object],
    table: str = "household_search",
) -> Iterator[tuple[object, ...]]:  # fmt: skip
    """The rows the index gives for the query, in search order: the households of `compound`
    first, then those of the other compounds by compound, building, unit and room. The index
    gives them a block of compounds after another (see store/search_index.py), each block
    sorted here, so a query that many households match stops in the first blocks."""
    searched = _SEARCHED.format(table=table)
    select = f"SELECT {columns} {searched} {where}"
    if compound:
        low, high = block_range(block_of(compound))
        yield from store.db.execute(
            f"{select} AND s.rowid BETWEEN ? AND ? AND h.compound = ? ORDER BY {_ORDER}",
            [match, *params, low, high, compound],
        ).fetchall()
    rows = store.db.execute(
        f"SELECT h.id >> {BLOCK_BITS}, h.compound, {_ORDER}, {columns} {searched} {where} "
        "AND h.compound IS NOT ? ORDER BY s.rowid",
        [match, *params, compound],
    )
    for _block, block_rows in groupby(rows, key=itemgetter(0)):
        for row in sorted(block_rows, key=_order_key):
            yield row[6:]


def _order_key(row: tuple[object, ...]) -> tuple[object, ...]:
    """As SQLite orders the columns: NULL first, then numbers, then text (an id)."""
    return tuple((value is not None, value) for value in row[1:6])


def _by_phone(store: Store, digits: str, compound: str | None) -> list[SearchHit]:
    """Phones as stored for search (digits only), whatever spelling the roster had."""
    rows = _in_search_order(
        store, f"phone : {phrase(digits)}", compound, "h.household, h.phone", "AND h.phone LIKE ?",
        ["%" + digits + "%"],
    )  # fmt: skip
    found = _households(store, list(islice(rows, LIMIT)))
    return [SearchHit(h, Found.PHONE, matched=str(phone)) for h, phone in found]


def _by_pinyin(store: Store, letters: str, compound: str | None) -> list[SearchHit]:
    """Names whose pinyin the letters spell; those spelled from the surname first (all of
    those, then the names spelled from a later syllable only)."""
    from_surname = spelling_query(letters, "surname", "first", "second")
    spelled = _spelled(store, letters, from_surname, compound, first=True)
    if len(spelled) < LIMIT:
        later = spelling_query(letters, "given", "later", "given")
        if len(letters) <= KEY_LENGTH:
            later = f"{later} NOT {from_surname}"
        spelled += _spelled(store, letters, later, compound, first=False)
    found = _households(store, spelled[:LIMIT])
    return [SearchHit(h, Found.PINYIN, matched=spelled) for h, spelled in found]


def _spelled(
    store: Store, letters: str, query: str, compound: str | None, *, first: bool
) -> list[tuple[str, str]]:
    """The first LIMIT households (in search order) the index gives for the query whose name
    the letters spell, from the surname (`first`) or from a later syllable only."""
    rows = _in_search_order(
        store, query, compound, "h.household, h.pinyin", "AND h.pinyin <> ''", [],
        table="household_spelling",
    )  # fmt: skip
    spelled: list[tuple[str, str]] = []
    checked: dict[str, str | None] = {}  # names repeat: each spelling is checked once
    for hid, text in rows:
        if text not in checked:
            syllables = parse_syllables(str(text))
            start = pinyin_match(letters, syllables)
            wanted = start is not None and (start == 0) == first
            checked[str(text)] = spelled_name(syllables) if wanted else None
        if (name := checked[str(text)]) is not None:
            spelled.append((str(hid), name))
            if len(spelled) == LIMIT:
                break
    return spelled


def _households(store: Store, rows: Sequence[tuple[object, ...]]) -> list[tuple[Household, str]]:
    """Each row's household, with what matched (the row's second column)."""
    pairs = ((get_household(store=store, id=str(r[0])), str(r[1])) for r in rows)
    return [(h, matched) for h, matched in pairs if h is not None]


def _hits(store: Store, rows: list[tuple[object, ...]], found: Found) -> list[SearchHit]:
    households = (get_household(store=store, id=str(r[0])) for r in rows)
    return [SearchHit(h, found) for h in households if h is not None]
