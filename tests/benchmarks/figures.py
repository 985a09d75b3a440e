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
    Paired,
    benchmark,
    fresh_process,
    growth_exponent,
    median_of,
    paired_figure,
    paired_ratio,
    paired_ratios,
    time_v_peak_mb,
    timed,
)


def fresh_store(name: str):  # type: ignore[no-untyped-def]
    from survey_app.store.database import open_store

    path = CACHE / name
    for old in CACHE.glob(name + "*"):
        old.unlink()
    return open_store(path)


VOTE_SIZES = ((1, 45), (10, 450), (100, 450), (1000, 400))
"""(compounds, households each) of the files a vote is recorded in: about 100, 10,000,
100,000 and 880,000 votes (two rounds, a tenth of the votes changed)."""


def votes_in_a_file_of(path: Path, votes: int) -> list[float]:
    """Seconds per door (find the household, record its vote, commit) for `votes` doors of
    round 2 (open), in a copy of the file."""
    import shutil

    from survey_app.core.votes import Choice
    from survey_app.store.database import open_store
    from survey_app.store.households import find_household
    from survey_app.store.votes import record_vote

    work = CACHE / "vote-work.db"
    for old in CACHE.glob(work.name + "*"):
        old.unlink()
    shutil.copy(path, work)
    store = open_store(work)
    doors = store.db.execute(
        "SELECT h.compound, h.address FROM households h JOIN rounds r ON r.compound = h.compound "
        "AND r.round = 2 WHERE r.closed_record IS NULL ORDER BY h.id LIMIT ?", [votes]
    ).fetchall()  # fmt: skip
    samples = []
    for i, (compound, address) in enumerate(doors):
        start = time.perf_counter()
        household = find_household(store=store, compound=compound, address=address)
        record_vote(store=store, household=household, round_no=2,
                    choice=Choice.AGREE if i % 5 else Choice.DISAGREE)  # fmt: skip
        samples.append(time.perf_counter() - start)
    store.close()
    return samples


@benchmark("vote")
def record_vote_by_size(args: argparse.Namespace) -> list[Figure]:
    """One vote recorded (commit included) in files of about 100 to 880,000 votes: the
    projections and summaries update only what the vote touches, so the cost stays flat."""
    sizes = VOTE_SIZES[:3] if args.quick else VOTE_SIZES
    doors = 50 if args.quick else 200
    figures, p50s, counts = [], [], []
    for compounds, households in sizes:
        path, info = city_database(compounds, households)
        samples = votes_in_a_file_of(path, doors)
        p50, p95 = statistics.median(samples), statistics.quantiles(samples, n=20)[-1]
        p50s.append(p50)
        counts.append(info["votes"])
        figures.append(Figure(f"record one vote in a file of {info['votes']:,} votes, p95",
                              p95 * 1000, "ms", 10, "max",
                              note=f"p50 {p50 * 1000:.2f} ms; {len(samples)} doors, commit each, "
                              "synchronous=FULL"))  # fmt: skip
    slope = growth_exponent(counts, p50s)
    figures.append(
        Figure(
            "growth of the vote's p50 with the votes in the file (log-log slope)",
            slope,
            "",
            0.15,
            "max",
            note=f"{counts[0]:,} → {counts[-1]:,} votes; 0 is flat, 1 linear",
        )
    )
    return figures


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
    figures.append(roster_import_growth(3 if args.quick else 5))
    return figures


def roster_import_growth(runs: int) -> Figure:
    """A new compound's 2,000-row roster imported into the files the vote is timed in (45 to
    45,000 households), the sizes in turns, each run on a fresh copy: what the import reads and
    writes beside its own rows must not grow with the file (B-trees a level deeper and the
    search index's merges are the part that does)."""
    import shutil

    from survey_app.store.compounds import save_compound
    from survey_app.store.database import open_store
    from survey_app.store.roster_import import import_roster

    roster = CACHE / "roster2k.csv"
    if not roster.exists():
        write_roster(roster, 2_000)
    files = [city_database(*size) for size in VOTE_SIZES[:3]]
    work = CACHE / "roster-growth.db"

    def once(path: Path) -> float:
        for old in CACHE.glob(work.name + "*"):
            old.unlink()
        shutil.copy(path, work)
        store = open_store(work)
        save_compound(store=store, code="ZZ-001", name="新小区")
        seconds = timed(lambda: import_roster(store=store, path=roster, compound="ZZ-001"))
        store.close()
        return seconds

    samples: list[list[float]] = [[] for _ in files]
    for _ in range(runs):
        for kept, (path, _info) in zip(samples, files, strict=True):
            kept.append(once(path))
    households = [info["households"] for _path, info in files]
    medians = [statistics.median(kept) for kept in samples]
    slope = growth_exponent(households, medians)
    times = ", ".join(f"{m:.3f}" for m in medians)
    return Figure(
        "growth of a 2,000-row roster import with the households in the file (log-log slope)",
        slope,
        "",
        0.15,
        "max",
        note=f"into {' / '.join(f'{h:,}' for h in households)} households: {times} s "
        f"(median of {runs}, sizes in turns); 0 is flat, 1 linear",
    )


def roster_read(path: Path, runs: int) -> Figure:
    """Reading the 10,000-row roster workbook, against openpyxl's read-only mode, in turns."""
    from openpyxl import load_workbook

    from survey_app.spreadsheets.read import read_workbook

    def by_openpyxl() -> float:
        def read() -> None:
            book = load_workbook(path, read_only=True, data_only=True)
            [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]
            book.close()

        return timed(read)

    result = paired_ratio(runs, by_openpyxl, lambda: timed(lambda: read_workbook(path)))
    return paired_figure(
        "read a 10,000-row roster .xlsx (calamine) vs openpyxl read-only", result, "s", 0.5
    )


RANKING_SCRIPT = """
import json, sys, time
start = time.perf_counter()
from pathlib import Path
from survey_app.sync.files import open_for_reading
from survey_app.store.tallies import ranking_json
store = open_for_reading(Path(sys.argv[1]))
ranked = ranking_json(store=store, round_no=1)  # every compound's tally, then the order
print(json.dumps({"seconds": time.perf_counter() - start, "compounds": len(ranked)}))
"""


def migrated(path: Path) -> Path:
    """A cached file brought to this version's schema in place, before anything is timed: a
    reader of an older file migrates a copy in memory on every run (the app's own behaviour for
    a file it must not write), which would be timed as the reading."""
    from survey_app.store import driver
    from survey_app.store.migrations import apply_migrations, pending_migrations

    conn = driver.connect(str(path))
    try:
        if pending_migrations(conn):
            apply_migrations(conn)
            conn.commit()
    finally:
        conn.close()
    return path


def city_database(compounds: int, households: int) -> tuple[Path, dict[str, int]]:
    path = CACHE / f"city-signed-{compounds}x{households}.db"
    info_path = path.with_suffix(".json")
    if not (path.exists() and info_path.exists()):
        info = build_city(path, compounds=compounds, households=households)
        info_path.write_text(json.dumps(info))
    return migrated(path), json.loads(info_path.read_text())


@benchmark("ranking")
def tally_and_ranking(args: argparse.Namespace) -> list[Figure]:
    path, info = city_database(*(VOTE_SIZES[2] if args.quick else VOTE_SIZES[3]))
    runs = [fresh_process(RANKING_SCRIPT, str(path)) for _ in range(1 if args.quick else 3)]
    seconds = statistics.median(r["seconds"] for r in runs)
    peak = statistics.median(r["peak_mb"] for r in runs)
    checked = time_v_peak_mb(RANKING_SCRIPT, str(path))
    scale = f"{info['compounds']} compounds, {info['households']} households, {info['votes']} votes"
    return [
        Figure(
            "tally + ranking (start, open, tally all, rank)", seconds, "s", 2.0, "max", note=scale
        ),
        Figure("tally + ranking peak memory", peak, "MB", 500, "max",
               note=f"the child's own getrusage; /usr/bin/time -v on one run: {checked:.1f} MB"),
    ]  # fmt: skip


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


def raw_union_seconds(
    laptops: list[Path],
    central: Path | None = None,
    passphrase: str | None = None,
    journal: str | None = None,
) -> float:
    """The floor: the same records into a central file of the same schema, journal mode and
    fsync, one transaction per laptop, with no check at all (`passphrase`: the laptops' and
    the central's, each file encrypted: the cipher's own cost with nothing of the app's;
    `journal`: another journal mode for the central, `wal` timed with its checkpoint)."""
    from survey_app.store.encryption import attach_key, file_key
    from survey_app.sync.files import connect_central, create_central

    central = central or CACHE / "raw-central.db"
    for old in CACHE.glob(central.name + "*"):
        old.unlink()
    create_central(central, passphrase=passphrase)
    db = connect_central(central, key=file_key(central, passphrase))
    if journal is not None:
        db.execute(f"PRAGMA journal_mode = {journal}").fetchall()
    keys = [attach_key(laptop, passphrase) for laptop in laptops]  # derived before the clock
    start = time.perf_counter()
    for laptop, key in zip(laptops, keys, strict=True):
        db.execute("ATTACH DATABASE ? AS laptop KEY ?", [str(laptop), key])
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT OR IGNORE INTO records SELECT * FROM laptop.records")
        db.execute("COMMIT")
        db.execute("DETACH DATABASE laptop")
    if journal == "wal":
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    seconds = time.perf_counter() - start
    db.close()
    return seconds


def collect(laptops: list[Path], central: Path) -> float:
    """The office's collection: the enrolments first (its own two-way sync, not timed), then
    every laptop file sent into the new central file (`sync --send-only`), timed."""
    from survey_app.store.database import open_store
    from survey_app.sync.central import sync_with_central

    for old in CACHE.glob(central.name + "*"):
        old.unlink()
    office = open_store(laptops[0].with_name("office.db"))
    sync_with_central(store=office, central=central)
    office.close()
    stores = [open_store(p) for p in laptops]
    start = time.perf_counter()
    for store in stores:
        sync_with_central(store=store, central=central, receive=False)
    seconds = time.perf_counter() - start
    for store in stores:
        store.close()
    return seconds


def collect_and_tables(laptops: list[Path], central: Path) -> dict[str, float]:
    """A collection into an empty central file, then its tables brought up to date: both timed,
    for pairing each with the same raw union."""
    return {"sync": collect(laptops, central), "tables": bring_tables_up_to_date(central)}


def bring_tables_up_to_date(central: Path) -> float:
    """What the next two-way sync or reader does once after a collection: the central file's
    tables brought up to date with its records, in one transaction."""
    from survey_app.store.projection import project_pending
    from survey_app.sync.files import connect_central

    db = connect_central(central)
    start = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    project_pending(db)
    db.execute("COMMIT")
    seconds = time.perf_counter() - start
    db.close()
    return seconds


@benchmark("sync")
def sync_figures(args: argparse.Namespace) -> list[Figure]:
    from survey_app.store.database import open_store
    from survey_app.sync.central import sync_with_central

    count = 10 if args.quick else 50
    laptops = laptop_files(count, 20_000)
    central = CACHE / "central.db"
    steps = paired_ratios(2 if args.quick else 3, lambda: raw_union_seconds(laptops),
                          lambda: collect_and_tables(laptops, central))  # fmt: skip
    result, tables = steps["sync"], steps["tables"]
    stores = [open_store(p) for p in laptops]
    resend = [
        timed(lambda s=s: sync_with_central(store=s, central=central, receive=False))
        for s in stores
    ]
    for store in stores:
        store.close()
    scale = f"{count} laptops × 20,000 records into an empty central file"
    return [
        paired_figure("sync laptops into the central file (send only, every check)", result, "s",
                      1.5, note=scale + "; baseline: raw INSERT OR IGNORE … SELECT"),
        paired_figure("… then the central's tables brought up to date, once", tables, "s", 2.0,
                      note="by the next two-way sync or reader, after each collection; "
                      "baseline: the raw union of the same pair"),
        Figure("re-sync with nothing new, per laptop", statistics.median(resend), "s", 0.2, "max",
               note=f"median of {count}, central holds {count * 20_000:,} records"),
    ]  # fmt: skip


@benchmark("resync")
def resync_little_new(args: argparse.Namespace) -> list[Figure]:
    """Each of 50 laptops records one new vote and syncs again into the central file of a
    million records: each sync costs what it carries, not what the central holds."""
    import shutil

    from survey_app.store.database import open_store
    from survey_app.sync.central import sync_with_central
    from tests.benchmarks.data import BulkWriter, vote_payload

    count = 10 if args.quick else 50
    laptops = laptop_files(count, 20_000)
    full = CACHE / f"central-{count}x20000.db"
    if not full.with_name(full.name + ".done").exists():
        collect(laptops, full)
        bring_tables_up_to_date(full)
        full.with_name(full.name + ".done").write_text("ok")
    for path in [*laptops, full]:
        migrated(path)
    work = CACHE / "resync"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    for path in [*laptops, full]:
        shutil.copy(path, work / path.name)
    central = work / full.name
    sends = []
    for path in laptops:
        store = open_store(work / path.name)
        # its roster counts where the office's enrolment is (the central), not in its own
        # file: the vote is written as the builder wrote the others, signed and chained
        home = json.loads(store.db.execute(
            "SELECT payload FROM records WHERE kind = 'household' ORDER BY seq LIMIT 1 OFFSET 7"
        ).fetchone()[0])  # fmt: skip
        with store.transaction():
            writer = BulkWriter(store)
            writer.add("vote", vote_payload(home, 1, "abstain", []))
            writer.flush()
        sends.append(timed(lambda s=store: sync_with_central(store=s, central=central,
                                                             receive=False)))  # fmt: skip
        store.close()
    catch_up = bring_tables_up_to_date(central)
    records = count * 20_000
    return [
        Figure(f"re-sync {count} laptops, one new vote each, {records:,}-record central",
               sum(sends), "s", 0.1 * count, "max",
               note=f"send only; per laptop p50 {statistics.median(sends) * 1000:.0f} ms, "
               f"max {max(sends) * 1000:.0f} ms"),
        Figure("… then the central's tables brought up to date with the new votes, once",
               catch_up, "s", 1.0, "max", note="by the next two-way sync or reader"),
    ]  # fmt: skip


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
KDF_TARGET = 0.5
"""Seconds a file's unlocking may take once per process: short beside a person typing the
passphrase, long enough to make each guess of it cost (scrypt's parameters, not the code)."""


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


def encryption_figure(what: str, unit_note: str, result: Paired) -> Figure:
    return paired_figure(f"encrypted / plain: {what}", result, "s", ENCRYPTION_TARGET,
                         note=f"{unit_note}; plain {result.baseline:.3f} s, encrypted "
                         f"{result.app:.3f} s")  # fmt: skip


def paired_ratio_of(runs: dict[bool, list[dict[str, float]]], key: str) -> Paired:
    """The per-pair ratios of another measure of the same alternated runs (False: baseline)."""
    ratios = [a[key] / b[key] for a, b in zip(runs[True], runs[False], strict=True)]
    return Paired(statistics.median(ratios), min(ratios), max(ratios),
                  statistics.median(r[key] for r in runs[False]),
                  statistics.median(r[key] for r in runs[True]), len(ratios))  # fmt: skip


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
import hashlib, json, sys, time
from pathlib import Path
derivations = []
_scrypt = hashlib.scrypt
def timed_scrypt(*args, **kwargs):
    begun = time.perf_counter()
    try:
        return _scrypt(*args, **kwargs)
    finally:
        derivations.append(time.perf_counter() - begun)
hashlib.scrypt = timed_scrypt
start = time.perf_counter()
from survey_app.store.database import open_store
from survey_app.store.tallies import ranking_json
store = open_store(Path(sys.argv[1]), passphrase=sys.argv[2] if len(sys.argv) > 2 else None)
opened = time.perf_counter()
ranked = ranking_json(store=store, round_no=1)
end = time.perf_counter()
kdf = sum(derivations)
print(json.dumps({"seconds": end - start, "tally": end - opened, "open": opened - start,
                  "kdf": kdf, "derivations": len(derivations), "besides_kdf": end - start - kdf}))
"""
"""The ranking process, timing the key derivation (scrypt, wrapped before anything imports it)
apart from the rest: its cost is the passphrase's strength, chosen, not a cost of the code."""


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
                                     result))  # fmt: skip
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
    # the cipher's floor: the raw union of the same laptops, encrypted against plain
    floor = paired_ratio(
        pairs,
        lambda: raw_union_seconds(plain_laptops, CACHE / "raw-central-plain.db"),
        lambda: raw_union_seconds(secret_laptops, CACHE / "raw-central-encrypted.db",
                                  BENCH_PASSPHRASE),
    )  # fmt: skip
    # … and with the central in WAL mode (no page's old copy written to a rollback journal)
    wal = paired_ratio(
        pairs,
        lambda: raw_union_seconds(plain_laptops, CACHE / "raw-central-plain.db", journal="wal"),
        lambda: raw_union_seconds(secret_laptops, CACHE / "raw-central-encrypted.db",
                                  BENCH_PASSPHRASE, journal="wal"),
    )  # fmt: skip
    figures.append(encryption_figure(
        f"sync {count} laptops into the central file",
        f"{count} × 20,000 records; the raw union of the same files (no check, SQLCipher "
        f"only): encrypted / plain {floor.ratio:.2f} × ({floor.baseline:.3f} → {floor.app:.3f} "
        f"s, spread {floor.low:.2f}–{floor.high:.2f}); the same with the central in WAL mode "
        f"{wal.ratio:.2f} × ({wal.baseline:.3f} → {wal.app:.3f} s, spread "
        f"{wal.low:.2f}–{wal.high:.2f})", result))  # fmt: skip

    # tally: the ranking process (start, open, tally all, rank) on the city file
    city, info = city_database(*(VOTE_SIZES[2] if args.quick else VOTE_SIZES[3]))
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
                                     result))  # fmt: skip
    counts = {side: {int(r["derivations"]) for r in runs[side]} for side in runs}
    if counts != {False: {0}, True: {1}}:
        raise AssertionError(f"key derivations per process (plain, encrypted): {counts}")
    whole = paired_ratio_of(runs, "seconds")
    besides = paired_ratio_of(runs, "besides_kdf")
    kdf = statistics.median(r["kdf"] for r in runs[True])
    opening = {side: statistics.median(r["open"] for r in runs[side]) for side in runs}
    figures.append(paired_figure(
        "encrypted / plain: the same, whole process besides the key derivation", besides, "s",
        ENCRYPTION_TARGET, note=f"whole process with it: plain {whole.baseline:.3f} s, "
        f"encrypted {whole.app:.3f} s ({whole.ratio:.2f} ×); opening: plain "
        f"{opening[False]:.3f} s, encrypted {opening[True]:.3f} s",
    ))  # fmt: skip
    figures.append(Figure(
        "the key derivation (scrypt N=2^15, r=8, p=1), once per file and process", kdf, "s",
        KDF_TARGET, "max", note="counted: exactly 1 per encrypted process, 0 per plain one; its "
        "cost is the passphrase's strength against guessing, kept, not tuned away",
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


EXPORT_SCRIPT = """
import json, sys, time
start = time.perf_counter()
from pathlib import Path
from survey_app.actions.sync import export_data
from survey_app.sync.files import open_for_reading
store = open_for_reading(Path(sys.argv[1]))
export_data(store=store, xlsx=Path(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - start}))
"""
FLOOR_SCRIPT = """
import json, sys, time
start = time.perf_counter()
from openpyxl import Workbook
from survey_app.store import driver
db = driver.connect(sys.argv[1])
book = Workbook(write_only=True)
for name, sql in (("住户", "SELECT * FROM households ORDER BY compound, id"),
                  ("意见", "SELECT * FROM votes ORDER BY compound, round, household")):
    sheet = book.create_sheet(name)
    for row in db.execute(sql):
        sheet.append(list(row))
book.save(sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - start}))
"""
"""The streamed floor: the same households and votes, read with plain SQL and written by a bare
openpyxl write-only workbook (no notice, no summary, no record check, no words)."""


def export_in_fresh_process(path: Path, floor: bool = False) -> dict[str, float]:
    out = CACHE / ("floor.xlsx" if floor else "export.xlsx")
    out.unlink(missing_ok=True)
    return fresh_process(FLOOR_SCRIPT if floor else EXPORT_SCRIPT, str(path), str(out))


@benchmark("export")
def export_figures(args: argparse.Namespace) -> list[Figure]:
    """`export --xlsx` of the whole file in a fresh process, against the streamed floor in
    turns; its peak memory at two sizes (flat in the rows: streamed)."""
    small, large = (VOTE_SIZES[1], VOTE_SIZES[2]) if args.quick else (VOTE_SIZES[2], VOTE_SIZES[3])
    path, info = city_database(*large)
    runs: dict[bool, list[dict[str, float]]] = {False: [], True: []}

    def side(app: bool) -> float:
        runs[app].append(export_in_fresh_process(path, floor=not app))
        return runs[app][-1]["seconds"]

    result = paired_ratio(1 if args.quick else 2, lambda: side(False), lambda: side(True))
    small_path, small_info = city_database(*small)
    small_peak = export_in_fresh_process(small_path)["peak_mb"]
    peak = statistics.median(r["peak_mb"] for r in runs[True])
    checked = time_v_peak_mb(EXPORT_SCRIPT, str(path), str(CACHE / "export.xlsx"))
    rows = f"{info['households']:,} households, {info['votes']:,} votes"
    return [
        paired_figure("export --xlsx of the whole file vs bare openpyxl write-only", result, "s",
                      1.5, note=f"{rows}; each side a fresh process"),
        Figure("export peak memory, large file / small file", peak, "MB", 1.5, "ratio",
               baseline=small_peak,
               note=f"{peak:.0f} MB at {info['votes']:,} votes, {small_peak:.0f} MB at "
               f"{small_info['votes']:,}; /usr/bin/time -v on one large run: {checked:.0f} MB"),
    ]  # fmt: skip


CITY = (40, 25, 400)
"""The city: 40 laptops of 25 compounds of 400 households each: 1,000 compounds, 400,000
households, about 880,000 votes (the size of Hangzhou's 2022 programme)."""
SCALES = {"city": (4, 10, 40), "town": (1, 3, 10)}
"""The laptops measured: about 1/10, 1/4 and all of the city, or of a quarter of it (a town,
for a machine or an hour too small for the city)."""
CITY_PAIRS = 3
"""The full size's collection and tables, each run this many times in turns with the raw union
of the same laptops (the smaller sizes, for the growth only, once each)."""


def city_laptops(count: int) -> list[Path]:
    """The city's first `count` laptops (each built once, cached), enrolled by one office."""
    from survey_app.store.database import open_store
    from tests.benchmarks.data import build_city_laptop

    _, compounds, households = CITY
    folder = CACHE / f"city-laptops-{compounds}x{households}"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"laptop-{i:02d}.db" for i in range(count)]
    missing = [(i, p) for i, p in enumerate(paths) if not p.with_suffix(".done").exists()]
    if missing:
        office = open_store(folder / "office.db", device_name="市办公室")
        for index, path in missing:
            build_city_laptop(path, index=index, office=office, compounds=compounds,
                              households=households)  # fmt: skip
            path.with_suffix(".done").write_text("ok")
        office.close()
    return paths


SEARCH_TEXTS = 4


def search_keystrokes(path: Path) -> tuple[list[float], float]:
    """Each prefix of a name, an address and a phone number typed into the search box, among
    every household of the file (store.search.search_households); and how long the central's
    first search took to index what its collections left to it (store/search_index.py),
    before those keystrokes."""
    from survey_app.store.database import Store
    from survey_app.store.search import bring_search_index_up_to_date, search_households
    from survey_app.sync.files import connect_central

    store = Store(connect_central(path), path)  # the first search writes the index it reads
    first = timed(lambda: bring_search_index_up_to_date(store))
    head, phone, compound = store.db.execute(
        "SELECT head, phone, compound FROM households ORDER BY id LIMIT 1 OFFSET 777"
    ).fetchone()
    samples = []
    for text in (head, "12-2-501", phone[:7], "3幢1单元602室"):
        for end in range(1, len(text) + 1):
            samples.append(timed(lambda p=text[:end]: search_households(
                store=store, text=p, compound=compound)))  # fmt: skip
    store.close()
    return samples, first


@benchmark("city")
def city_scale(args: argparse.Namespace) -> list[Figure]:
    """`--scale city` only: the city built once (cached), then at 1/10, 1/4 and full size the
    collection of its laptops into an empty central file, its tables brought up to date, tally
    and ranking, export and search, with the growth of each as an exponent. (Start-up is not
    measured on the central file: the window opens a laptop's or the office's own file.)"""
    parts = SCALES.get(getattr(args, "scale", None) or "")
    if parts is None:
        return []
    laptops = city_laptops(parts[-1])
    households = [n * CITY[1] * CITY[2] for n in parts]
    measured: dict[str, list[float]] = {}
    notes: dict[str, str] = {}

    def keep(name: str, value: float) -> None:
        measured.setdefault(name, []).append(value)

    paired: dict[str, Paired] = {}
    for part in parts:
        central = CACHE / f"city-central-{part}.db"
        print(f"…   {args.scale}: {part} laptops", file=sys.stderr, flush=True)
        if part == parts[-1]:  # the figures: in turns with the raw union (the last run the app's)
            paired = paired_ratios(CITY_PAIRS, lambda: raw_union_seconds(laptops),
                                   lambda c=central: collect_and_tables(laptops, c))  # fmt: skip
            keep("sync", paired["sync"].app)
            keep("tables", paired["tables"].app)
        else:  # for the growth: once each
            keep("sync", collect(laptops[:part], central))
            keep("tables", bring_tables_up_to_date(central))
        ranking = fresh_process(RANKING_SCRIPT, str(central))
        keep("tally", ranking["seconds"])
        keep("tally_mb", ranking["peak_mb"])
        exported = export_in_fresh_process(central)
        keep("export", exported["seconds"])
        keep("export_mb", exported["peak_mb"])
        samples, first = search_keystrokes(central)
        keep("search", statistics.quantiles(samples, n=20)[-1])
        notes["search"] = f"the central's index built by its first search: {first:.1f} s"
    full = CACHE / f"city-central-{parts[-1]}.db"
    floor = export_in_fresh_process(full, floor=True)["seconds"]
    notes["sync"] = f"raw union of the same laptops: {paired['sync'].baseline:.1f} s"
    notes["export"] = f"bare openpyxl write-only of the same rows: {floor:.1f} s"
    rows = [
        ("sync", f"collect the {parts[-1]} laptops into an empty central (send only)", "s", 1.5),
        ("tables", "… the central's tables brought up to date, once", "s", 2.0),
        ("tally", "tally + ranking of every compound (fresh process)", "s", 2.0),
        ("tally_mb", "… its peak memory", "MB", 500),
        ("export", "export --xlsx of the whole central (fresh process)", "s", 1.5 * floor),
        ("export_mb", "… its peak memory", "MB", 500),
        ("search", "household search per keystroke, p95", "s", 0.05),
    ]
    figures = []
    for key, name, unit, target in rows:
        values = measured[key]
        slope = growth_exponent(households, values)
        at = ", ".join(f"{v:.3g}" for v in values)
        note = f"at {', '.join(map(str, parts))} laptops: {at} {unit}; growth exponent {slope:.2f}"
        if key in notes:
            note += f"; {notes[key]}"
        if key in paired:  # a ratio to the raw union, run in turns with it
            figures.append(paired_figure(f"{args.scale}: {name}", paired[key], unit, target,
                                         note=note))  # fmt: skip
            continue
        figures.append(Figure(f"{args.scale}: {name}", values[-1], unit, target, "max",
                              note=note))  # fmt: skip
    return figures
