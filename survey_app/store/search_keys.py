"""What search compares with, computed once per household as it is written: the phone as
digits only and the head's name as pinyin syllables (`household_keys`, a projection).

The readings come from pypinyin's table of characters, read only here, when households are
written (a roster import, a sync, the migration that fills the table), never at start-up and
never per keystroke; and read as the data file it is, without importing pypinyin, whose phrase
dictionaries and word segmenter (0.4 s to import) a name's characters read one by one never use.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from survey_app.core.names import Syllables
from survey_app.core.privacy import ERASED_NAME
from survey_app.core.roster import normalise_phone
from survey_app.store import driver
from survey_app.store.personal import PERSONAL_WATERMARK_KEY
from survey_app.store.search_index import (
    drop_search_index,
    index_deferred,
    index_households,
    index_marks,
    rebuild_search_index,
    set_index_marks,
)

CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS household_keys (
    household TEXT PRIMARY KEY, phone TEXT, pinyin TEXT
) WITHOUT ROWID
"""
_LATIN = re.compile(r"[a-z]+")
_WORDS = re.compile(r"[a-z]+|[\u3400-\u9fff\uf900-\ufaff]+")
_WRITTEN_SINCE = """
SELECT h.id, h.head, h.phone FROM households h
WHERE h.id IN (SELECT json_extract(payload, '$.id') FROM records
               WHERE rowid > :since AND +kind = 'household'
               UNION
               SELECT e.household FROM erasures e JOIN records x ON x.id = e.record_id
               WHERE x.rowid > :since AND x.kind = 'erasure'
               UNION
               SELECT json_extract(r.payload, '$.id') FROM personal p
               JOIN records r ON r.id = p.record_id
               WHERE p.rowid > :personal AND +r.kind = 'household')
"""
"""Every household a new record speaks of (the row in force may have become an older record:
a new one superseding only one of two concurrent rows, see store/versions.py), every one a new
erasure emptied, and every one whose name came after its record (a personal row of a sync)."""


def name_syllables(name: str | None) -> Syllables:
    """Each character's readings (heteronyms too: 曾 is ceng or zeng); Latin words as they are;
    digits and punctuation left out."""
    syllables: Syllables = []
    for word in _WORDS.findall(unicodedata.normalize("NFKC", name or "").lower()):
        if word.isascii():
            syllables.append((word,))
        else:
            syllables.extend(r for r in map(character_readings, word) if r)
    return syllables


@cache
def character_readings(character: str) -> tuple[str, ...]:
    """A character's readings, the most usual first, toneless (`lv` for lü): what pypinyin's
    `pinyin(character, style=Style.NORMAL, heteronym=True)` gives, but for readings that are
    not Latin letters only (ê); computed once per character, as names repeat their characters
    (ten thousand names hold a few hundred)."""
    table = reading_table()
    if table is None:  # a pypinyin without its table as a file: asked character by character
        from pypinyin import Style, pinyin

        found = pinyin(character, style=Style.NORMAL, heteronym=True, errors="ignore")
        readings = found[0] if found else []
    else:
        readings = [toneless(r) for r in table.get(str(ord(character)), "").split(",") if r]
    return tuple(dict.fromkeys(r for r in readings if _LATIN.fullmatch(r)))


_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0304\u030c"))
"""Grave, acute, macron and caron: the four tones' marks (ü's diaeresis and ê's circumflex are
letters, not tones)."""


def toneless(reading: str) -> str:
    """A reading as pypinyin's NORMAL style writes it: tone marks dropped, ü as v."""
    decomposed = unicodedata.normalize("NFD", reading).translate(_TONE_MARKS)
    return unicodedata.normalize("NFC", decomposed).replace("ü", "v")


@cache
def reading_table() -> dict[str, str] | None:
    """pypinyin's readings of each character (`pinyin_dict.json`: code point → readings with
    tone marks, the most usual first), found where the package is installed without importing
    it; None when this pypinyin has no such file."""
    spec = importlib.util.find_spec("pypinyin")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            table = json.loads((Path(folder) / "pinyin_dict.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(table, dict):
            return table
    return None


def name_pinyin(name: str | None) -> str:
    """The name's syllables as stored (core/names.py `syllables_text` of `name_syllables`),
    from each character's text computed once, as names repeat their characters: the keys of
    a catch-up of 50,000 households took 0.10 s of CPU instead of 0.25 s."""
    words = _WORDS.findall(unicodedata.normalize("NFKC", name or "").lower())
    return " ".join(
        text
        for word in words
        for text in ((word,) if word.isascii() else map(_character_text, word))
        if text
    )


@cache
def _character_text(character: str) -> str:
    return "|".join(character_readings(character))


def _key_rows(rows: Iterable[tuple[object, ...]]) -> list[tuple[str, str | None, str]]:
    return [
        (str(hid), normalise_phone(None if phone is None else str(phone)),
         name_pinyin(None if head in (None, ERASED_NAME) else str(head)))
        for hid, head, phone in rows
    ]  # fmt: skip


def project_household_keys(db: driver.Connection, since: int) -> None:
    """The keys and the search index of the households written by the records after `since`
    (of every household when the projections are built from the start). A file that defers
    its index (a central one, store/search_index.py) keys and indexes at once only the
    households it indexed before (an edit or an erasure replaces their text now); the others
    wait for the next search (`index_waiting_households`)."""
    personal = _personal_mark(db) if since else 0
    deferred = index_deferred(db)
    if deferred and not since:
        db.execute("DELETE FROM household_keys")
        drop_search_index(db)
        return
    if deferred and not db.execute("SELECT 1 FROM search_rows LIMIT 1").fetchone():
        return  # nothing indexed yet: the next search indexes every household
    rows = db.execute(_WRITTEN_SINCE, {"since": since, "personal": personal}).fetchall()
    if rows and deferred:
        indexed = {
            str(hid)
            for (hid,) in db.execute(
                "SELECT household FROM search_rows WHERE household IN "
                "(SELECT value FROM json_each(?))",
                [json.dumps([str(row[0]) for row in rows])],
            )
        }
        rows = [row for row in rows if str(row[0]) in indexed]
    if rows:
        db.executemany(
            "INSERT OR REPLACE INTO household_keys (household, phone, pinyin) VALUES (?, ?, ?)",
            _key_rows(rows),
        )
    if not since:
        rebuild_search_index(db)
    elif rows:
        index_households(db, [str(row[0]) for row in rows])


def _personal_mark(db: driver.Connection) -> int:
    mark = db.execute("SELECT value FROM meta WHERE key = ?", [PERSONAL_WATERMARK_KEY]).fetchone()
    return int(mark[0]) if mark else 0


def search_index_behind(db: driver.Connection) -> bool:
    """Whether a file that defers its index has records its index has not read."""
    if not index_deferred(db):
        return False
    newest = db.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()[0]
    return bool(index_marks(db)[0] < newest)


def index_waiting_households(db: driver.Connection) -> None:
    """Bring a deferred index up to date with the projections (called after them, in their
    write transaction): the households written since it last read, keyed and indexed in the
    order of their index rowids; all of them when it has read nothing."""
    records, personal = index_marks(db)
    if records:
        rows = db.execute(_WRITTEN_SINCE, {"since": records, "personal": personal}).fetchall()
    else:
        rows = db.execute("SELECT id, head, phone FROM households").fetchall()
    db.executemany(
        "INSERT OR REPLACE INTO household_keys (household, phone, pinyin) VALUES (?, ?, ?)",
        _key_rows(rows),
    )
    if records:
        index_households(db, [str(row[0]) for row in rows])
    else:
        rebuild_search_index(db)
    newest = db.execute("SELECT coalesce(max(rowid), 0) FROM records").fetchone()[0]
    set_index_marks(db, int(newest), _personal_mark(db))


def refresh_all_household_keys(db: driver.Connection) -> None:
    db.execute(CREATE_TABLE)
    rows = db.execute("SELECT id, head, phone FROM households").fetchall()
    db.executemany(
        "INSERT OR REPLACE INTO household_keys (household, phone, pinyin) VALUES (?, ?, ?)",
        _key_rows(rows),
    )
