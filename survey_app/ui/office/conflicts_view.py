"""Households awaiting verification: the competing votes side by side (choice, signer,
surveyor, laptop, time, signature) and the verified vote, which replaces all of them; and, in
a second tab, the rule and roster conflicts between office records (rule_conflicts_panel)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from survey_app.actions.votes import conflicts, resolve_conflict
from survey_app.core.clock import shown_time
from survey_app.core.errors import SurveyAppError
from survey_app.core.votes import Channel, Choice
from survey_app.store.database import Store
from survey_app.store.votes import VoteRow, signature_png
from survey_app.sync.conflicts import Conflict
from survey_app.ui.base.layouts import clear_layout
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.base.words import (
    channel_text,
    choice_text,
    error_text,
    outcome_label,
    relation_text,
    round_name,
)
from survey_app.ui.office.common import OfficeDialog, error_label
from survey_app.ui.office.rule_conflicts_panel import RuleConflictsPanel


class VoteCard(Retranslating, QGroupBox):
    """One competing vote."""

    def __init__(self, store: Store, vote: VoteRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vote = vote
        # Only the open data file's own votes were taken on this laptop.
        self.is_this_laptop = vote.device == store.device_id
        self.choice = QLabel()
        self.choice.setObjectName("progressHeadline")
        self.form = QFormLayout()
        self.rows = [(QLabel(), QLabel()) for _ in range(5)]
        for caption, value in self.rows:
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(caption, value)
        self.signature = QLabel()
        self.signature.setFrameShape(QFrame.Shape.Box)
        self.signature.setMinimumSize(240, 110)
        self.signature.setAlignment(Qt.AlignmentFlag.AlignCenter)
        png = signature_png(store=store, vote_id=vote.id)
        self.has_signature = bool(png)
        if png:
            pixmap = QPixmap()
            pixmap.loadFromData(png)
            self.signature.setPixmap(
                pixmap.scaled(
                    240,
                    110,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        layout = QVBoxLayout(self)
        layout.addWidget(self.choice)
        layout.addLayout(self.form)
        layout.addWidget(self.signature)
        self.retranslate()

    def retranslate(self) -> None:
        v = self.vote
        laptop = v.device_name or v.device
        if self.is_this_laptop:
            laptop = self.tr("本机 {device}").format(device=laptop)
        self.setTitle(laptop)
        self.choice.setText(outcome_label(v.choice.value))
        signer = v.signer or "—"
        if v.relation:
            signer += f"({relation_text(v.relation)})"
        texts = [
            (self.tr("签字人"), signer),
            (self.tr("调查员"), v.surveyor or "—"),
            (self.tr("电脑"), v.device_name or v.device),
            (self.tr("时间"), shown_time(v.created_at)),
            (self.tr("方式"), channel_text(v.channel) or "—"),
        ]
        for (caption, value), (left, right) in zip(texts, self.rows, strict=True):
            left.setText(caption)
            right.setText(value)
        if not self.has_signature:
            self.signature.setText(self.tr("(无签名)"))


class ConflictsDialog(OfficeDialog):
    resolved = Signal(str)
    """The household whose verified vote was recorded."""

    def __init__(
        self, store: Store, compound: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.compound = store, compound
        self.conflicts: list[Conflict] = []
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show)
        self.heading = QLabel()
        self.heading.setObjectName("progressHeadline")
        self.cards = QHBoxLayout()
        self.verify_box = QGroupBox()
        self.choice_group = QButtonGroup(self)
        self.choice_buttons: dict[Choice, QRadioButton] = {}
        choice_row = QHBoxLayout()
        for choice in Choice:
            button = QRadioButton()
            self.choice_group.addButton(button)
            self.choice_buttons[choice] = button
            choice_row.addWidget(button)
        choice_row.addStretch(1)
        self.channel_box = QComboBox()
        for channel in Channel:
            self.channel_box.addItem("", channel)
        self.signer_edit = QLineEdit()
        self.note_edit = QLineEdit()
        self.record_button = QPushButton()
        self.record_button.setObjectName("primary")
        self.record_button.clicked.connect(self.record_verified)
        self.error = error_label()
        verify = QFormLayout(self.verify_box)
        self.verify_captions = [QLabel() for _ in range(4)]
        verify.addRow(self.verify_captions[0], choice_row)
        verify.addRow(self.verify_captions[1], self.channel_box)
        verify.addRow(self.verify_captions[2], self.signer_edit)
        verify.addRow(self.verify_captions[3], self.note_edit)
        verify.addRow(self.error)
        verify.addRow(self.record_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.heading)
        right_layout.addLayout(self.cards)
        right_layout.addWidget(self.verify_box)
        right_layout.addStretch(1)
        self.empty = QLabel()
        right_layout.addWidget(self.empty)
        # the competing votes and the verified one scroll together when the dialog is shorter
        # than they are (a 768-pixel-high laptop screen): never squeezed until their text clips
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(right)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(scroller)
        splitter.setSizes([260, 800])
        self.rules = RuleConflictsPanel(store, compound)
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, "")
        self.tabs.addTab(self.rules, "")
        self.rules.settled.connect(lambda _record: self._name_tabs())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        screen = self.screen().availableGeometry().height() if self.screen() else 768
        self.resize(1100, max(480, min(720, screen - 48)))  # the votes and the form, unscrolled
        self.retranslate()
        self.reload()
        if self.rules.conflicts and not self.conflicts:
            self.tabs.setCurrentWidget(self.rules)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("待核实的住户"))
        self.verify_box.setTitle(self.tr("记录核实后的意见(将取代以上各条)"))
        for choice, button in self.choice_buttons.items():
            button.setText(choice_text(choice))
        for index in range(self.channel_box.count()):
            self.channel_box.setItemText(index, channel_text(self.channel_box.itemData(index)))
        for label, text in zip(
            self.verify_captions,
            [self.tr("意见"), self.tr("核实方式"), self.tr("签字人"), self.tr("核实说明")],
            strict=True,
        ):
            label.setText(text)
        self.note_edit.setPlaceholderText(self.tr("如 电话回访户主本人确认"))
        self.record_button.setText(self.tr("记录核实后的意见"))
        self.empty.setText(self.tr("没有待核实的住户。") if not self.conflicts else "")
        self._fill_list()
        self._name_tabs()

    def _name_tabs(self) -> None:
        self.tabs.setTabText(0, self.tr("住户意见冲突 ({n})").format(n=len(self.conflicts)))
        self.tabs.setTabText(1, self.tr("规则/名册冲突 ({n})").format(n=len(self.rules.conflicts)))

    def reload(self) -> None:
        self.conflicts = conflicts(store=self.store, compound=self.compound)
        self._fill_list()
        self.list.setCurrentRow(0 if self.conflicts else -1)
        self._show(self.list.currentRow())
        self.empty.setText(self.tr("没有待核实的住户。") if not self.conflicts else "")
        self._name_tabs()

    def _fill_list(self) -> None:
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for c in self.conflicts:
            item = QListWidgetItem(f"{c.compound}  {c.address} · {round_name(c.round_no)}")
            self.list.addItem(item)
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)

    def current(self) -> Conflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show(self, _row: int) -> None:
        clear_layout(self.cards)
        conflict = self.current()
        self.verify_box.setEnabled(conflict is not None)
        self.error.clear()
        if conflict is None:
            self.heading.clear()
            return
        self.heading.setText(
            self.tr("{code} {address} · {round}:{n} 条意见互相冲突").format(
                code=conflict.compound,
                address=conflict.address,
                round=round_name(conflict.round_no),
                n=len(conflict.votes),
            )
        )
        for vote in conflict.votes:
            self.cards.addWidget(VoteCard(self.store, vote))

    def card(self, index: int) -> VoteCard:
        item = self.cards.itemAt(index)
        assert item is not None
        widget = item.widget()
        assert isinstance(widget, VoteCard)
        return widget

    def chosen(self) -> Choice | None:
        return next((c for c, b in self.choice_buttons.items() if b.isChecked()), None)

    def chosen_channel(self) -> Channel:
        return Channel(self.channel_box.currentData())

    def record_verified(self) -> VoteRow | None:
        conflict, choice = self.current(), self.chosen()
        if conflict is None:
            return None
        if choice is None:
            self.error.setText(self.tr("请选择核实后的意见"))
            return None
        try:
            vote = resolve_conflict(
                store=self.store,
                household=conflict.household,
                round_no=conflict.round_no,
                choice=choice,
                signer=self.signer_edit.text().strip() or None,
                channel=self.chosen_channel(),
                note=self.note_edit.text().strip() or self.tr("核实冲突"),
            )
        except SurveyAppError as error:
            self.error.setText(error_text(error))
            return None
        self.signer_edit.clear()
        self.note_edit.clear()
        self.channel_box.setCurrentIndex(0)
        self.reload()
        self.resolved.emit(conflict.household)
        return vote

    @classmethod
    def ask(cls, parent: QWidget | None, store: Store, compound: str | None = None) -> None:
        cls(store, compound, parent).exec()
