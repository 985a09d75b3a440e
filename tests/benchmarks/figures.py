"""The figures of tests/benchmarks/run.py, one function per row group."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.data import build_city
from tests.benchmarks.harness import (
    CACHE,
    ROOT,
    Figure,
    benchmark,
    median_of,
    paired_ratio,
    timed,
)


def fresh_store(name: str):  # type: ignore[no-untyped-def]
    from survey_app.store.database import open_store

    path = CACHE / name
    for old in CACHE.glob(name + "*"):
        old.unlink()
    return open_store(path)


@benchmark("vote")
def record_vote_p95(args: argparse.Namespace) -> list[Figure]:
    from survey_app.core.rules import ConsentRule
    from survey_app.core.votes import Choice
    from survey_app.store.households import find_household
    from survey_app.store.round_changes import open_round
    from survey_app.store.sample import write_sample
    from survey_app.store.votes import record_vote

    store = fresh_store("vote.db")
    write_sample(store=store, compounds=1, min_households=800, max_households=800, votes=False)
    open_round(store=store, compound="NH-001", round_no=1, rule=ConsentRule())
    addresses = [r[0] for r in store.db.execute("SELECT address FROM households").fetchall()]
    samples = []
    for i, address in enumerate(addresses[: 200 if args.quick else 800]):
        start = time.perf_counter()
        household = find_household(store=store, compound="NH-001", address=address)
        record_vote(
            store=store,
            household=household,
            round_no=1,
            choice=Choice.AGREE if i % 5 else Choice.DISAGREE,
        )
        samples.append(time.perf_counter() - start)
    p95 = statistics.quantiles(samples, n=20)[-1]
    return [
        Figure(
            "record one vote (commit included), p95",
            p95 * 1000,
            "ms",
            10,
            "max",
            note=f"{len(samples)} votes, synchronous=FULL",
        )
    ]


def write_roster(path: Path, households: int) -> None:
    from survey_app.core.sample import sample_batch

    batch = sample_batch(seed=3, compounds=1, min_households=households, max_households=households)
    rows = [["楼栋", "单元", "室", "户主", "电话", "建筑面积", "性质"]]
    for h in batch[0].households:
        parts = h.address.split("-")
        unit = parts[1] if len(parts) == 3 else ""
        rows.append([parts[0], unit, parts[-1], h.head, h.phone, h.area, h.tenure])
    if path.suffix == ".csv":
        path.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8-sig")
        return
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("名册")
    for row in rows:
        sheet.append(row)
    book.save(path)


@benchmark("roster")
def roster_import(args: argparse.Namespace) -> list[Figure]:
    from survey_app.store.compounds import save_compound
    from survey_app.store.roster_import import import_roster

    figures = []
    for suffix, target in ((".csv", 1.0), (".xlsx", 3.0)):
        path = CACHE / f"roster10k{suffix}"
        if not path.exists():
            write_roster(path, 10_000)

        def once(path: Path = path) -> float:
            store = fresh_store("roster.db")
            save_compound(store=store, code="NH-001", name="测试小区")
            seconds = timed(lambda: import_roster(store=store, path=path, compound="NH-001"))
            store.close()
            return seconds

        value = median_of(1 if args.quick else 3, once)
        figures.append(
            Figure(f"import a 10,000-household roster ({suffix})", value, "s", target, "max")
        )
    figures.append(roster_read(CACHE / "roster10k.xlsx", 1 if args.quick else 5))
    return figures


def roster_read(path: Path, runs: int) -> Figure:
    """Reading the 10,000-row roster workbook, against openpyxl's read-only mode, in turns."""
    from openpyxl import load_workbook

    from survey_app.spreadsheets.read import read_workbook

    def by_openpyxl() -> None:
        book = load_workbook(path, read_only=True, data_only=True)
        [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]
        book.close()

    pairs = [(timed(lambda: read_workbook(path)), timed(by_openpyxl)) for _ in range(runs)]
    ours = statistics.median(a for a, _b in pairs)
    ratios = sorted(a / b for a, b in pairs)
    return Figure(
        "read a 10,000-row roster .xlsx (calamine) vs openpyxl read-only",
        ours,
        "s",
        0.5,
        "ratio",
        baseline=statistics.median(b for _a, b in pairs),
        note=f"per-turn ratios {ratios[0]:.2f}–{ratios[-1]:.2f}",
    )


RANKING_SCRIPT = """
import json, resource, sys, time
from collections.abc import Callable
from pathlib import Path
start = time.perf_counter()
from survey_app.store.database import open_store
from survey_app.store.tallies import ranking_json
store = open_store(Path(sys.argv[1]))
ranked = ranking_json(store=store, round_no=1)  # every compound's tally, then the order
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "compounds": len(ranked)}))
"""


def city_database(compounds: int, households: int) -> tuple[Path, dict[str, int]]:
    path = CACHE / f"city-signed-{compounds}x{households}.db"
    info_path = path.with_suffix(".json")
    if not (path.exists() and info_path.exists()):
        info = build_city(path, compounds=compounds, households=households)
        info_path.write_text(json.dumps(info))
    return path, json.loads(info_path.read_text())


@benchmark("ranking")
def tally_and_ranking(args: argparse.Namespace) -> list[Figure]:
    compounds = 100 if args.quick else 1000
    path, info = city_database(compounds, 500)
    runs = []
    for _ in range(1 if args.quick else 3):
        out = subprocess.run(
            [sys.executable, "-c", RANKING_SCRIPT, str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(out.stdout))
    seconds = statistics.median(r["seconds"] for r in runs)
    peak = statistics.median(r["peak_mb"] for r in runs)
    scale = f"{info['compounds']} compounds, {info['households']} households, {info['votes']} votes"
    return [
        Figure(
            "tally + ranking (start, open, tally all, rank)", seconds, "s", 2.0, "max", note=scale
        ),
        Figure("tally + ranking peak memory", peak, "MB", 500, "max", note="whole process"),
    ]


@benchmark("reports")
def printed_documents(args: argparse.Namespace) -> list[Figure]:
    from survey_app.reports.ballots import ballot_batch, render_ballots
    from survey_app.reports.fonts import cjk_font
    from survey_app.reports.tally_notice import render_tally_notice, tally_notice
    from survey_app.store.sample import write_sample

    store = fresh_store("reports.db")
    write_sample(store=store, seed=7, compounds=1, min_households=800, max_households=800)
    cjk_font()
    out = CACHE / "out.pdf"

    def notice() -> float:
        return timed(
            lambda: render_tally_notice(
                tally_notice(store=store, compound="NH-001", round_no=1, with_households=True), out
            )
        )

    def ballots() -> float:
        return timed(
            lambda: render_ballots(
                ballot_batch(store=store, compound="NH-001", round_no=1), out, per_page=2
            )
        )

    runs = 1 if args.quick else 3
    return [
        Figure("tally notice, 800 households listed", median_of(runs, notice), "s", 2.0, "max"),
        Figure("800 paper ballots (two per A4)", median_of(runs, ballots), "s", 8.0, "max"),
    ]


def laptop_files(count: int, records: int) -> list[Path]:
    """`count` laptop databases, each with its own compound: a roster and votes on it."""
    from survey_app.core.sample import sample_batch
    from survey_app.store.database import open_store
    from survey_app.store.enrolment import enrol_device
    from survey_app.store.projection import project_pending
    from tests.benchmarks.data import BulkWriter, household_payloads, opened, vote_payload

    folder = CACHE / f"laptops-signed-{count}x{records}"
    paths = [folder / f"laptop-{i:02d}.db" for i in range(count)]
    if (folder / "done").exists():
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    households = records // 4
    for old in folder.glob("office.db*"):
        old.unlink()
    office = open_store(folder / "office.db", device_name="办公室")
    for index, path in enumerate(paths):
        for old in folder.glob(path.name + "*"):
            old.unlink()
        store = open_store(path, device_name=f"街道-{index:02d}", role="field")
        # enrolled as an office device of the batch: its compound and roster count everywhere
        enrol_device(store=office, fingerprint=store.fingerprint, role="office")
        with store.transaction():
            store.set_meta("authority", office.authority)
        compound = sample_batch(
            seed=index, compounds=1, min_households=households, max_households=households
        )[0]
        code = f"L{index:02d}-001"
        writer = BulkWriter(store)
        store.db.execute("BEGIN IMMEDIATE")
        writer.add(
            "compound",
            {
                "code": code,
                "name": compound.name,
                "district": None,
                "street": None,
                "community": None,
                "built": None,
            },
        )
        homes = [
            {**p, "id": p["id"].replace("NH-001", code), "compound": code}
            for p in household_payloads(compound)
        ]
        for home in homes:
            writer.add("household", home)
        writer.add("round_opened", opened(code, 1))
        left = records - writer.seq + 1
        for n in range(left):
            home = homes[n % len(homes)]
            writer.add("vote", vote_payload(home, 1, "agree" if n % 5 else "disagree", []))
        writer.flush()
        project_pending(store.db)
        store.db.execute("COMMIT")
        store.close()
    office.close()
    (folder / "done").write_text("ok")
    return paths


def raw_union_seconds(laptops: list[Path]) -> float:
    from survey_app.sync.files import connect_central, create_central

    central = CACHE / "raw-central.db"
    for old in CACHE.glob("raw-central.db*"):
        old.unlink()
    create_central(central)
    db = connect_central(central)
    start = time.perf_counter()
    for laptop in laptops:
        db.execute("ATTACH DATABASE ? AS laptop", [str(laptop)])
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT OR IGNORE INTO records SELECT * FROM laptop.records")
        db.execute("COMMIT")
        db.execute("DETACH DATABASE laptop")
    seconds = time.perf_counter() - start
    db.close()
    return seconds


@benchmark("sync")
def sync_figures(args: argparse.Namespace) -> list[Figure]:
    from survey_app.store.database import open_store
    from survey_app.sync.central import sync_with_central

    count = 10 if args.quick else 50
    laptops = laptop_files(count, 20_000)
    baseline = raw_union_seconds(laptops)
    central = CACHE / "central.db"
    for old in CACHE.glob("central.db*"):
        old.unlink()
    office = open_store(laptops[0].with_name("office.db"))
    sync_with_central(store=office, central=central)  # the enrolments, before the laptops
    office.close()
    stores = [open_store(p) for p in laptops]
    start = time.perf_counter()
    for store in stores:
        sync_with_central(store=store, central=central, receive=False)
    seconds = time.perf_counter() - start
    resend = [
        timed(lambda s=s: sync_with_central(store=s, central=central, receive=False))
        for s in stores
    ]
    scale = f"{count} laptops × 20,000 records into an empty central file"
    return [
        Figure(
            "sync laptops into the central file",
            seconds,
            "s",
            2.0,
            "ratio",
            baseline=baseline,
            note=scale + "; baseline: raw INSERT OR IGNORE … SELECT",
        ),
        Figure(
            "re-sync with nothing new, per laptop",
            statistics.median(resend),
            "s",
            0.2,
            "max",
            note=f"median of {count}, central holds {count * 20_000} records",
        ),
    ]


BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1366, 768)
window.show()
app.processEvents()
window.grab().save(sys.argv[1])
"""


@benchmark("startup")
def start_up(args: argparse.Namespace) -> list[Figure]:
    import os

    from survey_app.store.sample import write_sample

    db = CACHE / "startup.db"
    if not db.exists():
        store = fresh_store("startup.db")
        write_sample(store=store, compounds=1, min_households=800, max_households=800)
        store.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    shot = CACHE / "startup.png"
    app = [sys.executable, "-m", "survey_app", "--db", str(db), "gui", "--screenshot", str(shot)]
    bare = [sys.executable, "-c", BARE_WINDOW, str(shot)]

    def run(command: list[str]) -> float:
        return timed(
            lambda: subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
        )

    # An installed package has its bytecode compiled (pip does it); this checkout may run with
    # PYTHONDONTWRITEBYTECODE, so compile once rather than measure the compiler.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "survey_app"], cwd=ROOT, check=True)
    runs = 3 if args.quick else 7
    run(app)  # warm the file cache once for both
    baseline = median_of(runs, lambda: run(bare))
    value = median_of(runs, lambda: run(app))
    return [
        Figure(
            "start → main window painted (800-household compound open)",
            value,
            "s",
            2.0,
            "ratio",
            baseline=baseline,
            note="both render one frame offscreen to PNG and exit",
        )
    ]


@benchmark("filter")
def household_filter(args: argparse.Namespace) -> list[Figure]:
    """What the search box does for each keystroke: a name, an address, a phone number typed
    one character at a time, each prefix searched among 5,000 households."""
    from survey_app.store.sample import write_sample
    from survey_app.store.search import search_households

    store = fresh_store("filter.db")
    write_sample(store=store, compounds=1, min_households=5000, max_households=5000, votes=False)
    head, phone = store.db.execute(
        "SELECT head, phone FROM households LIMIT 1 OFFSET 777"
    ).fetchone()
    typed = [head, "12-2-501", phone[:7], "3幢1单元602室"]
    samples = []
    for _ in range(1 if args.quick else 5):
        for text in typed:
            for end in range(1, len(text) + 1):
                prefix = text[:end]
                samples.append(
                    timed(
                        lambda p=prefix: search_households(store=store, text=p, compound="NH-001")
                    )
                )
    return [
        Figure(
            "household search, one keystroke, 5,000 households (median)",
            statistics.median(samples) * 1000,
            "ms",
            50,
            "max",
            note=f"{len(samples)} keystrokes: a name, addresses, a phone number",
        )
    ]


BENCH_PASSPHRASE = "benchmark passphrase"
ENCRYPTION_TARGET = 1.15
"""Encrypted at most 15 % slower than plain (issue #14)."""


def encrypted_copy(plain: Path, folder_name: str) -> Path:
    """The cached file encrypted (`survey-app encrypt` on a copy), beside the cache."""
    import shutil

    from survey_app.sync.encrypt import encrypt_file

    target = CACHE / folder_name / plain.name
    done = target.with_name(target.name + ".done")
    if done.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    for old in target.parent.glob(plain.name + "*"):
        old.unlink()
    shutil.copy(plain, target)
    encrypt_file(target, BENCH_PASSPHRASE)
    done.write_text("ok")
    return target


def encryption_figure(what: str, unit_note: str, result: tuple, pairs: int) -> Figure:
    ratio, plain, secret = result
    return Figure(
        f"encrypted / plain: {what}",
        ratio * plain,
        "s",
        ENCRYPTION_TARGET,
        "ratio",
        baseline=plain,
        note=f"{unit_note}; plain {plain:.3f} s, encrypted {secret:.3f} s, median of "
        f"{pairs} per-pair ratios {ratio:.3f}",
    )


def _vote_store(name: str, passphrase: str | None):  # type: ignore[no-untyped-def]
    from survey_app.core.rules import ConsentRule
    from survey_app.store.database import open_store
    from survey_app.store.round_changes import open_round
    from survey_app.store.sample import write_sample

    path = CACHE / name
    for old in CACHE.glob(name + "*"):
        old.unlink()
    store = open_store(path, passphrase=passphrase)
    write_sample(store=store, compounds=1, min_households=800, max_households=800, votes=False)
    open_round(store=store, compound="NH-001", round_no=1, rule=ConsentRule())
    return store


RANKING_SCRIPT_KEYED = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
from survey_app.store.database import open_store
from survey_app.store.tallies import ranking_json
store = open_store(Path(sys.argv[1]), passphrase=sys.argv[2] if len(sys.argv) > 2 else None)
opened = time.perf_counter()
ranked = ranking_json(store=store, round_no=1)
end = time.perf_counter()
print(json.dumps({"seconds": end - start, "tally": end - opened, "open": opened - start}))
"""


@benchmark("encryption")
def encryption_cost(args: argparse.Namespace) -> list[Figure]:
    """The cost of encryption at rest beside the plain figure, for votes, sync and tally:
    plain and encrypted runs alternate in this process tree; the ratio is the median of the
    per-pair ratios (so a slow moment of the machine hits both sides of a pair)."""
    from survey_app.core.votes import Choice
    from survey_app.store.database import open_store
    from survey_app.store.households import find_household
    from survey_app.store.votes import record_vote
    from survey_app.sync.central import sync_with_central

    pairs = 3 if args.quick else 7
    figures = []

    # votes: the same 100 doors recorded in a plain and in an encrypted laptop file
    stores = {False: _vote_store("vote-plain.db", None),
              True: _vote_store("vote-encrypted.db", BENCH_PASSPHRASE)}  # fmt: skip
    addresses = [r[0] for r in stores[False].db.execute("SELECT address FROM households")]
    per_batch = 100
    cursor = {False: 0, True: 0}

    def votes(encrypted: bool) -> float:
        store, start = stores[encrypted], cursor[encrypted]
        cursor[encrypted] += per_batch
        begin = time.perf_counter()
        for i, address in enumerate(addresses[start : start + per_batch]):
            household = find_household(store=store, compound="NH-001", address=address)
            record_vote(store=store, household=household, round_no=1,
                        choice=Choice.AGREE if i % 5 else Choice.DISAGREE)  # fmt: skip
        return time.perf_counter() - begin

    result = paired_ratio(pairs, lambda: votes(False), lambda: votes(True))
    figures.append(encryption_figure(f"record {per_batch} votes", "commit each, synchronous=FULL",
                                     result, pairs))  # fmt: skip
    for store in stores.values():
        store.close()

    # sync: laptops into an empty central file, plain ones into a plain one, encrypted ones
    # (each encrypted with `encrypt`) into an encrypted one
    count = 3 if args.quick else 10
    plain_laptops = laptop_files(50 if not args.quick else 10, 20_000)[:count]
    office_plain = plain_laptops[0].with_name("office.db")
    folder = f"laptops-encrypted-{len(plain_laptops)}"
    secret_laptops = [encrypted_copy(p, folder) for p in plain_laptops]
    office_secret = encrypted_copy(office_plain, folder)

    def sync_all(encrypted: bool) -> float:
        passphrase = BENCH_PASSPHRASE if encrypted else None
        central = CACHE / ("central-encrypted.db" if encrypted else "central-plain.db")
        for old in CACHE.glob(central.name + "*"):
            old.unlink()
        office = open_store(office_secret if encrypted else office_plain, passphrase=passphrase)
        sync_with_central(store=office, central=central, central_passphrase=passphrase)
        office.close()
        laptops = [open_store(p, passphrase=passphrase)
                   for p in (secret_laptops if encrypted else plain_laptops)]  # fmt: skip
        begin = time.perf_counter()
        for store in laptops:
            sync_with_central(store=store, central=central, receive=False,
                              central_passphrase=passphrase)  # fmt: skip
        seconds = time.perf_counter() - begin
        for store in laptops:
            store.close()
        return seconds

    result = paired_ratio(pairs, lambda: sync_all(False), lambda: sync_all(True))
    figures.append(encryption_figure(f"sync {count} laptops into the central file",
                                     f"{count} × 20,000 records", result, pairs))  # fmt: skip

    # tally: the ranking process (start, open, tally all, rank) on the city file
    compounds = 100 if args.quick else 1000
    city, info = city_database(compounds, 500)
    secret_city = encrypted_copy(city, "city-encrypted")

    runs: dict[bool, list[dict[str, float]]] = {False: [], True: []}

    def ranking(encrypted: bool) -> float:
        extra = [str(secret_city), BENCH_PASSPHRASE] if encrypted else [str(city)]
        out = subprocess.run([sys.executable, "-c", RANKING_SCRIPT_KEYED, *extra],
                             cwd=ROOT, capture_output=True, text=True, check=True)  # fmt: skip
        runs[encrypted].append(json.loads(out.stdout))
        return float(runs[encrypted][-1]["tally"])

    result = paired_ratio(pairs, lambda: ranking(False), lambda: ranking(True))
    scale = f"{info['compounds']} compounds, {info['households']} households"
    figures.append(encryption_figure("tally + ranking of every compound, file open", scale,
                                     result, pairs))  # fmt: skip
    whole = {side: statistics.median(r["seconds"] for r in runs[side]) for side in runs}
    opening = {side: statistics.median(r["open"] for r in runs[side]) for side in runs}
    figures.append(Figure(
        "encrypted / plain: the same, whole process (start, open, tally, rank)",
        whole[True], "s", ENCRYPTION_TARGET, "ratio", baseline=whole[False],
        note=f"opening: plain {opening[False]:.3f} s, encrypted {opening[True]:.3f} s "
        "(scrypt once per file and process, then the first pages read)",
    ))  # fmt: skip
    return figures


@benchmark("scoped")
def scoped_laptop(args: argparse.Namespace) -> list[Figure]:
    """A laptop given 2 compounds of a city: its file against the central file, its first sync
    (which checks every record of the central once) and a re-sync with nothing new."""
    import shutil

    from survey_app.store.assignments import assign_compounds
    from survey_app.store.database import open_store
    from survey_app.store.enrolment import enrol_device
    from survey_app.sync.central import sync_with_central

    compounds = 50 if args.quick else 400
    city, info = city_database(compounds, 500)
    central = CACHE / f"central-city-{compounds}.db"
    office_copy = CACHE / f"office-city-{compounds}.db"
    if not central.exists():
        for old in CACHE.glob(office_copy.name + "*"):
            old.unlink()
        shutil.copy(city, office_copy)
        office = open_store(office_copy)
        sync_with_central(store=office, central=central)
        office.close()
    office = open_store(office_copy)
    sizes, firsts, agains = [], [], []
    for attempt in range(1 if args.quick else 3):
        path = CACHE / f"scoped-laptop-{attempt}.db"
        for old in CACHE.glob(path.name + "*"):
            old.unlink()
        laptop = open_store(path, device_name=f"scoped-{attempt}", role="field")
        enrol_device(store=office, fingerprint=laptop.fingerprint)
        codes = [str(c) for (c,) in office.db.execute("SELECT code FROM compounds LIMIT 2")]
        assign_compounds(store=office, fingerprint=laptop.fingerprint, compounds=codes)
        sync_with_central(store=office, central=central)
        firsts.append(timed(lambda s=laptop: sync_with_central(store=s, central=central)))
        agains.append(timed(lambda s=laptop: sync_with_central(store=s, central=central)))
        laptop.db.execute("VACUUM")
        sizes.append(path.stat().st_size / 1e6)
        laptop.close()
    office.close()
    central_mb = central.stat().st_size / 1e6
    scale = f"{info['compounds']} compounds, {info['households']} households, {info['votes']} votes"
    return [
        Figure("2-compound laptop file after its first sync", statistics.median(sizes), "MB",
               2 * 2 / compounds, "ratio", baseline=central_mb,
               note=f"target: twice its share; baseline: the central file; {scale}"),
        Figure("its first sync (checks every central record once)", statistics.median(firsts),
               "s", 120, "max", note=scale),
        Figure("its re-sync with nothing new", statistics.median(agains), "s", 0.2, "max",
               note="reads only what follows its per-device watermarks"),
    ]  # fmt: skip
