"""The needs survey (入户需求调查) of a household, rendered from the XLSForm."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from survey_app.store.households import Household
from survey_app.ui.workspace import Workspace


class SurveyView(QWidget):
    """Placeholder until the forms engine (survey_app.forms) is on main."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.household: Household | None = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        self.retranslate()

    def show_household(self, household: Household) -> None:
        self.household = household

    def retranslate(self) -> None:
        self.message.setText(self.tr("需求调查表尚未安装。"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
