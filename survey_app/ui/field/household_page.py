"""The household page: the address in large type, its state per round, and one tab each for
the rounds' votes, the needs survey and the roster profile."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from survey_app.core.votes import Channel
from survey_app.store.compounds import find_compound
from survey_app.store.household_status import HouseholdStatus, household_status
from survey_app.store.households import Household
from survey_app.store.rounds import ROUNDS, round_state
from survey_app.ui.base import style
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.base.words import (
    address_words,
    outcome_label,
    round_name,
    round_state_text,
    tenure_text,
)
from survey_app.ui.field.survey_view import SurveyView
from survey_app.ui.field.visit_bar import VisitBar
from survey_app.ui.field.vote_panel import VotePanel
from survey_app.ui.field.workspace import Workspace

PAGES = ("round1", "round2", "survey", "profile")


class ProfileView(Retranslating, QWidget):
    """The household as the roster has it."""

    FIELDS = ("id", "address", "head", "phone", "area", "tenure", "eligible", "note")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.household: Household | None = None
        self.form = QFormLayout(self)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.captions = {name: QLabel() for name in self.FIELDS}
        self.values = {name: QLabel() for name in self.FIELDS}
        for name in self.FIELDS:
            self.values[name].setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[name].setWordWrap(True)
            self.form.addRow(self.captions[name], self.values[name])
        self.retranslate()

    def show_household(self, household: Household) -> None:
        self.household = household
        self.retranslate()

    def retranslate(self) -> None:
        captions = {
            "id": self.tr("住户编号"),
            "address": self.tr("地址"),
            "head": self.tr("户主"),
            "phone": self.tr("电话"),
            "area": self.tr("建筑面积"),
            "tenure": self.tr("性质"),
            "eligible": self.tr("应征询"),
            "note": self.tr("备注"),
        }
        for name, text in captions.items():
            self.captions[name].setText(text)
        h = self.household
        if h is None:
            return
        values = {
            "id": h.id,
            "address": self.tr("{address}({words})").format(
                address=h.address, words=address_words(h)
            ),
            "head": h.head or "—",
            "phone": h.phone or "—",
            "area": self.tr("{area} 平方米").format(area=h.area) if h.area else "—",
            "tenure": tenure_text(h.tenure) or "—",
            "eligible": self.tr("是") if h.eligible else self.tr("否(不计入应征询户数)"),
            "note": h.note or "—",
        }
        for name, text in values.items():
            self.values[name].setText(text)


class HouseholdPage(Retranslating, QWidget):
    closed = Signal()
    """The surveyor left the page (Esc): back to the progress view."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.household: Household | None = None
        self.address = QLabel()
        self.address.setObjectName("address")
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.chips = {n: QLabel() for n in (*ROUNDS, 0)}
        self.visit_bar = VisitBar(workspace)
        self.tabs = QTabWidget()
        self.vote_panels = {n: VotePanel(workspace, n) for n in ROUNDS}
        self.survey_view = SurveyView(workspace)
        self.profile_view = ProfileView()
        for panel in self.vote_panels.values():
            self.tabs.addTab(panel, "")
        self.tabs.addTab(self.survey_view, "")
        self.tabs.addTab(self.profile_view, "")
        self._lay_out()
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.closed)
        workspace.household_changed.connect(self._on_household_changed)
        self.retranslate()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.address)
        top.addStretch(1)
        top.addWidget(self.visit_bar.last, 0, Qt.AlignmentFlag.AlignBottom)
        self.visit_bar.last.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for chip in self.chips.values():
            chip.setObjectName("chip")
            chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
            top.addWidget(chip, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        second = QHBoxLayout()  # the visit strip beside the details: the page fits 768 high
        second.addWidget(self.details, 1)
        second.addWidget(self.visit_bar, 0)
        layout.addLayout(second)
        layout.addSpacing(4)
        layout.addWidget(self.tabs, 1)

    def retranslate(self) -> None:
        for number, panel in self.vote_panels.items():
            self.tabs.setTabText(
                self.tabs.indexOf(panel),
                self.tr("{round} 征询意见").format(round=round_name(number)),
            )
        self.tabs.setTabText(self.tabs.indexOf(self.survey_view), self.tr("需求调查"))
        self.tabs.setTabText(self.tabs.indexOf(self.profile_view), self.tr("住户信息"))
        self._show_header()

    def show_household(
        self, household: Household, *, round_no: int | None = None, channel: Channel | None = None,
        page: str | None = None,
    ) -> None:  # fmt: skip
        self.household = household
        for panel in self.vote_panels.values():
            panel.show_household(household, channel=channel)
        self.survey_view.show_household(household)
        self.profile_view.show_household(household)
        self.visit_bar.show_household(household)
        self._show_header()
        self.show_page(page or f"round{round_no or self.workspace.round_no}")

    def show_page(self, page: str) -> None:
        widgets = {
            "round1": self.vote_panels[1],
            "round2": self.vote_panels[2],
            "survey": self.survey_view,
            "profile": self.profile_view,
        }
        widget = widgets.get(page, self.vote_panels[1])
        self.tabs.setCurrentWidget(widget)
        if isinstance(widget, VotePanel):
            widget.focus_first()

    def page(self) -> str:
        return PAGES[self.tabs.currentIndex()]

    def votes_in_progress(self) -> list[VotePanel]:
        """The round panels with a vote chosen or signed but not recorded."""
        return [panel for panel in self.vote_panels.values() if panel.vote_in_progress()]

    def save_drafts_now(self) -> None:
        self.survey_view.save_draft_now()
        for panel in self.vote_panels.values():
            panel.save_draft_now()

    def forget_household(self) -> None:
        """Another database is opened: keep this one's drafts in it, then show nobody, so no
        draft is written into the other database."""
        self.save_drafts_now()
        self.household = None
        self.survey_view.household = None
        self.visit_bar.household = None
        for panel in self.vote_panels.values():
            panel.household = None

    def _on_household_changed(self, household: str) -> None:
        if self.household is not None and household == self.household.id:
            for panel in self.vote_panels.values():
                panel.refresh()
            self.visit_bar.show_household(self.household)
            self._show_header()

    def _show_header(self) -> None:
        h = self.household
        if h is None:
            return
        store = self.workspace.store
        compound = find_compound(store=store, code=h.compound)
        name = compound.name if compound else h.compound
        self.address.setText(h.address)
        head = self.tr("户主 {head}").format(head=h.head) if h.head else self.tr("户主未登记")
        self.details.setText(
            self.tr("{name}({code})· {address} · {head}").format(
                name=name, code=h.compound, address=address_words(h), head=head
            )
        )
        status = household_status(store=store, compound=h.compound, household=h.id)
        for number in ROUNDS:
            self._show_round_chip(number, status)
        self._show_survey_chip(status)

    def _show_round_chip(self, number: int, status: HouseholdStatus) -> None:
        assert self.household is not None
        chip = self.chips[number]
        state = round_state(
            store=self.workspace.store, compound=self.household.compound, round_no=number
        )
        kind = status.outcome(number)
        from survey_app.core.tally import RoundStatus

        if state.status is RoundStatus.NOT_OPENED:
            chip.setText(
                self.tr("{round}:{state}").format(
                    round=round_name(number), state=round_state_text(state.status)
                )
            )
            chip.setStyleSheet("color: #757575;")
            return
        chip.setText(
            self.tr("{round}:{state}").format(round=round_name(number), state=outcome_label(kind))
        )
        fg, bg = style.outcome_colors(kind)
        chip.setStyleSheet(f"color: {fg.name()}; background: {bg.name() if bg else 'white'};")

    def _show_survey_chip(self, status: HouseholdStatus) -> None:
        chip = self.chips[0]
        if status.surveyed:
            chip.setText(self.tr("调查:✓ 已提交"))
            fg, bg = style.SURVEYED_COLORS
        elif status.draft:
            chip.setText(self.tr("调查:✎ 草稿"))
            fg, bg = style.DRAFT_COLORS
        else:
            chip.setText(self.tr("调查:未填写"))
            fg, bg = "#757575", "white"
        chip.setStyleSheet(f"color: {fg}; background: {bg};")
