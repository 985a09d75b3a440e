"""The office's corrections from the keyboard: editing a household, importing online votes."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from survey_app.store.households import get_household
from survey_app.store.tallies import tally_json
from survey_app.ui.office.corrections import HouseholdEditDialog, OnlineImportDialog


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier, times=1):
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def answer_later(qtbot, kind, steps, problems):
    """Once the modal dialog of `kind` has the focus, run `steps(dialog)`; close it if the
    keys left it open (so the test fails instead of waiting)."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            problems.append(f"not a {kind.__name__}: {dialog}")
            return
        try:
            qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                            and dialog.isAncestorOf(QApplication.focusWidget()))  # fmt: skip
            steps(dialog)
        finally:
            if dialog.isVisible():
                problems.append("the dialog stayed open")
                dialog.reject()

    QTimer.singleShot(100, answer)


def test_ctrl_shift_h_edits_the_open_household_by_keys(qtbot, window, store):
    assert window.open_household("NH-001/1-1-102", round_no=1)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    problems: list[str] = []

    def steps(dialog: HouseholdEditDialog) -> None:
        assert QApplication.focusWidget() is dialog.head_edit
        press(qtbot, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.phone_edit
        press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(QApplication.focusWidget(), "139-0000 0999")
        press(qtbot, Qt.Key.Key_Tab, times=2)
        assert QApplication.focusWidget() is dialog.eligible_box
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_Return)

    answer_later(qtbot, HouseholdEditDialog, steps, problems)
    press(
        qtbot, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert problems == []
    edited = get_household(store=store, id="NH-001/1-1-102")
    assert (edited.phone, edited.eligible, edited.head) == ("13900000999", False, "王芳")
    assert tally_json(store=store, compound="NH-001", round_no=1)["eligible"] == 9


EXPORT = (
    "房号,姓名,表决结果,时间\n1-1-101,张伟,同意,2027-03-01\n1-1-102,王 芳,反对,\n9-9-9,某,同意,\n"
)


def test_the_online_import_previews_then_imports_from_the_keyboard(
    qtbot, store, db_path, tmp_path, translations
):
    export = tmp_path / "online.csv"
    export.write_text(EXPORT, encoding="utf-8")
    dialog = OnlineImportDialog(db_path, "NH-001", 1, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.file_edit)
    qtbot.keyClicks(QApplication.focusWidget(), str(export))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    assert "匹配 2 行" in dialog.summary.text() and "未匹配 1 行" in dialog.summary.text()
    assert "第4行 未匹配:名册中没有 9-9-9" in dialog.rows_view.toPlainText()
    assert tally_json(store=store, compound="NH-001", round_no=1)["agree"] == 0
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.import_button)
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    assert "已导入 2 条线上意见" in dialog.summary.text()
    figures = tally_json(store=store, compound="NH-001", round_no=1)
    assert (figures["agree"], figures["disagree"]) == (1, 1)


def test_no_two_actions_of_the_window_share_a_shortcut(window):
    """Qt fires neither of two actions with the same keys (an ambiguous shortcut): the
    household edit and the export once both had Ctrl+Shift+E."""
    from PySide6.QtGui import QAction

    taken: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for keys in action.shortcuts():
            shown = keys.toString()
            assert shown not in taken, f"{shown}: {taken[shown]} and {action.text()}"
            taken[shown] = action.text()
    assert "Ctrl+Shift+H" in taken and "Ctrl+Shift+E" in taken


def test_the_edit_dialog_lists_the_households_past_edits(qtbot, window, store):
    from survey_app.actions.household_edits import edit_household
    from survey_app.core.clock import shown_time

    done = edit_household(store=store, household="NH-001/1-1-102", phone="139 0000 0999",
                          eligible=False, edited_by="周主任")  # fmt: skip
    household = get_household(store=store, id="NH-001/1-1-102")
    dialog = HouseholdEditDialog(store, household, window)
    qtbot.addWidget(dialog)
    lines = [dialog.history.item(i).text() for i in range(dialog.history.count())]
    assert len(lines) == 2
    assert lines[0].endswith("名册导入(未知设备):首次导入")  # the fixture names no device
    assert lines[1] == (
        f"{shown_time(done.created_at)} 周主任 修改:电话 13800000102 → 13900000999;"
        "应征询 是 → 否(现行)"
    )
    window.switch_language("en")
    lines = [dialog.history.item(i).text() for i in range(dialog.history.count())]
    assert lines[1] == (
        f"{shown_time(done.created_at)} edited by 周主任: phone 13800000102 → 13900000999; "
        "eligible yes → no (in force)"
    )
    assert "first import" in lines[0]
