"""Search and start-up figures (issue #15, items 4 and 5): a keystroke of the search box among
a city's households, the household list of a large compound, and the start to the first
painted window against a bare PySide6 window."""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from survey_app.core.sample import sample_batch
from survey_app.store.database import Store
from tests.benchmarks.data import BulkWriter, household_payloads
from tests.benchmarks.harness import (
    CACHE,
    ROOT,
    Figure,
    benchmark,
    paired_figure,
    paired_ratio,
)

CITY_COMPOUNDS = 1000
CITY_HOUSEHOLDS = 400


def households_city(compounds: int = CITY_COMPOUNDS, households: int = CITY_HOUSEHOLDS) -> Path:
    """A file of `compounds` compounds of `households` households each (the roster only:
    search reads no votes), built once and cached."""
    from survey_app.store.database import open_store
    from survey_app.store.projection import project_pending

    path = CACHE / f"search-{compounds}x{households}.db"
    done = path.with_name(path.name + ".done")
    if done.exists():
        return path
    for old in path.parent.glob(path.name + "*"):
        old.unlink()
    store = open_store(path)
    writer = BulkWriter(store)
    store.db.execute("BEGIN IMMEDIATE")
    for compound in sample_batch(
        seed=11, compounds=compounds, min_households=households, max_households=households
    ):
        writer.add(
            "compound",
            {
                "code": compound.code,
                "name": compound.name,
                "district": compound.district,
                "street": compound.street,
                "community": compound.community,
                "built": compound.built,
            },
        )
        for payload in household_payloads(compound):
            writer.add("household", payload)
    writer.flush()
    project_pending(store.db)
    store.db.execute("COMMIT")
    store.close()
    done.write_text("ok")
    return path


def keystrokes(store: Store, households: int = 20) -> list[tuple[str, str]]:
    """What a surveyor types, one prefix per keystroke, with the compound they are at: for
    households spread over the file, the head's name, its pinyin in full and as initials, the
    phone's first eight digits and the address."""
    from survey_app.core.names import parse_syllables

    step = max(1, store.db.execute("SELECT count(*) FROM households").fetchone()[0] // households)
    rows = store.db.execute(
        "SELECT h.compound, h.head, h.phone, h.address, k.pinyin FROM households h "
        "JOIN household_keys k ON k.household = h.id WHERE h.rowid % ? = 7",
        [step],
    ).fetchall()
    typed = []
    for compound, head, phone, address, pinyin in rows:
        syllables = parse_syllables(pinyin)
        full = "".join(readings[0] for readings in syllables)
        initials = "".join(readings[0][0] for readings in syllables)
        for text in (head, full, initials, phone[:8], address):
            typed += [(compound, text[:end]) for end in range(1, len(text) + 1)]
    return typed


@benchmark("ui-search")
def search_per_keystroke(args: argparse.Namespace) -> list[Figure]:
    """The search box among a city's households: every keystroke searched, p50 and p95."""
    from survey_app.store.database import open_store
    from survey_app.store.search import search_households

    compounds = 100 if args.quick else CITY_COMPOUNDS
    store = open_store(households_city(compounds))  # an older cache is migrated here, untimed
    count = store.db.execute("SELECT count(*) FROM households").fetchone()[0]
    typed = keystrokes(store)
    search_households(store=store, text=typed[0][1], compound=typed[0][0])  # the file's pages
    samples = []
    for compound, text in typed:
        start = time.perf_counter()
        search_households(store=store, text=text, compound=compound)
        samples.append(time.perf_counter() - start)
    store.close()
    note = f"{len(samples)} keystrokes: names, pinyin, initials, phones, addresses"
    return [
        Figure(
            f"search, one keystroke among {count:,} households ({label})",
            value * 1000,
            "ms",
            50,
            "max",
            note=note,
        )
        for label, value in (
            ("p50", statistics.median(samples)),
            ("p95", statistics.quantiles(samples, n=20)[-1]),
        )
    ]


def large_compound(households: int = 2000) -> Path:
    """One compound of `households` households with votes (round 1 closed), built once."""
    from survey_app.store.database import open_store
    from survey_app.store.sample import write_sample

    path = CACHE / f"compound-{households}.db"
    done = path.with_name(path.name + ".done")
    if not done.exists():
        for old in path.parent.glob(path.name + "*"):
            old.unlink()
        store = open_store(path)
        write_sample(store=store, compounds=1, min_households=households, max_households=households)
        store.close()
        done.write_text("ok")
    return path


@benchmark("ui-list")
def household_list_scroll(args: argparse.Namespace) -> list[Figure]:
    """The household list of a 2,000-household compound: filled, every building opened, then
    scrolled a page at a time to the end, each page painted."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from survey_app.store.database import open_store
    from survey_app.ui.field.household_list import HouseholdList
    from survey_app.ui.field.workspace import Workspace

    app = QApplication.instance() or QApplication([])
    store = open_store(large_compound())
    fills, stalls, totals = [], [], []
    for _ in range(2 if args.quick else 5):
        workspace = Workspace(store)
        panel = HouseholdList(workspace)
        panel.resize(480, 700)
        panel.show()
        app.processEvents()
        start = time.perf_counter()
        workspace.set_compound("NH-001")
        panel.reload()  # as the main window does when the compound changes
        panel.tree.expandAll()
        app.processEvents()
        panel.tree.viewport().repaint()
        fills.append(time.perf_counter() - start)
        bar = panel.tree.verticalScrollBar()
        pages = []
        while bar.value() < bar.maximum():
            begun = time.perf_counter()
            bar.setValue(bar.value() + bar.pageStep())
            panel.tree.viewport().repaint()
            pages.append(time.perf_counter() - begun)
        assert len(pages) > 20, "the list does not scroll: nothing was measured"
        stalls.append(max(pages))
        totals.append(sum(pages))
        panel.close()
        panel.deleteLater()
        app.processEvents()
    store.close()
    return [
        Figure("household list, 2,000 households: filled and opened", statistics.median(fills),
               "s", 0.5, "max", note="every building and unit expanded, first page painted"),
        Figure("household list, 2,000 households: slowest page of a scroll",
               statistics.median(stalls) * 1000, "ms", 50, "max",
               note=f"{len(pages)} pages to the end ({statistics.median(totals):.2f} s in all)"),
    ]  # fmt: skip


BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1366, 768)
window.show()
app.processEvents()
frame = window.screen().grabWindow(window.winId())  # the painted frame, as the app saves it
(frame if frame.size() == window.size() else window.grab()).save(sys.argv[1])
print(f"wrote {sys.argv[1]}")
"""


def startup_database() -> Path:
    """The file the start opens: one compound of 800 households with votes, built once and
    migrated here (not in a timed run)."""
    from survey_app.store.database import open_store
    from survey_app.store.sample import write_sample

    db = CACHE / "ui-startup.db"
    done = db.with_name(db.name + ".done")
    if not done.exists():
        for old in CACHE.glob(db.name + "*"):
            old.unlink()
        store = open_store(db)
        write_sample(store=store, compounds=1, min_households=800, max_households=800)
        store.close()
        done.write_text("ok")
    open_store(db).close()
    return db


def app_start(db: Path, shot: Path, python: str | None = None) -> list[str]:
    """The window's start with a screenshot of its first frame (`python -m survey_app`, run in
    the source tree whose start is measured)."""
    import sys

    return [python or sys.executable, "-m", "survey_app", "--db", str(db), "gui",
            "--screenshot", str(shot)]  # fmt: skip


def bare_start(shot: Path, python: str | None = None) -> list[str]:
    import sys

    return [python or sys.executable, "-c", BARE_WINDOW, str(shot)]


def seconds_to_painted_frame(
    command: list[str], *, cwd: Path = ROOT, extra_env: dict[str, str] | None = None
) -> float:
    """From the launch to the painted frame saved (the line each side prints then); the
    process's exit after it (the interpreter and Qt taking a large process down, which no
    one waits for) is waited for but not timed."""
    import os
    import subprocess

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(extra_env or {})}
    env["PYTHONUNBUFFERED"] = "1"  # each side's "wrote …" line reaches us when it is printed
    start = time.perf_counter()
    child = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert child.stdout is not None
    painted = None
    for line in child.stdout:
        if line.startswith("wrote ") and painted is None:
            painted = time.perf_counter() - start
    if child.wait() != 0 or painted is None:
        raise RuntimeError(f"{command[:3]} failed (exit {child.returncode})")
    return painted


@benchmark("ui-startup")
def start_to_first_paint(args: argparse.Namespace) -> list[Figure]:
    """`survey-app --db F gui --screenshot` (an 800-household compound open) against a bare
    PySide6 window that paints one frame, in alternating pairs."""
    import subprocess
    import sys

    db = startup_database()
    shot = CACHE / "ui-startup.png"
    app, bare = app_start(db, shot), bare_start(shot)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "survey_app"], cwd=ROOT, check=True)
    seconds_to_painted_frame(app)  # the file cache warmed for both
    paired = paired_ratio(
        5 if args.quick else 11,
        lambda: seconds_to_painted_frame(bare),
        lambda: seconds_to_painted_frame(app),
    )
    return [
        paired_figure(
            "start → first paint, paired with a bare window (800-household compound)",
            paired,
            "s",
            2.0,
            note=f"bare window median {paired.baseline:.3f} s; launch to the painted frame "
            "saved, the exit after it not timed",
        )
    ]
