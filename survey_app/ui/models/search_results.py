"""Households a search found, for the popup under the search box."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from survey_app.ui.models.rows import RowsListModel

if TYPE_CHECKING:
    from survey_app.store.search import SearchHit

Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1


def matched_text(hit: SearchHit) -> str:
    """The head, and what the query matched when it is not the name as written: the phone
    (`刘伟军  ☎ 13800000101`) or the name's pinyin (`刘伟军 (liu wei jun)`)."""
    from survey_app.store.search import Found  # a hit exists: the search is imported

    head = hit.household.head or ""
    if hit.found is Found.PHONE and hit.matched:
        return f"{head}   ☎ {hit.matched}".strip()
    if hit.found is Found.PINYIN and hit.matched:
        return f"{head} ({hit.matched})"
    return head


class SearchResultsModel(RowsListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}

    def load(self, hits: list[SearchHit], compound_names: dict[str, str]) -> None:
        self._names = dict(compound_names)
        self.replace_rows(hits)

    def hit(self, row: int) -> SearchHit:
        hit: SearchHit = self.rows[row]
        return hit

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        hit: SearchHit | None = self.row_at(index)
        if hit is None:
            return None
        household = hit.household
        if role == Qt.ItemDataRole.DisplayRole:
            name = self._names.get(household.compound, household.compound)
            return f"{household.address}   {matched_text(hit)}   ({name})"
        if role == HIT_ROLE:
            return hit
        return None
