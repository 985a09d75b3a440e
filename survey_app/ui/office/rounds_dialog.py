"""Compounds and rounds: add or edit a compound; open a round with its rule; close it after a
confirmation that shows the final tally and the fingerprint that will be frozen with it."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from survey_app.actions.compounds import save_compound
from survey_app.actions.rounds import close_preview, close_round, open_round
from survey_app.core.clock import today
from survey_app.core.errors import SurveyAppError
from survey_app.core.rules import ConsentRule, parse_threshold, percent_text
from survey_app.core.tally import RoundStatus
from survey_app.store.compounds import Compound
from survey_app.store.database import Store
from survey_app.store.rounds import RoundState, round_state
from survey_app.ui.base.words import error_text, outcome_text, round_name, round_topic, rule_text
from survey_app.ui.office.common import OfficeDialog, captioned_form, error_label

PRESETS = [Fraction(4, 5), Fraction(2, 3)]


def _error(error: SurveyAppError) -> str:
    return error_text(error)


class CompoundDialog(OfficeDialog):
    """Add a compound (code and name required) or edit one (the code stays)."""

    def __init__(self, store: Store, compound: Compound | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.store = store
        self.saved: Compound | None = None
        c = compound
        self.code_edit = QLineEdit(c.code if c else "")
        self.code_edit.setReadOnly(c is not None)
        self.name_edit = QLineEdit(c.name if c else "")
        self.district_edit = QLineEdit((c.district or "") if c else "")
        self.street_edit = QLineEdit((c.street or "") if c else "")
        self.community_edit = QLineEdit((c.community or "") if c else "")
        self.built_spin = QSpinBox()
        self.built_spin.setRange(1899, 2100)
        self.built_spin.setSpecialValueText("—")
        self.built_spin.setValue(c.built if c and c.built else 1899)
        self.error = error_label()
        self.buttons = self.save_cancel_buttons(self.save)
        self.form, self.captions = captioned_form(
            [
                self.code_edit,
                self.name_edit,
                self.district_edit,
                self.street_edit,
                self.community_edit,
                self.built_spin,
            ]
        )
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("编辑小区") if self.code_edit.isReadOnly() else self.tr("新增小区")
        )
        texts = [
            self.tr("小区编码"),
            self.tr("小区名称"),
            self.tr("区"),
            self.tr("街道"),
            self.tr("社区"),
            self.tr("建成年份"),
        ]
        for label, text in zip(self.captions, texts, strict=True):
            label.setText(text)
        self.code_edit.setPlaceholderText(self.tr("如 NH-001"))

    def save(self) -> Compound | None:
        built = self.built_spin.value()
        try:
            self.saved = save_compound(
                store=self.store,
                code=self.code_edit.text(),
                name=self.name_edit.text(),
                district=self.district_edit.text().strip() or None,
                street=self.street_edit.text().strip() or None,
                community=self.community_edit.text().strip() or None,
                built=None if built == self.built_spin.minimum() else built,
            )
        except SurveyAppError as error:
            self.error.setText(_error(error))
            return None
        self.accept()
        return self.saved

    @classmethod
    def ask(cls, parent: QWidget | None, store: Store, compound: Compound | None) -> bool:
        dialog = cls(store, compound, parent)
        return dialog.exec() == QDialog.DialogCode.Accepted


class OpenRoundDialog(OfficeDialog):
    """The round's rule: threshold (80% / 2/3 / custom), 以上 or 超过, double majority, dates."""

    def __init__(self, store: Store, compound: str, round_no: int, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.store, self.compound, self.round_no = store, compound, round_no
        self.opened: RoundState | None = None
        self.threshold_combo = QComboBox()
        self.custom_edit = QLineEdit()
        self.threshold_combo.currentIndexChanged.connect(self._threshold_chosen)
        self.inclusive_radio = QRadioButton()
        self.strict_radio = QRadioButton()
        self.inclusive_radio.setChecked(True)
        self.double_check = QCheckBox()
        self.start_check, self.end_check = QCheckBox(), QCheckBox()
        today = QDate.currentDate()
        self.start_date, self.end_date = QDateEdit(today), QDateEdit(today.addDays(30))
        for edit in (self.start_date, self.end_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.start_check.setChecked(True)
        self.end_check.setChecked(True)
        self.start_check.toggled.connect(self.start_date.setEnabled)
        self.end_check.toggled.connect(self.end_date.setEnabled)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("banner")
        self.summary.setProperty("tone", "open")
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(self.open_round)
        self.buttons.rejected.connect(self.reject)
        for signal in (self.inclusive_radio.toggled, self.double_check.toggled):
            signal.connect(self._show_summary)
        self.custom_edit.textChanged.connect(self._show_summary)
        self._layout()
        self.retranslate()

    def _layout(self) -> None:
        self.form = QFormLayout()
        self.captions = [QLabel() for _ in range(5)]
        threshold_row = QHBoxLayout()
        threshold_row.addWidget(self.threshold_combo)
        threshold_row.addWidget(self.custom_edit, 1)
        compare_row = QHBoxLayout()
        compare_row.addWidget(self.inclusive_radio)
        compare_row.addWidget(self.strict_radio)
        compare_row.addStretch(1)
        rows: list[QHBoxLayout] = [threshold_row, compare_row]
        for check, edit in ((self.start_check, self.start_date), (self.end_check, self.end_date)):
            dated = QHBoxLayout()
            dated.addWidget(check)
            dated.addWidget(edit, 1)
            rows.append(dated)
        self.form.addRow(self.captions[0], rows[0])
        self.form.addRow(self.captions[1], rows[1])
        self.form.addRow(self.captions[2], self.double_check)
        self.form.addRow(self.captions[3], rows[2])
        self.form.addRow(self.captions[4], rows[3])
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(680)

    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("开始{round}:{topic}").format(
                round=round_name(self.round_no), topic=round_topic(self.round_no)
            )
        )
        texts = [
            self.tr("通过比例"),
            self.tr("比较方式"),
            self.tr("双过半"),
            self.tr("开始日期"),
            self.tr("结束日期"),
        ]
        for label, text in zip(self.captions, texts, strict=True):
            label.setText(text)
        index = self.threshold_combo.currentIndex()
        self.threshold_combo.blockSignals(True)
        self.threshold_combo.clear()
        self.threshold_combo.addItems([percent_text(f) for f in PRESETS] + [self.tr("自定义")])
        self.threshold_combo.setCurrentIndex(max(index, 0))
        self.threshold_combo.blockSignals(False)
        self.custom_edit.setPlaceholderText(self.tr("如 90%、3/4 或 0.85"))
        self.custom_edit.setVisible(self.threshold_combo.currentIndex() == len(PRESETS))
        self.inclusive_radio.setText(self.tr("以上(含本数,≥)"))
        self.strict_radio.setText(self.tr("超过(不含本数,>)"))
        self.double_check.setText(self.tr("同意户数和同意户建筑面积都须达到该比例"))
        self.start_check.setText(self.tr("写明"))
        self.end_check.setText(self.tr("写明"))
        self.open_button.setText(self.tr("开始征询"))
        self._show_summary()

    def _threshold_chosen(self, index: int) -> None:
        self.custom_edit.setVisible(index == len(PRESETS))
        self._show_summary()

    def rule(self) -> ConsentRule:
        index = self.threshold_combo.currentIndex()
        threshold = (
            PRESETS[index] if index < len(PRESETS) else parse_threshold(self.custom_edit.text())
        )
        return ConsentRule(
            threshold, self.inclusive_radio.isChecked(), self.double_check.isChecked()
        )

    def _show_summary(self) -> None:
        try:
            self.summary.setText(rule_text(self.rule()))
            self.error.clear()
        except SurveyAppError as error:
            self.summary.setText("")
            if self.custom_edit.text():
                self.error.setText(_error(error))

    def dates(self) -> tuple[date | None, date | None]:
        starts = self.start_date.date().toPython() if self.start_check.isChecked() else None
        ends = self.end_date.date().toPython() if self.end_check.isChecked() else None
        return starts, ends  # type: ignore[return-value]

    def open_round(self) -> RoundState | None:
        try:
            starts, ends = self.dates()
            self.opened = open_round(
                store=self.store,
                compound=self.compound,
                round_no=self.round_no,
                rule=self.rule(),
                starts=starts,
                ends=ends,
            )
        except SurveyAppError as error:
            self.error.setText(_error(error))
            return None
        self.accept()
        return self.opened

    @classmethod
    def ask(cls, parent: QWidget | None, store: Store, compound: str, round_no: int) -> bool:
        return cls(store, compound, round_no, parent).exec() == QDialog.DialogCode.Accepted


class CloseRoundDialog(OfficeDialog):
    """Closing freezes the tally: the dialog shows it and its fingerprint before confirming."""

    def __init__(self, store: Store, compound: str, round_no: int, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.store, self.compound, self.round_no = store, compound, round_no
        self.closed: RoundState | None = None
        preview = close_preview(store=store, compound=compound, round_no=round_no)
        self.preview = preview
        self.tally, self.fingerprint = preview.tally, preview.fingerprint
        self.headline = QLabel()
        self.headline.setObjectName("progressHeadline")
        self.grid = QGridLayout()
        self.cells: list[tuple[QLabel, QLabel]] = []
        for row in range(9):
            pair = (QLabel(), QLabel())
            pair[1].setObjectName("chip")
            pair[1].setWordWrap(True)
            self.grid.addWidget(pair[0], row, 0)
            self.grid.addWidget(pair[1], row, 1)
            self.cells.append(pair)
        self.fingerprint_label = QLabel(self.fingerprint)
        self.fingerprint_label.setWordWrap(True)
        self.fingerprint_label.setStyleSheet("font-family: monospace;")
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button.setObjectName("primary")
        self.close_button.clicked.connect(self.close_round)
        self.buttons.rejected.connect(self.reject)
        # Closing freezes the result for good: Enter goes back, only a click closes.
        self.close_button.setAutoDefault(False)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(self.grid)
        self.fingerprint_caption = QLabel()
        layout.addWidget(self.fingerprint_caption)
        layout.addWidget(self.fingerprint_label)
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.retranslate()

    def retranslate(self) -> None:
        t, c = self.tally, self.tally.counts
        self.setWindowTitle(self.tr("结束征询"))
        self.headline.setText(
            self.tr("{code} {round}:最终结果").format(
                code=self.compound, round=round_name(self.round_no)
            )
        )
        verdict = self.tr("达到通过比例") if t.passed else self.tr("未达到 → 暂缓改造")
        rows = [
            (self.tr("应征询户数"), str(c.eligible)),
            (outcome_text("agree"), str(c.agree)),
            (outcome_text("disagree"), str(c.disagree)),
            (outcome_text("abstain"), str(c.abstain)),
            (outcome_text("no_response"), str(c.no_response)),
            (outcome_text("pending"), str(c.pending)),
            (self.tr("同意率"), f"{t.rate}%"),
            (self.tr("通过比例"), rule_text(t.rule)),
            (self.tr("结论"), verdict),
        ]
        for (caption, value), (left, right) in zip(rows, self.cells, strict=True):
            left.setText(caption)
            right.setText(value)
        self.fingerprint_caption.setText(self.tr("结果指纹(SHA-256,随结果一并冻结):"))
        self.warning.setText(
            self.early_text()
            + self.silent_text()
            + self.tr(
                "结束后本轮结果即冻结:之后收到的意见(如迟到的同步)会保留并标为逾期,但不再计入。"
            )
            + (
                self.tr(" 仍有 %n 户待核实,结束后将按“未同意”计。", "", c.pending)
                if c.pending
                else ""
            )
        )
        self.close_button.setText(self.tr("确认结束"))

    def early_text(self) -> str:
        ends = self.preview.early_end
        if ends is None:
            return ""
        return self.tr("注意:本轮公布的截止日期 {ends} 尚未到(今天 {today})。").format(
            ends=ends, today=today().isoformat()
        )

    def silent_text(self) -> str:
        silent = self.preview.silent
        if not silent:
            return ""
        text = self.tr(
            "注意:%n 台已登记的笔记本还没有本轮的意见同步到本机({names}),可能还有未同步的意见。",
            "",
            len(silent),
        )
        return text.format(names=self.tr("、").join(silent))

    def close_round(self) -> RoundState | None:
        try:
            self.closed = close_round(
                store=self.store, compound=self.compound, round_no=self.round_no
            ).state
        except SurveyAppError as error:
            self.error.setText(_error(error))
            return None
        self.accept()
        return self.closed

    @classmethod
    def ask(cls, parent: QWidget | None, store: Store, compound: str, round_no: int) -> bool:
        return cls(store, compound, round_no, parent).exec() == QDialog.DialogCode.Accepted


def can_open(store: Store, compound: str, round_no: int) -> bool:
    return round_state(store=store, compound=compound, round_no=round_no).status is (
        RoundStatus.NOT_OPENED
    )
