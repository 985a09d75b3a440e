"""The Settings dialog: this laptop's identity (its id, role, key fingerprint to read to the
office, its office and whether it is enrolled), the open data file's device name, surveyor
and central file (kept in that file), and the user's language and data file to open at start
(kept by Qt)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survey_app.actions.devices import Identity, identity
from survey_app.core.clock import Zone
from survey_app.store.database import Store
from survey_app.ui.base import settings
from survey_app.ui.base.settings import DataFileSettings
from survey_app.ui.base.translations import LANGUAGES
from survey_app.ui.office.common import OfficeDialog, captioned_form, fingerprint_label
from survey_app.ui.office.roles import role_text


@dataclass(frozen=True)
class ChosenSettings:
    data_file: DataFileSettings
    language: str
    data_path: str
    time_zone: Zone


def save_settings(store: Store, chosen: ChosenSettings) -> None:
    """Each value to its home (the language is applied, and kept, by the window)."""
    settings.save_for_data_file(store, chosen.data_file)
    settings.set_data_path(chosen.data_path)
    settings.set_time_zone(chosen.time_zone)


class PathRow(QWidget):
    def __init__(self, save: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.save = save
        self.edit = QLineEdit()
        self.button = QPushButton()
        self.button.clicked.connect(self._browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)

    def _browse(self) -> None:
        pattern = self.tr("数据文件 (*.db *.sqlite)")
        path, _f = (QFileDialog.getSaveFileName if self.save else QFileDialog.getOpenFileName)(
            self, self.button.text(), self.edit.text(), pattern
        )
        if path:
            self.edit.setText(path)


class ThisLaptop(QGroupBox):
    """本机: what the office needs to enrol this laptop, read over the phone if need be."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.identity = identity(store=store)
        self.device = QLabel(self.identity.id)
        self.role = QLabel()
        self.fingerprint = fingerprint_label(self.identity.fingerprint)
        self.office = QLabel()
        self.office.setWordWrap(True)
        self.enrolled = QLabel()
        self.enrolled.setWordWrap(True)
        for label in (self.device, self.office):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form, self.captions = captioned_form(
            [self.device, self.role, self.fingerprint, self.office, self.enrolled]
        )
        self.setLayout(self.form)

    def retranslate(self) -> None:
        me = self.identity
        self.setTitle(self.tr("本机"))
        texts = [self.tr("设备编号"), self.tr("角色"), self.tr("密钥指纹"),
                 self.tr("所属办公室"), self.tr("登记")]  # fmt: skip
        for label, text in zip(self.captions, texts, strict=True):
            label.setText(text)
        self.role.setText(role_text(me.role))
        self.office.setText(self.office_text(me))
        self.enrolled.setText(self.enrolled_text(me))
        self.enrolled.setObjectName("" if me.enrolled or self.own_office(me) else "error")

    @staticmethod
    def own_office(me: Identity) -> bool:
        return bool(me.authority) and me.authority == me.fingerprint

    def office_text(self, me: Identity) -> str:
        if not me.authority:
            return self.tr("尚未同步:首次同步时记下中心文件所属的办公室")
        if self.own_office(me):
            return self.tr("本机(本机持有办公室密钥)")
        return self.tr("密钥指纹 {fingerprint}").format(fingerprint=me.authority)

    def enrolled_text(self, me: Identity) -> str:
        if self.own_office(me):
            return self.tr("本机是办公室,记录都计入统计")
        if me.enrolled:
            return self.tr("已登记:本机记录的意见计入统计")
        return self.tr("尚未登记:本机记录的意见不计入统计。请把上面的密钥指纹告诉办公室。")


class SettingsDialog(OfficeDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.this_laptop = ThisLaptop(store)
        shown = settings.of_data_file(store)
        self.device_edit = QLineEdit(shown.device_name)
        self.surveyor_edit = QLineEdit(shown.surveyor)
        self.central_row = PathRow(save=True)
        self.central_row.edit.setText(shown.central_path)
        self.language_combo = QComboBox()
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(settings.language()))
        )
        self.data_row = PathRow(save=True)
        self.data_row.edit.setText(str(settings.data_path() or store.path))
        self.local_time_check = QCheckBox()
        self.local_time_check.setChecked(settings.time_zone() is Zone.LOCAL)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.buttons = self.save_cancel_buttons(self.accept)
        self.form, self.captions = captioned_form(
            [
                self.device_edit,
                self.surveyor_edit,
                self.central_row,
                self.language_combo,
                self.data_row,
            ]
        )
        self.form.addRow(self.local_time_check)
        layout = QVBoxLayout(self)
        layout.addWidget(self.this_laptop)
        layout.addLayout(self.form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("设置"))
        self.this_laptop.retranslate()
        texts = [
            self.tr("本机名称"),
            self.tr("调查员"),
            self.tr("中心文件"),
            self.tr("语言"),
            self.tr("数据文件"),
        ]
        for label, text in zip(self.captions, texts, strict=True):
            label.setText(text)
        self.device_edit.setPlaceholderText(self.tr("如 解放街道-01"))
        self.surveyor_edit.setPlaceholderText(self.tr("记录意见时写入的调查员姓名"))
        self.central_row.edit.setPlaceholderText(self.tr("U 盘或共享文件夹中的 central.db"))
        for row in (self.central_row, self.data_row):
            row.button.setText(self.tr("选择…"))
        self.local_time_check.setText(self.tr("按本机时区显示时间(默认北京时间)"))
        self.note.setText(
            self.tr(
                "本机名称、调查员和中心文件保存在当前数据文件中;语言和数据文件按当前系统用户保存,更换数据文件在下次启动时生效。"
            )
        )

    def values(self) -> ChosenSettings:
        data_file = DataFileSettings(
            device_name=self.device_edit.text().strip(),
            surveyor=self.surveyor_edit.text().strip(),
            central_path=self.central_row.edit.text().strip(),
        )
        language = str(self.language_combo.currentData())
        return ChosenSettings(
            data_file,
            language,
            self.data_row.edit.text().strip(),
            Zone.LOCAL if self.local_time_check.isChecked() else Zone.BEIJING,
        )

    @classmethod
    def ask(cls, parent: QWidget | None, store: Store) -> ChosenSettings | None:
        """What the user chose for the open data file, or None when cancelled."""
        dialog = cls(store, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()
