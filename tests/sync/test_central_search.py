"""A central file's search index waits for the search that reads it (store/search_index.py,
migration m028): a collection writes no index row for the households new to it, the first
search indexes them all and finds what a laptop's search finds, and a household indexed there
before is indexed again at once when a record changes it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sync_helpers import Field, household

from survey_app.store.database import Store, open_database, open_store
from survey_app.store.roster_import import import_roster
from survey_app.store.search import search_households
from survey_app.store.search_index import DEFERRED_KEY, index_marks
from survey_app.sync.central import sync_with_central
from survey_app.sync.files import CENTRAL_JOURNAL, connect_central, create_central

DATA = Path(__file__).parent.parent / "store" / "data"
QUERIES = ("住户005", "住户0", "住", "13800000007", "1380000", "zh", "zhh", "zhuhu", "NH-001/1")


def found(store: Store, text: str) -> list[tuple[str, str, str | None]]:
    hits = search_households(store=store, text=text)
    return [(h.household.id, h.found.value, h.matched) for h in hits]


def on_central(path: Path, texts: tuple[str, ...]) -> list[list[tuple[str, str, str | None]]]:
    """What the window's search would find in the central file (it searches its own file)."""
    store = Store(connect_central(path), path)
    try:
        return [found(store, text) for text in texts]
    finally:
        store.db.close()


def index_rows(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT household, head FROM search_rows").fetchall())
    finally:
        conn.close()


def rename_first_household(batch: Field, name: str, extra_row: bool = False) -> None:
    lines = (batch.root / "名册.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[3] = name
    lines[1] = ",".join(cells)
    if extra_row:
        lines.append("9,1,901,新住户,13899990000,70.5,自住")
    changed = batch.root / "名册2.csv"
    changed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_roster(store=batch.office, path=changed, compound="NH-001")


def test_a_collection_leaves_the_central_index_to_its_first_search(field_batch: Field) -> None:
    batch = field_batch
    sync_with_central(store=batch.office, central=batch.central)
    laptop = batch.laptop("甲")
    sync_with_central(store=laptop, central=batch.central, receive=False)
    assert index_rows(batch.central) == {}  # the collection wrote no index row

    assert on_central(batch.central, QUERIES) == [found(batch.office, t) for t in QUERIES]
    rows = index_rows(batch.central)
    assert len(rows) == 48 and rows[household(batch.office, "NH-001", 0).id] == "住户000"

    # an indexed household changed: its row is rewritten by the sync itself, before any search
    rename_first_household(batch, "欧阳娜娜", extra_row=True)
    sync_with_central(store=batch.office, central=batch.central)
    rows = index_rows(batch.central)
    assert rows[household(batch.office, "NH-001", 0).id] == "欧阳娜娜"
    assert "新住户" not in rows.values()  # a new one waits for the next search
    queries = ("欧阳", "新住户", "ouyang", "xzh", "13899990000", "住户000")
    assert on_central(batch.central, queries) == [found(batch.office, t) for t in queries]
    assert "新住户" in index_rows(batch.central).values()


def test_the_central_rebuilt_from_its_log_is_searched_whole(field_batch: Field) -> None:
    """A change of trust rebuilds every projection: the index is dropped, then built whole
    by the next search."""
    batch = field_batch
    sync_with_central(store=batch.office, central=batch.central)
    assert on_central(batch.central, ("住户0",)) == [found(batch.office, "住户0")]
    conn = connect_central(batch.central)
    conn.execute("BEGIN IMMEDIATE")
    from survey_app.store.projection import forget_projections, project_pending

    forget_projections(conn)
    project_pending(conn)
    conn.execute("COMMIT")
    conn.close()
    assert index_rows(batch.central) == {} and index_marks_of(batch.central) == (0, 0)
    assert on_central(batch.central, QUERIES) == [found(batch.office, t) for t in QUERIES]
    assert len(index_rows(batch.central)) == 48


def index_marks_of(path: Path) -> tuple[int, int]:
    conn = connect_central(path)
    try:
        return index_marks(conn)
    finally:
        conn.close()


def deferred(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("SELECT 1 FROM meta WHERE key = ?", [DEFERRED_KEY]).fetchone() is not None
        )
    finally:
        conn.close()


def test_a_new_central_file_defers_its_index_and_a_laptop_file_does_not(tmp_path: Path) -> None:
    create_central(tmp_path / "中心.db")
    assert deferred(tmp_path / "中心.db")
    open_store(tmp_path / "甲.db", device_name="甲").close()
    assert not deferred(tmp_path / "甲.db")


def test_an_old_central_file_is_marked_by_the_migration(tmp_path: Path) -> None:
    """Files of an older version (schema of m007): the central one defers its index from the
    place its projections had reached, the laptops' keep theirs as it was; the central's index
    (made whole by m020) gives what it gave."""
    for name in ("office.db", "laptop.db", "central.db"):
        shutil.copy(DATA / name, tmp_path / name)
    central = tmp_path / "central.db"
    open_database(central, journal_mode=CENTRAL_JOURNAL).close()
    office = open_store(tmp_path / "office.db")
    laptop = open_store(tmp_path / "laptop.db")
    try:
        assert deferred(central) and not deferred(office.path) and not deferred(laptop.path)
        conn = connect_central(central)
        watermark = conn.execute("SELECT value FROM meta WHERE key = 'projected_rowid'").fetchone()
        assert index_marks(conn)[0] == int(watermark[0]) > 0
        conn.close()
        before = index_rows(central)
        assert before  # the migration kept the index it had
        texts = tuple(head[:2] for head in sorted(before.values())[:3])
        assert on_central(central, texts) == [found(office, t) for t in texts]
    finally:
        office.close()
        laptop.close()
