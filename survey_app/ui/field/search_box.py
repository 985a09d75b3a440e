"""The search box: an address in any spelling, a head-of-household name or its pinyin
(`liuwj`, `lwj`), a phone number in any spelling, or the text a USB scanner types from a
ballot's QR code followed by Enter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QWidget

from survey_app.store.compounds import list_compounds
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.field.workspace import Workspace
from survey_app.ui.models.search_results import SearchResultsModel

if TYPE_CHECKING:
    from survey_app.store.search import SearchHit


class SearchBox(Retranslating, QLineEdit):
    found = Signal(object)
    """The surveyor chose a household (a SearchHit)."""
    not_found = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setObjectName("search")
        self.setClearButtonEnabled(True)
        self.results = SearchResultsModel(self)
        self.completer_popup = QCompleter(self.results, self)
        self.completer_popup.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_popup.setWidget(self)
        self.completer_popup.setMaxVisibleItems(10)
        self.completer_popup.activated[QModelIndex].connect(self._on_chosen)  # type: ignore[index]
        self.returnPressed.connect(self.search)
        self.textEdited.connect(lambda _text: self._show_error(False))
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(
            self.tr(
                "查找住户:地址(3-2-501、3幢2单元501室)、户主姓名或拼音(lwj)、电话,"
                "或扫描征询表二维码  Ctrl+F"
            )
        )

    def search(self, text: str | None = None) -> list[SearchHit]:
        """Find households; one hit opens it at once, several open a list to choose from."""
        query = (self.text() if text is None else text).strip()
        if not query:
            return []
        # The search and its indexes' parsers come with the first search, not at the start.
        from survey_app.store.search import search_households

        hits = search_households(
            store=self.workspace.store, text=query, compound=self.workspace.compound
        )
        if not hits:
            self._show_error(True)
            self.not_found.emit(query)
        elif len(hits) == 1 or self._exact_in_compound(hits):
            self.choose(hits[0])
        else:
            names = {str(c.code): c.name for c in list_compounds(store=self.workspace.store)}
            self.results.load(hits, names)
            popup = self.popup()  # named before it first shows: the style sheet's rule applies
            self.completer_popup.complete(self.rect())
            popup.setCurrentIndex(self.results.index(0, 0))
            self._place_popup()
        return hits

    def take_scan(self, text: str) -> list[SearchHit]:
        """A ballot scanned while the focus was elsewhere: searched as if typed here."""
        self.popup().hide()
        self.setText(text)
        return self.search()

    def take_unfinished_scan(self, text: str) -> None:
        """A scan that stopped before its Enter: shown here, for the surveyor to finish."""
        self.setText(text)
        self.focus_search()
        self.deselect()
        self.end(False)

    def _place_popup(self) -> None:
        """Right under the box and as wide as it, whatever the screen geometry says."""
        popup = self.popup()
        below = self.mapToGlobal(self.rect().bottomLeft())
        popup.setGeometry(below.x(), below.y() + 2, self.width(), popup.height())

    def popup(self) -> QAbstractItemView:
        """The list of hits, made with the first search rather than at the start."""
        popup = self.completer_popup.popup()
        assert popup is not None
        if not popup.objectName():
            popup.setObjectName("searchResults")
        return popup

    def _exact_in_compound(self, hits: list[SearchHit]) -> bool:
        """An address found in the current compound wins over the same address elsewhere."""
        first = hits[0]
        same = [h for h in hits if h.household.compound == self.workspace.compound]
        return first.found.value == "address" and len(same) == 1

    def choose(self, hit: SearchHit) -> None:
        self.clear()
        self._show_error(False)
        self.found.emit(hit)

    def _on_chosen(self, index: QModelIndex) -> None:
        hit: SearchHit | None = self.results.row_at(index)
        if hit is not None:
            self.choose(hit)

    def _show_error(self, shown: bool) -> None:
        self.setStyleSheet("QLineEdit { border: 2px solid #c62828; }" if shown else "")

    def focus_search(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()
