"""Rule and roster conflicts (规则/名册冲突): office records for one compound, roster row or
round opening written without seeing each other, side by side, and the version to keep, which
then supersedes all of them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from survey_app.actions.rule_conflicts import keep_version, rule_conflicts
from survey_app.core.clock import shown_time
from survey_app.core.errors import SurveyAppError
from survey_app.store.database import Store
from survey_app.sync.rule_conflicts import RuleConflict, RuleVersion
from survey_app.ui.base.layouts import clear_layout
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.base.words import error_text, round_name, version_text


class VersionCard(Retranslating, QGroupBox):
    """One competing office record: who wrote it, when, what it says, and 'keep this one'."""

    keep = Signal(str)

    def __init__(
        self, conflict: RuleConflict, version: RuleVersion, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.conflict, self.version = conflict, version
        self.says = QLabel()
        self.says.setWordWrap(True)
        self.says.setObjectName("progressHeadline")
        self.says.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rows = [(QLabel(), QLabel()) for _ in range(3)]
        form = QFormLayout()
        for caption, value in self.rows:
            form.addRow(caption, value)
        self.keep_button = QPushButton()
        self.keep_button.clicked.connect(lambda: self.keep.emit(version.record_id))
        layout = QVBoxLayout(self)
        layout.addWidget(self.says)
        layout.addLayout(form)
        layout.addWidget(self.keep_button)
        self.retranslate()

    def retranslate(self) -> None:
        v = self.version
        self.setTitle(v.device_name or v.device)
        self.says.setText(version_text(v.says, self.conflict.differs))
        texts = [
            (self.tr("电脑"), v.device_name or v.device),
            (self.tr("时间"), shown_time(v.created_at)),
            (self.tr("现在"), self.tr("现行(待办公室确认)") if v.in_force else "—"),
        ]
        for (caption, value), (left, right) in zip(texts, self.rows, strict=True):
            left.setText(caption)
            right.setText(value)
        self.keep_button.setText(self.tr("保留这一条"))


class RuleConflictsPanel(Retranslating, QWidget):
    settled = Signal(str)
    """The id of the record that settled a conflict."""

    def __init__(
        self, store: Store, compound: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.compound = store, compound
        self.conflicts: list[RuleConflict] = []
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show)
        self.heading = QLabel()
        self.heading.setObjectName("progressHeadline")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.cards = QHBoxLayout()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        for widget in (self.heading, self.hint):
            right_layout.addWidget(widget)
        right_layout.addLayout(self.cards)
        right_layout.addWidget(self.error)
        right_layout.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([260, 800])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.hint.setText(
            self.tr(
                "两台办公室电脑互不知情地写了不同的内容。在两者都同步后,保留其中一条,"
                "或重新保存小区、重新导入名册、重新开始本轮:新记录取代两者,同步后冲突解除。"
                "在此之前,轮次采用较严的规则。"
            )
        )
        self._fill_list()
        self._show(self.list.currentRow())

    def reload(self) -> None:
        self.conflicts = rule_conflicts(store=self.store, compound=self.compound)
        self._fill_list()
        self.list.setCurrentRow(0 if self.conflicts else -1)
        self._show(self.list.currentRow())

    def _subject(self, conflict: RuleConflict) -> str:
        if conflict.round_no is not None:
            return self.tr("{code} · {round}的规则").format(
                code=conflict.compound, round=round_name(conflict.round_no)
            )
        if conflict.household is not None:
            return self.tr("{code} {address} 的名册").format(
                code=conflict.compound, address=conflict.subject
            )
        return self.tr("小区 {code}").format(code=conflict.compound)

    def _fill_list(self) -> None:
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for conflict in self.conflicts:
            self.list.addItem(self._subject(conflict))
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)

    def current(self) -> RuleConflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show(self, _row: int) -> None:
        clear_layout(self.cards)
        conflict = self.current()
        self.error.clear()
        if conflict is None:
            self.heading.setText(self.tr("没有规则/名册冲突。"))
            return
        self.heading.setText(
            self.tr("{subject}:{n} 条记录互相冲突").format(
                subject=self._subject(conflict), n=len(conflict.versions)
            )
        )
        for version in conflict.versions:
            card = VersionCard(conflict, version)
            card.keep.connect(self.keep)
            self.cards.addWidget(card)

    def card(self, index: int) -> VersionCard:
        item = self.cards.itemAt(index)
        assert item is not None
        widget = item.widget()
        assert isinstance(widget, VersionCard)
        return widget

    def keep(self, record_id: str) -> str | None:
        try:
            kept = keep_version(store=self.store, record_id=record_id)
        except SurveyAppError as error:
            self.error.setText(error_text(error))
            return None
        self.reload()
        self.settled.emit(kept)
        return kept
