"""The needs survey (入户需求调查) of a household, rendered from the shipped XLSForm.

Each change is kept as a draft in the local database within half a second (and at once when
the surveyor leaves the household or closes the window), with the question the surveyor was
at, so a half-filled survey reopens where it was left. Submitting checks the answers and
records them; the draft is then discarded.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from survey_app.core.clock import shown_time
from survey_app.core.errors import SurveyAppError
from survey_app.store.drafts import discard_draft, load_draft, save_draft
from survey_app.store.households import Household
from survey_app.store.survey_answers import current_survey_answer
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.base.translations import paper_language
from survey_app.ui.base.words import error_text
from survey_app.ui.field.workspace import Workspace

if TYPE_CHECKING:  # the form engine is imported when a survey is first shown, not at start
    from survey_app.needs.submit import CarriedOver
    from survey_app.ui.field.survey_form import SurveyForm
    from survey_app.xlsform import Form, FormSession

DRAFT_DELAY_MS = 400


class DiscardDraftBox(QMessageBox):
    @classmethod
    def ask(cls, parent: QWidget | None) -> bool:
        box = cls(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(box.tr("放弃草稿"))
        box.setText(box.tr("放弃这份未提交的调查草稿?已填写的内容将被清除。"))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes


class SurveyView(Retranslating, QWidget):
    print_requested = Signal(object)
    """A PrintRequest: this household's questionnaire on paper (the window shows it)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.household: Household | None = None
        self.form: Form | None = None
        self.session: FormSession | None = None
        self.survey: SurveyForm | None = None
        self.place: str | None = None
        self.has_draft = False
        self._loaded_for: str | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("primary")
        self.submit_button.clicked.connect(self.submit)
        self.discard_button = QPushButton()
        self.discard_button.clicked.connect(self.discard)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_questionnaire)
        self.form_choice: str | None = None
        """The form_id the surveyor chose (None: the needs survey)."""
        self.carried: CarriedOver | None = None
        self.form_combo = QComboBox()
        self.form_combo.activated.connect(self._choose_form)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(DRAFT_DELAY_MS)
        self.save_timer.timeout.connect(self.save_draft_now)
        top = QHBoxLayout()
        top.addWidget(self.form_combo)
        top.addWidget(self.status, 1)
        top.addWidget(self.print_button)
        top.addWidget(self.discard_button)
        top.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll_area, 1)
        self.retranslate()

    def print_questionnaire(self) -> None:
        from survey_app.actions.printing import PrintRequest  # reportlab's side: at first use

        if self.household is not None:
            form = self.form.form_id if self.form is not None else None
            self.print_requested.emit(
                PrintRequest(
                    kind="survey", household=self.household.id, form=form,
                    language=paper_language(),
                )
            )  # fmt: skip

    # -- which household -------------------------------------------------------------
    def show_household(self, household: Household) -> None:
        """Remember the household; the form is drawn when the survey tab is first shown."""
        self.save_draft_now()
        self.household = household
        self._loaded_for = None
        if self.isVisible():
            self.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.household is not None and self._loaded_for != self.household.id:
            self.load()

    def load(self) -> None:
        from survey_app.needs.submit import survey_session
        from survey_app.ui.field.survey_form import SurveyForm, place_from_text
        from survey_app.xlsform import load_answers

        household = self.household
        if household is None:
            return
        try:
            self.form = self.workspace.survey_form(self.form_choice)
            self._show_forms()
        except SurveyAppError as error:
            self._show_unavailable(error_text(error))
            return
        session = survey_session(
            store=self.workspace.store, form=self.form, household=household,
            language=self.form_language(),
        )  # fmt: skip
        draft = load_draft(
            store=self.workspace.store, household=household.id, form=self.form.form_id
        )
        current = current_survey_answer(
            store=self.workspace.store, household=household.id, form_id=self.form.form_id
        )
        self.carried = None
        if draft is not None:
            from survey_app.needs.submit import resume_draft

            self.carried = resume_draft(session, draft.answers, draft.form_version)
            if draft.started_at:
                session.begin_at(dt.datetime.fromisoformat(draft.started_at))
        elif current is not None:
            load_answers(session, current.answers)
        self.has_draft = draft is not None
        self.place = draft.position if draft else None
        self.session = session
        self.survey = SurveyForm(session)
        self.survey.edited.connect(self._on_edited)
        self.survey.focused.connect(self._on_focused)
        self.scroll_area.setWidget(self.survey)
        self._loaded_for = household.id
        self._show_status(current_time=current.created_at if current else None)
        self._show_carried()
        self.discard_button.setVisible(self.has_draft)
        self.submit_button.setEnabled(True)
        where = place_from_text(self.place)
        if where is not None:
            QTimer.singleShot(0, lambda: self._go_to(where))

    def _show_forms(self) -> None:
        """The forms to choose from (shown when there is more than the needs survey)."""
        forms = self.workspace.survey_forms()
        self.form_combo.clear()
        for form in forms:
            self.form_combo.addItem(
                self.tr("{title}({version})").format(
                    title=form.settings.form_title, version=form.version
                ),
                form.form_id,
            )
        if self.form is not None:
            self.form_combo.setCurrentIndex(max(0, self.form_combo.findData(self.form.form_id)))
        self.form_combo.setVisible(len(forms) > 1)

    def _choose_form(self, index: int) -> None:
        chosen = self.form_combo.itemData(index)
        if self.form is not None and chosen == self.form.form_id:
            return
        self.save_draft_now()
        self.form_choice = str(chosen)
        self._loaded_for = None
        self.load()

    def _show_carried(self) -> None:
        carried = self.carried
        if carried is None:
            self.message.hide()
            return
        text = self.tr("此草稿按表单 {old} 版填写,已转为现用的 {new} 版。").format(
            old=carried.old_version or "?", new=carried.new_version
        )
        if carried.dropped:
            text += self.tr("新版本中已没有位置、未转入的回答:{keys}").format(
                keys=", ".join(carried.dropped)
            )
        self.message.setText(text)
        self.message.show()

    def _go_to(self, place: tuple[tuple[tuple[str, int], ...], str]) -> None:
        if self.survey is None:
            return
        target = self.survey.focus_place(place)
        if target is not None:
            self.scroll_area.ensureWidgetVisible(target, 40, 80)

    def _show_unavailable(self, text: str) -> None:
        self.session, self.survey = None, None
        label = QLabel(self.tr("无法打开需求调查表:{error}").format(error=text))
        label.setWordWrap(True)
        self.scroll_area.setWidget(label)
        self.submit_button.setEnabled(False)

    def form_language(self) -> str:
        return "en" if self.workspace.language.startswith("en") else "zh"

    # -- drafts ------------------------------------------------------------------------
    def _on_edited(self) -> None:
        self.save_timer.start()

    def _on_focused(self, place: str) -> None:
        self.place = place
        if self.has_draft:
            self.save_timer.start()

    def save_draft_now(self) -> None:
        """Keep the answers as they are now (called on each change, on leaving, on close)."""
        self.save_timer.stop()
        if self.session is None or self.household is None or self.form is None:
            return
        if not self.has_draft and not self.session.entered:
            return
        if self.survey is not None and self.survey.place_text():
            self.place = self.survey.place_text()
        if not self.has_draft:  # the draft begins with its first entry, not the opening
            self.session.begin_at(self.session.clock())
        save_draft(
            store=self.workspace.store, household=self.household.id, form=self.form.form_id,
            answers=self.session.answers, position=self.place,
            started=self.session.started.isoformat(), form_version=self.form.version,
        )  # fmt: skip
        if not self.has_draft:
            self.has_draft = True
            self.discard_button.show()
            self.workspace.notify_household(self.household.id)
        self._show_status()

    def discard(self) -> None:
        if self.household is None or self.form is None or not DiscardDraftBox.ask(self):
            return
        self.save_timer.stop()
        discard_draft(
            store=self.workspace.store, household=self.household.id, form=self.form.form_id
        )
        self.has_draft = False
        self.session = None
        self.load()
        self.workspace.notify_household(self.household.id)

    # -- submitting ----------------------------------------------------------------------
    def submit(self) -> bool:
        """Check the answers; record them when they are complete, else show what is missing."""
        if (
            self.session is None
            or self.survey is None
            or self.household is None
            or self.form is None
        ):
            return False
        self.survey.show_required = True
        self.survey.refresh()
        first = self.survey.first_problem()
        if first is not None:
            count = len(self.survey.problems())
            self._show_message(self.tr("还有 %n 处需要填写或修改,已标在题目下方", "", count))
            self._go_to(first)
            return False
        from survey_app.actions.surveys import submit_survey
        from survey_app.needs.submit import AnswersRefused

        try:
            submit_survey(
                store=self.workspace.store, form=self.form, household=self.household,
                answers=self.session.finish().answers, language=self.form_language(),
            )  # fmt: skip
        except (AnswersRefused, SurveyAppError) as error:
            self._show_message(error_text(error))
            return False
        self.save_timer.stop()
        self.has_draft = False
        self.place = None
        self.load()
        self.workspace.notify_household(self.household.id)
        return True

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- words -------------------------------------------------------------------------
    def _show_status(self, current_time: str | None = None) -> None:
        if self.has_draft:
            self.status.setText(self.tr("✎ 草稿已自动保存(尚未提交)"))
        elif current_time:
            self.status.setText(
                self.tr("✓ 已于 {time} 提交;修改后可重新提交").format(time=shown_time(current_time))
            )
        else:
            self.status.setText(self.tr("尚未填写。每次修改都会自动保存为草稿。"))

    def retranslate(self) -> None:
        self.submit_button.setText(self.tr("提交调查"))
        self.discard_button.setText(self.tr("放弃草稿"))
        self.print_button.setText(self.tr("打印调查表…"))
        self.print_button.setToolTip(
            self.tr("本户的纸质调查表,预填已录入的回答,带本户二维码:扫码即回到本页录入")
        )
        if self.session is not None and self.survey is not None:
            self.session.language = self.form_language()
            self.survey.retranslate()
            current = None
            if self.household is not None and self.form is not None:
                answer = current_survey_answer(
                    store=self.workspace.store,
                    household=self.household.id,
                    form_id=self.form.form_id,
                )
                current = answer.created_at if answer else None
            self._show_status(current)
        elif self.household is None:
            self.status.setText("")
