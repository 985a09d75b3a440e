"""Colours, sizes and the style sheet: legible in a stairwell, readable in black and white."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication, QWidget

BASE_POINT_SIZE = 11.0

OUTCOME_COLORS = {
    "agree": ("#1b5e20", "#c8e6c9"),
    "disagree": ("#b71c1c", "#ffcdd2"),
    "abstain": ("#37474f", "#e0e0e0"),
    "pending": ("#8a3b00", "#ffd8a8"),
    "no_response": ("#616161", None),
}
DRAFT_COLORS = ("#0d47a1", "#d6e6fb")
SURVEYED_COLORS = ("#1b5e20", "#c8e6c9")
NOT_VISITED = "#9e9e9e"
ACCENT = "#1565c0"
THRESHOLD = "#c62828"

STYLE_SHEET = """
QPushButton#choice {
    min-height: 56px; font-size: 17pt; font-weight: bold; padding: 4px 18px;
    border: 2px solid #9e9e9e; border-radius: 8px; background: #fafafa;
}
QPushButton#choice:focus { border: 3px solid #1565c0; }
QPushButton#choice[choice="agree"]:checked {
    background: #2e7d32; color: white; border-color: #1b5e20;
}
QPushButton#choice[choice="disagree"]:checked {
    background: #c62828; color: white; border-color: #8e0000;
}
QPushButton#choice[choice="abstain"]:checked {
    background: #546e7a; color: white; border-color: #263238;
}
QPushButton#choice:disabled { color: #9e9e9e; background: #eeeeee; border-color: #e0e0e0; }
QPushButton#primary {
    min-height: 44px; font-size: 14pt; font-weight: bold; padding: 4px 24px;
    background: #1565c0; color: white; border-radius: 6px; border: 2px solid #0d47a1;
}
QPushButton#primary:focus { border: 3px solid #ff8f00; }
QPushButton#primary:disabled { background: #b0bec5; border-color: #90a4ae; }
QLabel#address { font-size: 26pt; font-weight: bold; }
QLabel#banner { padding: 8px 12px; border-radius: 6px; font-size: 12pt; }
QLabel#banner[tone="closed"] { background: #eceff1; color: #263238; border: 1px solid #90a4ae; }
QLabel#banner[tone="open"] { background: #e3f2fd; color: #0d47a1; border: 1px solid #90caf9; }
QLabel#error { color: #b71c1c; font-weight: bold; }
QLabel#chip { padding: 2px 8px; border-radius: 4px; border: 1px solid #bdbdbd; }
QLabel#progressHeadline { font-size: 14pt; font-weight: bold; }
QLabel#bigHeadline { font-size: 20pt; font-weight: bold; }
QTreeView#households::item { min-height: 26px; }
QPushButton#secondary { min-height: 44px; font-size: 12pt; padding: 4px 18px; }
QPushButton#compact { min-height: 26px; font-size: 11pt; padding: 0 12px; }
QFrame#section { border: 1px solid #cfd8dc; border-radius: 6px; background: #fbfcfd; }
QLabel#sectionTitle { font-size: 13pt; font-weight: bold; color: #0d47a1; }
QFrame#repeatRow { border: 1px dashed #90a4ae; border-radius: 4px; }
QFrame#question { border: none; }
QLabel#hint { color: #616161; }
QToolButton#awaiting { color: #8a3b00; font-weight: bold; }
QFrame#section QRadioButton, QFrame#section QCheckBox { spacing: 8px; }
QFrame#section QRadioButton::indicator, QFrame#section QCheckBox::indicator {
    width: 20px; height: 20px;
}
QListView#searchResults { font-size: 12pt; }
QListView#searchResults::item { min-height: 32px; padding: 0 6px; }
QLineEdit#search { min-height: 30px; font-size: 12pt; padding: 0 6px; }
"""


def outcome_colors(kind: str) -> tuple[QColor, QColor | None]:
    fg, bg = OUTCOME_COLORS[kind]
    return QColor(fg), QColor(bg) if bg else None


def apply_style(app: QApplication) -> None:
    """The app's font size and style sheet; applying them again changes nothing (setting a
    style sheet re-polishes every widget there is, so it is only done when it differs)."""
    font = app.font()
    if font.pointSizeF() != BASE_POINT_SIZE:
        font.setPointSizeF(BASE_POINT_SIZE)
        app.setFont(font)
    if app.styleSheet() != STYLE_SHEET:
        app.setStyleSheet(STYLE_SHEET)


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
