"""The box that tells the user, in their language, that nothing saved is lost and where the
crash log is (`crash.tell_user` shows it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


class CrashBox(QMessageBox):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("出错了"))
        self.setText(self.tr("出了点问题,刚才的操作可能没有完成。"))
        self.setInformativeText(
            self.tr(
                "已保存的数据都没有丢失。详细情况已写入日志文件:\n{path}\n"
                "请把这个文件发给负责技术支持的同事。"
            ).format(path=path)
        )
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    @classmethod
    def ask(cls, parent: QWidget | None, path: Path) -> None:
        cls(path, parent).exec()
