"""Asking for a file's passphrase: to open an encrypted laptop file or central file (a wrong
one says so in one line and lets the user try again, the file unchanged), or to set a new one
(typed twice, with what happens when it is forgotten). "Remember on this computer" keeps it in
the OS keyring; without a keyring the box is disabled and says why."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from survey_app.core.errors import UnreadableFile
from survey_app.store.encryption import file_key
from survey_app.ui.base import passphrases
from survey_app.ui.base.passphrases import CENTRAL, LAPTOP
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.base.words import error_text

MIN_LENGTH = 8
"""Characters of a new passphrase at least (scrypt makes each guess cost; length does more)."""


@dataclass(frozen=True)
class Answer:
    passphrase: str
    remember: bool


class _PassphraseDialog(Retranslating, QDialog):
    """What both dialogs share: the fields, 显示口令, the remember box, one error line."""

    def __init__(self, path: Path, kind: str, parent: QWidget | None, fields: int) -> None:
        super().__init__(parent)
        self.path, self.kind = path, kind
        self.answer: Answer | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.file_label = QLabel(str(path))
        self.file_label.setWordWrap(True)
        self.file_label.setStyleSheet("color: #616161;")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.fields = [QLineEdit() for _ in range(fields)]
        for field in self.fields:
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textEdited.connect(lambda _text: self.error.clear())
        self.show_box = QCheckBox()
        self.show_box.toggled.connect(self._show_typed)
        self.remember_box = QCheckBox()
        self.keyring = passphrases.keyring_available()
        self.remember_box.setEnabled(self.keyring)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        for index, field in enumerate(self.fields):
            field.returnPressed.connect(lambda index=index: self._enter(index))
        self.form = QFormLayout()
        self.captions = [QLabel() for _ in self.fields]
        for caption, field in zip(self.captions, self.fields, strict=True):
            self.form.addRow(caption, field)
        self.outer = layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.intro)
        layout.addWidget(self.file_label)
        layout.addLayout(self.form)
        for part in (self.show_box, self.remember_box, self.hint, self.error, self.buttons):
            layout.addWidget(part)
        self.setMinimumWidth(520)
        self.fields[0].setFocus()

    def retranslate(self) -> None:
        self.show_box.setText(self.tr("显示口令"))
        self.remember_box.setText(self.tr("在这台电脑上记住口令"))
        self.remember_box.setToolTip(
            self.tr("口令保存在系统的钥匙串里:能登录这个系统账户的人都能打开这个文件。")
            if self.keyring
            else self.tr(
                "这台电脑没有可用的系统钥匙串(如 Windows 凭据管理器、macOS 钥匙串、"
                "GNOME 钥匙串),不能记住口令,每次打开时输入即可。"
            )
        )
        self.ok_button.setText(self.tr("确定"))
        self.cancel_button.setText(self.tr("取消"))

    def showEvent(self, event: QShowEvent) -> None:
        """Enter is the fields' to handle (next field, then submit): the button box makes OK
        the default button when shown, which would submit from the first field."""
        super().showEvent(event)
        for button in (self.ok_button, self.cancel_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.fit_text()

    def fit_text(self) -> None:
        """Wrapped lines get the height they need at the dialog's width (Qt sizes a dialog by
        its labels' one-line height, which would cut the long hint off)."""
        margins = self.outer.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        for label in (self.intro, self.hint, self.error):
            label.setMinimumHeight(label.heightForWidth(width) if label.text() else 0)

    def _enter(self, index: int) -> None:
        """Enter in a field goes on to the next one, and from the last one submits."""
        if index + 1 < len(self.fields):
            self.fields[index + 1].setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.submit()

    def _show_typed(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for field in self.fields:
            field.setEchoMode(mode)

    def typed(self) -> str:
        return self.fields[0].text()

    def _accept(self, passphrase: str) -> None:
        self.answer = Answer(passphrase, self.remember_box.isChecked() and self.keyring)
        self.accept()

    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self.fit_text()
        self.fields[0].selectAll()
        self.fields[0].setFocus()

    def submit(self) -> None:
        raise NotImplementedError


class PassphraseDialog(_PassphraseDialog):
    """The passphrase of an encrypted file to open; OK checks it against the file."""

    def __init__(self, path: Path, kind: str = LAPTOP, parent: QWidget | None = None) -> None:
        super().__init__(path, kind, parent, fields=1)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        central = self.kind == CENTRAL
        self.setWindowTitle(self.tr("中心文件口令") if central else self.tr("数据文件口令"))
        self.intro.setText(
            self.tr("中心文件已加密。请输入办公室设定的中心文件口令:")
            if central
            else self.tr("本机数据文件已加密。请输入口令打开:")
        )
        self.captions[0].setText(self.tr("口令"))
        self.hint.setText(
            self.tr("忘记口令?本机已同步的记录都在中心文件里,见使用说明“忘记口令”。")
            if not central
            else ""
        )
        self.hint.setVisible(not central)

    def submit(self) -> None:
        passphrase = self.typed()
        if not passphrase:
            self._refuse(self.tr("请输入口令"))
            return
        try:
            file_key(self.path, passphrase)  # reads the first page only: nothing is written
        except UnreadableFile as error:
            if error.code != "wrong_passphrase":
                self._refuse(error_text(error))
                return
            self._refuse(self.tr("口令不对,请重新输入(文件没有任何改动)"))
            return
        self._accept(passphrase)

    @classmethod
    def ask(cls, parent: QWidget | None, path: Path, kind: str = LAPTOP) -> Answer | None:
        """The passphrase that opens `path` (checked), or None when the user cancelled."""
        dialog = cls(path, kind, parent)
        dialog.exec()
        return dialog.answer


class NewPassphraseDialog(_PassphraseDialog):
    """A new file's passphrase, typed twice, with what a forgotten one means."""

    def __init__(self, path: Path, kind: str = LAPTOP, parent: QWidget | None = None) -> None:
        super().__init__(path, kind, parent, fields=2)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        central = self.kind == CENTRAL
        self.setWindowTitle(self.tr("设定中心文件口令") if central else self.tr("设定数据文件口令"))
        self.intro.setText(
            self.tr("新的中心文件会加密保存。请设定口令,所有电脑同步时都要输入它:")
            if central
            else self.tr("本机数据文件会加密保存,电脑丢失时住户的个人信息不会泄露。请设定口令:")
        )
        self.captions[0].setText(self.tr("口令(至少 {n} 个字符)").format(n=MIN_LENGTH))
        self.captions[1].setText(self.tr("再输入一次"))
        self.hint.setText(
            self.tr(
                "口令无法找回,也没有人能替你重置,请记在安全的地方。忘记后中心文件就打不开了;"
                "各电脑上的记录仍在,可以新建中心文件,让每台电脑再同步一次。"
            )
            if central
            else self.tr(
                "口令无法找回,也没有人能替你重置,请记在安全的地方。忘记后本机文件就打不开了,"
                "但已同步的记录都安全地保存在中心文件里:新建数据文件、同步一次即可取回;"
                "只有还没同步的记录会丢失。"
            )
        )

    def submit(self) -> None:
        first, second = self.typed(), self.fields[1].text()
        if len(first) < MIN_LENGTH:
            self._refuse(self.tr("口令太短:至少 {n} 个字符").format(n=MIN_LENGTH))
        elif first != second:
            self.fields[1].clear()
            self._refuse(self.tr("两次输入的口令不一样,请重新输入"))
        else:
            self._accept(first)

    @classmethod
    def ask(cls, parent: QWidget | None, path: Path, kind: str = LAPTOP) -> Answer | None:
        """The new passphrase (typed the same twice, long enough), or None: cancelled."""
        dialog = cls(path, kind, parent)
        dialog.exec()
        return dialog.answer
