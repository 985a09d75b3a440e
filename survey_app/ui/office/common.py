"""Small pieces the office dialogs share: a retranslating dialog and a busy bar."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QProgressBar, QWidget

from survey_app.ui.base.retranslate import Retranslating


class OfficeDialog(Retranslating, QDialog):
    """A dialog that rewords itself when the language changes."""


class BusyBar(QProgressBar):
    """Shows work under way: busy (moving) until the work tells how far it is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextVisible(False)
        self.setMaximumHeight(12)
        self.hide()

    def start(self) -> None:
        self.setRange(0, 0)
        self.show()

    def step(self, done: int, total: int) -> None:
        self.setRange(0, max(total, 0))
        if total:
            self.setValue(done)

    def stop(self) -> None:
        self.hide()
