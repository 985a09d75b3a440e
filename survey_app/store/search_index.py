"""The index search reads instead of scanning every household: one row per household in an
FTS5 table with the trigram tokenizer (`household_search`), kept by the projection as
households are written, edited or erased.

A row's rowid (`search_rows`) begins with the first bytes of its compound's code, so the index
gives its rows in the order of the compounds, a block of compounds at a time: the first fifty
of a common name are read from the first blocks, not sorted out of every household that has
it. Within a block the rows are sorted by the search order itself.

Trigrams find any text of three characters or more. Shorter text is found through entries
padded to three characters: each character and each pair of the head's name is also written
as `王··` and `王芳·`, and a pinyin key as `··lwj`, so `王`, `王芳`, `l` and `lw` are
three-character queries too. The index only narrows the rows: each one is checked against the
rule search always had (`LIKE`, `pinyin_match`), so what is found does not change.

A central file (sync/files.py `create_central`, migration m028) leaves the rows of the
households it has not indexed yet to the search that reads them (store/search.py brings the
index up to date before any query, from its own place in the log: `SEARCH_MARK_KEY`): no
window searches a central file, and a collection's index rows cost more than the rest of its
tables together. A household already indexed there is indexed again at once (an edit or an
erasure replaces its old text now, not at some later search), so waiting keeps no erased name.

A row deleted or replaced is gone for good (FTS5's `secure-delete`, and SQLite's
`secure_delete` for the row's stored text): an erased name leaves no trigram behind. The table
is one any SQLite since 3.34 reads (the standard library's too: no contentless deletes).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise

from survey_app.core.names import Syllables, parse_syllables
from survey_app.store import driver

PAD = "\ue000"
"""A character of Unicode's private use area, which no name, phone or query holds."""
LONG = "0long"
"""A word no key or reading is (those are letters only)."""
"""Written beside the readings of a name with a word longer than any pinyin syllable (a Latin
name), which every query of the readings then finds."""
KEY_LENGTH = 3
LONGEST_READING = 6
"""zhuang, chuang, shuang: no pinyin syllable is longer."""
LONG_KEY = 6
"""The keys from a syllable after the surname (`second`, `given`) are also the first 4, 5 and
6 letters of every spelling that long: a long query is narrowed by its rest's first six
letters, not three that many names share (`jiang` + `mingyi`, not `jiang` + `min`)."""
_LONG_KEY_COLUMNS = ("second", "given")

BLOCK_BITS = 23
CODE_BYTES = 5
"""A rowid is the first five bytes of the compound code, then 23 bits numbering its rows."""

CREATE_TABLES = """
CREATE VIRTUAL TABLE IF NOT EXISTS household_search USING fts5(head, phone, tokenize = 'trigram');
CREATE VIRTUAL TABLE IF NOT EXISTS household_spelling USING fts5(
    surname, second, given, first, later,
    tokenize = 'unicode61', detail = 'column', prefix = '1 2'
);
CREATE TABLE IF NOT EXISTS search_rows (
    id INTEGER PRIMARY KEY, household TEXT NOT NULL UNIQUE, compound TEXT NOT NULL,
    building NUMERIC, unit NUMERIC, room NUMERIC, head TEXT, phone TEXT, pinyin TEXT
);
"""
"""Beside each index row, what search checks and sorts the rows it gives by (the order columns
as `building + 0` gives them), so that reading a row of the index reads no household."""
_SECURE_DELETE = "INSERT INTO {table} ({table}, rank) VALUES ('secure-delete', 1)"
_ROWS = """
SELECT h.id, h.compound, h.building + 0, h.unit + 0, h.room + 0, h.head, k.phone, k.pinyin
FROM households h
LEFT JOIN household_keys k ON k.household = h.id
"""
_INSERTS = (
    "INSERT{} INTO household_search (rowid, head, phone) VALUES (?, ?, ?)",
    "INSERT{} INTO household_spelling (rowid, surname, second, given, first, later) "
    "VALUES (?, ?, ?, ?, ?, ?)",
    "INSERT{} INTO search_rows (id, household, compound, building, unit, room, head, phone, "
    "pinyin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
)
"""Each table's insert: `OR REPLACE` for a household indexed before, a plain insert for a new
one (a full-text table's replace looks for the row it replaces first)."""


def create_search_index(db: driver.Connection) -> None:
    for statement in CREATE_TABLES.split(";"):
        if statement.strip():
            db.execute(statement)
    for table in ("household_search", "household_spelling"):
        db.execute(_SECURE_DELETE.format(table=table))


def block_of(compound: str) -> int:
    """The block of a compound's rows: its code's first bytes, in the order of the codes."""
    return int.from_bytes(compound.encode("utf-8")[:CODE_BYTES].ljust(CODE_BYTES, b"\0"), "big")


def block_range(block: int) -> tuple[int, int]:
    return block << BLOCK_BITS, ((block + 1) << BLOCK_BITS) - 1


def short_grams(text: str) -> str:
    """Each character and each pair of characters of the text, padded to three."""
    if not text:
        return ""
    pairs = "".join([a + b + PAD for a, b in pairwise(text)])
    return (PAD * 2).join(text) + PAD * 2 + pairs


def keys_from(syllables: Syllables, start: int) -> set[str]:
    """The first three letters of every spelling that starts at syllable `start` (a non-empty
    beginning of one reading of each syllable in turn), or the whole spelling when the name
    ends before three letters: any query that spells the name from there begins with one."""
    if start >= len(syllables):
        return set()
    return set(spelled_beginnings(syllables)[start][KEY_LENGTH])


NAMES_KEPT = 16_384
"""How many names' index texts a process keeps: a compound's or a town's names repeat, a
city's 400,000 mostly do not, and an unbounded cache kept about 0.57 KB per name for the life
of the process (about 230 MB after a city's catch-up)."""


Beginnings = dict[int, frozenset[str]]
"""The first n letters of every spelling from a syllable on (n up to three, or six)."""


def spelled_beginnings(syllables: Syllables, longest: int = KEY_LENGTH) -> list[Beginnings]:
    """The beginnings of the spellings from each syllable (the whole spelling where the name
    ends sooner), and the end's: built from the last syllable back, each from the next's, so
    a name's keys from every syllable cost a few set unions, not a walk through every spelling."""
    table = [_ENDED[longest]]
    for position, readings in enumerate(reversed(syllables)):
        if position == 0:  # the last syllable's: a character's, the same in every name
            table.append(_last_beginnings(readings, longest))
        else:
            table.append(_beginnings(readings, table[-1], longest))
    return table[::-1]


_ENDED: dict[int, Beginnings] = {
    n: dict.fromkeys(range(1, n + 1), frozenset({""})) for n in (KEY_LENGTH, LONG_KEY)
}
"""The beginnings after the last syllable: the empty spelling."""


@lru_cache(maxsize=NAMES_KEPT)
def _last_beginnings(readings: tuple[str, ...], longest: int) -> Beginnings:
    return _beginnings(readings, _ENDED[longest], longest)


def _beginnings(readings: tuple[str, ...], after: Beginnings, longest: int) -> Beginnings:
    """The first n letters (n up to `longest`) of the spellings from a syllable of these
    readings, followed by spellings that begin as `after`: `_first_letters` of each n, from
    one walk through the beginnings of the readings."""
    table: dict[int, set[str]] = {n: set() for n in range(1, longest + 1)}
    for reading in readings:
        for length in range(1, min(len(reading), longest) + 1):
            start = reading[:length]
            table[length].add(start)
            for n in range(length + 1, longest + 1):
                table[n].update(map(start.__add__, after[n - length]))
    return {n: frozenset(letters) for n, letters in table.items()}


def long_keys(beginnings: Beginnings) -> frozenset[str]:
    """The first 4 to 6 letters of the spellings at least that long."""
    lengths = range(KEY_LENGTH + 1, LONG_KEY + 1)
    return frozenset(b for n in lengths for b in beginnings[n] if len(b) == n)


def _first_letters(readings: tuple[str, ...], after: Beginnings, n: int) -> frozenset[str]:
    """The first n letters of the spellings from a syllable of these readings, followed by
    spellings that begin as `after`."""
    letters: set[str] = set()
    for reading in readings:
        if len(reading) >= n:
            letters.add(reading[:n])
        for length in range(1, min(len(reading) + 1, n)):
            letters.update(map(reading[:length].__add__, after[n - length]))
    return frozenset(letters)


def _key_text(keys: Iterable[str]) -> str:
    return " ".join(sorted(keys))


def index_text(head: str | None, phone: str | None, pinyin: str | None) -> tuple[str, ...]:
    """The indexed columns of one household: its head's name (and the name's characters and
    pairs), its phone as digits, the pinyin keys from the surname and from any later syllable."""
    return (_head_text(head or ""), phone or "", *_pinyin_keys(pinyin or ""))


@lru_cache(maxsize=NAMES_KEPT)
def _head_text(head: str) -> str:
    return head + PAD + short_grams(head)


@lru_cache(maxsize=NAMES_KEPT)
def _pinyin_keys(pinyin: str) -> tuple[str, str, str, str, str]:
    """Computed once per spelling (names repeat: a city of names holds a few thousand), from
    what its given name's spelling gives once (fewer still: ten thousand names hold two
    thousand given names)."""
    surname, _, given = " ".join(pinyin.split()).partition(" ")
    after, second, later_keys, later, long_given = _given_keys(given)
    first, readings, long_surname = _surname_readings(surname)
    from_surname = _first_letters(first[0], after, KEY_LENGTH) if first else frozenset()
    long = long_given or long_surname
    return (
        _key_text(from_surname),
        second,
        later_keys,
        _with_long(readings, long),
        _with_long(later, long),
    )


@lru_cache(maxsize=NAMES_KEPT)
def _surname_readings(surname: str) -> tuple[Syllables, str, bool]:
    """The surname's syllable, its readings, and whether one is longer than any pinyin
    syllable: the same for every name of the surname (ten thousand names hold about 100)."""
    first = parse_syllables(surname)
    long = any(len(r) > LONGEST_READING for readings in first for r in readings)
    return first, _readings_text(first, False), long


@lru_cache(maxsize=NAMES_KEPT)
def _given_keys(given: str) -> tuple[Beginnings, str, str, str, bool]:
    """From the spelling of the syllables after the surname: the beginnings of its spellings,
    its keys (short and long) from the first of them and from any, its readings, and whether
    one is longer than any pinyin syllable."""
    syllables = parse_syllables(given)
    table = spelled_beginnings(syllables, LONG_KEY)
    keys = [b[KEY_LENGTH] | long_keys(b) for b in table[:-1]]
    second = keys[0] if keys else frozenset()
    long = any(len(r) > LONGEST_READING for readings in syllables for r in readings)
    given_keys = _key_text(frozenset().union(*keys))
    return table[0], _key_text(second), given_keys, _readings_text(syllables, False), long


def _readings_text(syllables: Syllables, long: bool) -> str:
    return _with_long(" ".join(sorted({r for readings in syllables for r in readings})), long)


def _with_long(readings: str, long: bool) -> str:
    return f"{readings} {LONG}" if long and readings else readings


def spelling_query(letters: str, column: str, readings: str, rest_column: str) -> str:
    """An FTS5 query (of `household_spelling`) every name spelled by the letters from a
    syllable matches: that syllable (in `column`) has the key of the letters; and either the
    letters begin one of its readings (in `readings`), or, past a beginning of one of its
    readings (of n letters), they spell from the next syllable on (the key of the rest, in
    `rest_column`: `second` after the surname, `given` after a later syllable).

    The beginning of a reading is asked for only where the rest is too short to have a key of
    its own and the beginning is of 4 letters or more: a reading's beginning reads the lists
    of every reading it begins (jian, jiang) and costs more than the rows it leaves out, which
    the rule checks anyway (store/search.py checks every row the query gives)."""
    key = f"{column} : {key_query(letters, column)}"
    if len(letters) <= KEY_LENGTH:
        return key
    alone = [f"{readings} : {LONG}"]
    if len(letters) <= LONGEST_READING:  # longer letters are more than one syllable
        alone.append(f"{readings} : {letters}*")
    rests = []
    for n in range(1, min(len(letters) - 1, LONGEST_READING) + 1):
        rest = f"{rest_column} : {key_query(letters[n:], rest_column)}"
        if n > KEY_LENGTH and len(letters) - n < KEY_LENGTH:
            rest = f"({readings} : {letters[:n]}* AND {rest})"
        rests.append(rest)
    return f"{key} AND ({' OR '.join([*alone, *rests])})"


def _write_entries(db: driver.Connection, rows: Iterable[tuple[object, ...]]) -> None:
    """The index rows of these households, each under its rowid (given now to one new), and
    their rows of `search_rows`."""
    rows = list(rows)
    known = dict(
        db.execute(
            "SELECT household, id FROM search_rows WHERE household IN "
            "(SELECT value FROM json_each(?))",
            [json.dumps([str(r[0]) for r in rows])],
        ).fetchall()
    )
    written: dict[bool, list[list[tuple[object, ...]]]] = {True: [[], [], []], False: [[], [], []]}
    following: dict[int, int] = {}
    for hid, compound, building, unit, room, head, phone, pinyin in rows:
        rowid = known.get(str(hid))
        tables = written[rowid is not None]
        if rowid is None:
            block = block_of(str(compound))
            rowid = following[block] if block in following else _next_rowid(db, block)
            following[block] = rowid + 1
        text = index_text(*(None if v is None else str(v) for v in (head, phone, pinyin)))
        tables[0].append((rowid, *text[:2]))
        tables[1].append((rowid, *text[2:]))
        tables[2].append((rowid, hid, compound, building, unit, room, head, phone, pinyin or ""))
    for replacing, tables in written.items():
        for insert, values in zip(_INSERTS, tables, strict=True):
            if values:
                db.executemany(insert.format(" OR REPLACE" if replacing else ""), values)


def _next_rowid(db: driver.Connection, block: int) -> int:
    low, high = block_range(block)
    last = db.execute(
        "SELECT max(id) FROM search_rows WHERE id BETWEEN ? AND ?", [low, high]
    ).fetchone()[0]
    return low if last is None else int(last) + 1


DEFERRED_KEY = "search_index_deferred"
"""In `meta` of a central file: households new to it are indexed by the next search."""
SEARCH_MARK_KEY = "search_indexed_rowid"
SEARCH_PERSONAL_KEY = "search_indexed_personal"
"""The records and personal rows (rowids) a deferred index has read; 0: none, build it whole."""


def defer_search_index(db: driver.Connection) -> None:
    """From now on this file indexes a household new to it when a search first reads."""
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", [DEFERRED_KEY])


def index_deferred(db: driver.Connection) -> bool:
    return db.execute("SELECT 1 FROM meta WHERE key = ?", [DEFERRED_KEY]).fetchone() is not None


def index_marks(db: driver.Connection) -> tuple[int, int]:
    """Where a deferred index stands: (records, personal rows) read."""
    found = dict(
        db.execute(
            "SELECT key, value FROM meta WHERE key IN (?, ?)",
            [SEARCH_MARK_KEY, SEARCH_PERSONAL_KEY],
        ).fetchall()
    )
    return int(found.get(SEARCH_MARK_KEY, 0)), int(found.get(SEARCH_PERSONAL_KEY, 0))


def set_index_marks(db: driver.Connection, records: int, personal: int) -> None:
    db.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [(SEARCH_MARK_KEY, str(records)), (SEARCH_PERSONAL_KEY, str(personal))],
    )


def drop_search_index(db: driver.Connection) -> None:
    """Every row gone (dropped tables: SQLite's `secure_delete` zeroes their pages), for the
    next search to build whole."""
    for table in ("household_search", "household_spelling", "search_rows"):
        db.execute(f"DROP TABLE IF EXISTS {table}")
    create_search_index(db)
    set_index_marks(db, 0, 0)


def index_households(db: driver.Connection, ids: list[str]) -> None:
    """Write the index rows of these households afresh (after household_keys)."""
    for start in range(0, len(ids), 500):
        chunk = json.dumps(ids[start : start + 500])
        rows = db.execute(f"{_ROWS} WHERE h.id IN (SELECT value FROM json_each(?))", [chunk])
        _write_entries(db, rows.fetchall())


def rebuild_search_index(db: driver.Connection) -> None:
    """Every household's row, in tables made anew (the households were rebuilt, or the keys
    changed): dropped, not emptied row by row, which a full-text table with `secure-delete`
    does by rewriting its pages for every row (an hour for a city); SQLite's `secure_delete`
    zeroes the dropped pages, so no erased name stays in the file."""
    for table in ("household_search", "household_spelling", "search_rows"):
        db.execute(f"DROP TABLE IF EXISTS {table}")
    create_search_index(db)
    rows = db.execute(f"{_ROWS} ORDER BY h.compound, h.building + 0, h.unit + 0, h.room + 0")
    _write_entries(db, rows.fetchall())


def phrase(text: str) -> str:
    """An FTS5 phrase matching the text as it is (quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def padded(text: str) -> str:
    """A query for text of one or two characters: as `short_grams` wrote it."""
    return text + PAD * (KEY_LENGTH - len(text))


def key_query(letters: str, column: str = "surname") -> str:
    """The key any spelling that begins with these letters has in the column, as an FTS5
    word: their first three (or up to six, after the surname), or any key the one or two
    letters begin."""
    if len(letters) >= KEY_LENGTH:
        return letters[: LONG_KEY if column in _LONG_KEY_COLUMNS else KEY_LENGTH]
    return f"{letters}*"
