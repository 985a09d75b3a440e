"""The search index (store/search_index.py) changes how households are found, not which: every
query gives the same households, in the same order, with the same "what matched", as the scan
of every household search did before the index (the reference below, kept as it was)."""

from __future__ import annotations

import random

import pytest

from survey_app.core.names import parse_syllables, pinyin_match, spelled_name
from survey_app.core.privacy import ERASED_NAME
from survey_app.store.compounds import save_compound
from survey_app.store.database import open_store
from survey_app.store.households import get_household
from survey_app.store.roster_import import import_roster
from survey_app.store.search import (
    LIMIT,
    Found,
    SearchHit,
    _by_address,
    phone_query,
    pinyin_query,
    search_households,
)
from survey_app.store.search_index import index_text, keys_from

SURNAMES = ["王", "李", "张", "刘", "曾", "单", "欧阳", "司马", "吕", "区", "乐", "Anna ", "Li "]
GIVEN = ["伟", "芳", "军", "娜", "秀英", "国强", "长", "重", "行", "乐", "思", "Marie", "Wei"]
CODES = ["NH-001", "NH-002", "NH-010", "NH-1", "XC-003", "NH-0011"]


def reference_search(store, text: str, compound: str | None) -> list[SearchHit]:
    """search_households as it was before the index: LIKE over every household."""
    text = text.strip()
    by_address = _by_address(store, text, compound)
    if by_address:
        return by_address
    order = "ORDER BY h.compound != ?, h.compound, h.building + 0, h.unit + 0, h.room + 0, h.id"
    digits = phone_query(text)
    if digits:
        rows = store.db.execute(
            "SELECT h.id, k.phone FROM household_keys k JOIN households h ON h.id = k.household "
            f"WHERE k.phone LIKE ? {order} LIMIT ?",
            ["%" + digits + "%", compound or "", LIMIT],
        ).fetchall()
        return [
            SearchHit(get_household(store=store, id=h), Found.PHONE, matched=p) for h, p in rows
        ]
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = store.db.execute(
        f"SELECT h.id FROM households h WHERE head LIKE ? ESCAPE '\\' {order} LIMIT ?",
        [pattern, compound or "", LIMIT],
    ).fetchall()
    by_name = [SearchHit(get_household(store=store, id=h), Found.NAME) for (h,) in rows]
    letters = pinyin_query(text)
    if letters is None:
        return by_name
    rows = store.db.execute(
        "SELECT h.id, k.pinyin FROM household_keys k JOIN households h ON h.id = k.household "
        f"WHERE k.pinyin <> '' AND instr(k.pinyin, ?) {order}",
        [letters[0], compound or ""],
    ).fetchall()
    matched = []
    for position, (hid, spelling) in enumerate(rows):
        syllables = parse_syllables(spelling)
        start = pinyin_match(letters, syllables)
        if start is not None:
            matched.append((start > 0, position, hid, spelled_name(syllables)))
    matched.sort()
    named = {hit.household.id for hit in by_name}
    by_pinyin = [
        SearchHit(get_household(store=store, id=hid), Found.PINYIN, matched=spelled)
        for _s, _p, hid, spelled in matched[:LIMIT]
        if hid not in named
    ]
    return [*by_name, *by_pinyin][:LIMIT]


def roster_rows(rng: random.Random, count: int) -> list[str]:
    rows = []
    for index in range(count):
        head = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", "", rng.choice(GIVEN)])
        phone = f"13{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"
        building = rng.choice(["1", "2", "10", "3A", "B"])
        rows.append(f"{building},{index % 3 + 1},{100 + index},{head},{phone}")
    return rows


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    folder = tmp_path_factory.mktemp("city")
    store = open_store(folder / "city.db")
    rng = random.Random(15)
    for code in CODES:
        save_compound(store=store, code=code, name=f"小区{code}")
        roster = folder / f"{code}.csv"
        lines = ["楼栋,单元,室,户主,电话", *roster_rows(rng, 140)]
        roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
        import_roster(store=store, path=roster, compound=code)
    yield store
    store.close()


def queries(store, rng: random.Random) -> list[str]:
    heads = [str(h) for (h,) in store.db.execute("SELECT head FROM households")]
    spellings = [str(p) for (p,) in store.db.execute("SELECT pinyin FROM household_keys")]
    texts = {"王", "曾", "Li", "li", "an", "a", "wei", "n", "wj", "lwj", "ouyang", "oyn", "ouyn"}
    for head in rng.sample(heads, 15):
        texts |= {head[:end] for end in range(1, len(head) + 1)}
        texts.add(head[1:3])
    for spelling in rng.sample(spellings, 15):
        syllables = parse_syllables(spelling)
        full = "".join(r[0] for r in syllables)
        initials = "".join(r[0][0] for r in syllables)
        mixed = "".join(r[0] if i == 0 else r[0][0] for i, r in enumerate(syllables))
        later = "".join(r[-1] for r in syllables[1:])
        clipped = "".join(r[0][:2] for r in syllables)  # the long keys of a rest
        initial_then_full = syllables[0][0][0] + "".join(r[-1] for r in syllables[1:])
        for spelled in (full, initials, mixed, later, clipped, initial_then_full):
            texts |= {spelled[:end] for end in range(1, len(spelled) + 1)}
    texts |= {"".join(rng.choices("aeilnuwgzh", k=rng.randint(1, 6))) for _ in range(30)}
    phones = [str(p) for (p,) in store.db.execute("SELECT phone FROM households LIMIT 30")]
    texts |= {p[start : start + 5] for p in phones for start in (0, 3, 6)}
    return sorted(texts)


def test_every_query_finds_what_the_scan_found(city):
    rng = random.Random(2)
    checked = 0
    for text in queries(city, rng):
        for compound in ("NH-002", "NH-0011", None):
            expected = reference_search(city, text, compound)
            assert search_households(store=city, text=text, compound=compound) == expected, (
                text,
                compound,
            )
            checked += bool(expected)
    assert checked > 200  # the queries find households: the comparison can fail


def test_an_edited_and_an_erased_household_are_found_by_what_they_are_now(city, tmp_path):
    from survey_app.actions.erasure import erase_personal_data

    roster = tmp_path / "edit.csv"
    roster.write_text("楼栋,单元,室,户主,电话\n1,1,100,曾闫乐,13912345678\n", encoding="utf-8")
    import_roster(store=city, path=roster, compound="NH-010")
    [hit] = search_households(store=city, text="曾闫乐", compound="NH-010")
    assert hit.household.phone == "13912345678"
    for text in ("zyl", "zengyl", "cengyanle", "13912345678"):
        assert hit.household.id in {
            h.household.id for h in search_households(store=city, text=text)
        }
    erase_personal_data(store=city, household=hit.household)
    for text in ("曾闫乐", "闫乐", "zengyanle", "zyl", "13912345678", "45678"):
        assert hit.household.id not in {
            h.household.id for h in search_households(store=city, text=text)
        }, text
        assert search_households(store=city, text=text) == reference_search(city, text, None)
    assert get_household(store=city, id=hit.household.id).head == ERASED_NAME
    index = city.db.execute(
        "SELECT rowid FROM household_search WHERE household_search MATCH ?", ['"曾闫乐"']
    ).fetchall()
    assert index == []


def test_a_key_is_the_beginning_of_every_spelling():
    syllables = parse_syllables("zeng|ceng chang|zhang le|yue")
    assert "zcl" in keys_from(syllables, 0) and "cen" in keys_from(syllables, 0)
    assert keys_from(parse_syllables("e"), 0) == {"e"}
    assert keys_from(parse_syllables("an"), 0) == {"a", "an"}


def every_spelling_key(syllables, start: int, length: int = 3) -> set[str]:
    """The keys as the index first computed them: every spelling walked, letter by letter (of
    three letters, or the whole spelling when it is shorter; a longer key only of its length)."""
    keys: set[str] = set()

    def walk(index: int, spelled: str) -> None:
        if len(spelled) == length or index == len(syllables):
            if length == 3 or len(spelled) == length:
                keys.add(spelled)
            return
        for reading in syllables[index]:
            for n in range(1, min(len(reading), length - len(spelled)) + 1):
                walk(index + 1, spelled + reading[:n])

    if start < len(syllables):
        walk(start, "")
    return keys - {""}


def every_key_after_the_surname(syllables, start: int) -> set[str]:
    return set().union(*(every_spelling_key(syllables, start, n) for n in (3, 4, 5, 6)))


def test_the_keys_of_every_syllable_are_those_of_every_spelling():
    """keys_from builds the keys from the last syllable back (search_index.spelled_beginnings);
    they are the beginnings of every spelling, from every syllable, heteronyms and Latin too;
    and the indexed columns are made of them (after the surname, the long keys too)."""
    readings = ["a", "e", "an", "zeng", "ceng", "zhuang", "li", "xiaoming", "wei", "ng", "m", "ou"]
    rng = random.Random(15)
    for _ in range(3000):
        syllables = [
            tuple(rng.sample(readings, rng.randint(1, 3))) for _ in range(rng.randint(0, 5))
        ]
        for start in range(len(syllables) + 1):
            assert keys_from(syllables, start) == every_spelling_key(syllables, start), syllables
        text = " ".join("|".join(r) for r in syllables)
        _head, _phone, surname, second, given, *_readings = index_text(None, None, text)
        later = [every_key_after_the_surname(syllables, i) for i in range(1, len(syllables))]
        assert surname.split() == sorted(every_spelling_key(syllables, 0)), text
        assert second.split() == sorted(every_key_after_the_surname(syllables, 1)), text
        assert given.split() == sorted(set().union(*later)), text
    _head, _phone, _surname, second, *_rest = index_text(None, None, "jiang ming ying")
    assert {"min", "ming", "mingy", "mingyi", "miyi", "mying"} <= set(second.split())


PAD = "\ue000"


def index_text_from_scratch(head: str, pinyin: str) -> tuple[str, ...]:
    """index_text as it reads, each column from the name alone: the head's characters and
    pairs, every spelling walked for the keys, each syllable's readings for the rest; a word
    longer than any pinyin syllable (a Latin name) writes `0long` beside the readings."""
    grams = [c + PAD * 2 for c in head] + [head[i : i + 2] + PAD for i in range(len(head) - 1)]
    syllables = parse_syllables(pinyin)
    long = any(len(r) > 6 for readings in syllables for r in readings)

    def readings_of(part):
        text = " ".join(sorted({r for readings in part for r in readings}))
        return f"{text} 0long" if long and text else text

    later = [every_key_after_the_surname(syllables, i) for i in range(1, len(syllables))]
    return (
        head + PAD + "".join(grams),
        " ".join(sorted(every_spelling_key(syllables, 0))),
        " ".join(sorted(every_key_after_the_surname(syllables, 1))),
        " ".join(sorted(set().union(*later))),
        readings_of(syllables[:1]),
        readings_of(syllables[1:]),
    )


NAMES = [
    "曾乐乐", "单于长", "解重行", "区乐", "仇查", "朴覃翟", "尉迟恭", "欧阳长乐", "吕绿", "乐",
    "王", "", "Anna 王", "Alexandrovna 李长", "王Christopher", "李 Wei", "张3芳", "長樂",
    "曾国强", "曾国藩", "单伟", "乐重", "薄一波", "缪斯", "盖聂", "員", "〇", "嗯", "呒",
]  # fmt: skip


def test_the_index_texts_of_names_are_those_of_each_name_alone():
    """index_text keeps what one name's computation gives others (the beginnings of a
    character's readings, a surname's, a given name's): whatever names came before, in
    whatever order, each name's columns are those computed from it alone, heteronyms,
    polyphonic surnames and Latin names too."""
    from survey_app.store import search_index
    from survey_app.store.search_keys import name_pinyin

    rng = random.Random(23)
    names = [
        *NAMES,
        *(rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(300)),
    ]
    expected = {name: index_text_from_scratch(name, name_pinyin(name)) for name in names}
    assert len({e[1] for e in expected.values()}) > 50  # names with keys of their own
    for order in (names, names[::-1], rng.sample(names, len(names))):
        for cached in (
            search_index._head_text,
            search_index._pinyin_keys,
            search_index._given_keys,
        ):
            cached.cache_clear()
        for name in order:
            head, phone, *keys = index_text(name, "139", name_pinyin(name))
            assert (head, *keys) == expected[name], name
            assert phone == "139"


def _caught_up(city, path, batch_sizes):
    """A copy of the city's file taken back to before its first roster row, its tables then
    brought up to date with the records that follow in batches of these sizes (one call of
    project_pending each, as a sync and the reader after it do)."""
    from survey_app.store import driver
    from survey_app.store.projection import forget_projections, project_pending

    copy = driver.connect(str(path))
    city.db.backup(copy)
    first = copy.execute("SELECT min(rowid) FROM records WHERE kind = 'household'").fetchone()[0]
    columns = ", ".join(row[1] for row in copy.execute("PRAGMA table_info(records)"))
    records = copy.execute(
        f"SELECT rowid, {columns} FROM records WHERE rowid >= ? ORDER BY rowid", [first]
    ).fetchall()
    copy.execute("BEGIN IMMEDIATE")
    copy.execute("DELETE FROM records WHERE rowid >= ?", [first])
    forget_projections(copy)
    project_pending(copy)
    copy.execute("COMMIT")
    marks = ", ".join("?" for _ in records[0])
    start = 0
    for size in batch_sizes:
        if start >= len(records):
            break
        copy.execute("BEGIN IMMEDIATE")
        copy.executemany(
            f"INSERT INTO records (rowid, {columns}) VALUES ({marks})",
            records[start : start + size],
        )
        project_pending(copy)
        copy.execute("COMMIT")
        start += size
    assert start >= len(records)
    copy.close()
    return open_store(path)


_INDEXED = """
SELECT s.household, s.compound, s.building, s.unit, s.room, s.head, s.phone, s.pinyin,
       t.head, t.phone, p.surname, p.second, p.given, p.first, p.later, k.phone, k.pinyin
FROM search_rows s
JOIN household_search t ON t.rowid = s.id
JOIN household_spelling p ON p.rowid = s.id
JOIN household_keys k ON k.household = s.household
ORDER BY s.household
"""


def test_a_catch_up_in_one_batch_gives_what_record_by_record_gives(city, tmp_path):
    """A sync's catch-up of thousands of households at once (the central's, after a
    collection) writes the same keys and index rows, and search finds the same, as the same
    records projected a few at a time (as each laptop wrote them)."""
    rng = random.Random(5)
    whole = _caught_up(city, tmp_path / "whole.db", [10**9])
    by_few = _caught_up(city, tmp_path / "few.db", [rng.randint(1, 40) for _ in range(10**4)])
    indexed = whole.db.execute(_INDEXED).fetchall()
    assert len(indexed) == whole.db.execute("SELECT count(*) FROM households").fetchone()[0] > 0
    assert indexed == by_few.db.execute(_INDEXED).fetchall()
    assert indexed == city.db.execute(_INDEXED).fetchall()
    for text in queries(whole, random.Random(2)):
        found = search_households(store=whole, text=text, compound="NH-002")
        assert found == search_households(store=by_few, text=text, compound="NH-002"), text
        assert found == reference_search(whole, text, "NH-002"), text
    whole.close()
    by_few.close()
