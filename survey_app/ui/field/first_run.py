"""First run: with no data the app offers to import a roster (in the one roster dialog,
`ui/office/roster_dialog.py`) or to open the sample batch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survey_app.ui.base.retranslate import Retranslating

IMPORT, SAMPLE = "import", "sample"


class FirstRunDialog(Retranslating, QDialog):
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

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> str | None:
        """`import`, `sample`, or None to quit."""
        dialog = cls(parent)
        dialog.exec()
        return dialog.choice


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    ErrorBox.ask(parent, title, message)


class ErrorBox(QMessageBox):
    @classmethod
    def ask(cls, parent: QWidget | None, title: str, message: str) -> None:
        box = cls(QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok, parent)
        box.exec()


class NewDataFileBox(QMessageBox):
    """A data file named at start that does not exist may be a typo: nothing is created
    without asking (a new file would start empty, beside the real data)."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWindowTitle(self.tr("数据文件不存在"))
        self.setText(self.tr("找不到数据文件 {path}。").format(path=path))
        self.setInformativeText(
            self.tr("要在这里新建一个空的数据文件吗?如果路径写错了,请选“否”并检查路径。")
        )
        self.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        self.setDefaultButton(QMessageBox.StandardButton.No)

    @classmethod
    def ask(cls, parent: QWidget | None, path: Path) -> bool:
        """True when the user wants a new, empty data file at this path."""
        return cls(path, parent).exec() == QMessageBox.StandardButton.Yes
