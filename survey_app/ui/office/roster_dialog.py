"""Importing a roster: pick the file, see the first rows with the columns found, import with
progress, then the counts, every rejected row with its row number and reason, and the footer
rows (合计, 填表人…) left out on purpose. The one
roster dialog: at first run, from the File menu and from the office menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from survey_app.actions.roster import RosterRequest
from survey_app.core.errors import SurveyAppError
from survey_app.core.ids import compound_code
from survey_app.store.compounds import Compound
from survey_app.store.roster_import import ImportReport, RosterTable
from survey_app.ui.base.words import QT_TRANSLATE_NOOP, error_text, listed, row_reason
from survey_app.ui.base.workers import Task, run_task
from survey_app.ui.office.common import BusyBar, OfficeDialog, error_label
from survey_app.ui.office.work import import_roster_work, preview_roster_work

PREVIEW_ROWS = 8
FIELDS = {
    "address": QT_TRANSLATE_NOOP("RosterFields", "地址"),
    "building": QT_TRANSLATE_NOOP("RosterFields", "楼栋"),
    "unit": QT_TRANSLATE_NOOP("RosterFields", "单元"),
    "room": QT_TRANSLATE_NOOP("RosterFields", "室"),
    "head": QT_TRANSLATE_NOOP("RosterFields", "户主"),
    "phone": QT_TRANSLATE_NOOP("RosterFields", "电话"),
    "area": QT_TRANSLATE_NOOP("RosterFields", "建筑面积"),
    "tenure": QT_TRANSLATE_NOOP("RosterFields", "性质"),
    "note": QT_TRANSLATE_NOOP("RosterFields", "备注"),
    "eligible": QT_TRANSLATE_NOOP("RosterFields", "应征询"),
}


def field_text(field: str) -> str:
    return QCoreApplication.translate("RosterFields", FIELDS[field])


class RosterImportDialog(OfficeDialog):
    imported = Signal(object)
    """The ImportReport, once an import finished."""

    def __init__(
        self, db_path: Path, compounds: list[Compound], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.table: RosterTable | None = None
        self.report: ImportReport | None = None
        self.imported_into: str | None = None
        self.task: Task | None = None
        self.file_edit = QLineEdit()
        self.file_edit.editingFinished.connect(self.load_preview)
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._browse)
        self.code_combo = QComboBox()
        self.code_combo.setEditable(True)
        self._names: dict[str, str] = {c.code: c.name for c in compounds}
        for compound in compounds:
            self.code_combo.addItem(compound.code)
        self.code_combo.setCurrentText("")
        self.code_combo.currentTextChanged.connect(self._code_changed)
        self.name_edit = QLineEdit()
        self.street_edit = QLineEdit()
        self.community_edit = QLineEdit()
        self.preview_caption = QLabel()
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.preview.setMinimumHeight(200)
        self.busy = BusyBar()
        self.counts = QLabel()
        self.counts.setObjectName("progressHeadline")
        self.rejected_rows = QPlainTextEdit()
        self.rejected_rows.setReadOnly(True)
        self.rejected_rows.hide()
        self.skipped_rows = QPlainTextEdit()
        self.skipped_rows.setObjectName("skippedRows")
        self.skipped_rows.setReadOnly(True)
        self.skipped_rows.setMaximumHeight(90)
        self.skipped_rows.hide()
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_rejected)
        self.copy_button.hide()
        self.error = error_label()
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("primary")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)
        self._layout()
        self.retranslate()
        self._update_buttons()

    def _layout(self) -> None:
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        self.form = QFormLayout()
        self.captions = [QLabel() for _ in range(5)]
        self.form.addRow(self.captions[0], file_row)
        fields = [self.code_combo, self.name_edit, self.street_edit, self.community_edit]
        for caption, field in zip(self.captions[1:], fields, strict=True):
            self.form.addRow(caption, field)
        result_row = QHBoxLayout()
        result_row.addWidget(self.counts, 1)
        result_row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.preview_caption)
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.busy)
        layout.addLayout(result_row)
        layout.addWidget(self.rejected_rows, 1)
        layout.addWidget(self.skipped_rows)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(860, 620)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("导入住户名册"))
        for label, text in zip(
            self.captions,
            [
                self.tr("名册文件"),
                self.tr("小区编码"),
                self.tr("小区名称"),
                self.tr("街道(可选)"),
                self.tr("社区(可选)"),
            ],
            strict=True,
        ):
            label.setText(text)
        self.browse_button.setText(self.tr("选择文件…"))
        line = self.code_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("如 NH-001"))
        self.name_edit.setPlaceholderText(self.tr("新小区请填写名称,如 东方新村"))
        self.import_button.setText(self.tr("导入"))
        self.close_button.setText(self.tr("关闭"))
        self.copy_button.setText(self.tr("复制有误的行"))
        self._show_preview()
        self._show_report()

    # -- preview ------------------------------------------------------------------------
    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择住户名册"), "", self.tr("住户名册 (*.xlsx *.csv)")
        )
        if path:
            self.set_file(Path(path))

    def set_file(self, path: Path) -> None:
        self.file_edit.setText(str(path))
        self.load_preview()

    def _code_changed(self, text: str) -> None:
        name = self._names.get(text.strip().upper())
        if name:
            self.name_edit.setText(name)

    def load_preview(self) -> Task | None:
        text = self.file_edit.text().strip()
        self.table = None
        self.report = None
        self._show_report()
        if not text:
            return None
        self.error.clear()
        if not self.name_edit.text() and not self.code_combo.currentText():
            self.name_edit.setText(Path(text).stem)
        return self._run(preview_roster_work(Path(text)), self._previewed)

    def _previewed(self, table: RosterTable) -> None:
        self.table = table
        self._show_preview()

    def _show_preview(self) -> None:
        table = self.table
        self.preview.clear()
        if table is None:
            self.preview.setRowCount(0)
            self.preview.setColumnCount(0)
            self.preview_caption.setText(self.tr("预览:选择文件后显示前几行和识别出的列"))
            return
        field_of = {index: field for field, index in table.mapping.items()}
        self.preview.setColumnCount(len(table.headers))
        self.preview.setHorizontalHeaderLabels(
            [
                f"{header}\n→ {field_text(field_of[i])}"
                if i in field_of
                else f"{header}\n{self.tr('(不导入)')}"
                for i, header in enumerate(table.headers)
            ]
        )
        rows = table.rows[:PREVIEW_ROWS]
        self.preview.setRowCount(len(rows))
        self.preview.setVerticalHeaderLabels([str(row_no) for row_no, _cells in rows])
        for r, (_row_no, cells) in enumerate(rows):
            for c, cell in enumerate(cells[: len(table.headers)]):
                self.preview.setItem(r, c, QTableWidgetItem("" if cell is None else str(cell)))
        found = listed(field_text(f) for f in FIELDS if f in table.mapping)
        self.preview_caption.setText(
            self.tr("预览:第 {row} 行是表头,共 {count} 行数据;识别出的列:{fields}").format(
                row=table.header_row, count=len(table.rows), fields=found
            )
        )

    # -- import ---------------------------------------------------------------------------
    def request(self) -> RosterRequest | None:
        if self.table is None:
            self.error.setText(self.tr("请先选择一个能读出表头的名册文件(.xlsx 或 .csv)"))
            return None
        try:
            code = compound_code(self.code_combo.currentText())
        except SurveyAppError:
            self.error.setText(self.tr("小区编码无效:只能使用字母、数字、- 和 _(如 NH-001)"))
            return None
        name = self.name_edit.text().strip()
        if not name and code not in self._names:
            self.error.setText(self.tr("新小区请填写名称"))
            return None
        return RosterRequest(
            roster=Path(self.file_edit.text().strip()),
            code=code,
            name=name,
            street=self.street_edit.text().strip() or None,
            community=self.community_edit.text().strip() or None,
        )

    def start_import(self) -> Task | None:
        request = self.request()
        if request is None:
            return None
        self.error.clear()
        return self._run(
            import_roster_work(self.db_path, request),
            lambda report: self._imported(request.code, report),
        )

    def _imported(self, code: str, report: ImportReport) -> None:
        self.imported_into = code
        self.show_report(report)
        self.imported.emit(report)

    def show_report(self, report: ImportReport) -> None:
        self.report = report
        self._show_report()

    def _show_report(self) -> None:
        report = self.report
        self.rejected_rows.setVisible(bool(report and report.errors))
        self.copy_button.setVisible(bool(report and report.errors))
        self.skipped_rows.setVisible(bool(report and report.skipped))
        if report is None:
            self.counts.clear()
            return
        counts = self.tr("导入 {imported} 户,未变化 {unchanged} 户,有误 {errors} 行").format(
            imported=report.imported, unchanged=report.unchanged, errors=len(report.errors)
        )
        if report.skipped:
            counts += self.tr(",跳过表尾 {skipped} 行").format(skipped=len(report.skipped))
        self.counts.setText("\n".join([counts, *self.closed_round_lines(report)]))
        self.rejected_rows.setPlainText(self.rejected_text())
        self.skipped_rows.setPlainText(self.skipped_text())

    def closed_round_lines(self, report: ImportReport) -> list[str]:
        """Closed rounds keep the households their close froze; older closes froze none."""
        frozen = [
            self.tr("第{round}轮已结束:本次名册只影响之后开始的征询").format(round=n)
            for n in report.closed_rounds
        ]
        return frozen + [
            self.tr("第{round}轮由旧版本结束,未保存应征询名单:本次名册会改变其统计").format(round=n)
            for n in report.unfrozen_closed_rounds
        ]

    def rejected_text(self) -> str:
        errors = self.report.errors if self.report else []
        return "\n".join(
            self.tr("第 {row} 行:{reason}").format(row=e.row, reason=row_reason(e)) for e in errors
        )

    def skipped_text(self) -> str:
        """The footer rows left out, each with why, in the window's language."""
        skipped = self.report.skipped if self.report else []
        return "\n".join(
            self.tr("第 {row} 行:{reason}").format(row=s.row, reason=error_text(s.note))
            for s in skipped
        )

    def copy_rejected(self) -> None:
        QGuiApplication.clipboard().setText(self.rejected_text())

    # -- running ------------------------------------------------------------------------
    def _run(self, work: object, on_done: object) -> Task:
        self.busy.start()
        self._update_buttons(running=True)
        self.task = run_task(
            work,  # type: ignore[arg-type]
            on_done=on_done,  # type: ignore[arg-type]
            on_failed=self._failed,
            on_progress=self.busy.step,
        )
        self.task.finished.connect(self._finished)
        return self.task

    def _failed(self, error: Exception) -> None:
        if isinstance(error, SurveyAppError):
            self.error.setText(error_text(error))
        else:
            self.error.setText(self.tr("出错了:{error}").format(error=error))
        self._show_preview()

    def _finished(self) -> None:
        self.task = None
        self.busy.stop()
        self._update_buttons()

    def _update_buttons(self, running: bool = False) -> None:
        self.import_button.setEnabled(not running)
        self.browse_button.setEnabled(not running)
        self.close_button.setEnabled(not running)

    @classmethod
    def ask(cls, parent: QWidget | None, db_path: Path, compounds: list[Compound]) -> str | None:
        """The code of the compound a roster was imported into, or None."""
        dialog = cls(db_path, compounds, parent)
        dialog.exec()
        return dialog.imported_into
