"""The tally of one compound and round: counts, the rate against the threshold, the verdict,
the buildings, and the approval rate as the votes came in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from survey_app.core.rules import percent_text, rate_text
from survey_app.core.tally import RoundStatus, Tally
from survey_app.store.compounds import list_compounds
from survey_app.store.database import Store
from survey_app.store.rounds import ROUNDS, RoundState, round_state
from survey_app.store.tallies import compute_tally
from survey_app.store.timeline import round_timeline
from survey_app.ui.base.words import outcome_label, round_name, round_state_text, rule_text
from survey_app.ui.field.progress_panel import ThresholdBar
from survey_app.ui.office.chart import ApprovalChart
from survey_app.ui.office.common import OfficeDialog

KINDS = ("agree", "disagree", "abstain", "no_response", "pending")


class TallyDashboard(OfficeDialog):
    def __init__(
        self, store: Store, compound: str, round_no: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tally: Tally | None = None
        self.state: RoundState | None = None
        self.compound_combo = QComboBox()
        for c in list_compounds(store=store):
            self.compound_combo.addItem(f"{c.code}  {c.name}", c.code)
        self.compound_combo.setCurrentIndex(max(0, self.compound_combo.findData(compound)))
        self.round_combo = QComboBox()
        for round_number in ROUNDS:
            self.round_combo.addItem("", round_number)
        self.round_combo.setCurrentIndex(round_no - 1)
        self.compound_combo.currentIndexChanged.connect(self.refresh)
        self.round_combo.currentIndexChanged.connect(self.refresh)
        self.verdict = QLabel()
        self.verdict.setObjectName("bigHeadline")
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.bar = ThresholdBar()
        self.rate = QLabel()
        self.rate.setObjectName("progressHeadline")
        self.tiles: dict[str, tuple[QLabel, QLabel]] = {}
        tiles = QGridLayout()
        for column, kind in enumerate(("eligible", *KINDS)):
            number, caption = QLabel(), QLabel()
            number.setObjectName("bigHeadline")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            tiles.addWidget(number, 0, column)
            tiles.addWidget(caption, 1, column)
            self.tiles[kind] = (number, caption)
        self.buildings = QTableWidget(0, 8)
        self.buildings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.buildings.verticalHeader().hide()
        header = self.buildings.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)  # English headers are long: size to them, fill the rest
        self.chart_caption = QLabel()
        self.chart = ApprovalChart()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self._layout(tiles)
        self.retranslate()
        self.refresh()

    def _layout(self, tiles: QGridLayout) -> None:
        top = QHBoxLayout()
        top.addWidget(self.compound_combo, 1)
        top.addWidget(self.round_combo)
        top.addStretch(2)
        left = QVBoxLayout()
        left.addWidget(self.verdict)
        left.addWidget(self.rule)
        left.addWidget(self.rate)
        left.addWidget(self.bar)
        left.addLayout(tiles)
        left.addWidget(self.buildings, 1)
        right = QVBoxLayout()
        right.addWidget(self.chart_caption)
        right.addWidget(self.chart, 1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(1240, 680)

    def compound(self) -> str:
        return str(self.compound_combo.currentData())

    def round_no(self) -> int:
        return int(self.round_combo.currentData())

    def retranslate(self) -> None:
        for i, number in enumerate(ROUNDS):
            self.round_combo.setItemText(i, round_name(number))
        self.buildings.setHorizontalHeaderLabels(
            [
                self.tr("楼栋"),
                self.tr("应征询"),
                *(outcome_label(k) for k in KINDS),
                self.tr("同意率"),
            ]
        )
        self.chart_caption.setText(self.tr("同意率随时间变化(按天,红线为通过比例)"))
        self.chart.empty_text = self.tr("还没有意见")
        if self.tally is not None:
            self.show_tally()

    def refresh(self) -> None:
        code, round_no = self.compound(), self.round_no()
        self.state = round_state(store=self.store, compound=code, round_no=round_no)
        self.tally = compute_tally(store=self.store, compound=code, round_no=round_no)
        days = round_timeline(store=self.store, compound=code, round_no=round_no)
        self.chart.set_days(days, float(self.tally.rule.threshold))
        self.show_tally()

    def show_tally(self) -> None:
        code, round_no = self.compound(), self.round_no()
        state, tally = self.state, self.tally
        assert state is not None and tally is not None
        c = tally.counts
        self.setWindowTitle(
            self.tr("统计:{code} {round}").format(code=code, round=round_name(round_no))
        )
        self.verdict.setText(self.verdict_text())
        self.rule.setText(f"{round_state_text(state.status)} · {rule_text(tally.rule)}")
        self.rate.setText(
            self.tr("同意率 {rate}%(同意 {agree} ÷ 应征询 {eligible}),通过比例 {pct}").format(
                rate=tally.rate,
                agree=c.agree,
                eligible=c.eligible,
                pct=percent_text(tally.rule.threshold),
            )
        )
        threshold = float(tally.rule.threshold)
        self.bar.set_values(c.agree, c.eligible, threshold, percent_text(tally.rule.threshold))
        values = {
            "eligible": c.eligible,
            "agree": c.agree,
            "disagree": c.disagree,
            "abstain": c.abstain,
            "no_response": c.no_response,
            "pending": c.pending,
        }
        for kind, (number, caption) in self.tiles.items():
            number.setText(str(values[kind]))
            caption.setText(self.tr("应征询") if kind == "eligible" else outcome_label(kind))
        self._fill_buildings(tally)

    def verdict_text(self) -> str:
        assert self.tally is not None and self.state is not None
        if self.state.status is RoundStatus.NOT_OPENED:
            return self.tr("尚未开始")
        if self.tally.passed:
            text = self.tr("达到通过比例")
        elif self.state.status is RoundStatus.CLOSED:
            text = self.tr("未达到 → 暂缓改造")
        else:
            text = self.tr("尚未达到,还需 {n} 户同意").format(n=self.tally.needed)
        if self.state.status is RoundStatus.OPEN:
            text = self.tr("征询中:") + text
        return text

    def _fill_buildings(self, tally: Tally) -> None:
        rows = list(tally.by_building.items())
        self.buildings.setRowCount(len(rows))
        for r, (building, c) in enumerate(rows):
            cells = [
                building,
                c.eligible,
                c.agree,
                c.disagree,
                c.abstain,
                c.no_response,
                c.pending,
                f"{rate_text(c.agree, c.eligible)}%",
            ]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.buildings.setItem(r, column, item)
