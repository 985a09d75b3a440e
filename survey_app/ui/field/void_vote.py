"""The 作废 step: which vote is voided, and why (a reason is required)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survey_app.core.clock import shown_time
from survey_app.store.votes import VoteRow
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.base.words import channel_text, outcome_label


class VoidVoteDialog(Retranslating, QDialog):
    def __init__(self, address: str, vote: VoteRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.address, self.vote = address, vote
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.reason_caption = QLabel()
        self.reason_edit = QLineEdit()
        self.reason_caption.setBuddy(self.reason_edit)
        self.buttons = QDialogButtonBox()
        self.void_button = QPushButton()
        self.void_button.setObjectName("primary")
        self.back_button = QPushButton()
        self.buttons.addButton(self.void_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._update)
        for widget in (self.what, self.reason_caption, self.reason_edit, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(520)
        self.back_button.setDefault(True)  # Enter on an empty reason voids nothing
        self.retranslate()
        self._update()
        self.reason_edit.setFocus()

    def retranslate(self) -> None:
        vote = self.vote
        self.setWindowTitle(self.tr("作废意见"))
        self.what.setText(
            self.tr("作废 {address} 的意见:{choice}({signer},{channel},{time})。"
                    "作废后不再计入统计,记录保留在历史中。").format(
                address=self.address, choice=outcome_label(vote.choice.value),
                signer=vote.signer or self.tr("未记录签字人"),
                channel=channel_text(vote.channel), time=shown_time(vote.created_at),
            )
        )  # fmt: skip
        self.reason_caption.setText(self.tr("作废原因(&R)"))
        self.reason_edit.setPlaceholderText(self.tr("例如:记错户了,应为 3-2-502"))
        self.void_button.setText(self.tr("确认作废"))
        self.back_button.setText(self.tr("取消"))

    def _update(self) -> None:
        has_reason = bool(self.reason_edit.text().strip())
        self.void_button.setEnabled(has_reason)
        self.void_button.setDefault(has_reason)
        self.back_button.setDefault(not has_reason)

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    @classmethod
    def ask(cls, parent: QWidget | None, address: str, vote: VoteRow) -> str | None:
        """Show the dialog; the reason when the vote is to be voided, else None. Tests
        monkeypatch this."""
        dialog = cls(address, vote, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.reason() if accepted and dialog.reason() else None
