"""Roster import: preview with the columns found, import in a worker, rejected rows listed."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from survey_app.store.households import households_of
from survey_app.ui.office.roster_dialog import RosterImportDialog

BAD_ROSTER = """楼栋,单元,室,户主,电话,建筑面积,备注
3,2,501,王芳,13800000001,88.5,
3,2,502,李娜,13800000002,九十,
3,2,,赵磊,13800000003,70,
3幢,2单元,501室,王芳,13800000001,88.5,重复
3,2,601,陈静,13800000004,66,
"""


def wait(qtbot, task):
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=10000):
        pass


def test_import_with_bad_rows(qtbot, store, db_path, tmp_path, translations):
    roster = tmp_path / "东方花园.csv"
    roster.write_text(BAD_ROSTER, encoding="utf-8")
    dialog = RosterImportDialog(db_path, [], None)
    qtbot.addWidget(dialog)
    dialog.file_edit.setText(str(roster))
    wait(qtbot, dialog.load_preview())
    headers = [dialog.preview.horizontalHeaderItem(i).text() for i in range(7)]
    assert headers[2] == "室\n→ 室" and headers[5] == "建筑面积\n→ 建筑面积"
    assert dialog.preview.rowCount() == 5
    assert dialog.preview.item(0, 3).text() == "王芳"
    assert "共 5 行数据" in dialog.preview_caption.text()
    assert dialog.name_edit.text() == "东方花园"
    dialog.code_combo.setCurrentText("nh-009")
    wait(qtbot, dialog.start_import())
    assert dialog.counts.text() == "导入 2 户,未变化 0 户,有误 3 行"
    lines = dialog.rejected_text().splitlines()
    assert [line.split(":")[0] for line in lines] == ["第 3 行", "第 4 行", "第 5 行"]
    assert dialog.rejected_rows.isVisibleTo(dialog)
    dialog.copy_rejected()
    assert QGuiApplication.clipboard().text() == dialog.rejected_text()
    assert len(households_of(store=store, compound="NH-009")) == 2
    wait(qtbot, dialog.start_import())
    assert dialog.counts.text().startswith("导入 0 户,未变化 2 户")


def test_a_file_that_is_not_a_roster_says_so(qtbot, db_path, tmp_path, translations):
    other = tmp_path / "notes.csv"
    other.write_text("日期,事项\n3月1日,开会\n", encoding="utf-8")
    dialog = RosterImportDialog(db_path, [], None)
    qtbot.addWidget(dialog)
    dialog.file_edit.setText(str(other))
    wait(qtbot, dialog.load_preview())
    assert "不是住户名册" in dialog.error.text()
    assert dialog.start_import() is None
    assert "请先选择" in dialog.error.text()


def test_an_existing_compound_keeps_its_name(qtbot, store, db_path, tmp_path, translations):
    from survey_app.store.compounds import list_compounds

    roster = tmp_path / "more.csv"
    roster.write_text("楼栋,单元,室,户主\n9,1,101,钱多\n", encoding="utf-8")
    dialog = RosterImportDialog(db_path, list_compounds(store=store), None)
    qtbot.addWidget(dialog)
    dialog.code_combo.setCurrentText("NH-001")
    assert dialog.name_edit.text() == "东方新村"
    dialog.file_edit.setText(str(roster))
    wait(qtbot, dialog.load_preview())
    wait(qtbot, dialog.start_import())
    assert dialog.counts.text().startswith("导入 1 户")


FOOTER_ROSTER = """楼栋,单元,室,户主,电话,建筑面积
3,2,501,王芳,138-0000-0001,８８．５
3,2,502,李娜,１３８００００0002,90㎡
3,2,601,陈静,138 0000 0004,66 平方米
合计,,,,,244.5
,,,,,244.5
填表人:张三,,,审核人:李四,,
"""


def test_footer_rows_are_listed_apart_from_the_rejected_ones(
    qtbot, store, db_path, tmp_path, translations
):
    roster = tmp_path / "东方花园.csv"
    roster.write_text(FOOTER_ROSTER, encoding="utf-8")
    dialog = RosterImportDialog(db_path, [], None)
    qtbot.addWidget(dialog)
    dialog.file_edit.setText(str(roster))
    wait(qtbot, dialog.load_preview())
    dialog.code_combo.setCurrentText("nh-009")
    wait(qtbot, dialog.start_import())
    assert dialog.counts.text() == "导入 3 户,未变化 0 户,有误 0 行,跳过表尾 3 行"
    assert not dialog.rejected_rows.isVisibleTo(dialog)
    assert dialog.skipped_rows.isVisibleTo(dialog)
    assert dialog.skipped_rows.toPlainText().splitlines() == [
        "第 5 行:表尾行(“合计”),不是住户,已跳过",
        "第 6 行:只有合计数字(244.5),不是住户,已跳过",
        "第 7 行:表尾行(“填表人:张三”),不是住户,已跳过",
    ]
    households = households_of(store=store, compound="NH-009")
    assert [(h.area, h.phone) for h in households] == [
        ("88.5", "13800000001"),
        ("90", "13800000002"),
        ("66", "13800000004"),
    ]
    translations.install("en")
    dialog.retranslate()
    assert dialog.counts.text() == (
        "3 households imported, 0 unchanged, 0 rows rejected, 3 footer rows skipped"
    )
    assert dialog.skipped_text().splitlines()[0] == (
        "Row 5: A footer row (“合计”), not a household: skipped"
    )


def test_importing_into_a_closed_round_says_it_stays_frozen(
    qtbot, store, db_path, tmp_path, translations
):
    from survey_app.store.compounds import list_compounds
    from survey_app.store.round_changes import close_round

    close_round(store=store, compound="NH-001", round_no=1)
    roster = tmp_path / "more.csv"
    roster.write_text("楼栋,单元,室,户主\n9,1,101,钱多\n", encoding="utf-8")
    dialog = RosterImportDialog(db_path, list_compounds(store=store), None)
    qtbot.addWidget(dialog)
    dialog.code_combo.setCurrentText("NH-001")
    dialog.file_edit.setText(str(roster))
    wait(qtbot, dialog.load_preview())
    wait(qtbot, dialog.start_import())
    assert dialog.counts.text().splitlines() == [
        "导入 1 户,未变化 0 户,有误 0 行",
        "第1轮已结束:本次名册只影响之后开始的征询",
    ]
    assert dialog.report.closed_rounds == [1]
