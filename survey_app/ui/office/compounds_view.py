"""The compounds of the batch with both rounds: add and edit compounds, open and close rounds,
see the tally, print the notice, ballots and needs list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from survey_app.actions.compounds import buildings
from survey_app.actions.printing import PrintRequest
from survey_app.core.tally import RoundStatus
from survey_app.store.compounds import Compound, list_compounds
from survey_app.store.database import Store
from survey_app.store.rounds import ROUNDS, RoundState, round_state
from survey_app.store.tallies import counts_by_compound
from survey_app.store.trust import OFFICE
from survey_app.ui.base.translations import paper_language
from survey_app.ui.base.words import round_name, round_state_text
from survey_app.ui.office.common import OfficeDialog
from survey_app.ui.office.dashboard import TallyDashboard
from survey_app.ui.office.erase_dialog import EraseHouseholdDialog
from survey_app.ui.office.print_preview import PrintPreview
from survey_app.ui.office.roles import office_only_tip
from survey_app.ui.office.rounds_dialog import CloseRoundDialog, CompoundDialog, OpenRoundDialog


class CompoundsView(OfficeDialog):
    changed = Signal()
    """A compound or a round changed."""

    def __init__(self, store: Store, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.db_path = store, db_path
        self.compounds: list[Compound] = []
        self.states: dict[str, list[RoundState]] = {}
        self.table = QTableWidget(0, 6)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.show_dashboard())
        self.round_combo = QComboBox()
        for number in ROUNDS:
            self.round_combo.addItem("", number)
        self.round_combo.currentIndexChanged.connect(self._update_buttons)
        self.add_button, self.edit_button = QPushButton(), QPushButton()
        self.open_button, self.close_button = QPushButton(), QPushButton()
        self.tally_button, self.print_button = QPushButton(), QPushButton()
        self.erase_button = QPushButton()
        self.erase_button.clicked.connect(self.erase_personal_data)
        self.add_button.clicked.connect(self.add_compound)
        self.edit_button.clicked.connect(self.edit_compound)
        self.open_button.clicked.connect(self.open_round)
        self.close_button.clicked.connect(self.close_round)
        self.tally_button.clicked.connect(self.show_dashboard)
        self.print_menu = QMenu(self)
        self.print_actions: dict[str, QAction] = {}
        for key, slot in (
            ("tally", self._print_tally),
            ("tally_households", self._print_list),
            ("ballots", self._print_ballots),
            ("ballots_two", self._print_two_per_page),
            ("ballots_pending", self._print_pending),
            ("building", self._print_building),
            ("visits", self._print_visits),
            ("needs", self._print_needs),
            ("survey", self._print_surveys),
            ("survey_blank", self._print_blank_surveys),
            ("satisfaction", self._print_satisfaction),
        ):
            self.print_actions[key] = self.print_menu.addAction("", slot)
        self.print_button.setMenu(self.print_menu)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        self.round_caption = QLabel()
        for widget in (
            self.add_button,
            self.edit_button,
            self.round_caption,
            self.round_combo,
            self.open_button,
            self.close_button,
            self.tally_button,
            self.print_button,
            self.erase_button,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(1100, 600)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("小区与征询轮次"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("编码"),
                self.tr("小区"),
                self.tr("街道 / 社区"),
                self.tr("应征询户数"),
                round_name(1),
                round_name(2),
            ]
        )
        for i, number in enumerate(ROUNDS):
            self.round_combo.setItemText(i, round_name(number))
        self.add_button.setText(self.tr("新增小区…"))
        self.edit_button.setText(self.tr("编辑…"))
        self.round_caption.setText(self.tr("  轮次"))
        self.open_button.setText(self.tr("开始征询…"))
        self.close_button.setText(self.tr("结束征询…"))
        self.tally_button.setText(self.tr("统计"))
        self.print_button.setText(self.tr("打印"))
        self.erase_button.setText(self.tr("删除个人信息…"))
        texts = {
            "tally": self.tr("征询结果公示"),
            "tally_households": self.tr("征询结果公示(附分户名单)"),
            "ballots": self.tr("入户征询意见表(全小区)"),
            "ballots_two": self.tr("入户征询意见表(每页两份)"),
            "ballots_pending": self.tr("入户征询意见表(仅未表态住户,每页两份)"),
            "building": self.tr("入户征询意见表(一栋楼)…"),
            "visits": self.tr("走访清单(未表态住户及上次走访结果)"),
            "needs": self.tr("需求清单"),
            "survey": self.tr("入户调查表(全小区,预填已录入的回答)"),
            "survey_blank": self.tr("入户调查表(全小区,空白)"),
            "satisfaction": self.tr("改造后满意度汇总(附需求清单对照)"),
        }
        for key, action in self.print_actions.items():
            action.setText(texts[key])
        self._show_states()

    def reload(self) -> None:
        code = self.current_code()
        self.compounds = list_compounds(store=self.store)
        counts = counts_by_compound(store=self.store, round_no=1)
        self.states = {
            c.code: [round_state(store=self.store, compound=c.code, round_no=n) for n in ROUNDS]
            for c in self.compounds
        }
        self.table.setRowCount(len(self.compounds))
        for r, c in enumerate(self.compounds):
            eligible = counts[c.code].eligible if c.code in counts else 0
            cells = [
                c.code,
                c.name,
                " ".join(p for p in (c.street, c.community) if p),
                str(eligible),
            ]
            for column, text in enumerate(cells):
                self.table.setItem(r, column, QTableWidgetItem(text))
        self._show_states()
        if code:
            self.select(code)
        elif self.compounds:
            self.table.selectRow(0)
        self._update_buttons()

    def _show_states(self) -> None:
        for r, c in enumerate(self.compounds):
            for i, state in enumerate(self.states.get(c.code, [])):
                self.table.setItem(r, 4 + i, QTableWidgetItem(round_state_text(state.status)))

    def select(self, code: str) -> None:
        for r, c in enumerate(self.compounds):
            if c.code == code:
                self.table.selectRow(r)

    def current_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        row = rows[0].row() if rows else -1
        return self.compounds[row].code if 0 <= row < len(self.compounds) else None

    def round_no(self) -> int:
        return int(self.round_combo.currentData() or 1)

    def _update_buttons(self) -> None:
        code = self.current_code()
        status = (
            round_state(store=self.store, compound=code, round_no=self.round_no()).status
            if code
            else None
        )
        for button in (self.edit_button, self.tally_button, self.print_button, self.erase_button):
            button.setEnabled(code is not None)
        self.open_button.setEnabled(status is RoundStatus.NOT_OPENED)
        self.close_button.setEnabled(status is RoundStatus.OPEN)
        self._show_role()

    def _show_role(self) -> None:
        """On a field laptop the store refuses compounds and round rules: disabled, saying why."""
        office = self.store.role == OFFICE
        for button in (self.add_button, self.edit_button, self.open_button, self.close_button,
                       self.erase_button):  # fmt: skip
            if not office:
                button.setEnabled(False)
            button.setToolTip("" if office else office_only_tip())

    # -- actions ------------------------------------------------------------------------
    def add_compound(self) -> None:
        if CompoundDialog.ask(self, self.store, None):
            self._changed()

    def edit_compound(self) -> None:
        code = self.current_code()
        compound = next((c for c in self.compounds if c.code == code), None)
        if compound and CompoundDialog.ask(self, self.store, compound):
            self._changed()

    def open_round(self) -> None:
        code = self.current_code()
        if code and OpenRoundDialog.ask(self, self.store, code, self.round_no()):
            self._changed()

    def close_round(self) -> None:
        code = self.current_code()
        if code and CloseRoundDialog.ask(self, self.store, code, self.round_no()):
            self._changed()

    def erase_personal_data(self) -> None:
        code = self.current_code()
        if code and EraseHouseholdDialog.ask(self, self.store, code):
            self._changed()

    def show_dashboard(self) -> None:
        code = self.current_code()
        if code:
            TallyDashboard(self.store, code, self.round_no(), self).exec()

    def _changed(self) -> None:
        self.reload()
        self.changed.emit()

    def print_request(self, kind: str, **extra: object) -> PrintRequest | None:
        code = self.current_code()
        if code is None:
            return None
        return PrintRequest(kind=kind, compound=code, round_no=self.round_no(), **extra)  # type: ignore[arg-type]

    def _print(self, request: PrintRequest | None) -> None:
        if request is not None:
            PrintPreview.ask(self, self.db_path, request)

    def _print_tally(self) -> None:
        self._print(self.print_request("tally"))

    def _print_list(self) -> None:
        self._print(self.print_request("tally", households=True))

    def _print_ballots(self) -> None:
        self._print(self.print_request("ballots"))

    def _print_two_per_page(self) -> None:
        self._print(self.print_request("ballots", per_page=2))

    def _print_pending(self) -> None:
        self._print(self.print_request("ballots", pending=True, per_page=2))

    def _print_visits(self) -> None:
        self._print(self.print_request("visits"))

    def _print_needs(self) -> None:
        self._print(self.print_request("needs"))

    def _print_surveys(self) -> None:
        self._print(self.print_request("survey", language=paper_language()))

    def _print_blank_surveys(self) -> None:
        self._print(self.print_request("survey", blank=True, language=paper_language()))

    def _print_satisfaction(self) -> None:
        self._print(self.print_request("satisfaction"))

    def _print_building(self) -> None:
        code = self.current_code()
        if code is None:
            return
        building, ok = QInputDialog.getItem(
            self,
            self.tr("选择楼栋"),
            self.tr("楼栋"),
            buildings(store=self.store, compound=code),
            0,
            False,
        )
        if ok and building:
            self._print(self.print_request("ballots", building=building))

    @classmethod
    def ask(cls, parent: QWidget | None, store: Store, db_path: Path) -> bool:
        view = cls(store, db_path, parent)
        changed: list[bool] = []
        view.changed.connect(lambda: changed.append(True))
        view.exec()
        return bool(changed)
