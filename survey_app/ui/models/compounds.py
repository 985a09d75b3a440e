"""The compounds of the batch, for the compound chooser."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from survey_app.store.compounds import Compound

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class CompoundListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._compounds: list[Compound] = []
        self._sizes: dict[str, int] = {}

    def load(self, compounds: list[Compound], sizes: dict[str, int]) -> None:
        self.beginResetModel()
        self._compounds = list(compounds)
        self._sizes = dict(sizes)
        self.endResetModel()

    def row_of(self, code: str) -> int:
        return next((i for i, c in enumerate(self._compounds) if c.code == code), -1)

    def code(self, row: int) -> str | None:
        return self._compounds[row].code if 0 <= row < len(self._compounds) else None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._compounds)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._compounds):
            return None
        compound = self._compounds[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{compound.code}  {compound.name}"
        if role == Qt.ItemDataRole.ToolTipRole:
            size = self._sizes.get(compound.code, 0)
            place = " ".join(
                p for p in (compound.district, compound.street, compound.community) if p
            )
            return self.tr("{place} · {count} 户").format(place=place, count=size).strip(" ·")
        if role == CODE_ROLE:
            return compound.code
        return None
