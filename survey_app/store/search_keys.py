"""What search compares with, computed once per household as it is written: the phone as
digits only and the head's name as pinyin syllables (`household_keys`, a projection).

pypinyin is imported only here, when households are written (a roster import, a sync, the
migration that fills the table), never at start-up and never per keystroke.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from survey_app.core.names import Syllables, syllables_text
from survey_app.core.privacy import ERASED_NAME
from survey_app.core.roster import normalise_phone
from survey_app.store import driver
from survey_app.store.personal import PERSONAL_WATERMARK_KEY
from survey_app.store.search_index import index_households, rebuild_search_index

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
               WHERE x.rowid > :since
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
    """A character's readings, the most usual first; computed once per character, as
    names repeat their characters (ten thousand names hold a few hundred)."""
    from pypinyin import Style, pinyin  # big dictionaries: only as names are written

    readings = pinyin(character, style=Style.NORMAL, heteronym=True, errors="ignore")
    words = (_LATIN.fullmatch(r) for r in (readings[0] if readings else []))
    return tuple(dict.fromkeys(w.group() for w in words if w))


def _key_rows(rows: Iterable[tuple[object, ...]]) -> list[tuple[str, str | None, str]]:
    return [
        (str(hid), normalise_phone(None if phone is None else str(phone)),
         syllables_text(name_syllables(None if head in (None, ERASED_NAME) else str(head))))
        for hid, head, phone in rows
    ]  # fmt: skip


def project_household_keys(db: driver.Connection, since: int) -> None:
    """The keys and the search index of the households written by the records after `since`
    (of every household when the projections are built from the start)."""
    mark = db.execute("SELECT value FROM meta WHERE key = ?", [PERSONAL_WATERMARK_KEY]).fetchone()
    personal = int(mark[0]) if mark and since else 0
    rows = db.execute(_WRITTEN_SINCE, {"since": since, "personal": personal}).fetchall()
    if rows:
        db.executemany(
            "INSERT OR REPLACE INTO household_keys (household, phone, pinyin) VALUES (?, ?, ?)",
            _key_rows(rows),
        )
    if not since:
        rebuild_search_index(db)
    elif rows:
        index_households(db, [str(row[0]) for row in rows])


def refresh_all_household_keys(db: driver.Connection) -> None:
    db.execute(CREATE_TABLE)
    rows = db.execute("SELECT id, head, phone FROM households").fetchall()
    db.executemany(
        "INSERT OR REPLACE INTO household_keys (household, phone, pinyin) VALUES (?, ?, ?)",
        _key_rows(rows),
    )
