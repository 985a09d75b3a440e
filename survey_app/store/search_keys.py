"""What search compares with, computed once per household as it is written: the phone as
digits only and the head's name as pinyin syllables (`household_keys`, a projection).

pypinyin is imported only here, when households are written (a roster import, a sync, the
migration that fills the table), never at start-up and never per keystroke.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from survey_app.core.names import Syllables, syllables_text
from survey_app.core.roster import normalise_phone

CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS household_keys (
    household TEXT PRIMARY KEY, phone TEXT, pinyin TEXT
) WITHOUT ROWID
"""
_LATIN = re.compile(r"[a-z]+")
_WRITTEN_SINCE = """
SELECT h.id, h.head, h.phone
FROM records r JOIN households h ON h.id = json_extract(r.payload, '$.id') AND h.record_id = r.id
WHERE r.rowid > ? AND r.kind = 'household'
"""


def name_syllables(name: str | None) -> Syllables:
    """Each character's readings (heteronyms too: 曾 is zeng or ceng); Latin words as they are."""
    if not name:
        return []
    from pypinyin import Style, lazy_pinyin, pinyin  # big dictionaries: only as names are written

    usual = lazy_pinyin(name, style=Style.NORMAL)
    every = pinyin(name, style=Style.NORMAL, heteronym=True, errors="default")
    syllables: Syllables = []
    for first, readings in zip(usual, every, strict=False):
        words = [_LATIN.findall(r.lower()) for r in dict.fromkeys([first, *readings])]
        if len(words) == 1:  # Latin text, or one reading: each word its own syllable
            syllables.extend((w,) for w in words[0])
        else:
            unique = tuple(dict.fromkeys(w[0] for w in words if len(w) == 1))
            if unique:
                syllables.append(unique)
    return syllables


def _key_rows(rows: Iterable[tuple[object, ...]]) -> list[tuple[str, str | None, str]]:
    return [
        (str(hid), normalise_phone(None if phone is None else str(phone)),
         syllables_text(name_syllables(None if head is None else str(head))))
        for hid, head, phone in rows
    ]  # fmt: skip


def project_household_keys(db: sqlite3.Connection, since: int) -> None:
    """The keys of the households written by the records after `since`."""
    rows = db.execute(_WRITTEN_SINCE, [since]).fetchall()
    if rows:
        db.executemany(
            "INSERT OR REPLACE INTO household_keys (household, phone, pinyin) VALUES (?, ?, ?)",
            _key_rows(rows),
        )


def refresh_all_household_keys(db: sqlite3.Connection) -> None:
    db.execute(CREATE_TABLE)
    rows = db.execute("SELECT id, head, phone FROM households").fetchall()
    db.executemany(
        "INSERT OR REPLACE INTO household_keys (household, phone, pinyin) VALUES (?, ?, ?)",
        _key_rows(rows),
    )
