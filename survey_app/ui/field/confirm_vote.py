"""The confirm step: shows exactly what will be recorded before a vote is written."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survey_app.core.clock import shown_time
from survey_app.core.privacy import mask_phone
from survey_app.core.roster import normalise_phone
from survey_app.core.votes import Channel, Choice, Relation
from survey_app.store.households import Household
from survey_app.store.votes import VoteRow
from survey_app.ui.base import style
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.base.words import (
    address_words,
    channel_text,
    outcome_label,
    relation_text,
    round_name,
    round_topic,
)


@dataclass(frozen=True)
class PendingVote:
    """A vote as the panel would record it, with the votes it will replace."""

    household: Household
    compound_name: str
    round_no: int
    choice: Choice
    signer: str
    relation: Relation
    channel: Channel
    note: str
    signature_png: bytes | None
    replaces: tuple[VoteRow, ...] = ()
    called_number: str = ""
    """Channel phone: the number called."""


class ConfirmVoteDialog(Retranslating, QDialog):
    def __init__(self, vote: PendingVote, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vote = vote
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("address")
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.choice_label = QLabel()
        self.choice_label.setObjectName("bigHeadline")
        fg, bg = style.outcome_colors(vote.choice.value)
        self.choice_label.setStyleSheet(
            f"color: {fg.name()}; background: {bg.name() if bg else 'none'};"
            "padding: 6px 14px; border-radius: 6px;"
        )
        self.form = QFormLayout()
        self.signer_label, self.channel_label, self.note_label = QLabel(), QLabel(), QLabel()
        self.note_label.setWordWrap(True)
        self.signature = QLabel()
        self.signature.setFrameShape(QFrame.Shape.StyledPanel)
        self._rows = [QLabel() for _ in range(4)]
        for caption, value in zip(
            self._rows,
            (self.signer_label, self.channel_label, self.note_label, self.signature),
            strict=True,
        ):
            self.form.addRow(caption, value)
        self.replacing = QLabel()
        self.replacing.setWordWrap(True)
        self.replacing.setObjectName("banner")
        self.replacing.setProperty("tone", "closed")
        self.buttons = QDialogButtonBox()
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("primary")
        self.back_button = QPushButton()
        self.back_button.setObjectName("secondary")
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for widget in (self.heading, self.where, self.choice_label):
            layout.addWidget(widget)
        layout.addLayout(self.form)
        layout.addWidget(self.replacing)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self.confirm_button.setDefault(True)
        self.confirm_button.setFocus()
        self.retranslate()

    def retranslate(self) -> None:
        vote = self.vote
        household = vote.household
        self.setWindowTitle(self.tr("确认记录意见"))
        head = household.head or ""
        self.heading.setText(f"{household.address}   {head}".rstrip())
        self.where.setText(
            self.tr("{compound}({code})· {address} · {round} {topic}").format(
                compound=vote.compound_name,
                code=household.compound,
                address=address_words(household),
                round=round_name(vote.round_no),
                topic=round_topic(vote.round_no),
            )
        )
        self.choice_label.setText(
            self.tr("意见:{choice}").format(choice=outcome_label(vote.choice.value))
        )
        captions = [self.tr("签字人"), self.tr("方式"), self.tr("备注"), self.tr("签名")]
        for label, caption in zip(self._rows, captions, strict=True):
            label.setText(caption)
        self.signer_label.setText(
            self.tr("{signer}({relation})").format(
                signer=vote.signer, relation=relation_text(vote.relation)
            )
        )
        number = mask_phone(normalise_phone(vote.called_number))
        self.channel_label.setText(f"{channel_text(vote.channel)} {number}".strip())
        self.note_label.setText(vote.note or "—")
        self._show_signature()
        self.replacing.setVisible(bool(vote.replaces))
        self.replacing.setText(self._replacing_text())
        self.confirm_button.setText(self.tr("确认记录"))
        self.back_button.setText(self.tr("返回修改"))

    def _show_signature(self) -> None:
        png = self.vote.signature_png
        if png is None:
            self.signature.setPixmap(QPixmap())
            self.signature.setText(self.tr("无签名"))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(png)
        self.signature.setPixmap(
            pixmap.scaledToHeight(90, Qt.TransformationMode.SmoothTransformation)
        )

    def _replacing_text(self) -> str:
        earlier = [
            self.tr("{choice}({signer},{time})").format(
                choice=outcome_label(v.choice.value),
                signer=v.signer or self.tr("未记录签字人"),
                time=shown_time(v.created_at),
            )
            for v in self.vote.replaces
        ]
        return self.tr("这将替换此前的意见:{earlier}").format(earlier=self.tr(";").join(earlier))

    @classmethod
    def ask(cls, parent: QWidget | None, vote: PendingVote) -> bool:
        """Show the dialog; True when the surveyor confirmed. Tests monkeypatch this."""
        dialog = cls(vote, parent)
        return dialog.exec() == QDialog.DialogCode.Accepted
