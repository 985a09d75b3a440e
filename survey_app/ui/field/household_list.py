"""The left column: the compound's progress at a glance over its buildings → units →
households, each household with its state per round."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QVBoxLayout, QWidget

from survey_app.actions.progress import round_progress
from survey_app.core.tally import RoundStatus
from survey_app.store.household_status import HouseholdStatus, compound_statuses
from survey_app.store.households import households_of
from survey_app.store.rounds import ROUNDS, round_state
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.field.progress_panel import ProgressSummary
from survey_app.ui.field.workspace import Workspace
from survey_app.ui.models.household_tree import HOUSEHOLD_ID_ROLE, HouseholdTreeModel


class HouseholdList(Retranslating, QWidget):
    household_chosen = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.activated.connect(self._on_activated)
        self.tree.clicked.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)

    def reload(self) -> None:
        """Reload the households of the workspace's compound (after the compound changed)."""
        code = self.workspace.compound
        if code is None:
            self.model.load([], {})
            return
        store = self.workspace.store
        states = {n: round_state(store=store, compound=code, round_no=n).status for n in ROUNDS}
        opened = {n for n, status in states.items() if status is not RoundStatus.NOT_OPENED} or {1}
        statuses = compound_statuses(store=store, compound=code)
        self.model.load(households_of(store=store, compound=code), statuses, opened)
        self.tree.collapseAll()
        self.refresh_progress(statuses)

    def refresh(self) -> None:
        """Votes or drafts changed: repaint the states and the progress."""
        code = self.workspace.compound
        if code is None:
            return
        statuses = compound_statuses(store=self.workspace.store, compound=code)
        self.model.update_statuses(statuses)
        self.refresh_progress(statuses)

    def refresh_progress(self, statuses: dict[str, HouseholdStatus] | None = None) -> None:
        code = self.workspace.compound
        if code is None:
            return
        progress = round_progress(
            store=self.workspace.store,
            compound=code,
            round_no=self.workspace.round_no,
            statuses=statuses,
        )
        self.summary.show_progress(progress)

    def select_household(self, household: str) -> bool:
        index = self.model.index_of(household)
        if not index.isValid():
            return False
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
        self.model.retranslate()
        self.summary.retranslate()
