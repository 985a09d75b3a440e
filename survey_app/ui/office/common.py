"""Small pieces the office dialogs share: a retranslating dialog, its captioned form and
Save/Cancel buttons, and a busy bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QWidget,
)

from survey_app.ui.base.retranslate import Retranslating


class OfficeDialog(Retranslating, QDialog):
    """A dialog that rewords itself when the language changes."""

    def save_cancel_buttons(self, on_save: Callable[[], object]) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(on_save)
        buttons.rejected.connect(self.reject)
        return buttons


def captioned_form(fields: Sequence[QWidget | QLayout]) -> tuple[QFormLayout, list[QLabel]]:
    """A form with one caption per field; the captions are worded by `retranslate()`."""
    form = QFormLayout()
    captions = [QLabel() for _ in fields]
    for caption, field in zip(captions, fields, strict=True):
        form.addRow(caption, field)
    return form, captions


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
