"""Finding a household the way a surveyor types it: an address in any spelling, a name or its
pinyin (`liuwj`, `lwj`), a phone number in any spelling (`138-0000-0101`, full-width digits),
or the text a USB scanner reads from a paper ballot's QR code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from survey_app.core.addresses import parse_address
from survey_app.core.errors import SurveyAppError
from survey_app.core.ids import split_household_id
from survey_app.core.names import parse_syllables, pinyin_match, pinyin_query, spelled_name
from survey_app.core.qr_texts import parse_ballot_text
from survey_app.core.roster import as_written, normalise_phone
from survey_app.store.database import Store
from survey_app.store.households import Household, get_household

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
    rows = store.db.execute(
        f"SELECT id FROM households WHERE {column} LIKE ? ESCAPE '\\' "
        "ORDER BY compound != ?, compound, building + 0, unit + 0, room + 0 LIMIT ?",
        [pattern, compound or "", LIMIT],
    ).fetchall()
    return _hits(store, rows, found)


_ORDER = "ORDER BY h.compound != ?, h.compound, h.building + 0, h.unit + 0, h.room + 0"


def _by_phone(store: Store, digits: str, compound: str | None) -> list[SearchHit]:
    """Phones as stored for search (digits only), whatever spelling the roster had."""
    rows = store.db.execute(
        "SELECT h.id, k.phone FROM household_keys k JOIN households h ON h.id = k.household "
        f"WHERE k.phone LIKE ? {_ORDER} LIMIT ?",
        ["%" + digits + "%", compound or "", LIMIT],
    ).fetchall()
    return [SearchHit(h, Found.PHONE, matched=str(phone)) for h, phone in _households(store, rows)]


def _by_pinyin(store: Store, letters: str, compound: str | None) -> list[SearchHit]:
    """Names whose pinyin the letters spell; those spelled from the surname first."""
    rows = store.db.execute(
        "SELECT h.id, k.pinyin FROM household_keys k JOIN households h ON h.id = k.household "
        f"WHERE k.pinyin <> '' AND instr(k.pinyin, ?) {_ORDER}",
        [letters[0], compound or ""],
    ).fetchall()
    matched: list[tuple[int, int, str, str]] = []
    for order, (hid, text) in enumerate(rows):
        syllables = parse_syllables(str(text))
        start = pinyin_match(letters, syllables)
        if start is not None:
            matched.append((start > 0, order, str(hid), spelled_name(syllables)))
    matched.sort()
    found = _households(store, [(hid, spelled) for _s, _o, hid, spelled in matched[:LIMIT]])
    return [SearchHit(h, Found.PINYIN, matched=spelled) for h, spelled in found]


def _households(store: Store, rows: list[tuple[object, ...]]) -> list[tuple[Household, str]]:
    """Each row's household, with what matched (the row's second column)."""
    pairs = ((get_household(store=store, id=str(r[0])), str(r[1])) for r in rows)
    return [(h, matched) for h, matched in pairs if h is not None]


def _hits(store: Store, rows: list[tuple[object, ...]], found: Found) -> list[SearchHit]:
    households = (get_household(store=store, id=str(r[0])) for r in rows)
    return [SearchHit(h, found) for h in households if h is not None]
