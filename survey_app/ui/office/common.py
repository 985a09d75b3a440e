"""Small pieces the office dialogs share: a retranslating dialog, its captioned form and
Save/Cancel buttons, a busy bar, and a key fingerprint large enough to read over the phone."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QWidget,
)

from survey_app.store.trust import FIELD, OFFICE
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.base.words import QT_TRANSLATE_NOOP

ROLES = {
    OFFICE: QT_TRANSLATE_NOOP("Roles", "办公室"),
    FIELD: QT_TRANSLATE_NOOP("Roles", "入户调查"),
}
FINGERPRINT_POINTS = 20


def role_text(role: str) -> str:
    """办公室 / 入户调查: what a device may write (only the office: compounds, rosters, rounds)."""
    return QCoreApplication.translate("Roles", ROLES.get(role, ROLES[FIELD]))


def office_only_tip() -> str:
    """Why an action is disabled on a field laptop (the store refuses it with `office_only`)."""
    return QCoreApplication.translate(
        "Roles", "本机是入户调查电脑:小区、名册、征询轮次和设备登记只由办公室电脑录入"
    )


def fingerprint_font(points: int = FINGERPRINT_POINTS) -> QFont:
    """Fixed-width digits: 0 and O, 8 and B stay apart when compared or read aloud."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(points)
    font.setBold(points >= FINGERPRINT_POINTS)
    return font


def fingerprint_label(text: str = "") -> QLabel:
    """A key fingerprint in large fixed-width digits, selectable, to compare or read aloud."""
    label = QLabel(text)
    label.setFont(fingerprint_font())
    label.setObjectName("fingerprint")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


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
