"""删除个人信息: the office erases one household's personal data on request. The household
stays on the roster and its votes still count; each copy loses the data at its next sync.
Cancel is the default, so Enter never erases."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QVBoxLayout, QWidget

from survey_app.actions.erasure import erase_personal_data
from survey_app.core.errors import SurveyAppError
from survey_app.core.privacy import ERASED_NAME
from survey_app.store.database import Store
from survey_app.store.erasure import ErasureReport
from survey_app.store.households import Household, households_of
from survey_app.ui.base.words import error_text
from survey_app.ui.office.common import CancelFirstDialog, error_label


class EraseHouseholdDialog(CancelFirstDialog):
    def __init__(self, store: Store, compound: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.compound = store, compound
        self.report: ErasureReport | None = None
        self.households: list[Household] = households_of(store=store, compound=compound)
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.household_combo = QComboBox()
        for h in self.households:
            self.household_combo.addItem(_label(h), h.id)
        self.warning = error_label()
        self.error = error_label()
        self.erase_button = self.cancel_default_buttons(self.erase)
        layout = QVBoxLayout(self)
        for widget in (self.question, self.household_combo, self.warning, self.error):
            layout.addWidget(widget)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.retranslate()
        self.household_combo.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("删除个人信息"))
        self.question.setText(
            self.tr("删除哪一户的个人信息?(小区 {compound})").format(compound=self.compound)
        )
        self.warning.setText(
            self.tr(
                "将删除这一户的户主姓名、电话、备注、签字人、签名图片和调查中的文字回答,无法恢复。"
                "这一户仍在名册中,地址和意见照常计入统计。其他电脑和中心文件在下次同步时删除。"
                "此前导出或打印的文件不受影响。"
            )
        )
        self.erase_button.setText(self.tr("删除个人信息"))
        self.cancel_button.setText(self.tr("取消"))

    def select(self, household_id: str) -> None:
        self.household_combo.setCurrentIndex(self.household_combo.findData(household_id))

    def chosen(self) -> Household | None:
        index = self.household_combo.currentIndex()
        return self.households[index] if 0 <= index < len(self.households) else None

    def erase(self) -> None:
        household = self.chosen()
        if household is None:
            return
        try:
            self.report = erase_personal_data(store=self.store, household=household)
        except SurveyAppError as error:
            self.error.setText(error_text(error))
            return
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, store: Store, compound: str, household: str | None = None
    ) -> ErasureReport | None:
        dialog = cls(store, compound, parent)
        if household is not None:
            dialog.select(household)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.report


def _label(household: Household) -> str:
    head = household.head or ""
    return f"{household.address}  {head}" if head and head != ERASED_NAME else household.address
