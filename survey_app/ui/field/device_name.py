"""The first run's naming step: this laptop's name and its surveyor, kept in the data file
(`Store.name_device`, announced to the office by a device record). A step of its own, asked
once for a data file that has no name yet."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from survey_app.store.database import Store, name_device
from survey_app.ui.base.retranslate import Retranslating


class DeviceNameDialog(Retranslating, QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.device_edit = QLineEdit()
        self.surveyor_edit = QLineEdit()
        self.device_caption, self.surveyor_caption = QLabel(), QLabel()
        self.device_caption.setBuddy(self.device_edit)
        self.surveyor_caption.setBuddy(self.surveyor_edit)
        form = QFormLayout()
        form.addRow(self.device_caption, self.device_edit)
        form.addRow(self.surveyor_caption, self.surveyor_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.later_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.device_edit, self.surveyor_edit):
            edit.textChanged.connect(self._enable)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.text)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._enable()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("给本机起个名字"))
        self.text.setText(
            self.tr(
                "本机名称和调查员会写进这个数据文件,随同步告诉办公室和其他笔记本"
                "(例如“解放街道-03”和“王芳”)。以后可在“设置”里修改。"
            )
        )
        self.device_caption.setText(self.tr("本机名称(&N)"))
        self.surveyor_caption.setText(self.tr("调查员(&S)"))
        self.device_edit.setPlaceholderText(self.tr("如 解放街道-03"))
        self.surveyor_edit.setPlaceholderText(self.tr("使用这台电脑的调查员姓名"))
        self.ok_button.setText(self.tr("确定"))
        self.later_button.setText(self.tr("以后再说"))

    def _enable(self) -> None:
        self.ok_button.setEnabled(bool(self.chosen()[0] and self.chosen()[1]))

    def chosen(self) -> tuple[str, str]:
        return self.device_edit.text().strip(), self.surveyor_edit.text().strip()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> tuple[str, str] | None:
        """(device name, surveyor), or None when left for later."""
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()


def name_this_laptop(store: Store, parent: QWidget | None = None) -> bool:
    """Ask for the names of a data file that has none; True when they were saved."""
    if store.device_name:
        return False
    chosen = DeviceNameDialog.ask(parent)
    if chosen is None:
        return False
    name_device(store, device_name=chosen[0], surveyor=chosen[1])
    return True
