"""Buildings → units → households of one compound, with each household's state at a glance."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from survey_app.core.clock import shown_time
from survey_app.core.visits import VisitFact, VisitOutcome
from survey_app.store.household_status import HouseholdFilter, HouseholdStatus, matches_filter
from survey_app.store.households import Household
from survey_app.ui.base import style
from survey_app.ui.base.icons import status_icon
from survey_app.ui.base.words import SYMBOLS, outcome_label, outcome_text, visit_text

HOUSEHOLD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
_SHOWN_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole,
        HOUSEHOLD_ID_ROLE, KIND_ROLE,
    }
)  # fmt: skip
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()

COLUMN_HOUSEHOLD, COLUMN_ROUND1, COLUMN_ROUND2, COLUMN_SURVEY, COLUMN_VISIT = range(5)
COLUMNS = 5


@dataclass(eq=False)
class Node:
    kind: str
    """`building`, `unit` or `household`."""
    name: str
    parent: Node | None = None
    household: Household | None = None
    children: list[Node] = field(default_factory=list)
    row: int = 0
    id: int = 0

    def households(self) -> list[Household]:
        if self.household is not None:
            return [self.household]
        return [h for child in self.children for h in child.households()]


class HouseholdTreeModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._roots: list[Node] = []
        self._nodes: list[Node] = []
        self._by_household: dict[str, Node] = {}
        self._statuses: dict[str, HouseholdStatus] = {}
        self._summaries: dict[int, GroupSummary] = {}
        self._cells: dict[tuple[int, int, int], object] = {}
        """Per building or unit (node id): counted once per load or change, not per paint."""
        self.open_rounds: set[int] = {1}
        self.round_no = 1
        """The round worked on: the visit column shows its visits (and those outside rounds)."""

    # -- loading -------------------------------------------------------------
    def load(
        self,
        households: list[Household],
        statuses: dict[str, HouseholdStatus],
        open_rounds: set[int] | None = None,
    ) -> None:
        self.beginResetModel()
        self._statuses = dict(statuses)
        self.open_rounds = set(open_rounds or {1})
        self._roots, self._nodes, self._by_household = [], [], {}
        buildings: dict[str, Node] = {}
        units: dict[tuple[str, str], Node] = {}
        for household in households:
            building = buildings.get(household.building)
            if building is None:
                building = buildings[household.building] = self._add(
                    "building", household.building, None
                )
            parent = building
            if household.unit is not None:
                key = (household.building, household.unit)
                parent = units.get(key) or units.setdefault(
                    key, self._add("unit", household.unit, building)
                )
            node = self._add("household", household.room, parent, household)
            self._by_household[household.id] = node
        self._summaries, self._cells = {}, {}
        self.endResetModel()

    def _add(
        self, kind: str, name: str, parent: Node | None, household: Household | None = None
    ) -> Node:
        siblings = parent.children if parent else self._roots
        node = Node(kind, name, parent, household, row=len(siblings), id=len(self._nodes))
        siblings.append(node)
        self._nodes.append(node)
        return node

    def update_statuses(self, statuses: dict[str, HouseholdStatus]) -> None:
        """New statuses (after a vote or a draft): repaint the changed rows and their parents."""
        changed = {
            h
            for h in set(statuses) | set(self._statuses)
            if statuses.get(h) != self._statuses.get(h)
        }
        self._statuses = dict(statuses)
        touched: set[int] = set()
        for household in changed:
            node = self._by_household.get(household)
            while node is not None:
                self._summaries.pop(node.id, None)
                node = node.parent
        self._cells = {}
        for household in changed:
            node = self._by_household.get(household)
            while node is not None and node.id not in touched:
                touched.add(node.id)
                first = self.createIndex(node.row, 0, node.id)
                last = self.createIndex(node.row, self.columnCount() - 1, node.id)
                self.dataChanged.emit(first, last)
                node = node.parent

    def retranslate(self) -> None:
        self._cells = {}
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        self._repaint(QModelIndex(), self._roots)

    def _repaint(self, parent: QModelIndex, nodes: list[Node]) -> None:
        if not nodes:
            return
        last = self.columnCount() - 1
        self.dataChanged.emit(self.index(0, 0, parent), self.index(len(nodes) - 1, last, parent))
        for node in nodes:
            self._repaint(self.createIndex(node.row, 0, node.id), node.children)

    def status(self, household: str) -> HouseholdStatus:
        return self._statuses.get(household, HouseholdStatus())

    def index_of(self, household: str) -> QModelIndex:
        node = self._by_household.get(household)
        return QModelIndex() if node is None else self.createIndex(node.row, 0, node.id)

    def node(self, index: Index) -> Node | None:
        return self._nodes[index.internalId()] if index.isValid() else None

    def building_index(self, building: str) -> QModelIndex:
        for node in self._roots:
            if node.name == building:
                return self.createIndex(node.row, 0, node.id)
        return QModelIndex()

    # -- the model interface ---------------------------------------------------
    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        siblings = self._children(parent)
        return self.createIndex(row, column, siblings[row].id)

    def parent(self, child: Index = ROOT) -> QModelIndex:  # type: ignore[override]
        node = self.node(child)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent.id)

    def rowCount(self, parent: Index = ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent: Index = ROOT) -> int:
        return COLUMNS

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < COLUMNS:
            return None
        return [
            self.tr("住户"),
            self.tr("第1轮"),
            self.tr("第2轮"),
            self.tr("调查"),
            self.tr("走访"),
        ][section]

    def _children(self, parent: Index) -> list[Node]:
        node = self.node(parent)
        return self._roots if node is None else node.children

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Each cell's value, computed once per load or change of its row (a view asks every
        visible cell for several roles at each paint; a scroll of a 2,000-household compound
        must not compute them again)."""
        if role not in _SHOWN_ROLES or not index.isValid():
            return None
        key = (index.internalId(), index.column(), role)
        if key in self._cells:
            return self._cells[key]
        value = self._cells[key] = self._data(index, role)
        return value

    def _data(self, index: Index, role: int) -> object:
        node = self.node(index)
        if node is None:
            return None
        if role == HOUSEHOLD_ID_ROLE:
            return node.household.id if node.household else None
        if role == KIND_ROLE:
            return node.kind
        if node.household is not None:
            return self._household_data(node.household, index.column(), role)
        return self._group_data(node, index.column(), role)

    def _household_data(self, household: Household, column: int, role: int) -> object:
        status = self.status(household.id)
        if column == COLUMN_HOUSEHOLD:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{household.room}  {household.head or ''}".rstrip()
            if role == Qt.ItemDataRole.DecorationRole:
                return status_icon(_overall(status))
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._overall_text(status)
            if role == Qt.ItemDataRole.ForegroundRole and not household.eligible:
                return QBrush(QColor(style.NOT_VISITED))
            return None
        if column in (COLUMN_ROUND1, COLUMN_ROUND2):
            round_no = column
            if round_no not in self.open_rounds:
                return None
            kind = status.outcome(round_no)
            if role == Qt.ItemDataRole.DisplayRole:
                if not household.eligible:
                    return self.tr("不征询")
                return "—" if kind == "no_response" else outcome_label(kind)
            if role == Qt.ItemDataRole.ToolTipRole:
                return outcome_text(kind)
            if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
                fg, bg = style.outcome_colors(kind)
                color = fg if role == Qt.ItemDataRole.ForegroundRole else bg
                return QBrush(color) if color is not None else None
            return None
        if column == COLUMN_VISIT:
            return self._visit_data(status.last_visit(self.round_no), role)
        return self._survey_data(status, role)

    def _visit_data(self, visit: VisitFact | None, role: int) -> object:
        """The last visit that gave no opinion: `无人在家`, `改日再访 04-02` …"""
        if visit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = visit_text(visit.outcome)
            back = visit.come_back_on
            return (
                f"{text} {back[5:]}" if back and visit.outcome is VisitOutcome.COME_BACK else text
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.tr("最后一次走访:{outcome}({time})").format(
                outcome=visit_text(visit.outcome), time=shown_time(visit.created_at)
            )
            if visit.come_back_on:
                text += self.tr(",约定 {day} 再访").format(day=visit.come_back_on)
            return text
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(style.NOT_VISITED))
        return None

    def matches(self, node: Node, wanted: HouseholdFilter) -> bool:
        """Whether a household row shows under the filter (for the round worked on)."""
        household = node.household
        if household is None:
            return True
        return matches_filter(
            wanted,
            eligible=household.eligible,
            status=self.status(household.id),
            round_no=self.round_no,
        )

    def roots(self) -> list[Node]:
        return list(self._roots)

    def _survey_data(self, status: HouseholdStatus, role: int) -> object:
        if not (status.surveyed or status.draft):
            return None
        fg, bg = style.SURVEYED_COLORS if status.surveyed else style.DRAFT_COLORS
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("✓ 已调查") if status.surveyed else self.tr("✎ 草稿")
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(fg))
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(bg))
        return None

    def _overall_text(self, status: HouseholdStatus) -> str:
        return {
            "conflict": self.tr("有待核实的意见冲突"),
            "visited": self.tr("已走访"),
            "not_visited": self.tr("未走访"),
        }[_overall(status)]

    def _group_data(self, node: Node, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.FontRole and column == COLUMN_HOUSEHOLD:
            font = QFont()
            font.setBold(node.kind == "building")
            return font
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == COLUMN_HOUSEHOLD:
            return (
                self.tr("{name}号楼").format(name=node.name)
                if node.kind == "building"
                else self.tr("{name}单元").format(name=node.name)
            )
        summary = self._summary(node)
        if column in (COLUMN_ROUND1, COLUMN_ROUND2):
            if column not in self.open_rounds:
                return None
            return f"{SYMBOLS['agree']} {summary.agree[column]}/{summary.eligible}"
        if column == COLUMN_VISIT:
            return None
        return f"{summary.surveyed}/{summary.eligible}" if summary.surveyed else None

    def _summary(self, node: Node) -> GroupSummary:
        summary = self._summaries.get(node.id)
        if summary is None:
            statuses = [self.status(h.id) for h in node.households() if h.eligible]
            summary = self._summaries[node.id] = GroupSummary(
                eligible=len(statuses),
                agree={n: sum(s.outcome(n) == "agree" for s in statuses) for n in (1, 2)},
                surveyed=sum(s.surveyed for s in statuses),
            )
        return summary


@dataclass(frozen=True)
class GroupSummary:
    """A building's or unit's counts, as its row shows them."""

    eligible: int
    agree: dict[int, int]
    surveyed: int


def _overall(status: HouseholdStatus) -> str:
    if status.conflict:
        return "conflict"
    return "visited" if status.visited else "not_visited"
