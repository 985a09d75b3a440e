"""The left column: the compound's progress at a glance over its buildings → units →
households, each household with its state per round."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from survey_app.actions.progress import RoundProgress, round_progress
from survey_app.core.tally import RoundStatus
from survey_app.store.database import Store
from survey_app.store.household_status import HouseholdFilter, HouseholdStatus, compound_statuses
from survey_app.store.households import Household, households_of
from survey_app.store.rounds import ROUNDS, round_state
from survey_app.store.tallies import RoundOutcomes, round_outcomes
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.field.progress_panel import ProgressSummary
from survey_app.ui.field.workspace import Workspace
from survey_app.ui.models.household_tree import (
    COLUMN_VISIT,
    COLUMNS,
    HOUSEHOLD_ID_ROLE,
    HouseholdTreeModel,
    Node,
)


class HouseholdList(Retranslating, QWidget):
    household_chosen = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress: RoundProgress | None = None
        """What the summary shows, for the progress view to show too (read once)."""
        self._progress_read: tuple[Store, tuple[int, int]] | None = None
        """The file `progress` was read from, and its change mark then."""
        self._rows_hidden = False
        """Whether a filter hid rows of the tree since the model was last loaded."""
        self.workspace = workspace
        self.summary = ProgressSummary()
        self.model = HouseholdTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("households")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(56)
        header.setResizeContentsPrecision(0)  # fit the rows on screen: 2,000 opened rows stall
        for column in range(1, COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.activated.connect(self._on_activated)
        self.tree.clicked.connect(self._on_activated)
        self.filter_caption = QLabel()
        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName("householdFilter")
        for wanted in HouseholdFilter:
            self.filter_combo.addItem("", wanted)
        self.filter_caption.setBuddy(self.filter_combo)
        self.filter_combo.currentIndexChanged.connect(self._on_filter)
        self.filter_count = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.filter_caption)
        filters.addWidget(self.filter_combo, 1)
        filters.addWidget(self.filter_count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 1)
        QWidget.setTabOrder(self.filter_combo, self.tree)
        self.retranslate()

    def reload(self) -> None:
        """Reload the households of the workspace's compound (after the compound changed)."""
        code = self.workspace.compound
        if code is None:
            self.model.load([], {})
            return
        store = self.workspace.store
        states = {n: round_state(store=store, compound=code, round_no=n).status for n in ROUNDS}
        opened = {n for n, status in states.items() if status is not RoundStatus.NOT_OPENED} or {1}
        outcomes = self._round_outcomes()
        statuses = compound_statuses(store=store, compound=code, outcomes=outcomes)
        self.model.round_no = self.workspace.round_no
        households = households_of(store=store, compound=code)
        self.model.load(households, statuses, opened)
        self._rows_hidden = False  # a model reset shows every row again
        self.tree.collapseAll()
        self.apply_filter()
        self.refresh_progress(statuses, households, outcomes)

    def refresh(self) -> None:
        """Votes or drafts changed: repaint the states and the progress."""
        code = self.workspace.compound
        if code is None:
            return
        outcomes = self._round_outcomes()
        statuses = compound_statuses(store=self.workspace.store, compound=code, outcomes=outcomes)
        self.model.update_statuses(statuses)
        if self.model.round_no != self.workspace.round_no:  # the visits shown are the round's
            self.model.round_no = self.workspace.round_no
            self.model.retranslate()
        self.apply_filter()
        self.refresh_progress(statuses, outcomes=outcomes)

    def _round_outcomes(self) -> dict[int, RoundOutcomes]:
        """Each round's outcomes, read once for the statuses and the progress's tally."""
        store, code = self.workspace.store, self.workspace.compound
        assert code is not None
        return {n: round_outcomes(store=store, compound=code, round_no=n) for n in ROUNDS}

    # -- the filter ----------------------------------------------------------------------
    def current_filter(self) -> HouseholdFilter:
        return list(HouseholdFilter)[max(0, self.filter_combo.currentIndex())]

    def set_filter(self, wanted: HouseholdFilter) -> None:
        self.filter_combo.setCurrentIndex(list(HouseholdFilter).index(wanted))

    def _on_filter(self) -> None:
        self.apply_filter()
        if self.current_filter() is not HouseholdFilter.ALL:
            self.tree.expandAll()

    def _show_visit_column(self) -> None:
        """The 走访 column only once the compound has a visit: the names keep their room."""
        visited = any(self.model.status(h.id).visits for h in self._households())
        self.tree.setColumnHidden(COLUMN_VISIT, not visited)

    def _households(self) -> list[Household]:
        return [h for node in self.model.roots() for h in node.households()]

    def apply_filter(self) -> None:
        """Hide the households the filter leaves out, and the buildings and units left empty
        (rows hidden in the view: the model and its indexes stay as they are)."""
        self._show_visit_column()
        wanted = self.current_filter()
        all_shown = wanted is HouseholdFilter.ALL
        if all_shown and not self._rows_hidden:
            self.filter_count.setText("")  # every row shows already: none to walk
            return
        shown = sum(self._filter_rows(node, QModelIndex(), wanted) for node in self.model.roots())
        self._rows_hidden = not all_shown
        self.filter_count.setText("" if all_shown else self.tr("%n 户", "", shown))

    def _filter_rows(self, node: Node, parent: QModelIndex, wanted: HouseholdFilter) -> int:
        if node.household is not None:
            shown = int(self.model.matches(node, wanted))
        else:
            index = self.model.index(node.row, 0, parent)
            shown = sum(self._filter_rows(child, index, wanted) for child in node.children)
        hide = not shown and (node.household is not None or wanted is not HouseholdFilter.ALL)
        self.tree.setRowHidden(node.row, parent, hide)
        return shown

    def is_shown(self, household: str) -> bool:
        index = self.model.index_of(household)
        while index.isValid():
            if self.tree.isRowHidden(index.row(), index.parent()):
                return False
            index = index.parent()
        return True

    def refresh_progress(
        self,
        statuses: dict[str, HouseholdStatus] | None = None,
        households: list[Household] | None = None,
        outcomes: dict[int, RoundOutcomes] | None = None,
    ) -> None:
        code = self.workspace.compound
        if code is None:
            return
        store = self.workspace.store
        progress = round_progress(
            store=store,
            compound=code,
            round_no=self.workspace.round_no,
            statuses=statuses,
            households=households,
            outcomes=None if outcomes is None else outcomes[self.workspace.round_no],
        )
        self.progress = progress
        self._progress_read = (store, store.change_mark())
        self.summary.show_progress(progress)

    def current_progress(self) -> RoundProgress | None:
        """The progress the summary shows while it is still the file's (nothing written since)
        and of the compound and round the window is on; else None, to be read afresh."""
        progress, read = self.progress, self._progress_read
        store = self.workspace.store
        if progress is None or read is None or read[0] is not store:
            return None
        if (progress.compound.code, progress.round_no) != (
            self.workspace.compound,
            self.workspace.round_no,
        ):
            return None
        return progress if read[1] == store.change_mark() else None

    def select_household(self, household: str) -> bool:
        index = self.model.index_of(household)
        if not index.isValid():
            return False
        if not self.is_shown(household):  # a scan or a search opens it: show it
            self.set_filter(HouseholdFilter.ALL)
        self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    def show_building(self, building: str) -> None:
        index = self.model.building_index(building)
        if index.isValid():
            self.tree.expand(index)
            self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)

    def _on_activated(self, index: QModelIndex) -> None:
        household = self.model.data(index, HOUSEHOLD_ID_ROLE)
        if household:
            self.household_chosen.emit(str(household))

    def retranslate(self) -> None:
        self.filter_caption.setText(self.tr("显示(&H)"))
        texts = {
            HouseholdFilter.ALL: self.tr("全部住户"),
            HouseholdFilter.NOT_VISITED: self.tr("未走访"),
            HouseholdFilter.NO_OPINION: self.tr("已走访未表态"),
            HouseholdFilter.TO_VERIFY: self.tr("待核实"),
        }
        for index, wanted in enumerate(HouseholdFilter):
            self.filter_combo.setItemText(index, texts[wanted])
        self.filter_combo.setToolTip(self.tr("Alt+H:只显示本轮未走访、已走访未表态或待核实的住户"))
        self.apply_filter()
        self.model.retranslate()
        self.summary.retranslate()
