"""Leaving a household whose vote is chosen or signed but not recorded: ask what to do."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget


class LeaveChoice(Enum):
    RECORD = "record"
    """Go to the confirm step and record the vote; leave only once it is recorded."""
    KEEP_DRAFT = "keep_draft"
    """Leave; the vote stays a draft, restored when the household is reopened."""
    DISCARD = "discard"
    STAY = "stay"


class LeaveVoteBox(QMessageBox):
    @classmethod
    def ask(cls, parent: QWidget | None, address: str) -> LeaveChoice:
        """What the surveyor wants done with the unsaved vote. Tests monkeypatch this."""
        box = cls(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(box.tr("意见尚未记录"))
        box.setText(box.tr("{address} 的意见已选择或已签名,但还没有记录。").format(address=address))
        box.setInformativeText(box.tr("离开本户前,请选择如何处理这份意见。"))
        buttons: dict[QPushButton, LeaveChoice] = {
            box.addButton(box.tr("记录意见…"), QMessageBox.ButtonRole.AcceptRole): (
                LeaveChoice.RECORD
            ),
            box.addButton(box.tr("保留草稿,稍后再记"), QMessageBox.ButtonRole.ActionRole): (
                LeaveChoice.KEEP_DRAFT
            ),
            box.addButton(box.tr("放弃这份意见"), QMessageBox.ButtonRole.DestructiveRole): (
                LeaveChoice.DISCARD
            ),
        }
        stay = box.addButton(box.tr("留在本户"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        clicked = box.clickedButton()
        return next((c for b, c in buttons.items() if b is clicked), LeaveChoice.STAY)
