"""The compounds of the batch, for the compound chooser."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from survey_app.store.compounds import Compound
from survey_app.ui.models.rows import RowsListModel

Index = QModelIndex | QPersistentModelIndex
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class CompoundListModel(RowsListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sizes: dict[str, int] = {}

    def load(self, compounds: list[Compound], sizes: dict[str, int]) -> None:
        self._sizes = dict(sizes)
        self.replace_rows(compounds)

    def row_of(self, code: str) -> int:
        return next((i for i, c in enumerate(self.rows) if c.code == code), -1)

    def code(self, row: int) -> str | None:
        return str(self.rows[row].code) if 0 <= row < len(self.rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        compound: Compound | None = self.row_at(index)
        if compound is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{compound.code}  {compound.name}"
        if role == Qt.ItemDataRole.ToolTipRole:
            size = self._sizes.get(compound.code, 0)
            place = " ".join(
                p for p in (compound.district, compound.street, compound.community) if p
            )
            return self.tr("{place} · %n 户", "", size).format(place=place).strip(" ·")
        if role == CODE_ROLE:
            return compound.code
        return None
