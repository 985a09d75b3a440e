"""The household page's visit strip: record a visit that gave no opinion (无人在家, 改日再访
with the day agreed, 拒绝入户, 空置) and see the last one.

All by keyboard: Alt+J reaches the outcome (↑/↓ choose it), Enter records, or for 改日再访
moves to the day and then records. These keys act only here: nothing in this strip chooses
or records an opinion, and the vote panel's Alt+1/2/3 act only inside that panel.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from survey_app.actions.visits import VisitRow, household_visits, record_visit
from survey_app.core.clock import shown_time, today
from survey_app.core.errors import SurveyAppError
from survey_app.core.visits import VisitOutcome
from survey_app.store.households import Household
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.base.words import error_text, visit_text
from survey_app.ui.field.workspace import Workspace

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class VisitBar(Retranslating, QWidget):
    recorded = Signal(object)
    """A visit was recorded (the VisitRow)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.household: Household | None = None
        self.caption = QLabel()
        self.outcome_combo = QComboBox()
        self.outcome_combo.setObjectName("visitOutcome")
        for outcome in VisitOutcome:
            self.outcome_combo.addItem("", outcome)
        self.caption.setBuddy(self.outcome_combo)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.note_edit = QLineEdit()
        self.note_edit.setMinimumWidth(150)
        self.record_button = QPushButton()
        self.record_button.clicked.connect(self.record)
        self.last = QLabel()
        """The last visit, in words: the page shows it in its top row, beside the chips."""
        self.last.setObjectName("chip")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.hide()
        for widget in (self.outcome_combo, self.date_edit, self.note_edit, self.record_button):
            widget.installEventFilter(self)
        self.outcome_combo.currentIndexChanged.connect(self._update)
        self._lay_out()
        self.retranslate()
        self.clear_form()

    def _lay_out(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        for widget in (self.caption, self.outcome_combo, self.date_edit):
            layout.addWidget(widget)
        layout.addWidget(self.note_edit, 1)
        layout.addWidget(self.record_button)
        layout.addWidget(self.error)
        for first, second in (
            (self.outcome_combo, self.date_edit),
            (self.date_edit, self.note_edit),
            (self.note_edit, self.record_button),
        ):
            QWidget.setTabOrder(first, second)

    def retranslate(self) -> None:
        self.caption.setText(self.tr("走访结果(&J)"))
        for index, outcome in enumerate(VisitOutcome):
            self.outcome_combo.setItemText(index, visit_text(outcome))
        self.outcome_combo.setPlaceholderText(self.tr("未表态时记录…"))
        self.outcome_combo.setToolTip(
            self.tr("住户没有表态时记录走访结果(不计入意见);Alt+J 转到这里,↑↓ 选择,回车记录")
        )
        self.date_edit.setToolTip(self.tr("约定再访的日期"))
        self.note_edit.setPlaceholderText(self.tr("走访备注(可不填)"))
        self.record_button.setText(self.tr("记录走访"))
        self._show_last()

    def show_household(self, household: Household) -> None:
        if self.household is None or household.id != self.household.id:
            self.clear_form()
        self.household = household
        self._show_last()

    def clear_form(self) -> None:
        self.outcome_combo.setCurrentIndex(-1)
        tomorrow = today()
        self.date_edit.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day).addDays(1))
        self.note_edit.clear()
        self._show_error("")
        self._update()

    def outcome(self) -> VisitOutcome | None:
        index = self.outcome_combo.currentIndex()
        return None if index < 0 else list(VisitOutcome)[index]

    def _update(self) -> None:
        come_back = self.outcome() is VisitOutcome.COME_BACK
        self.date_edit.setVisible(come_back)
        self.record_button.setEnabled(self.outcome() is not None)
        self._show_error("")

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _show_last(self) -> None:
        visits = household_visits(store=self.workspace.store, household=self.household.id) if (
            self.household) else []  # fmt: skip
        if not visits:
            self.last.setText(self.tr("尚无走访记录"))
            return
        last = visits[-1]
        text = self.tr("上次:{outcome} · {time}").format(
            outcome=visit_text(last.outcome), time=shown_time(last.created_at)
        )
        if last.come_back_on:
            text += self.tr(" · 约定 {day} 再访").format(day=last.come_back_on)
        if len(visits) > 1:
            text += self.tr("(共 {n} 次)").format(n=len(visits))
        self.last.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in ENTER_KEYS
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            if watched is self.outcome_combo and self.outcome() is VisitOutcome.COME_BACK:
                self.date_edit.setFocus(Qt.FocusReason.TabFocusReason)
            else:
                self.record()
            return True
        return super().eventFilter(watched, event)

    def record(self) -> VisitRow | None:
        outcome = self.outcome()
        if self.household is None or outcome is None:
            self._show_error(self.tr("请先选择走访结果"))
            return None
        day = self.date_edit.date().toPython() if outcome is VisitOutcome.COME_BACK else None
        try:
            row = record_visit(
                store=self.workspace.store,
                household=self.household,
                outcome=outcome,
                come_back_on=day,  # type: ignore[arg-type]
                note=self.note_edit.text(),
            )
        except SurveyAppError as error:
            self._show_error(error_text(error))
            return None
        self.clear_form()
        self._show_last()
        self.outcome_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        self.recorded.emit(row)
        self.workspace.notify_household(self.household.id)
        return row
