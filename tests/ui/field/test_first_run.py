"""First run: no data → import a roster or open the sample batch; --demo opens it directly."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_app.store.database import open_store
from survey_app.ui import app
from survey_app.ui.base.tasks import RosterRequest, demo_db_path, has_compounds
from survey_app.ui.field.first_run import (
    IMPORT,
    SAMPLE,
    FirstRunDialog,
    ImportReportBox,
    ImportRosterDialog,
)
from tests.ui.conftest import ROSTER

SMALL_SAMPLE = {"compounds": 3, "min_households": 12, "max_households": 20}


@pytest.fixture(autouse=True)
def small_sample(monkeypatch):
    """The real sample batch has 8 compounds of up to 800 households; tests use a small one."""
    from survey_app.store import sample

    real = sample.write_sample
    monkeypatch.setattr(sample, "write_sample", lambda **kw: real(**{**kw, **SMALL_SAMPLE}))


def test_first_run_offers_the_sample(qapp, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(
        FirstRunDialog, "ask", classmethod(lambda cls, p: asked.append(1) or SAMPLE)
    )
    path = app.prepare_database(app.GuiOptions(db=tmp_path / "new.db"))
    assert asked == [1]
    assert path == demo_db_path()
    assert has_compounds(path)
    assert not (tmp_path / "new.db").exists()


def test_first_run_imports_a_roster(qapp, tmp_path, monkeypatch):
    roster = tmp_path / "名册.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, p: IMPORT))
    monkeypatch.setattr(
        ImportRosterDialog, "ask",
        classmethod(lambda cls, p: RosterRequest(roster, "NH-009", "新兴小区")),
    )  # fmt: skip
    reports = []
    monkeypatch.setattr(ImportReportBox, "ask", classmethod(lambda cls, p, r: reports.append(r)))
    path = app.prepare_database(app.GuiOptions(db=tmp_path / "new.db"))
    assert path == tmp_path / "new.db"
    assert reports[0].imported == 10 and reports[0].errors == []
    store = open_store(path)
    assert store.db.execute("SELECT count(*) FROM households").fetchone()[0] == 10


def test_first_run_can_be_left(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, p: None))
    assert app.prepare_database(app.GuiOptions(db=tmp_path / "new.db")) is None


def test_existing_data_opens_directly(qapp, db_path, monkeypatch):
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, p: pytest.fail("asked")))
    assert app.prepare_database(app.GuiOptions(db=db_path)) == db_path


def test_demo_opens_the_sample_batch(qapp, monkeypatch):
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, p: pytest.fail("asked")))
    path = app.prepare_database(app.GuiOptions(demo=True))
    assert path == demo_db_path() and has_compounds(path)
    assert app.prepare_database(app.GuiOptions(demo=True)) == path


def test_import_dialog_checks_its_fields(qtbot, tmp_path):
    dialog = ImportRosterDialog()
    qtbot.addWidget(dialog)
    assert dialog.request() is None
    assert "名册文件" in dialog.error.text()
    roster = tmp_path / "r.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    dialog.file_edit.setText(str(roster))
    dialog.code_edit.setText("东方")
    assert dialog.request() is None and "编码" in dialog.error.text()
    dialog.code_edit.setText("nh-010")
    dialog.name_edit.setText("东方新村")
    assert dialog.request() == RosterRequest(Path(roster), "NH-010", "东方新村")


def test_import_from_the_file_menu(qtbot, window, tmp_path, monkeypatch):
    roster = tmp_path / "more.csv"
    roster.write_text("楼栋,室,户主\n5,101,钱多多\n5,,无室号\n", encoding="utf-8")
    monkeypatch.setattr(
        ImportRosterDialog,
        "ask",
        classmethod(lambda cls, p: RosterRequest(roster, "NH-003", "光明里")),
    )
    reports = []
    monkeypatch.setattr(ImportReportBox, "ask", classmethod(lambda cls, p, r: reports.append(r)))
    window.import_action.trigger()
    assert reports[0].imported == 1 and len(reports[0].errors) == 1
    assert window.workspace.compound == "NH-003"
    assert window.compound_combo.currentText() == "NH-003  光明里"


def test_report_box_lists_bad_rows(qtbot):
    from survey_app.core.roster import RowError
    from survey_app.store.roster_import import ImportReport

    box = ImportReportBox(ImportReport(imported=3, errors=[RowError(7, "地址缺少室号")]))
    qtbot.addWidget(box)
    assert box.text() == "导入 3 户,未变化 0 户,有误 1 行"
    assert box.informativeText() == "第 7 行:地址缺少室号"


def test_open_the_sample_from_the_file_menu(qtbot, window):
    window.sample_action.trigger()
    assert window.workspace.store.path == demo_db_path()
    assert window.compound_model.rowCount() == SMALL_SAMPLE["compounds"]
    assert window.windowTitle().endswith("[示例数据]")
    assert window.stack.currentWidget() is window.progress_view


def test_a_file_that_is_not_ours_is_refused_with_a_message(qtbot, window, tmp_path, monkeypatch):
    from survey_app.ui.field.first_run import ErrorBox

    shown = []
    monkeypatch.setattr(ErrorBox, "ask", classmethod(lambda cls, p, t, m: shown.append(m)))
    other = tmp_path / "other.db"
    other.write_bytes(b"this is not a database at all" * 100)
    before = window.workspace.store
    assert not window.use_database(other)
    assert shown and "other.db" in shown[0]
    assert window.workspace.store is before


def test_bad_rows_are_worded_in_the_window_language(qtbot, window, tmp_path):
    from survey_app.core.roster import map_headers, parse_rows
    from survey_app.store.roster_import import ImportReport

    header = ["楼栋", "单元", "室", "建筑面积"]
    rows = [(2, ["1", "1", "", "80"]), (3, ["1", "1", "102", "八十"]), (4, ["1", "1", "102", "80"])]
    _good, errors = parse_rows(rows, map_headers(header))
    window.switch_language("en")
    box = ImportReportBox(ImportReport(imported=1, errors=errors))
    qtbot.addWidget(box)
    assert box.informativeText() == (
        "Row 2: The room is missing\nRow 3: The floor area “八十” is not a number"
    )
    window.switch_language("zh_CN")
    box = ImportReportBox(ImportReport(imported=1, errors=errors))
    qtbot.addWidget(box)
    assert box.informativeText() == "第 2 行:缺少室号\n第 3 行:建筑面积 “八十” 不是数字"
