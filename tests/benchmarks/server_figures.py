"""Server benchmarks (issue 16): laptops syncing into a PostgreSQL server against a raw COPY
union of the same records on the same server, and laptops syncing at once. A throwaway
cluster is started as in the tests (tests/sync/server/pg_cluster.py)."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from tests.benchmarks.harness import (
    CACHE,
    Figure,
    benchmark,
    median_of,
    paired_figure,
    paired_ratio,
    timed,
)

SERVER_TESTS = Path(__file__).resolve().parents[1] / "sync" / "server"


def _cluster():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(SERVER_TESTS))
    from pg_cluster import running_cluster

    return running_cluster()


def _fleet(root: Path, count: int, records: int) -> tuple[Path, list[Path]]:
    """An office and `count` laptops it enrolled, each with `records` signed records of its own
    compound not yet on any server (figures.laptop_files, cached), copied to `root`."""
    from tests.benchmarks.figures import laptop_files

    laptops = laptop_files(count, records)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    copies = []
    for path in [laptops[0].with_name("office.db"), *laptops]:
        shutil.copy(path, root / path.name)
        copies.append(root / path.name)
    return copies[0], copies[1:]


def _setup_database(cluster, name: str, office: Path) -> str:  # type: ignore[no-untyped-def]
    """A server holding the office's records (enrolments), as before the laptops sync."""
    from survey_app.store.database import open_store
    from survey_app.sync.server.sync import sync_with_server

    url = _database(cluster, name)
    store = open_store(office)
    sync_with_server(store=store, url=url)
    store.close()
    return url


def _database(cluster, name: str) -> str:  # type: ignore[no-untyped-def]
    import psycopg

    from survey_app.sync.server.roles import init_server

    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    url = cluster.url(database=name)
    init_server(url)
    return url


def _role_url(url: str, fingerprint: str) -> str:
    from survey_app.sync.server.roles import enrol_laptop

    role = enrol_laptop(url, fingerprint)
    user, rest = role.url.removeprefix("postgresql://").split("@", 1)
    return f"postgresql://{user}:{quote(role.password)}@{rest}"


def _sync_all(url: str, laptops: list[Path]) -> float:
    """Each laptop sends its records, one after the other; the seconds the syncs took."""
    from survey_app.store.database import open_store
    from survey_app.sync.server.sync import sync_with_server

    stores = [open_store(p) for p in laptops]
    urls = [_role_url(url, s.fingerprint) for s in stores]
    start = time.perf_counter()
    for store, laptop_url in zip(stores, urls, strict=True):
        sync_with_server(store=store, url=laptop_url, receive=False)
    seconds = time.perf_counter() - start
    for store in stores:
        store.close()
    return seconds


def _sync_at_once(url: str, laptops: list[Path]) -> float:
    """Every laptop syncs both ways from its own process, all started together."""
    from survey_app.store.database import open_store

    urls = []
    for path in laptops:
        store = open_store(path)
        urls.append(_role_url(url, store.fingerprint))
        store.close()
    driver = SERVER_TESTS / "server_driver.py"
    children = [subprocess.Popen([sys.executable, str(driver), str(path), laptop_url],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for path, laptop_url in zip(laptops, urls, strict=True)]  # fmt: skip
    for child in children:  # each has opened its file and is about to connect
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    start = time.perf_counter()
    for child in children:
        _, errors = child.communicate(timeout=600)
        if child.returncode != 0:
            raise RuntimeError(errors)
    return time.perf_counter() - start


def _raw_copy_union(url: str, laptops: list[Path]) -> float:
    """The floor: each file's records and personal rows COPYed into temporary tables, then one
    INSERT … ON CONFLICT DO NOTHING each into the same tables (triggers and indexes as the
    app's), as the admin, one transaction per file, no checks."""
    import psycopg

    from survey_app.store.database import open_store

    rows, personal = [], []
    for path in laptops:
        store = open_store(path)
        rows.append(store.db.execute(
            "SELECT id, kind, device, seq, created_at, payload, hash, prev, signature FROM records"
        ).fetchall())  # fmt: skip
        personal.append(store.db.execute("SELECT record_id, salt, fields FROM personal").fetchall())
        store.close()
    with psycopg.connect(url, autocommit=True) as conn:
        start = time.perf_counter()
        for batch, personal_batch in zip(rows, personal, strict=True):
            with conn.transaction():
                conn.execute(
                    "CREATE TEMP TABLE raw (id text, kind text, device text, seq bigint, "
                    "created_at text, payload text, hash text, prev text, signature text) "
                    "ON COMMIT DROP"
                )
                with conn.cursor().copy(
                    "COPY raw (id, kind, device, seq, created_at, payload, hash, prev, signature) "
                    "FROM STDIN"
                ) as copy:
                    for row in batch:
                        copy.write_row(row)
                conn.execute(
                    "INSERT INTO records (id, kind, device, seq, created_at, payload, hash, prev, "
                    "signature) SELECT id, kind, device, seq, created_at, payload, hash, prev, "
                    "signature FROM raw ON CONFLICT DO NOTHING"
                )
                conn.execute("CREATE TEMP TABLE raw_personal (record_id text, salt text, "
                             "fields text) ON COMMIT DROP")  # fmt: skip
                with conn.cursor().copy("COPY raw_personal FROM STDIN") as copy:
                    for row in personal_batch:
                        copy.write_row(row)
                conn.execute("INSERT INTO personal SELECT * FROM raw_personal "
                             "ON CONFLICT DO NOTHING")  # fmt: skip
        return time.perf_counter() - start


def _held(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        return int(conn.execute("SELECT count(*) FROM records").fetchone()[0])


@benchmark("server")
def server_sync(args: argparse.Namespace) -> list[Figure]:
    laptops_n, per_laptop = (5, 2_000) if args.quick else (50, 20_000)
    pairs = 5 if args.quick else 2
    at_once_n = 8 if args.quick else 40
    figures = []
    with _cluster() as cluster:
        root = CACHE / "server-run"
        held: dict[str, int] = {}

        def raw_union() -> float:  # each run from fresh copies of the laptops, a new database
            office, laptops = _fleet(root, laptops_n, per_laptop)
            url = _setup_database(cluster, "raw", office)
            seconds = _raw_copy_union(url, laptops)
            held["raw"] = _held(url)
            return seconds

        def synced() -> float:
            office, laptops = _fleet(root, laptops_n, per_laptop)
            url = _setup_database(cluster, "synced", office)
            before = _held(url)
            seconds = _sync_all(url, laptops)
            held["synced"], held["sent"] = _held(url), _held(url) - before
            return seconds

        result = paired_ratio(pairs, raw_union, synced)
        assert held["synced"] == held["raw"]
        figures.append(paired_figure(
            f"{laptops_n} laptops × {held['sent'] // laptops_n:,} records into the server (vs "
            "raw COPY union)", result, "s", 2.0, note="each run a new database, fresh laptops",
        ))  # fmt: skip
        office, laptops = _fleet(root, at_once_n, 500)
        together_url = _setup_database(cluster, "together", office)
        seconds = _sync_at_once(together_url, laptops)
        expected = _all_ids([office, *laptops])
        lost = len(expected - _server_ids(together_url))
        figures.append(Figure(
            f"{at_once_n} laptops syncing at once, each its own process, both ways: records "
            "lost", float(lost), "records", 0.5, "max", note=f"all done in {seconds:.1f} s",
        ))  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)
    return figures


def _all_ids(paths: list[Path]) -> set[str]:
    from survey_app.store.database import open_store

    found: set[str] = set()
    for path in paths:
        store = open_store(path)
        found |= {str(i) for (i,) in store.db.execute("SELECT id FROM records")}
        store.close()
    return found


def _server_ids(url: str) -> set[str]:
    import psycopg

    with psycopg.connect(url) as conn:
        return {str(i) for (i,) in conn.execute("SELECT id FROM records")}


def _reading_city(args: argparse.Namespace) -> tuple[Path, dict[str, int], str]:
    """The file pushed into the server, its size, and the compound tallied: `--scale city`, the
    city's 40 laptops (figures.city_laptops) collected once into a central file of this
    benchmark's own (cached, with its tables up to date); otherwise one generated central."""
    from tests.benchmarks.figures import (
        CITY,
        bring_tables_up_to_date,
        city_database,
        city_laptops,
        collect,
    )

    if getattr(args, "scale", None) != "city":
        city, info = city_database(80 if args.quick else 800, 500)
        return city, info, "NH-001"
    laptops_n, compounds, households = CITY
    central = CACHE / f"server-reading-central-{laptops_n}.db"
    done = central.with_suffix(".done")
    if not done.exists():
        print(f"…   collecting the city's {laptops_n} laptops (once)", file=sys.stderr, flush=True)
        collect(city_laptops(laptops_n), central)
        bring_tables_up_to_date(central)
        done.write_text("ok")
    info = {"compounds": laptops_n * compounds, "households": laptops_n * compounds * households}
    return central, info, "C00-001"


@benchmark("server-reading")
def server_reading(args: argparse.Namespace) -> list[Figure]:
    """`rank` and one compound's `tally` read from the server (through this computer's copy,
    brought up to date first: here one query, as nothing changed since the last read), over
    the city pushed into the server as an office's central file (`--scale city`: the 400,000
    households of the city's 40 laptops)."""
    import os

    from survey_app.actions.server import open_server_for_reading
    from survey_app.store.tallies import ranking_json, tally_json
    from survey_app.sync.server.with_file import unite_file_with_server

    city, info, compound = _reading_city(args)
    figures = []
    with _cluster() as cluster:
        url = _database(cluster, "reading")
        os.environ["XDG_DATA_HOME"] = str(CACHE / "server-reading-home")
        shutil.rmtree(CACHE / "server-reading-home", ignore_errors=True)
        copy = CACHE / "server-reading-city.db"
        shutil.copy(city, copy)
        print("…   pushing the city into the server", file=sys.stderr, flush=True)
        pushed = timed(lambda: unite_file_with_server(path=copy, url=url, receive=False))
        copy.unlink()
        print("…   the server's first copy", file=sys.stderr, flush=True)
        first = timed(lambda: open_server_for_reading(url=url).close())

        def read() -> float:
            start = time.perf_counter()
            store = open_server_for_reading(url=url)
            ranking_json(store=store, round_no=1)
            tally = tally_json(store=store, compound=compound, round_no=1)
            seconds = time.perf_counter() - start
            store.close()
            assert tally["eligible"], compound
            return seconds

        seconds = median_of(1 if args.quick else 3, read)
        scale = f"{info['compounds']} compounds, {info['households']} households"
        figures.append(Figure("rank + one tally from the server (copy current)", seconds, "s",
                              1.0, "max", note=scale))  # fmt: skip
        figures.append(Figure("the city pushed into the server (--from-file, one-off)", pushed,
                              "s", 3600.0, "max", note=scale))  # fmt: skip
        figures.append(Figure("the server's first copy on a computer (one-off)", first, "s",
                              3600.0, "max", note=scale))  # fmt: skip
    return figures
