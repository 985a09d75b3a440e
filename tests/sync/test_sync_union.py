"""Sync as a union of records: both ways, idempotent, order-independent, incremental."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from sync_helpers import COMPOUNDS, Field, all_tallies, file_bytes, household, record_set

from survey_app.core.votes import Choice
from survey_app.store.database import open_store
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central


def sync(store, central: Path):  # type: ignore[no-untyped-def]
    return sync_with_central(store=store, central=central)


def test_first_sync_creates_the_central_file_with_every_record(field_batch: Field) -> None:
    report = sync(field_batch.office, field_batch.central)
    office_records = record_set(field_batch.office.path)
    assert report.created
    assert report.sent == report.central_records == len(office_records) > 50
    assert report.received == 0
    assert record_set(field_batch.central) == office_records


def test_laptops_receive_the_roster_and_send_their_votes(field_batch: Field) -> None:
    sync(field_batch.office, field_batch.central)
    a, b = field_batch.laptop("A", "王芳"), field_batch.laptop("B", "李强")
    assert sync(a, field_batch.central).received > 50
    sync(b, field_batch.central)
    record_vote(store=a, household=household(a, "NH-001", 0), round_no=1, choice=Choice.AGREE)
    record_vote(store=b, household=household(b, "NH-001", 1), round_no=1, choice=Choice.ABSTAIN)
    assert (sync(a, field_batch.central).sent, sync(b, field_batch.central).received) == (1, 1)
    sync(a, field_batch.central)
    sync(field_batch.office, field_batch.central)
    union = record_set(field_batch.central)
    assert all(record_set(s.path) == union for s in (a, b, field_batch.office))
    tally = all_tallies(a)[("NH-001", 1)]
    assert (tally["agree"], tally["abstain"]) == (1, 1)
    assert all_tallies(a) == all_tallies(b) == all_tallies(field_batch.office)


def test_a_second_sync_changes_neither_file(field_batch: Field) -> None:
    sync(field_batch.office, field_batch.central)
    a = field_batch.laptop("A")
    sync(a, field_batch.central)
    record_vote(store=a, household=household(a, "NH-002", 3), round_no=1, choice=Choice.AGREE)
    sync(a, field_batch.central)
    field_batch.close()
    before = file_bytes(a.path), file_bytes(field_batch.central)
    again = open_store(a.path)
    report = sync(again, field_batch.central)
    again.close()
    assert (report.sent, report.received) == (0, 0)
    assert (file_bytes(a.path), file_bytes(field_batch.central)) == before


def test_a_sync_with_nothing_new_does_work_independent_of_the_file_size(
    field_batch: Field, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """SQLite's own count of virtual-machine steps: a sync with nothing new must not grow with
    the number of records other laptops wrote (no scan of records, votes or households; a
    laptop does compare its own records with the central file's copies, which costs what it
    wrote itself)."""
    import survey_app.sync.central as central_module

    steps = [0]
    real_connect = central_module.connect_central

    def counting(conn) -> None:  # type: ignore[no-untyped-def]
        def tick() -> int:
            steps[0] += 1
            return 0

        conn.set_progress_handler(tick, 100)

    def connect(path: Path, key: str | None = None):  # type: ignore[no-untyped-def]
        db = real_connect(path, key)
        counting(db)
        return db

    monkeypatch.setattr(central_module, "connect_central", connect)
    sync(field_batch.office, field_batch.central)
    a = field_batch.laptop("A")
    counting(a.db)

    def idle_steps() -> int:
        sync(a, field_batch.central)
        steps[0] = 0
        assert (sync(a, field_batch.central).sent, sync(a, field_batch.central).received) == (0, 0)
        return steps[0] // 2

    small = idle_steps()
    b = field_batch.laptop("B")
    sync(b, field_batch.central)
    for index in range(24):
        for choice in (Choice.AGREE, Choice.DISAGREE, Choice.AGREE):
            record_vote(store=b, household=household(b, "NH-001", index), round_no=1, choice=choice)
    sync(b, field_batch.central)
    sync(field_batch.office, field_batch.central)
    big = idle_steps()
    assert big <= small * 1.2 + 20, (small, big)


def test_any_order_of_syncs_gives_the_same_central_records_and_tallies(
    field_batch: Field, tmp_path: Path
) -> None:
    sync(field_batch.office, field_batch.central)
    names = ["A", "B", "C"]
    laptops = [field_batch.laptop(n, f"调查员{n}") for n in names]
    for store in laptops:
        sync(store, field_batch.central)
    rng = random.Random(7)
    for store in laptops:  # offline work: overlapping households give conflicts and changes
        for _ in range(12):
            target = household(store, rng.choice(COMPOUNDS), rng.randrange(8))
            record_vote(store=store, household=target, round_no=1, choice=rng.choice(list(Choice)))
    field_batch.close()
    template = tmp_path / "template"
    shutil.copytree(tmp_path, template, ignore=shutil.ignore_patterns("template", "run*"))
    results = []
    for run in range(5):
        root = tmp_path / f"run{run}"
        shutil.copytree(template, root)
        order = [rng.choice(names) for _ in range(rng.randrange(3, 7))]
        order += rng.sample(names, len(names)) * 2  # then every laptop twice: all have all
        stores = {n: open_store(root / f"{n}.db") for n in names}
        for name in order:
            sync(stores[name], root / "U盘" / "中心.db")
        last = stores[order[-1]]
        results.append((record_set(root / "U盘" / "中心.db"), all_tallies(last)))
        assert all(all_tallies(s) == all_tallies(last) for s in stores.values())
        for store in stores.values():
            store.close()
    assert all(r == results[0] for r in results)
    assert results[0][1][("NH-001", 1)]["pending"] + results[0][1][("NH-002", 1)]["pending"] > 0


def test_the_sync_command_json_and_records_of_any_kind(field_batch: Field) -> None:
    """Survey answers (and any record kind to come) travel as plain records."""
    import json

    from click.testing import CliRunner

    from survey_app.cli import main
    from survey_app.store.survey_answers import record_survey_answer

    answer = record_survey_answer(
        store=field_batch.office,
        household=household(field_batch.office, "NH-001", 0),
        form_id="needs",
        form_version="1",
        answers={"elevator": "yes"},
    )
    answer_hash = field_batch.office.db.execute(
        "SELECT hash FROM records WHERE id = ?", [answer.id]
    ).fetchone()[0]
    field_batch.office.close()
    args = ["--db", str(field_batch.office.path), "sync", "--central", str(field_batch.central)]
    result = CliRunner().invoke(main, [*args, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {"sent", "received", "conflicts", "central_records"} <= set(report)
    assert report["sent"] == report["central_records"] > 0
    field_batch.office = open_store(field_batch.office.path)
    laptop = field_batch.laptop("A")
    sync(laptop, field_batch.central)
    assert (answer.id, answer_hash) in record_set(laptop.path)
