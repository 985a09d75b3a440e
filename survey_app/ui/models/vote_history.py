"""A household's votes in one round, newest first: what is in force and what it replaced."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from survey_app.core.clock import shown_time
from survey_app.core.privacy import mask_phone
from survey_app.store.voids import VoidRow
from survey_app.store.votes import VoteRow
from survey_app.ui.base import style
from survey_app.ui.base.words import channel_text, outcome_label, relation_text
from survey_app.ui.models.rows import Index, RowsTableModel

VOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class VoteHistoryModel(RowsTableModel):
    COLUMNS = 7

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[VoteRow] = []
        self._current: set[str] = set()
        self._voids: dict[str, VoidRow] = {}

    def load(
        self, rows: list[VoteRow], current: set[str], voids: list[VoidRow] | None = None
    ) -> None:
        """`rows` oldest first (as the store gives them); `current`: the ids in force;
        `voids`: the standing voids, whose votes are shown struck through with the reason."""
        self.beginResetModel()
        self.rows = list(reversed(rows))
        self._current = set(current)
        self._voids = {v.vote: v for v in voids or []}
        self.endResetModel()

    def void_of(self, row: int) -> VoidRow | None:
        return self._voids.get(self.rows[row].id)

    def vote(self, row: int) -> VoteRow:
        return self.rows[row]

    def headers(self) -> list[str]:
        return [
            self.tr("状态"),
            self.tr("意见"),
            self.tr("签字人"),
            self.tr("关系"),
            self.tr("方式"),
            self.tr("时间"),
            self.tr("备注"),
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        vote = self.rows[index.row()]
        in_force = vote.id in self._current
        if role == VOTE_ID_ROLE:
            return vote.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(vote, index.column(), in_force)
        voided = vote.id in self._voids
        if role == Qt.ItemDataRole.FontRole and (in_force or voided):
            font = QFont()
            font.setBold(in_force)
            font.setStrikeOut(voided and 0 < index.column() < 6)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if index.column() == 1:
                return QBrush(style.outcome_colors(vote.choice.value)[0])
            return None if in_force else QBrush(QColor(style.NOT_VISITED))
        return None

    def _text(self, vote: VoteRow, column: int, in_force: bool) -> str:
        void = self._voids.get(vote.id)
        if column == 0:
            if void is not None:
                return self.tr("已作废")
            return self.tr("当前") if in_force else self.tr("已替换")
        if column == 1:
            return outcome_label(vote.choice.value)
        if column == 2:
            signer = vote.signer or ""
            return f"{signer} ✍" if vote.has_signature else signer
        if column == 3:
            return relation_text(vote.relation)
        if column == 4:
            number = mask_phone(vote.called_number)
            return f"{channel_text(vote.channel)} {number}".strip()
        if column == 5:
            return shown_time(vote.created_at)
        if void is not None:
            who = void.surveyor or void.device_name or ""
            voided = self.tr("作废:{reason}({who},{time})").format(
                reason=void.reason, who=who, time=shown_time(void.created_at))  # fmt: skip
            return f"{voided} {vote.note}" if vote.note else voided
        return vote.note or ""
