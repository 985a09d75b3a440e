"""First run: with no data the app offers to import a roster or to open the sample batch.
Also the roster import dialog and its report, used from the File menu too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survey_app.core.errors import SurveyAppError
from survey_app.core.ids import compound_code
from survey_app.store.roster_import import ImportReport
from survey_app.ui.base.tasks import RosterRequest
from survey_app.ui.base.words import row_reason

IMPORT, SAMPLE = "import", "sample"
REPORT_ROWS = 15


class FirstRunDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: str | None = None
        self.title = QLabel()
        self.title.setObjectName("bigHeadline")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.import_button = QPushButton()
        self.import_button.setObjectName("primary")
        self.sample_button = QPushButton()
        self.sample_button.setObjectName("secondary")
        self.quit_button = QPushButton()
        self.import_button.clicked.connect(lambda: self._choose(IMPORT))
        self.sample_button.clicked.connect(lambda: self._choose(SAMPLE))
        self.quit_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.import_button)
        layout.addWidget(self.sample_button)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.quit_button)
        layout.addLayout(row)
        self.setMinimumWidth(560)
        self.import_button.setDefault(True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("欢迎使用老旧小区改造入户征询"))
        self.title.setText(self.tr("还没有住户数据"))
        self.text.setText(
            self.tr(
                "请导入社区网格办提供的住户名册(Excel 或 CSV,中文或英文表头均可),"
                "或先打开示例数据熟悉操作。示例数据保存在单独的文件中,不会混入正式数据。"
            )
        )
        self.import_button.setText(self.tr("导入住户名册…"))
        self.sample_button.setText(self.tr("打开示例数据"))
        self.quit_button.setText(self.tr("退出"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> str | None:
        """`import`, `sample`, or None to quit."""
        dialog = cls(parent)
        dialog.exec()
        return dialog.choice


class ImportRosterDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, code: str = "", name: str = "") -> None:
        super().__init__(parent)
        self.file_edit = QLineEdit()
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._browse)
        self.code_edit = QLineEdit(code)
        self.name_edit = QLineEdit(name)
        self.street_edit = QLineEdit()
        self.community_edit = QLineEdit()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        self.form = QFormLayout()
        self.captions = [QLabel() for _ in range(5)]
        self.form.addRow(self.captions[0], file_row)
        fields = [self.code_edit, self.name_edit, self.street_edit, self.community_edit]
        for caption, field in zip(self.captions[1:], fields, strict=True):
            self.form.addRow(caption, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("导入住户名册"))
        captions = [
            self.tr("名册文件"),
            self.tr("小区编码"),
            self.tr("小区名称"),
            self.tr("街道(可选)"),
            self.tr("社区(可选)"),
        ]
        for label, text in zip(self.captions, captions, strict=True):
            label.setText(text)
        self.browse_button.setText(self.tr("选择文件…"))
        self.code_edit.setPlaceholderText(self.tr("如 NH-001"))
        self.name_edit.setPlaceholderText(self.tr("如 东方新村"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导入"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择住户名册"), "", self.tr("住户名册 (*.xlsx *.csv)")
        )
        if path:
            self.file_edit.setText(path)
            if not self.name_edit.text():
                self.name_edit.setText(Path(path).stem)

    def request(self) -> RosterRequest | None:
        roster = Path(self.file_edit.text().strip())
        if not self.file_edit.text().strip() or not roster.is_file():
            self.error.setText(self.tr("请选择一个存在的名册文件(.xlsx 或 .csv)"))
            return None
        try:
            code = compound_code(self.code_edit.text())
        except SurveyAppError:
            self.error.setText(self.tr("小区编码无效:只能使用字母、数字、- 和 _(如 NH-001)"))
            return None
        if not self.name_edit.text().strip():
            self.error.setText(self.tr("请填写小区名称"))
            return None
        return RosterRequest(
            roster=roster,
            code=code,
            name=self.name_edit.text().strip(),
            street=self.street_edit.text().strip() or None,
            community=self.community_edit.text().strip() or None,
        )

    def _accept(self) -> None:
        if self.request() is not None:
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> RosterRequest | None:
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.request()


class ImportReportBox(QMessageBox):
    """What an import did: households imported, unchanged, and the rows that need fixing."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setIcon(QMessageBox.Icon.Warning if report.errors else QMessageBox.Icon.Information)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWindowTitle(self.tr("名册导入结果"))
        self.setText(
            self.tr("导入 {imported} 户,未变化 {unchanged} 户,有误 {errors} 行").format(
                imported=report.imported, unchanged=report.unchanged, errors=len(report.errors)
            )
        )
        if report.errors:
            lines = [
                self.tr("第 {row} 行:{reason}").format(row=e.row, reason=row_reason(e))
                for e in report.errors[:REPORT_ROWS]
            ]
            if len(report.errors) > REPORT_ROWS:
                lines.append(self.tr("……另有 {n} 行").format(n=len(report.errors) - REPORT_ROWS))
            self.setInformativeText("\n".join(lines))

    @classmethod
    def ask(cls, parent: QWidget | None, report: ImportReport) -> None:
        cls(report, parent).exec()


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    ErrorBox.ask(parent, title, message)


class ErrorBox(QMessageBox):
    @classmethod
    def ask(cls, parent: QWidget | None, title: str, message: str) -> None:
        box = cls(QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok, parent)
        box.exec()
