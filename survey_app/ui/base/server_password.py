"""The server's password when libpq finds none (the URI, PGPASSWORD, ~/.pgpass): asked in a
masked dialog, then held in this process's memory for every server operation of the window
until the app closes (or 文件 → 忘记记住的口令 drops it). It is never written to the data file, the
settings or the keyring."""

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

from survey_app.core.errors import SurveyAppError
from survey_app.ui.base.retranslate import Retranslating

_held: dict[str, str] = {}
"""Passwords typed this session, by the server's name without a password (user@host/db)."""
ASKED_FOR = ("server_password_needed", "server_login_refused")


def _key(url: str) -> str:
    from survey_app.sync.server.connection import display_name

    return display_name(url)


def password_for(url: str) -> str | None:
    """The password typed for this server this session (None: leave it to libpq)."""
    return _held.get(_key(url))


def hold(url: str, password: str) -> None:
    _held[_key(url)] = password


def drop(url: str) -> None:
    _held.pop(_key(url), None)


def held() -> list[str]:
    """The servers whose password is held this session (user@host/db)."""
    return sorted(_held)


def forget(server: str) -> None:
    """Drop the password held for a server named as `held` names it."""
    _held.pop(server, None)


def forget_all() -> None:
    """Forget every typed password (tests; a new session)."""
    _held.clear()


def asked_again(parent: QWidget | None, url: str, error: SurveyAppError) -> bool:
    """After a server operation failed: when libpq had no password, or the one typed here was
    refused, ask (again) and hold the answer; True when the caller should run it again. A
    refused password from the URI, PGPASSWORD or ~/.pgpass is the user's to fix: not asked."""
    if error.code not in ASKED_FOR:
        return False
    wrong = error.code == "server_login_refused"
    if wrong and password_for(url) is None:
        return False
    drop(url)
    typed = ServerPasswordDialog.ask(parent, url, wrong=wrong)
    if typed is None:
        return False
    hold(url, typed)
    return True


class ServerPasswordDialog(Retranslating, QDialog):
    """The password of the server's role, masked; Enter submits, Escape cancels."""

    def __init__(self, url: str, parent: QWidget | None = None, *, wrong: bool = False) -> None:
        super().__init__(parent)
        self.server = _key(url)
        self.wrong = wrong
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.server_label = QLabel(self.server)
        self.server_label.setWordWrap(True)
        self.server_label.setStyleSheet("color: #616161;")
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.returnPressed.connect(self.submit)
        self.caption = QLabel()
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.field.textEdited.connect(lambda _text: self.error.clear())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.caption, self.field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.intro)
        layout.addWidget(self.server_label)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.password: str | None = None
        self.retranslate()
        self.field.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("服务器密码"))
        self.intro.setText(self.tr("连接服务器需要密码(账户见下)。请输入服务器管理员给的密码:"))
        self.caption.setText(self.tr("密码"))
        self.note.setText(
            self.tr(
                "密码只保存在本次运行的内存中,用于本窗口的每次服务器操作;"
                "不会写入数据文件或本机设置,关闭程序后需要重新输入。"
            )
        )
        self.error.setText(
            self.tr("服务器拒绝登录:密码不对,请重新输入(没有任何改动)") if self.wrong else ""
        )
        self.ok_button.setText(self.tr("确定"))
        self.cancel_button.setText(self.tr("取消"))

    def submit(self) -> None:
        if not self.field.text():
            self.error.setText(self.tr("请输入密码"))
            return
        self.password = self.field.text()
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, url: str, *, wrong: bool = False) -> str | None:
        """The password typed, or None when the user cancelled."""
        dialog = cls(url, parent, wrong=wrong)
        dialog.exec()
        return dialog.password
