"""Item models of one row per item: a list, and a table with headers that follow the language."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class RowsTableModel(QAbstractTableModel):
    """Subclasses set COLUMNS, say their `headers()` and answer `data()`; rows live in `rows`."""

    COLUMNS = 0

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def headers(self) -> list[str]:
        raise NotImplementedError

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, self.COLUMNS - 1)
            )

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.headers()[section] if 0 <= section < self.COLUMNS else None


class RowsListModel(QAbstractListModel):
    """Subclasses answer `data()` for `row_at(index)`; rows live in `rows`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def replace_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, index: Index) -> Any:
        """The item shown at `index`, or None for an index outside the rows."""
        valid = index.isValid() and 0 <= index.row() < len(self.rows)
        return self.rows[index.row()] if valid else None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)
