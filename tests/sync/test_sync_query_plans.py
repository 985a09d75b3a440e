"""A re-sync with little new costs the same whatever the central file holds: no statement of
either step (send, on the central file; receive, on the laptop's) reads a whole table that
grows with the files. Checked on SQLite's plans (tests/query_plans.py), not on a clock."""

from __future__ import annotations

from typing import Any

import pytest
from sync_helpers import Field, household

from survey_app.core.votes import Choice
from survey_app.store import driver
from survey_app.store.database import Store
from survey_app.store.votes import record_vote
from survey_app.sync import central as central_sync
from survey_app.sync.central import sync_with_central
from survey_app.sync.files import attach_for_reading
from tests.query_plans import growing_scans, statements


class _KeptOpen:
    """The central file's connection of a sync, its statements traced and kept open after the
    sync, so that their plans can be asked on it (its temp tables and attachments still there)."""

    def __init__(self, db: driver.Connection) -> None:
        self.db, self.seen = db, []
        db.set_trace_callback(self.seen.append)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.db, name)

    def close(self) -> None:
        self.db.set_trace_callback(None)


def _plans(db: driver.Connection, sql: list[str], where: str) -> dict[str, list[str]]:
    found = {}
    for statement in sql:
        if statement.lstrip()[:6].upper() in ("ATTACH", "DETACH", "BEGIN ", "COMMIT", "PRAGMA"):
            continue
        if steps := growing_scans(db, statement):
            found[f"{where}: {' '.join(statement.split())[:300]}"] = steps
    return found


_CENTRAL_SCHEMAS = ("central", "sent_to")


def audited_sync(monkeypatch: pytest.MonkeyPatch, batch: Field, laptop: Store) -> dict:
    kept: list[_KeptOpen] = []
    connect = central_sync.connect_central

    def traced(*args: Any, **kwargs: Any) -> Any:
        kept.append(_KeptOpen(connect(*args, **kwargs)))
        return kept[-1]

    monkeypatch.setattr(central_sync, "connect_central", traced)
    with statements(laptop.db) as on_laptop:
        sync_with_central(store=laptop, central=batch.central)
    monkeypatch.setattr(central_sync, "connect_central", connect)
    for schema in _CENTRAL_SCHEMAS:  # as the sync attached it, to explain what it ran
        attach_for_reading(laptop.db, batch.central, schema, None)
    try:
        offenders = _plans(laptop.db, on_laptop, "laptop")
    finally:
        for schema in _CENTRAL_SCHEMAS:
            laptop.db.execute(f"DETACH DATABASE {schema}")
    for one in kept:
        offenders |= _plans(one.db, one.seen, "central")
        one.db.close()
    return offenders


@pytest.fixture
def busy_field(field_batch: Field) -> tuple[Field, list[Store]]:
    laptops = [field_batch.laptop(f"街道-{i}") for i in range(3)]
    for index, laptop in enumerate(laptops):
        sync_with_central(store=laptop, central=field_batch.central)
        for n in range(6):
            home = household(laptop, "NH-001" if index % 2 else "NH-002", 6 * index + n)
            record_vote(store=laptop, household=home, round_no=1, choice=Choice.AGREE)
        sync_with_central(store=laptop, central=field_batch.central)
    for laptop in laptops:
        sync_with_central(store=laptop, central=field_batch.central)
    return field_batch, laptops


def test_a_resync_with_one_new_vote_scans_nothing_that_grows(
    busy_field: tuple[Field, list[Store]], monkeypatch: pytest.MonkeyPatch
) -> None:
    batch, laptops = busy_field
    record_vote(store=laptops[1], household=household(laptops[1], "NH-001", 20), round_no=1,
                choice=Choice.DISAGREE)  # fmt: skip
    assert audited_sync(monkeypatch, batch, laptops[1]) == {}
    assert audited_sync(monkeypatch, batch, laptops[2]) == {}  # receives that one vote


def test_a_resync_with_nothing_new_scans_nothing_that_grows(
    busy_field: tuple[Field, list[Store]], monkeypatch: pytest.MonkeyPatch
) -> None:
    batch, laptops = busy_field
    assert audited_sync(monkeypatch, batch, laptops[0]) == {}


def test_the_office_collecting_a_laptop_scans_nothing_that_grows(
    busy_field: tuple[Field, list[Store]], monkeypatch: pytest.MonkeyPatch
) -> None:
    batch, laptops = busy_field
    record_vote(store=laptops[0], household=household(laptops[0], "NH-002", 21), round_no=1,
                choice=Choice.ABSTAIN)  # fmt: skip
    assert audited_sync(monkeypatch, batch, laptops[0]) == {}
    assert audited_sync(monkeypatch, batch, batch.office) == {}


def test_the_audit_sees_the_central_file(
    busy_field: tuple[Field, list[Store]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The traced connection is the one the send writes with: a scan there is seen."""
    batch, laptops = busy_field
    real = central_sync.project_pending

    def scanning(db: driver.Connection) -> int:
        db.execute("SELECT count(*) FROM main.votes WHERE choice = 'agree'")
        return real(db)

    monkeypatch.setattr(central_sync, "project_pending", scanning)
    found = audited_sync(monkeypatch, batch, laptops[0])
    assert any(k.startswith("central: SELECT count(*) FROM main.votes") for k in found)
