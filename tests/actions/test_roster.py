"""Previewing and importing a roster, the compound saved in the same transaction."""

from __future__ import annotations

import pytest

from survey_app.actions.compounds import compound_households, save_compound
from survey_app.actions.roster import RosterRequest, import_request, import_roster, preview_roster
from survey_app.core.errors import NotFound, UnreadableFile
from survey_app.store.compounds import find_compound, list_compounds
from tests.actions.conftest import write_roster


def test_the_preview_shows_the_header_and_the_columns_found(roster):
    table = preview_roster(path=roster)
    assert table.header_row == 1 and len(table.rows) == 5
    assert {"building", "unit", "room", "head", "area"} <= set(table.mapping)


def test_importing_into_a_new_compound_adds_it(store, roster):
    report = import_roster(store=store, path=roster, compound="nh-001", name="东方新村")
    assert (report.imported, report.unchanged, report.errors) == (5, 0, [])
    assert find_compound(store=store, code="NH-001").name == "东方新村"
    again = import_roster(store=store, path=roster, compound="NH-001")
    assert (again.imported, again.unchanged) == (0, 5)


def test_bad_rows_are_reported_and_the_good_ones_imported(store, tmp_path):
    bad = write_roster(
        tmp_path / "bad.csv", "楼栋,室,户主,建筑面积\n1,101,甲,80\n1,,乙,70\n1,102,丙,九十\n"
    )
    report = import_roster(store=store, path=bad, compound="NH-005", name="新村")
    assert report.imported == 1
    assert [e.row for e in report.errors] == [3, 4]


def test_a_refused_file_leaves_no_compound_behind(store, tmp_path):
    notes = write_roster(tmp_path / "notes.csv", "日期,事项\n3月1日,开会\n")
    with pytest.raises(UnreadableFile):
        import_roster(store=store, path=notes, compound="NH-009", name="新兴小区")
    assert list_compounds(store=store) == []


def test_an_unknown_compound_without_a_name_is_refused(store, roster):
    with pytest.raises(NotFound):
        import_roster(store=store, path=roster, compound="NH-404")


def test_a_known_compound_keeps_the_details_not_given(store, roster):
    save_compound(store=store, code="NH-001", name="东方新村", street="解放街道", built=1985)
    request = RosterRequest(roster, "NH-001", "东方新村", community="东方社区")
    assert import_request(store=store, request=request).imported == 5
    kept = find_compound(store=store, code="NH-001")
    assert (kept.street, kept.community, kept.built) == ("解放街道", "东方社区", 1985)
    assert len(compound_households(store=store, compound="NH-001")) == 5


def test_progress_is_reported(store, roster):
    steps = []
    import_roster(store=store, path=roster, compound="NH-001", name="东方新村",
                  progress=lambda done, total: steps.append((done, total)))  # fmt: skip
    assert steps[-1] == (5, 5)
