"""Small pieces the office dialogs share: a retranslating dialog, its captioned form and
Save/Cancel buttons, a dialog whose Enter cancels, a dialog working on a chosen file, a busy
bar, an error label, and a key fingerprint large enough to read over the phone."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontDatabase, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survey_app.ui.base.retranslate import Retranslating

FINGERPRINT_POINTS = 20


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


class CancelFirstDialog(OfficeDialog):
    """A dialog whose action cannot be undone (reject a laptop, erase a household): Cancel is
    the default and Enter always cancels; the action takes Space on its button or a click."""

    def cancel_default_buttons(self, on_accept: Callable[[], object]) -> QPushButton:
        """Cancel and one action (worded by `retranslate()`); sets `self.buttons` and
        `self.cancel_button`, returns the action's button."""
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        action = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        action.setAutoDefault(False)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)
        self.buttons.accepted.connect(on_accept)
        self.buttons.rejected.connect(self.reject)
        return action

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Qt gives Enter to the default button, and no button stays default once the focus
        # moves: so Enter is taken here, before any button sees it
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.reject()
            return
        super().keyPressEvent(event)


class FileTaskDialog(OfficeDialog):
    """A dialog that works on a file named in a path field (export, sync): an intro, the path
    with 选择…, a busy bar, the outcome and any error above its buttons, the last one 关闭."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.browse_button = QPushButton()
        self.busy = BusyBar()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.error = error_label()
        self.buttons = QDialogButtonBox()

    def add_close_button(self) -> None:
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)

    def lay_out(self, above_path: Sequence[QWidget | QLayout],
                below_outcome: Sequence[QWidget]) -> None:  # fmt: skip
        layout = QVBoxLayout(self)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        for part in (self.intro, *above_path, path_row, self.busy, self.outcome,
                     *below_outcome):  # fmt: skip
            if isinstance(part, QLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)

    def word_file_task(self, title: str, intro: str) -> None:
        self.setWindowTitle(title)
        self.intro.setText(intro)
        self.browse_button.setText(QCoreApplication.translate("FileTaskDialog", "选择…"))
        self.close_button.setText(QCoreApplication.translate("FileTaskDialog", "关闭"))


def error_label() -> QLabel:
    """A wrapping label in the error style (red), for a refusal or a warning."""
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    return label


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
