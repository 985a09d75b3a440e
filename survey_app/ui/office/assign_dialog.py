"""The compounds a laptop works in, as the office ticks them: a checkable list (Space ticks the
current compound, Enter saves), or every compound, including those created later."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from survey_app.store.compounds import Compound
from survey_app.ui.office.common import OfficeDialog, error_label, fingerprint_label


@dataclass(frozen=True)
class Assigned:
    """What the office chose: the compound codes, or None for every compound."""

    compounds: tuple[str, ...] | None


class AssignDialog(OfficeDialog):
    def __init__(
        self,
        name: str,
        fingerprint: str,
        compounds: list[Compound],
        given: tuple[str, ...] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.fingerprint = fingerprint_label(fingerprint)
        self.all_box = QCheckBox()
        self.all_box.setChecked(given is None)
        self.all_box.toggled.connect(self._update)
        self.list = QListWidget()
        for compound in compounds:
            item = QListWidgetItem(f"{compound.code}  {compound.name}")
            item.setData(Qt.ItemDataRole.UserRole, compound.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = given is not None and compound.code in given
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.error = error_label()
        self.buttons = self.save_cancel_buttons(self._save)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        for widget in (self.question, self.fingerprint, self.all_box, self.list, self.hint,
                       self.error, self.buttons):  # fmt: skip
            layout.addWidget(widget)
        self.setMinimumSize(520, 480)
        self.retranslate()
        self._update()
        (self.all_box if given is None else self.list).setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("分配小区"))
        self.question.setText(
            self.tr("{name} 负责哪些小区?它只接收这些小区的名册、征询和意见。").format(
                name=self.name
            )
        )
        self.all_box.setText(self.tr("全部小区(包括以后新建的小区)"))
        self.hint.setText(
            self.tr(
                "空格键勾选当前小区,回车保存。取消某个小区后,这台电脑下次同步时会删除其他电脑"
                "记录的该小区数据;它自己记录的意见保留(中心文件已有)。"
            )
        )
        self.save_button.setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))

    def _update(self) -> None:
        self.list.setEnabled(not self.all_box.isChecked())
        self.error.clear()

    def ticked(self) -> tuple[str, ...]:
        return tuple(
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.list.item(row) for row in range(self.list.count()))
            if item.checkState() == Qt.CheckState.Checked
        )

    def chosen(self) -> Assigned | None:
        if self.all_box.isChecked():
            return Assigned(None)
        ticked = self.ticked()
        if not ticked:
            self.error.setText(self.tr("请至少勾选一个小区,或选择全部小区。"))
            return None
        return Assigned(ticked)

    def _save(self) -> None:
        if self.chosen() is not None:
            self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        name: str,
        fingerprint: str,
        compounds: list[Compound],
        given: tuple[str, ...] | None,
    ) -> Assigned | None:
        """The compounds chosen; None when the office cancelled."""
        dialog = cls(name, fingerprint, compounds, given, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
