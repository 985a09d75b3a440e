"""Per building: agreeing households against the eligible ones, and who is not yet reached."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from survey_app.actions.progress import BuildingProgress
from survey_app.ui.base import style
from survey_app.ui.models.rows import Index, RowsTableModel

BUILDING_ROLE = Qt.ItemDataRole.UserRole + 1
FIRST_UNREACHED_ROLE = Qt.ItemDataRole.UserRole + 2
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _ALIGNMENT, BUILDING_ROLE,
                       FIRST_UNREACHED_ROLE})  # fmt: skip
"""The roles a cell answers: the view asks a dozen for each cell it sizes or paints, as plain
ints compared without the enum's lookups."""
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class BuildingProgressModel(RowsTableModel):
    COLUMNS = 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[BuildingProgress] = []

    def load(self, rows: list[BuildingProgress]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def headers(self) -> list[str]:
        return [
            self.tr("楼栋"),
            self.tr("同意 / 应征询"),
            self.tr("未表态"),
            self.tr("尚未走访的住户"),
        ]

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        if role not in _ANSWERED or not index.isValid():
            return None
        number = index.row()
        if not 0 <= number < len(self.rows):
            return None
        row = self.rows[number]
        column = index.column()
        if role == BUILDING_ROLE:
            return row.building
        if role == FIRST_UNREACHED_ROLE:
            return row.unreached[0][0] if row.unreached else None
        if role == _DISPLAY:
            return self._text(row, column)
        if role == _TOOLTIP and column == 3:
            return "  ".join(address for _, address in row.unreached)
        if role == _FOREGROUND and column == 2 and row.unreached:
            return QBrush(QColor(style.THRESHOLD))
        if role == _ALIGNMENT and column in (1, 2):
            return _RIGHT
        return None

    def _text(self, row: BuildingProgress, column: int) -> str:
        if column == 0:
            return self.tr("{name}号楼").format(name=row.building)
        if column == 1:
            return f"{row.agree} / {row.eligible}"
        if column == 2:
            return str(len(row.unreached))
        return "  ".join(address for _, address in row.unreached) or self.tr("全部已走访")
