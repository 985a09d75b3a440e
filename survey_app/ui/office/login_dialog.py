"""A device's login on the city server, shown once: the address it syncs with and its password,
both selectable and copied together by one button, with the warning that they are not shown
again (the office creates a new one when it is lost; the old password then stops working)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survey_app.sync.server.roles import LaptopRole
from survey_app.ui.office.common import OfficeDialog, error_label, fingerprint_font


class LoginDialog(OfficeDialog):
    def __init__(self, login: LaptopRole, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.login, self.name = login, name
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.url_field, self.password_field = QLineEdit(login.url), QLineEdit(login.password)
        for field in (self.url_field, self.password_field):
            field.setReadOnly(True)
            field.setFont(fingerprint_font(12))
        self.url_caption, self.password_caption = QLabel(), QLabel()
        self.warning = error_label()
        self.copied = QLabel()
        self.copied.setObjectName("hint")
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.accept)
        form = QFormLayout()
        form.addRow(self.url_caption, self.url_field)
        form.addRow(self.password_caption, self.password_field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        for widget in (self.warning, self.copied, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(640)
        self.retranslate()
        self.copy_button.setDefault(True)
        self.copy_button.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("服务器登录"))
        self.intro.setText(
            self.tr(
                "{name} 在服务器上的登录已创建。请交给这台电脑的使用人,在它的同步里填写:"
            ).format(name=self.name)
        )
        self.url_caption.setText(self.tr("服务器地址"))
        self.password_caption.setText(self.tr("密码"))
        self.warning.setText(
            self.tr(
                "密码只显示这一次,关闭后无法再查看(本应用不保存它)。遗失时重新创建登录,"
                "旧密码随即失效。"
            )
        )
        self.copy_button.setText(self.tr("复制地址和密码"))
        self.close_button.setText(self.tr("关闭"))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.login.url}  {self.login.password}")
        self.copied.setText(self.tr("已复制到剪贴板。"))

    @classmethod
    def show_once(cls, parent: QWidget | None, login: LaptopRole, name: str) -> None:
        cls(login, name, parent).exec()
