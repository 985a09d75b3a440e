"""Export the data file to Excel or CSV: in full (names, phones, notes: 含个人信息) or masked for
sharing (已脱敏). The suggested name says which; the work runs in a worker thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QRadioButton,
    QWidget,
)

from survey_app.actions.sync import Exported
from survey_app.core.clock import today
from survey_app.sync.export import export_file_name
from survey_app.ui.base.translations import current_language
from survey_app.ui.base.words import error_text
from survey_app.ui.base.workers import Task, as_app_error, run_task
from survey_app.ui.office.common import FileTaskDialog
from survey_app.ui.office.work import export_data_work


def export_folder() -> Path:
    """Where an export is suggested: the user's documents folder (the home folder if none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


class ExportDialog(FileTaskDialog):
    exported = Signal(object)
    """The list of Exported, when the export finished."""

    def __init__(self, db_path: Path, parent: QWidget | None = None, *, folder: Path | None = None):
        super().__init__(parent)
        self.db_path = db_path
        self.folder = folder or export_folder()
        self.task: Task | None = None
        self.written: list[Exported] = []
        self.full = QRadioButton()
        self.masked = QRadioButton()
        self.xlsx = QRadioButton()
        self.csv = QRadioButton()
        self.variant, self.format = QButtonGroup(self), QButtonGroup(self)
        for group, buttons in ((self.variant, (self.full, self.masked)),
                               (self.format, (self.xlsx, self.csv))):  # fmt: skip
            for button in buttons:
                group.addButton(button)
            buttons[0].setChecked(True)
            group.buttonToggled.connect(self._suggest)
        self.holds = QLabel()
        self.holds.setWordWrap(True)
        self.holds.setObjectName("notice")
        self.browse_button.clicked.connect(self._browse)
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("primary")
        self.export_button.clicked.connect(self.start_export)
        self.add_close_button()
        self._lay_out()
        self._suggested = ""
        self._suggest()
        self.retranslate()

    def _lay_out(self) -> None:
        rows: list[QWidget | QLayout] = []
        for first, second in ((self.full, self.masked), (self.xlsx, self.csv)):
            row = QHBoxLayout()
            row.addWidget(first)
            row.addWidget(second)
            row.addStretch(1)
            rows.append(row)
        self.lay_out([*rows, self.holds], [self.error])

    @classmethod
    def ask(cls, parent: QWidget | None, db_path: Path) -> list[Exported]:
        """Show the dialog; what was exported (nothing when closed before)."""
        dialog = cls(db_path, parent)
        dialog.exec()
        return dialog.written

    def retranslate(self) -> None:
        self.word_file_task(
            self.tr("导出数据"),
            self.tr(
                "导出各小区的汇总、住户、意见和需求调查;第一页说明文件内容、导出人、时间和来源文件。"
            ),
        )
        self.full.setText(self.tr("完整导出(含个人信息)"))
        self.masked.setText(self.tr("脱敏导出(用于分享)"))
        self.xlsx.setText(self.tr("Excel 工作簿"))
        self.csv.setText(self.tr("CSV 文件夹"))
        self.export_button.setText(self.tr("导出"))
        self._show_holds()
        self._suggest()

    def _show_holds(self) -> None:
        if self.masked.isChecked():
            text = self.tr(
                "姓名已遮盖(如 张*明),不含电话、备注、签名和自由填写的回答,可以发给设计单位等;"
                "仍含门牌地址。只有本机账户能打开导出的文件。"
            )
        else:
            text = self.tr(
                "含户主姓名、电话、备注和全部调查回答,受《个人信息保护法》保护:请勿外传,用完删除。"
                "只有本机账户能打开导出的文件。"
            )
        self.holds.setText(text)

    def suggested_name(self) -> str:
        suffix = ".xlsx" if self.xlsx.isChecked() else ""
        return export_file_name(
            masked=self.masked.isChecked(), day=today().isoformat(),
            language=current_language(), suffix=suffix,
        )  # fmt: skip

    def _suggest(self) -> None:
        """The name follows the choices, unless the user typed a name of their own."""
        current = Path(self.path_edit.text().strip()) if self.path_edit.text().strip() else None
        folder = self.folder if current is None else current.parent
        if current is None or current.name == self._suggested:
            self._suggested = self.suggested_name()
            self.path_edit.setText(str(folder / self._suggested))
        self._show_holds()

    def _browse(self) -> None:
        if self.csv.isChecked():
            chosen = QFileDialog.getExistingDirectory(
                self, self.tr("选择导出位置"), str(self.folder)
            )
            path = str(Path(chosen) / self.suggested_name()) if chosen else ""
        else:
            path, _f = QFileDialog.getSaveFileName(
                self, self.tr("导出数据"), self.path_edit.text(), self.tr("Excel 工作簿 (*.xlsx)")
            )
        if path:
            self._suggested = Path(path).name
            self.path_edit.setText(path)

    def start_export(self) -> Task | None:
        text = self.path_edit.text().strip()
        if not text:
            self.error.setText(self.tr("请先选择导出位置"))
            return None
        target, masked = Path(text), self.masked.isChecked()
        xlsx, folder = (target, None) if self.xlsx.isChecked() else (None, target)
        self.error.clear()
        self.outcome.setText(self.tr("正在导出…"))
        self.busy.start()
        self.export_button.setEnabled(False)
        self.task = run_task(
            export_data_work(self.db_path, xlsx=xlsx, csv_folder=folder, masked=masked),
            on_done=self._done, on_failed=self._failed, on_progress=self.busy.step,
        )  # fmt: skip
        self.task.finished.connect(self._finished)
        return self.task

    def _done(self, written: list[Exported]) -> None:
        self.written = written
        lines = [self.tr("已导出 {path}").format(path=w.target) for w in written]
        self.outcome.setText("\n".join(lines))
        self.exported.emit(written)

    def _failed(self, error: Exception) -> None:
        self.outcome.clear()
        self.error.setText(
            self.tr("导出失败:{error}").format(error=error_text(as_app_error(error)))
        )

    def _finished(self) -> None:
        self.task = None
        self.busy.stop()
        self.export_button.setEnabled(True)
