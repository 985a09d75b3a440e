"""Sync with the central file, check a file, read one without writing, export."""

from __future__ import annotations

import sqlite3

from survey_app.actions.compounds import compound_summaries
from survey_app.actions.sync import check_file, export_data, open_for_reading, sync_with_central
from survey_app.store.database import open_store


def record_set(path):
    """(id, hash) of every record in a file, read without changing it."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return frozenset(conn.execute("SELECT id, hash FROM records").fetchall())
    finally:
        conn.close()


def test_two_laptops_meet_in_the_central_file(surveyed, tmp_path):
    central = tmp_path / "U盘" / "central.db"
    central.parent.mkdir()
    first = sync_with_central(store=surveyed, central=central)
    assert first.created and first.sent > 0 and first.received == 0
    other = open_store(tmp_path / "b.db", device_name="B", role="field")
    received = sync_with_central(store=other, central=central)
    assert received.received == first.sent
    assert [s.households for s in compound_summaries(store=other)] == [5]
    again = sync_with_central(store=surveyed, central=central)
    assert (again.sent, again.received) == (0, 1)  # the other laptop announced itself
    other.close()


def test_send_only_leaves_the_laptop_as_it_is(surveyed, tmp_path):
    central = tmp_path / "central.db"
    other = open_store(tmp_path / "b.db", device_name="B", role="field")
    sync_with_central(store=other, central=central)
    before = record_set(surveyed.path)
    sync_with_central(store=surveyed, central=central, receive=False)
    assert record_set(surveyed.path) == before
    other.close()


def test_a_checked_and_read_file_is_not_changed(surveyed, tmp_path):
    central = tmp_path / "central.db"
    sync_with_central(store=surveyed, central=central)
    before = record_set(central)
    report = check_file(path=central)
    assert report.ok and report.role == "central" and report.devices == 1
    reading = open_for_reading(path=central)
    assert [s.compound.code for s in compound_summaries(store=reading)] == ["NH-001"]
    reading.close()
    assert record_set(central) == before


def test_export_to_a_workbook_and_csv_files(surveyed, tmp_path):
    written = export_data(store=surveyed, xlsx=tmp_path / "汇总.xlsx", csv_folder=tmp_path / "csv")
    assert [w.target for w in written] == [tmp_path / "汇总.xlsx", tmp_path / "csv"]
    for exported in written:
        assert exported.rows["住户"] == 5 and exported.rows["小区汇总"] == 1
    assert (tmp_path / "汇总.xlsx").stat().st_size > 0
    assert sorted(p.suffix for p in (tmp_path / "csv").iterdir()) == [".csv"] * 5
    assert export_data(store=surveyed) == []
