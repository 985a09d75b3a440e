"""`form check` over every real-world and pyxform workbook in ../shared/xlsforms.

Each file must load, or be refused with reasons that name sheet and row; never a crash, a
traceback, or a question that silently goes missing.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from survey_app.cli import main
from survey_app.core.errors import UnreadableFile
from survey_app.xlsform.reader import FormCheck
from survey_app.xlsform.reader import check_form as read_form
from survey_app.xlsform.workbook import read_workbook
from tests.xlsform.conftest import SHARED_FORMS

SHARED = SHARED_FORMS
REAL_WORLD = sorted(SHARED.glob("*.xlsx"))
FIXTURES = sorted((SHARED / "pyxform").glob("*.xlsx"))

LOADING = {
    "TerraFirmaMozambique__legend-odk-forms__LEGEND_O_assin_declaracoes.xlsx",
    "abdulganiu99__Household-Energy-Survey__Household_Energy_Access_and_Usage_Survey.xlsx",
    "hotosm__fmtm__slum_assessment_survey.xlsx",
    "impact-initiatives-hppu__humind__REACH_2024_MSNA-kobo-tool_draft_v11.xlsx",
    "impact-initiatives__cleaningtools__kobo_tool.xlsx",
    "linl33__bohemia__MASTER_WHOVA2016v1_5_1_XLS_form_for_ODK.xlsx",
    "linl33__bohemia__baseline.xlsx",
    "linl33__bohemia__recon.xlsx",
    "onaio__onadata__external_choice_form_v2.xlsx",
    "onaio__onadata__grains.xlsx",
    "validmeasures__liberiaS3Mforms__liberiaCoverage.xlsx",
}
REFUSED = {
    # audio, video, file, geotrace, geoshape, select_one_from_file, rank
    "abdulganiu99__Household-Energy-Survey__smaple_PUBLISHED_-_All_question_types.xlsx",
    # trigger columns, and a label naming ${form_category}, which no question has
    "hotosm__fmtm__simple_building_survey_wildfires.xlsx",
}


@functools.cache
def check_form(path: Path) -> FormCheck:
    return read_form(path)


def typed_rows(path: Path) -> set[int]:
    """Rows of the survey sheet whose type cell is filled, except end group/repeat rows."""
    try:
        sheet = read_workbook(path).get("survey")
    except UnreadableFile:
        return set()
    if sheet is None:
        return set()
    column = [cell.strip().lower() for cell in sheet.header].index("type")
    cells = [
        (row.number, row.cells[column] if column < len(row.cells) else "") for row in sheet.rows
    ]
    return {number for number, cell in cells if cell and not cell.lower().startswith("end")}


def test_the_corpus_is_complete() -> None:
    assert len(REAL_WORLD) == 13 and len(FIXTURES) == 25
    assert {p.name for p in REAL_WORLD} == LOADING | REFUSED


@pytest.mark.parametrize("path", REAL_WORLD + FIXTURES, ids=lambda p: p.name)
def test_form_check_loads_or_gives_reasons(path: Path) -> None:
    result = CliRunner().invoke(main, ["form", "check", str(path), "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    report = json.loads(result.output)
    assert result.exit_code == (0 if report["ok"] else 1)
    if report["ok"]:
        assert report["form"]["questions"] > 0 and report["problems"] == []
    else:
        assert report["problems"], "refused without a reason"
        for problem in report["problems"]:
            assert problem["message"]
            assert problem["sheet"] or problem["code"] in ("unreadable_file", "missing_sheet")


@pytest.mark.parametrize("path", REAL_WORLD + FIXTURES, ids=lambda p: p.name)
def test_no_question_goes_missing(path: Path) -> None:
    result = check_form(path)
    accounted = {f.row for f in result.findings if f.sheet == "survey" and f.blocks_loading}
    if result.form is not None:
        accounted |= {item.row for item in result.form.walk()}
    missing = typed_rows(path) - accounted
    assert not missing, f"survey rows neither read nor reported: {sorted(missing)}"


def test_at_least_ten_real_world_forms_load() -> None:
    loaded = {path.name for path in REAL_WORLD if check_form(path).ok}
    assert loaded == LOADING
    assert len(loaded) >= 10


def test_refusals_name_the_features() -> None:
    reasons = check_form(SHARED / sorted(REFUSED)[0]).problems
    assert {(f.severity, f.row, f.name) for f in reasons} >= {
        ("unsupported", 41, "audio"),
        ("unsupported", 68, "geotrace"),
        ("unsupported", 105, "rank"),
    }
    wildfires = check_form(SHARED / "hotosm__fmtm__simple_building_survey_wildfires.xlsx")
    assert {f.column for f in wildfires.problems} == {"trigger", "label"}


def test_the_shared_corpus_is_beside_the_repository() -> None:
    """The corpus tests (here, the JavaRosa and pyxform differential tests, the finding words)
    read ../shared/xlsforms: without it they would compare nothing, so its absence fails."""
    assert REAL_WORLD and FIXTURES, f"no XLSForm corpus at {SHARED}"
