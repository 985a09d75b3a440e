"""One round's panel on the household page: the vote in force, and recording a new one.

同意 / 不同意 / 弃权, signer, relation, channel, note, a signature pad, then a confirm step.
Only Alt+1/2/3 or a click chooses an opinion, and the chosen button then holds the focus:
Enter there goes to the confirm step, Enter on a field moves on (signer → relation →
channel → note → confirm). Enter and Space never change a choice, so a stray key, or a
scanner's trailing Enter, chooses nothing.
A vote in progress (a choice made or a signature drawn) is kept as a draft within half a
second of each change, and restored when the household is reopened.
A round that is not open (or a household not eligible) says so and accepts nothing.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from survey_app.actions.votes import record_vote, void_vote, voidable_votes
from survey_app.core.clock import shown_time
from survey_app.core.errors import SurveyAppError
from survey_app.core.tally import RoundStatus
from survey_app.core.votes import Channel, Choice, Relation, current_heads
from survey_app.store.compounds import find_compound
from survey_app.store.drafts import VoteDraft, discard_vote_draft, load_vote_draft, save_vote_draft
from survey_app.store.households import Household
from survey_app.store.rounds import RoundState, round_state
from survey_app.store.voids import VoidRow, standing_voids
from survey_app.store.votes import VoteRow, vote_rows
from survey_app.ui.base import style
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.base.words import (
    channel_text,
    choice_text,
    error_text,
    outcome_label,
    relation_text,
    round_name,
    round_topic,
    rule_text,
)
from survey_app.ui.field.confirm_vote import ConfirmVoteDialog, PendingVote
from survey_app.ui.field.signature_pad import SignaturePad
from survey_app.ui.field.void_vote import VoidVoteDialog
from survey_app.ui.field.workspace import Workspace
from survey_app.ui.models.vote_history import VoteHistoryModel

SYMBOLS = {Choice.AGREE: "✓", Choice.DISAGREE: "✗", Choice.ABSTAIN: "○"}
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
PRESS_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Select)
"""Keys that press a focused push button: on a choice button they are refused."""
DRAFT_DELAY_MS = 400


class VotePanel(Retranslating, QWidget):
    recorded = Signal(object)
    """A vote was recorded (the VoteRow)."""

    def __init__(self, workspace: Workspace, round_no: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.round_no = round_no
        self.household: Household | None = None
        self.state: RoundState | None = None
        self.history: list[VoteRow] = []
        self.voids: list[VoidRow] = []
        self.has_draft = False
        self._restoring = False
        self._draft_time: str | None = None
        self.draft_timer = QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_DELAY_MS)
        self.draft_timer.timeout.connect(self.save_draft_now)
        self._build()
        self.retranslate()
        self.clear_form()

    # -- building --------------------------------------------------------------
    def _build(self) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.current.setTextFormat(Qt.TextFormat.RichText)
        self.choice_buttons: dict[Choice, QPushButton] = {}
        for number, choice in enumerate(Choice, start=1):
            button = QPushButton()
            button.setObjectName("choice")
            button.setProperty("choice", choice.value)
            button.setCheckable(True)
            button.installEventFilter(self)
            button.clicked.connect(lambda _checked=False, c=choice: self.choose(c))
            self.choice_buttons[choice] = button
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda c=choice: self.choose(c))
        self.signer_edit = QLineEdit()
        self.relation_combo = QComboBox()
        self.channel_combo = QComboBox()
        for relation in Relation:
            self.relation_combo.addItem("", relation)
        for channel in Channel:
            self.channel_combo.addItem("", channel)
        self.relation_combo.currentIndexChanged.connect(self._on_relation)
        self.note_edit = QLineEdit()
        self.number_edit = QLineEdit()
        self.number_edit.setVisible(False)  # shown for 电话核实 only; hidden, it takes no room
        self.channel_combo.currentIndexChanged.connect(self._show_number_field)
        for widget in (self.signer_edit, self.relation_combo, self.channel_combo, self.note_edit,
                       self.number_edit):  # fmt: skip
            widget.installEventFilter(self)
            widget.setMinimumHeight(34)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._captions = [QLabel() for _ in range(4)]
        channel_row = QHBoxLayout()  # the number called sits beside 电话核实: no extra row
        channel_row.addWidget(self.channel_combo, 1)
        channel_row.addWidget(self.number_edit, 1)
        fields: tuple[QWidget | QHBoxLayout, ...] = (
            self.signer_edit, self.relation_combo, channel_row, self.note_edit)  # fmt: skip
        for caption, field, target in zip(
            self._captions,
            fields,
            (self.signer_edit, self.relation_combo, self.channel_combo, self.note_edit),
            strict=True,
        ):
            caption.setBuddy(target)
            self.form.addRow(caption, field)
        self.signature_pad = SignaturePad()
        self.clear_signature_button = QPushButton()
        self.clear_signature_button.clicked.connect(self.signature_pad.clear)
        self.signature_caption = QLabel()
        self.draft_note = QLabel()
        self.draft_note.setWordWrap(True)
        self.draft_note.hide()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.record_button = QPushButton()
        self.record_button.setObjectName("primary")
        self.record_button.setAutoDefault(True)
        self.record_button.clicked.connect(self.record)
        self.history_model = VoteHistoryModel(self)
        self.history_view = QTableView()
        self.history_view.setModel(self.history_model)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.verticalHeader().hide()
        self.history_view.horizontalHeader().setStretchLastSection(True)
        self.history_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.history_caption = QLabel()
        self.void_button = QPushButton()
        self.void_button.setVisible(False)  # shown with a vote history only
        self.void_button.setObjectName("compact")  # beside the history's caption: no taller
        self.void_button.clicked.connect(self.void_selected)
        self.history_view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.history_view.selectionModel().selectionChanged.connect(self._update_void_button)
        self._lay_out()
        self._chain_tabs()
        self._watch_edits()

    def _watch_edits(self) -> None:
        """Every change by the surveyor starts the draft timer."""
        self.signature_pad.changed.connect(self._on_edited)
        self.signer_edit.textEdited.connect(self._on_edited)
        self.note_edit.textEdited.connect(self._on_edited)
        self.relation_combo.currentIndexChanged.connect(self._on_edited)
        self.channel_combo.currentIndexChanged.connect(self._on_edited)

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.banner)
        layout.addWidget(self.current)
        layout.addWidget(self.draft_note)
        self.entry = QWidget()
        entry = QVBoxLayout(self.entry)
        entry.setContentsMargins(0, 0, 0, 0)
        choices = QHBoxLayout()
        for button in self.choice_buttons.values():
            choices.addWidget(button, 1)
        entry.addLayout(choices)
        grid = QGridLayout()
        grid.addLayout(self.form, 0, 0, 2, 1)
        grid.addWidget(self.record_button, 2, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.signature_caption, 0, 1)
        grid.addWidget(self.clear_signature_button, 0, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.signature_pad, 1, 1, 2, 2)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 6)
        entry.addLayout(grid, 1)
        layout.addWidget(self.entry, 1)
        layout.addWidget(self.error)
        history_bar = QHBoxLayout()
        history_bar.addWidget(self.history_caption, 1)
        history_bar.addWidget(self.void_button)
        layout.addLayout(history_bar)
        layout.addWidget(self.history_view)
        layout.addStretch(0)

    def _chain_tabs(self) -> None:
        order = [
            *self.choice_buttons.values(),
            self.signer_edit,
            self.relation_combo,
            self.channel_combo,
            self.number_edit,
            self.note_edit,
            self.record_button,
            self.clear_signature_button,
            self.void_button,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def retranslate(self) -> None:
        for number, (choice, button) in enumerate(self.choice_buttons.items(), start=1):
            button.setText(f"{SYMBOLS[choice]}  {choice_text(choice)}")
            button.setToolTip(self.tr("快捷键 Alt+{n}").format(n=number))
        for index, relation in enumerate(Relation):
            self.relation_combo.setItemText(index, relation_text(relation))
        for index, channel in enumerate(Channel):
            self.channel_combo.setItemText(index, channel_text(channel))
        captions = [
            self.tr("签字人(&S)"),
            self.tr("关系(&R)"),
            self.tr("方式(&W)"),
            self.tr("备注(&N)"),
        ]
        for label, caption in zip(self._captions, captions, strict=True):
            label.setText(caption)
        self.signer_edit.setPlaceholderText(self.tr("签字人姓名"))
        self.note_edit.setPlaceholderText(self.tr("受托人代签时写明委托书情况"))
        self.number_edit.setPlaceholderText(self.tr("电话核实时拨打的号码"))
        self.number_edit.setToolTip(self.tr("拨打号码(&P)").replace("(&P)", ""))
        self.void_button.setText(self.tr("作废…"))
        self.void_button.setToolTip(self.tr("作废记错的意见(如记错户),须写明原因"))
        self.signature_caption.setText(self.tr("签名(用鼠标、手写笔或手指)"))
        self.signature_pad.placeholder = self.tr("请在此处签名")
        self.signature_pad.update()
        self.clear_signature_button.setText(self.tr("清除签名"))
        self.record_button.setText(self.tr("记录意见…"))
        self.history_caption.setText(self.tr("本轮意见记录"))
        self.history_model.retranslate()
        self._show_draft_note(self._draft_time)
        self._show_state()

    # -- showing a household ---------------------------------------------------
    def show_household(self, household: Household, *, channel: Channel | None = None) -> None:
        """Show a household; its vote draft, if any, comes back (a scan's channel wins)."""
        changed = self.household is None or household.id != self.household.id
        if changed:
            self.save_draft_now()
        self.household = household
        self.refresh()
        if changed:
            self.clear_form(channel=channel)
            self._restore_draft(channel)
        elif channel is not None:
            self._set_channel(channel)

    def refresh(self) -> None:
        household = self.household
        if household is None:
            return
        store = self.workspace.store
        self.state = round_state(store=store, compound=household.compound, round_no=self.round_no)
        self.history = vote_rows(store=store, household=household.id, round_no=self.round_no)
        self.voids = standing_voids(store=store, household=household.id, round_no=self.round_no,
                                    cutoff=self.state.cutoff)  # fmt: skip
        self.history_model.load(self.history, {v.id for v in self.in_force()}, self.voids)
        self._show_state()

    def in_force(self) -> list[VoteRow]:
        facts = [v.fact() for v in self.history]
        voided = {v.vote for v in self.voids}
        ids = ({f.id for f in current_heads(facts, self.household.id, voided)}
               if self.household else set())  # fmt: skip
        return [v for v in self.history if v.id in ids]

    def accepts_votes(self) -> bool:
        return (
            self.household is not None
            and self.household.eligible
            and self.state is not None
            and self.state.status is RoundStatus.OPEN
        )

    def _show_state(self) -> None:
        if self.household is None or self.state is None:
            return
        self.banner.setText(self._banner_text())
        tone = "open" if self.accepts_votes() else "closed"
        self.banner.setProperty("tone", tone)
        style.repolish(self.banner)
        self.current.setText(self._current_text())
        enabled = self.accepts_votes()
        for widget in (
            *self.choice_buttons.values(),
            self.signer_edit,
            self.relation_combo,
            self.channel_combo,
            self.note_edit,
            self.signature_pad,
            self.clear_signature_button,
        ):
            widget.setEnabled(enabled)
        self.record_button.setVisible(enabled)
        self.entry.setVisible(enabled)
        self.history_view.setMaximumHeight(120 if enabled else 16777215)
        self._update_record_button()
        self.history_view.setVisible(bool(self.history))
        self.history_caption.setVisible(bool(self.history))
        self._show_number_field()
        self._update_void_button()

    def _banner_text(self) -> str:
        assert self.state is not None and self.household is not None
        name = f"{round_name(self.round_no)} {round_topic(self.round_no)}"
        status = self.state.status
        if not self.household.eligible:
            return self.tr("该户不在应征询范围内,不记录意见。")
        if status is RoundStatus.NOT_OPENED:
            if self.round_no == 2:
                return self.tr(
                    "{name}尚未开始:第1轮结束并达到通过比例后才能开始,现在不能记录意见。"
                ).format(name=name)
            return self.tr("{name}尚未开始,现在不能记录意见。").format(name=name)
        if status is RoundStatus.CLOSED:
            closed = shown_time(self.state.closed_at) if self.state.closed_at else ""
            return self.tr("{name}已于 {time} 结束,不再接受意见。").format(name=name, time=closed)
        ends = self.tr(",截止 {date}").format(date=self.state.ends) if self.state.ends else ""
        return self.tr("{name} · 进行中{ends}\n通过规则:{rule}").format(
            name=name, ends=ends, rule=rule_text(self.state.rule)
        )

    def _current_text(self) -> str:
        heads = self.in_force()
        if not heads:
            return self.tr("<b>当前意见:</b>未表态")
        if len({v.choice for v in heads}) > 1:
            choices = " / ".join(outcome_label(v.choice.value) for v in heads)
            return self.tr(
                "<b>⚠ 待核实:</b>两台设备记录了不同的意见({choices}),计为“未同意”。"
                "请向住户确认后重新记录,新意见将替换这两条。"
            ).format(choices=choices)
        vote = heads[-1]
        text = self.tr("<b>当前意见:{choice}</b> — {signer}({relation},{channel})· {time}").format(
            choice=outcome_label(vote.choice.value),
            signer=vote.signer or self.tr("未记录签字人"),
            relation=relation_text(vote.relation),
            channel=channel_text(vote.channel),
            time=shown_time(vote.created_at),
        )
        earlier = [v for v in self.history if v.id != vote.id]
        if earlier:
            last = earlier[-1]
            text += "<br>" + self.tr("此前的意见:{choice}({signer},{time}),已被替换").format(
                choice=outcome_label(last.choice.value),
                signer=last.signer or self.tr("未记录签字人"),
                time=shown_time(last.created_at),
            )
        return text

    # -- voiding -------------------------------------------------------------------
    def voidable(self) -> list[VoteRow]:
        """The votes in force this laptop may void (its own; any on an office's)."""
        if self.household is None or self.state is None:
            return []
        if self.state.status is not RoundStatus.OPEN:
            return []
        return voidable_votes(store=self.workspace.store, household=self.household,
                              round_no=self.round_no)  # fmt: skip

    def vote_to_void(self) -> VoteRow | None:
        """The selected history row when it may be voided, else the one vote in force that
        may be."""
        voidable = {v.id: v for v in self.voidable()}
        rows = self.history_view.selectionModel().selectedRows()
        if rows:
            return voidable.get(self.history_model.vote(rows[0].row()).id)
        return next(iter(voidable.values())) if len(voidable) == 1 else None

    def _update_void_button(self) -> None:
        self.void_button.setVisible(bool(self.history))
        self.void_button.setEnabled(self.vote_to_void() is not None)

    def void_selected(self) -> VoidRow | None:
        """Ask for the reason, then void the vote in one committed transaction."""
        vote = self.vote_to_void()
        if vote is None or self.household is None:
            return None
        reason = VoidVoteDialog.ask(self, self.household.address, vote)
        if not reason:
            return None
        try:
            void = void_vote(store=self.workspace.store, vote_id=vote.id, reason=reason)
        except SurveyAppError as error:
            self._show_error(error_text(error))
            self.refresh()
            return None
        self.refresh()
        self.workspace.notify_household(self.household.id)
        return void

    # -- the form ------------------------------------------------------------------
    def clear_form(self, *, channel: Channel | None = None) -> None:
        self._restoring = True
        for button in self.choice_buttons.values():
            button.setChecked(False)
        self.relation_combo.setCurrentIndex(0)
        self.signer_edit.setText(self.household.head or "" if self.household else "")
        self._set_channel(channel or Channel.DOOR)
        self.note_edit.clear()
        self.number_edit.clear()
        self.signature_pad.clear()
        self._restoring = False
        self._show_draft_note(None)
        self._show_error("")
        self._update_record_button()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _set_channel(self, channel: Channel) -> None:
        self.channel_combo.setCurrentIndex(list(Channel).index(channel))

    def channel(self) -> Channel:
        return list(Channel)[self.channel_combo.currentIndex()]

    def _show_number_field(self) -> None:
        """The number called shows only for 电话核实."""
        self.number_edit.setVisible(self.channel() is Channel.PHONE)

    def choose(self, choice: Choice) -> None:
        """One choice at a time; each button is its own tab stop (not a radio group). The
        chosen button takes the focus, so the next Enter confirms this choice, never another."""
        chosen = self.choice_buttons[choice]
        if not chosen.isEnabled():
            return
        for other, button in self.choice_buttons.items():
            button.setChecked(other is choice)
        chosen.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._show_error("")
        self._update_record_button()
        self._on_edited()

    def choice(self) -> Choice | None:
        return next((c for c, b in self.choice_buttons.items() if b.isChecked()), None)

    def _on_relation(self, index: int) -> None:
        relation = list(Relation)[index]
        head = self.household.head if self.household else None
        if relation is Relation.SELF:
            self.signer_edit.setText(head or "")
        elif self.signer_edit.text() == head:
            self.signer_edit.clear()

    def _update_record_button(self) -> None:
        self.record_button.setEnabled(self.accepts_votes() and self.choice() is not None)

    def focus_first(self) -> None:
        """Focus the chosen button (a restored draft), else the panel itself: a place where
        Enter, Space and typing do nothing, while Alt+1/2/3 still choose."""
        chosen = self.choice()
        if chosen is not None and self.choice_buttons[chosen].isEnabled():
            self.choice_buttons[chosen].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent):
            on_choice = any(watched is b for b in self.choice_buttons.values())
            if on_choice and event.key() in PRESS_KEYS:
                return self._refuse_press(event)
            if (
                event.type() == QEvent.Type.KeyPress
                and event.key() in ENTER_KEYS
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            ):
                return self._enter_pressed(watched)
        return super().eventFilter(watched, event)

    def _refuse_press(self, event: QKeyEvent) -> bool:
        """Space would press a focused choice button: only Alt+1/2/3 and clicks choose."""
        if event.type() == QEvent.Type.KeyPress:
            self._show_choice_hint()
        return event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)

    def _show_choice_hint(self) -> None:
        self._show_error(self.tr("请按 Alt+1 同意、Alt+2 不同意、Alt+3 弃权,或用鼠标点击选择"))

    def _enter_pressed(self, watched: QObject) -> bool:
        for choice, button in self.choice_buttons.items():
            if watched is button:
                if self.choice() is choice:
                    self.record()
                else:
                    self._show_choice_hint()
                return True
        following = {
            self.signer_edit: self.relation_combo,
            self.relation_combo: self.channel_combo,
            self.channel_combo: self.number_edit
            if self.channel() is Channel.PHONE
            else self.note_edit,
            self.number_edit: self.note_edit,
        }
        for widget, target in following.items():
            if watched is widget:
                target.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        if watched is self.note_edit:
            self.record()
            return True
        return False

    # -- the draft -----------------------------------------------------------------
    def vote_in_progress(self) -> bool:
        """A choice made or a signature drawn, not yet recorded."""
        return self.accepts_votes() and (
            self.choice() is not None or not self.signature_pad.is_empty()
        )

    def _on_edited(self) -> None:
        if not self._restoring:
            self.draft_timer.start()

    def draft(self) -> VoteDraft | None:
        if self.household is None:
            return None
        return VoteDraft(
            household=self.household.id,
            round_no=self.round_no,
            choice=self.choice(),
            signer=self.signer_edit.text(),
            relation=list(Relation)[self.relation_combo.currentIndex()],
            channel=list(Channel)[self.channel_combo.currentIndex()],
            note=self.note_edit.text(),
            strokes=tuple(self.signature_pad.strokes()),
        )

    def save_draft_now(self) -> None:
        """Keep the vote in progress as it is now (on each change, on leaving, on close);
        a form with no choice and no signature keeps no draft."""
        self.draft_timer.stop()
        draft = self.draft()
        if draft is None:
            return
        store = self.workspace.store
        if self.vote_in_progress():
            save_vote_draft(store=store, draft=draft)
            self.has_draft = True
        elif self.has_draft:
            discard_vote_draft(store=store, household=draft.household, round_no=self.round_no)
            self.has_draft = False

    def discard_vote(self) -> None:
        """Drop the vote in progress and its draft."""
        self.draft_timer.stop()
        self.clear_form(channel=list(Channel)[self.channel_combo.currentIndex()])
        if self.household is not None and self.has_draft:
            discard_vote_draft(
                store=self.workspace.store, household=self.household.id, round_no=self.round_no
            )
        self.has_draft = False

    def _restore_draft(self, channel: Channel | None) -> None:
        assert self.household is not None
        draft = load_vote_draft(
            store=self.workspace.store, household=self.household.id, round_no=self.round_no
        )
        self.has_draft = draft is not None
        if draft is None or not self.accepts_votes():
            return
        self._restoring = True
        for choice, button in self.choice_buttons.items():
            button.setChecked(choice is draft.choice)
        self.relation_combo.setCurrentIndex(list(Relation).index(draft.relation))
        self.signer_edit.setText(draft.signer)
        self._set_channel(channel or draft.channel)
        self.note_edit.setText(draft.note)
        self.signature_pad.set_strokes(list(draft.strokes))
        self._restoring = False
        self._update_record_button()
        self._show_draft_note(draft.updated_at)

    def _show_draft_note(self, updated_at: str | None) -> None:
        self._draft_time = updated_at
        text = self.tr("✎ 已恢复尚未记录的意见草稿({time})").format(
            time=shown_time(updated_at)) if updated_at else ""  # fmt: skip
        self.draft_note.setText(text)
        self.draft_note.setVisible(bool(text))

    # -- recording -----------------------------------------------------------------
    def pending_vote(self) -> PendingVote | None:
        """The vote the form describes, or None with the reason shown inline."""
        choice = self.choice()
        household = self.household
        if household is None or choice is None:
            self._show_error(self.tr("请先选择 同意、不同意 或 弃权"))
            return None
        signer = self.signer_edit.text().strip()
        relation = list(Relation)[self.relation_combo.currentIndex()]
        note = self.note_edit.text().strip()
        if not signer:
            self._show_error(self.tr("请填写签字人姓名"))
            self.signer_edit.setFocus()
            return None
        number = self.number_edit.text().strip()
        if self.channel() is Channel.PHONE and not number:
            self._show_error(self.tr("电话核实时,请填写拨打的号码"))
            self.number_edit.setFocus()
            return None
        if relation is Relation.PROXY and not note:
            self._show_error(self.tr("受托人代签时,请在备注中写明委托书情况(委托人、受托人、日期)"))
            self.note_edit.setFocus()
            return None
        compound = find_compound(store=self.workspace.store, code=household.compound)
        return PendingVote(
            household=household,
            compound_name=compound.name if compound else household.compound,
            round_no=self.round_no,
            choice=choice,
            signer=signer,
            relation=relation,
            channel=list(Channel)[self.channel_combo.currentIndex()],
            note=note,
            signature_png=self.signature_pad.to_png(),
            replaces=tuple(self.in_force()),
            called_number=number if self.channel() is Channel.PHONE else "",
        )

    def record(self) -> VoteRow | None:
        """Confirm, then record the vote in one committed transaction."""
        if not self.accepts_votes():
            return None
        pending = self.pending_vote()
        if pending is None or not ConfirmVoteDialog.ask(self, pending):
            return None
        try:
            row = record_vote(
                store=self.workspace.store,
                household=pending.household,
                round_no=pending.round_no,
                choice=pending.choice,
                signer=pending.signer,
                relation=pending.relation,
                channel=pending.channel,
                note=pending.note or None,
                signature_png=pending.signature_png,
                called_number=pending.called_number or None,
            )
        except SurveyAppError as error:
            self._show_error(error_text(error))
            self.refresh()
            return None
        self.draft_timer.stop()
        self.clear_form(channel=pending.channel)
        if self.has_draft:
            discard_vote_draft(
                store=self.workspace.store, household=pending.household.id, round_no=self.round_no
            )
            self.has_draft = False
        self.refresh()
        self.recorded.emit(row)
        self.workspace.notify_household(pending.household.id)
        return row
