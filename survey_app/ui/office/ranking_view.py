"""The ranking for project managers: every compound with both rounds, sortable and filterable,
passed and deferred clearly marked, exported to Excel in a worker thread."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from PySide6.QtCore import (
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from survey_app.core.errors import SurveyAppError
from survey_app.core.ranking import Standing
from survey_app.core.rules import rate_text
from survey_app.core.tally import Counts, RoundStatus
from survey_app.spreadsheets.write import Formatted
from survey_app.store.database import Store
from survey_app.store.rounds import all_round_states
from survey_app.store.tallies import counts_by_compound, ranking
from survey_app.ui.base import style
from survey_app.ui.base.words import error_text, round_name, round_state_text, standing_label
from survey_app.ui.base.workers import Task, run_task
from survey_app.ui.models.rows import Index, RowsTableModel
from survey_app.ui.office.common import BusyBar, OfficeDialog
from survey_app.ui.office.work import export_ranking_work

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
STANDING_ROLE = Qt.ItemDataRole.UserRole + 2
COLORS = {
    Standing.PASSED: style.OUTCOME_COLORS["agree"],
    Standing.DEFERRED: style.OUTCOME_COLORS["disagree"],
}


@dataclass(frozen=True)
class RankingRow:
    position: int
    compound: str
    name: str
    eligible: int
    rounds: dict[int, tuple[RoundStatus, Counts]]
    standing: Standing

    def rate(self, round_no: int) -> Fraction:
        c = self.rounds[round_no][1]
        return Fraction(c.agree, c.eligible) if c.eligible else Fraction(0)


def ranking_rows(*, store: Store, round_no: int) -> list[RankingRow]:
    """The ranking of `survey-app rank` in its order, with both rounds' counts beside it."""
    counts = {n: counts_by_compound(store=store, round_no=n) for n in (1, 2)}
    states = {n: all_round_states(store=store, round_no=n) for n in (1, 2)}
    rows = []
    for ranked in ranking(store=store, round_no=round_no):
        e = ranked.entry
        rounds = {}
        for n in (1, 2):
            state = states[n].get(e.compound)
            status = state.status if state else RoundStatus.NOT_OPENED
            rounds[n] = (status, counts[n].get(e.compound, Counts()))
        rows.append(RankingRow(ranked.position, e.compound, e.name, e.eligible, rounds, e.standing))
    return rows


class RankingModel(RowsTableModel):
    COLUMNS = 8

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RankingRow] = []
        self.round_no = 1

    def load(self, rows: list[RankingRow], round_no: int) -> None:
        self.beginResetModel()
        self.rows, self.round_no = list(rows), round_no
        self.endResetModel()

    def headers(self) -> list[str]:
        r1, r2 = round_name(1), round_name(2)
        return [
            self.tr("名次"),
            self.tr("编码"),
            self.tr("小区"),
            self.tr("应征询户数"),
            self.tr("{round} 同意").format(round=r1),
            self.tr("{round} 同意率").format(round=r1),
            self.tr("{round} 同意率").format(round=r2),
            self.tr("结论"),
        ]

    def cells(self, row: RankingRow) -> list[object]:
        return [
            row.position,
            row.compound,
            row.name,
            row.eligible,
            row.rounds[1][1].agree,
            self.rate_cell(row, 1),
            self.rate_cell(row, 2),
            standing_label(row.standing),
        ]

    def export_cells(self, row: RankingRow) -> list[object]:
        """The cells as shown, with the rates as numbers (0.00%) for the spreadsheet."""
        cells = self.cells(row)
        cells[5], cells[6] = self.rate_number(row, 1), self.rate_number(row, 2)
        return cells

    def rate_number(self, row: RankingRow, round_no: int) -> object:
        status, _counts = row.rounds[round_no]
        if status is RoundStatus.NOT_OPENED:
            return "—"
        shown = "0.00%" if status is RoundStatus.CLOSED else f'0.00%"({round_state_text(status)})"'
        return Formatted(float(row.rate(round_no)), shown)

    def rate_cell(self, row: RankingRow, round_no: int) -> str:
        status, c = row.rounds[round_no]
        if status is RoundStatus.NOT_OPENED:
            return "—"
        text = f"{rate_text(c.agree, c.eligible)}%"
        return text if status is RoundStatus.CLOSED else f"{text}({round_state_text(status)})"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self.cells(row)[column])
        if role == SORT_ROLE:
            keys: list[object] = [
                row.position,
                row.compound,
                row.name,
                row.eligible,
                row.rounds[1][1].agree,
                float(row.rate(1)),
                float(row.rate(2)),
                row.position,
            ]
            return keys[column]
        if role == STANDING_ROLE:
            return row.standing.value
        if role == Qt.ItemDataRole.ForegroundRole and row.standing in COLORS:
            return QBrush(QColor(COLORS[row.standing][0]))
        if role == Qt.ItemDataRole.BackgroundRole and row.standing in COLORS and column == 7:
            return QBrush(QColor(COLORS[row.standing][1] or "white"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 3, 4, 5, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RankingFilter(QSortFilterProxyModel):
    """Text matches code or name; a standing keeps only compounds in that standing."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.standing: str | None = None
        self.setSortRole(SORT_ROLE)

    def set_filter(self, text: str, standing: str | None) -> None:
        self.text, self.standing = text.strip().lower(), standing
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RankingModel)
        row = model.rows[source_row]
        if self.standing and row.standing.value != self.standing:
            return False
        return not self.text or self.text in f"{row.compound} {row.name}".lower()


class RankingView(OfficeDialog):
    exported = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.task: Task | None = None
        self.model = RankingModel(self)
        self.proxy = RankingFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.round_combo = QComboBox()
        for number in (1, 2):
            self.round_combo.addItem("", number)
        self.round_combo.currentIndexChanged.connect(self.reload)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.standing_combo = QComboBox()
        self.standing_combo.addItem("", None)
        for standing in Standing:
            self.standing_combo.addItem("", standing.value)
        self.search.textChanged.connect(self._filter)
        self.standing_combo.currentIndexChanged.connect(self._filter)
        self.summary = QLabel()
        self.busy = BusyBar()
        self.status = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self._choose_export)
        self.buttons.rejected.connect(self.reject)
        self.captions = [QLabel() for _ in range(2)]
        top = QHBoxLayout()
        top.addWidget(self.captions[0])
        top.addWidget(self.round_combo)
        top.addWidget(self.search, 1)
        top.addWidget(self.captions[1])
        top.addWidget(self.standing_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(1200, 680)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("排名(项目经理)"))
        self.captions[0].setText(self.tr("按"))
        self.captions[1].setText(self.tr("结论"))
        for i, number in enumerate((1, 2)):
            self.round_combo.setItemText(
                i, self.tr("{round}同意率排名").format(round=round_name(number))
            )
        self.standing_combo.setItemText(0, self.tr("全部"))
        for i, standing in enumerate(Standing, start=1):
            self.standing_combo.setItemText(i, standing_label(standing))
        self.search.setPlaceholderText(self.tr("筛选:小区编码或名称"))
        self.export_button.setText(self.tr("导出 Excel…"))
        self.model.retranslate()
        self._filter()

    def round_no(self) -> int:
        return int(self.round_combo.currentData() or 1)

    def reload(self) -> None:
        self.model.load(ranking_rows(store=self.store, round_no=self.round_no()), self.round_no())
        self._filter()

    def _filter(self) -> None:
        self.proxy.set_filter(self.search.text(), self.standing_combo.currentData())
        rows = self.model.rows
        passed = sum(r.standing is Standing.PASSED for r in rows)
        deferred = sum(r.standing is Standing.DEFERRED for r in rows)
        self.summary.setText(
            self.tr("共 {total} 个小区:通过 {passed},暂缓改造 {deferred};显示 {shown} 个").format(
                total=len(rows), passed=passed, deferred=deferred, shown=self.proxy.rowCount()
            )
        )

    def visible_codes(self) -> list[str]:
        return [str(self.proxy.index(r, 1).data()) for r in range(self.proxy.rowCount())]

    def visible_table(self) -> list[list[object]]:
        by_code = {r.compound: r for r in self.model.rows}
        table = []
        for code in self.visible_codes():
            row = by_code[code]
            cells = self.model.export_cells(row)
            cells[0] = row.position
            table.append(cells)
        return table

    def _choose_export(self) -> None:
        path, _f = QFileDialog.getSaveFileName(
            self, self.tr("导出排名"), self.tr("排名.xlsx"), self.tr("Excel 工作簿 (*.xlsx)")
        )
        if path:
            self.export(Path(path))

    def export(self, target: Path) -> Task:
        """The rows as shown (filtered and sorted) into an Excel workbook."""
        self.busy.start()
        self.export_button.setEnabled(False)
        work = export_ranking_work(self.visible_table(), self.model.headers(), target)
        self.task = run_task(
            work, on_done=self._exported, on_failed=self._failed, on_progress=self.busy.step
        )
        self.task.finished.connect(self._finished)
        return self.task

    def _exported(self, path: Path) -> None:
        self.status.setText(self.tr("已导出 {path}").format(path=path))
        self.exported.emit(path)

    def _failed(self, error: Exception) -> None:
        shown = error_text(error) if isinstance(error, SurveyAppError) else str(error)
        self.status.setText(self.tr("导出失败:{error}").format(error=shown))

    def _finished(self) -> None:
        self.task = None
        self.busy.stop()
        self.export_button.setEnabled(True)
