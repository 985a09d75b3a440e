"""Devices awaiting the office: laptops whose records this file holds but does not count. The
office accepts one (enrols its key, as a field or office device) or rejects it (revokes it,
counting none of its records), after comparing the fingerprint with the one the laptop shows;
or enrols a laptop by its typed fingerprint before it ever synced. Below, the enrolled field
laptops with the compounds each works in, which the office changes (ui/office/assign_dialog.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from survey_app.actions.devices import Assignment, assignments, newcomers
from survey_app.core.errors import SurveyAppError
from survey_app.core.keys import normalise_fingerprint
from survey_app.store.compounds import Compound, list_compounds
from survey_app.store.database import Store
from survey_app.store.trust import FIELD, OFFICE, Newcomer
from survey_app.sync.server.connection import display_name
from survey_app.ui.base.passphrases import CENTRAL, unlock
from survey_app.ui.base.server_password import asked_again, password_for
from survey_app.ui.base.settings import central_target
from survey_app.ui.base.words import error_text, listed, refusal_text
from survey_app.ui.base.workers import Task, Work, as_app_error, run_task
from survey_app.ui.office.assign_dialog import AssignDialog
from survey_app.ui.office.common import (
    BusyBar,
    CancelFirstDialog,
    OfficeDialog,
    error_label,
    fingerprint_font,
    fingerprint_label,
)
from survey_app.ui.office.login_dialog import LoginDialog
from survey_app.ui.office.roles import office_only_tip, role_text
from survey_app.ui.office.work import (
    AssignmentDecision,
    DeviceDecision,
    assign_work,
    carry_assignment_work,
    device_work,
    server_login_work,
)


def awaiting(found: list[Newcomer]) -> list[Newcomer]:
    """The devices still to decide on (a rejected one stays listed, decided)."""
    return [n for n in found if not n.revoked]


@dataclass(frozen=True)
class Enrolment:
    fingerprint: str
    role: str


class EnrolDialog(OfficeDialog):
    """Confirm admitting a laptop: its fingerprint, to compare with the one the laptop shows
    (`survey-app device`, or 设置 on the laptop), and whether it is a field or office device.
    With no device given, the office types the fingerprint the laptop's user reads out."""

    def __init__(self, newcomer: Newcomer | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.newcomer = newcomer
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.fingerprint = fingerprint_label(newcomer.fingerprint if newcomer else "")
        self.fingerprint_edit = QLineEdit()
        self.fingerprint_edit.setFont(fingerprint_font())
        # a device from before signing has no key: all of them are enrolled by id, as field
        self.before_signing = newcomer is not None and not newcomer.fingerprint
        self.fingerprint.setVisible(newcomer is not None and not self.before_signing)
        self.fingerprint_edit.setVisible(newcomer is None)
        self.compare = QLabel()
        self.compare.setWordWrap(True)
        self.field_radio, self.office_radio = QRadioButton(), QRadioButton()
        self.field_radio.setChecked(True)
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.enrol_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.enrol_button.setObjectName("primary")
        self.enrol_button.setDefault(True)
        self.buttons.accepted.connect(self._enrol)
        self.buttons.rejected.connect(self.reject)
        roles = QHBoxLayout()
        roles.addWidget(self.field_radio)
        roles.addWidget(self.office_radio)
        roles.addStretch(1)
        self.office_radio.setEnabled(not self.before_signing)
        layout = QVBoxLayout(self)
        for widget in (self.question, self.fingerprint, self.fingerprint_edit, self.compare):
            layout.addWidget(widget)
        layout.addLayout(roles)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("登记设备"))
        n = self.newcomer
        if n is None:
            self.question.setText(self.tr("输入笔记本电脑显示的密钥指纹(设置 → 本机):"))
        else:
            self.question.setText(
                self.tr("登记 {name}?它的 {votes} 条意见({records} 条记录)将计入统计。").format(
                    name=n.name or n.device, votes=n.votes, records=n.records
                )
            )
        self.fingerprint_edit.setPlaceholderText("3F2A-91C0-77DE-0A1B-5C9E")
        self.compare.setText(
            self.tr("签名前的设备没有密钥:将按编号登记本文件中所有签名前的设备(入户调查)。")
            if self.before_signing
            else self.tr("请与该电脑显示的密钥指纹逐位核对(可电话念给对方);不一致时不要登记。")
        )
        self.field_radio.setText(self.tr("入户调查(记录意见)"))
        self.office_radio.setText(self.tr("办公室(还可录入小区、名册和征询轮次)"))
        self.enrol_button.setText(self.tr("登记"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))

    def chosen(self) -> Enrolment | None:
        """What to enrol; None (and the reason shown) for a mistyped fingerprint."""
        role = OFFICE if self.office_radio.isChecked() and not self.before_signing else FIELD
        if self.newcomer is not None:
            return Enrolment(self.newcomer.fingerprint, role)
        try:
            return Enrolment(normalise_fingerprint(self.fingerprint_edit.text()), role)
        except SurveyAppError as error:
            self.error.setText(error_text(error))
            return None

    def _enrol(self) -> None:
        if self.chosen() is not None:
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, newcomer: Newcomer | None) -> Enrolment | None:
        dialog = cls(newcomer, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()


class RejectDialog(CancelFirstDialog):
    """Confirm rejecting a laptop: none of its records will count. Cancel is the default, so
    Enter never rejects."""

    def __init__(self, newcomer: Newcomer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.newcomer = newcomer
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.fingerprint = fingerprint_label(newcomer.fingerprint)
        self.warning = error_label()
        self.reject_button = self.cancel_default_buttons(self.accept)
        layout = QVBoxLayout(self)
        for widget in (self.question, self.fingerprint, self.warning):
            layout.addWidget(widget)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.retranslate()
        self.cancel_button.setFocus()

    def retranslate(self) -> None:
        n = self.newcomer
        self.setWindowTitle(self.tr("拒绝设备"))
        self.question.setText(self.tr("拒绝 {name}?密钥指纹:").format(name=n.name or n.device))
        self.warning.setText(
            self.tr(
                "拒绝后,这台设备的 {votes} 条意见({records} 条记录)和它以后的记录都不计入统计,"
                "以后也不能再登记这个密钥。记录仍保留在文件中。"
            ).format(votes=n.votes, records=n.records)
        )
        self.reject_button.setText(self.tr("拒绝这台设备"))
        self.cancel_button.setText(self.tr("取消"))

    @classmethod
    def ask(cls, parent: QWidget | None, newcomer: Newcomer) -> bool:
        return cls(newcomer, parent).exec() == QDialog.DialogCode.Accepted


COLUMNS = 5
TABLE_POINTS = 12


class DevicesView(OfficeDialog):
    changed = Signal()
    """A device was enrolled or rejected: the tallies count differently now."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.office = False
        self.central_path = ""
        self.found: list[Newcomer] = []
        self.decision: DeviceDecision | None = None
        self.assigned: AssignmentDecision | None = None
        self.assigning = False
        self.laptops: list[Assignment] = []
        self.compounds: list[Compound] = []
        self.refused: SurveyAppError | None = None
        self.task: Task | None = None
        self.again: tuple[Work, Callable[[Any], None], bool] | None = None
        """A server operation to run again once this task ends (a password was just typed)."""
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.laptops_title = QLabel()
        self.laptops_table = QTableWidget(0, 3)
        self.laptops_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.laptops_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.laptops_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.laptops_table.setTabKeyNavigation(False)
        self.laptops_table.verticalHeader().hide()
        laptops_header = self.laptops_table.horizontalHeader()
        laptops_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        laptops_header.setStretchLastSection(True)
        self.laptops_table.itemSelectionChanged.connect(self._update_buttons)
        self.laptops_table.doubleClicked.connect(lambda _index: self.assign_compounds())
        self.assign_button = QPushButton()
        self.assign_button.clicked.connect(self.assign_compounds)
        self.login_button = QPushButton()
        self.login_button.clicked.connect(self.renew_login)
        self.empty = QLabel()
        self.accept_button, self.reject_button = QPushButton(), QPushButton()
        self.typed_button = QPushButton()
        self.accept_button.setObjectName("primary")
        self.accept_button.setDefault(True)  # Enter in the list asks to enrol, never to reject
        self.accept_button.clicked.connect(self.accept_device)
        self.reject_button.clicked.connect(self.reject_device)
        self.typed_button.clicked.connect(self.enrol_typed)
        self.busy = BusyBar()
        self.outcome = QLabel()
        self.outcome.setObjectName("progressHeadline")
        self.outcome.setWordWrap(True)
        self.error = error_label()
        self.central = QLabel()
        self.central.setObjectName("hint")
        self.central.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self._layout()
        self.resize(960, 680)
        self.retranslate()
        self.reload()

    def _layout(self) -> None:
        row = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.typed_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(row)
        layout.addWidget(self.laptops_title)
        layout.addWidget(self.laptops_table, 1)
        assign_row = QHBoxLayout()
        assign_row.addWidget(self.assign_button)
        assign_row.addWidget(self.login_button)
        assign_row.addStretch(1)
        layout.addLayout(assign_row)
        layout.addWidget(self.busy)
        for label in (self.outcome, self.error, self.central):
            layout.addWidget(label)
        layout.addWidget(self.buttons)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("待登记的设备"))
        self.intro.setText(
            self.tr(
                "这些设备的记录已在本文件中,但不计入统计:它们的密钥还没有被办公室登记,或已被拒绝。"
                "登记前请与该电脑显示的密钥指纹核对。"
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("设备"), self.tr("密钥指纹"), self.tr("记录"), self.tr("意见"),
             self.tr("状态")]
        )  # fmt: skip
        self.accept_button.setText(self.tr("登记…"))
        self.reject_button.setText(self.tr("拒绝…"))
        self.typed_button.setText(self.tr("按密钥指纹登记…"))
        self.laptops_title.setText(
            self.tr("入户调查电脑与分配的小区(每台电脑只接收分配给它的小区的数据):")
        )
        self.laptops_table.setHorizontalHeaderLabels(
            [self.tr("设备"), self.tr("密钥指纹"), self.tr("分配的小区")]
        )
        self.assign_button.setText(self.tr("分配小区…"))
        self.login_button.setText(self.tr("服务器登录…"))
        self.login_button.setToolTip(
            self.tr("在服务器上为选中的电脑重新创建登录(新密码只显示一次,旧密码随即失效)")
        )
        self.close_button.setText(self.tr("关闭"))
        self._fill()
        self._show_result()
        self._update_buttons()

    # -- the list ------------------------------------------------------------------------
    def reload(self) -> None:
        chosen = self.current()
        self.office, self.central_path = self.store.role == OFFICE, self.store.central_path
        self.found = sorted(newcomers(store=self.store), key=lambda n: n.revoked)  # undecided first
        picked = self.current_laptop()
        self.laptops = assignments(store=self.store)
        self.compounds = list_compounds(store=self.store)
        self._fill()
        again = [
            i for i, a in enumerate(self.laptops) if picked and a.fingerprint == picked.fingerprint
        ]
        if self.laptops:
            self.laptops_table.selectRow(again[0] if again else 0)
        rows = [i for i, n in enumerate(self.found) if chosen and n.device == chosen.device]
        first_undecided = next((i for i, n in enumerate(self.found) if not n.revoked), 0)
        if self.found:
            self.table.selectRow(rows[0] if rows else first_undecided)
        self._update_buttons()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.found))
        for r, n in enumerate(self.found):
            cells = [n.name or n.device, n.fingerprint or self.tr("(签名前,无密钥)"),
                     str(n.records), str(n.votes), self.state_text(n)]  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setFont(fingerprint_font(TABLE_POINTS))
                if column in (2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, column, item)
        self.table.resizeRowsToContents()
        self.laptops_table.setRowCount(len(self.laptops))
        for r, a in enumerate(self.laptops):
            cells = [a.name or self.tr("(尚未同步)"), a.fingerprint, self.compounds_text(a)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setFont(fingerprint_font(TABLE_POINTS))
                self.laptops_table.setItem(r, column, item)
        self.laptops_table.resizeRowsToContents()
        self.empty.setText(self.tr("没有待登记的设备:本文件中的记录都已计入。"))
        self.empty.setVisible(not self.found)

    def state_text(self, n: Newcomer) -> str:
        if n.revoked:
            return self.tr("已拒绝(或已撤销)")
        if n.counted_up_to is not None:
            return self.tr("第 {seq} 条以后的记录未计入").format(seq=n.counted_up_to)
        return self.tr("待登记")

    def compounds_text(self, a: Assignment) -> str:
        if a.compounds is None:
            return self.tr("全部小区")
        return listed(a.compounds)

    def current_laptop(self) -> Assignment | None:
        model = self.laptops_table.selectionModel()
        rows = model.selectedRows() if model else []
        row = rows[0].row() if rows else -1
        return self.laptops[row] if 0 <= row < len(self.laptops) else None

    def current(self) -> Newcomer | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model else []
        row = rows[0].row() if rows else -1
        return self.found[row] if 0 <= row < len(self.found) else None

    def _update_buttons(self) -> None:
        office = self.office  # read by reload(): retranslating reads no file
        n, idle = self.current(), self.task is None
        self.accept_button.setEnabled(office and idle and n is not None and not n.revoked)
        self.reject_button.setEnabled(
            office and idle and n is not None and bool(n.fingerprint) and not n.revoked
        )
        self.typed_button.setEnabled(office and idle)
        tip = "" if office else office_only_tip()
        if office and n is not None and n.revoked:
            tip = self.tr("这台设备已被拒绝,不能再登记;请让它换一个新身份后再登记新的密钥指纹。")
        for button in (self.accept_button, self.reject_button):
            button.setToolTip(tip)
        self.typed_button.setToolTip("" if office else office_only_tip())
        self.assign_button.setEnabled(office and idle and self.current_laptop() is not None)
        self.assign_button.setToolTip("" if office else office_only_tip())
        on_server = isinstance(central_target(self.central_path), str)
        self.login_button.setVisible(on_server)
        self.login_button.setEnabled(office and idle and self.current_laptop() is not None)
        self.central.setText(self.central_text())

    def central_text(self) -> str:
        central = central_target(self.central_path)
        if central is None:
            return self.tr("尚未与中心文件同步过:登记和拒绝先写入本文件,下次同步时送到中心文件。")
        if isinstance(central, str):
            return self.tr(
                "登记和拒绝会同时写入服务器 {server}:登记的设备在服务器上得到自己的登录"
                "(密码只显示一次),拒绝的设备的登录随即停用。"
            ).format(server=display_name(central))
        return self.tr("登记和拒绝会同时写入中心文件 {path}。").format(path=central)

    # -- decisions -----------------------------------------------------------------------
    def accept_device(self) -> Task | None:
        n = self.current()
        if n is None or n.revoked:
            return None
        chosen = EnrolDialog.ask(self, n)
        if chosen is None:
            return None
        return self.start(chosen.fingerprint, chosen.role)

    def enrol_typed(self) -> Task | None:
        chosen = EnrolDialog.ask(self, None)
        return None if chosen is None else self.start(chosen.fingerprint, chosen.role)

    def reject_device(self) -> Task | None:
        n = self.current()
        if n is None or not n.fingerprint or not RejectDialog.ask(self, n):
            return None
        return self.start(n.fingerprint, None)

    def assign_compounds(self) -> Task | None:
        a = self.current_laptop()
        if a is None or not self.office or self.task is not None:
            return None
        chosen = AssignDialog.ask(self, a.name or a.fingerprint, a.fingerprint, self.compounds,
                                  a.compounds)  # fmt: skip
        if chosen is None:
            return None
        work = assign_work(self.store.path, fingerprint=a.fingerprint, compounds=chosen.compounds,
                           server_password=self.server_password())  # fmt: skip
        return self._run(work, self._assigned_done, assigning=True)

    def start(self, fingerprint: str, role: str | None) -> Task:
        work = device_work(self.store.path, fingerprint=fingerprint, role=role,
                           server_password=self.server_password())  # fmt: skip
        return self._run(work, self._done)

    def renew_login(self) -> Task | None:
        """The selected laptop's login on the server, created anew (a retry, or a lost one)."""
        a = self.current_laptop()
        if a is None or not self.office or self.task is not None:
            return None
        return self._run(self._login_work(a.fingerprint, enrolled=True), self._done)

    def server_password(self) -> str | None:
        central = central_target(self.central_path)
        return password_for(central) if isinstance(central, str) else None

    def _login_work(self, fingerprint: str, *, enrolled: bool) -> Work:
        return server_login_work(self.store.path, fingerprint=fingerprint, enrolled=enrolled,
                                 server_password=self.server_password())  # fmt: skip

    def _run(self, work: Work, on_done: Callable[[Any], None], *, assigning: bool = False) -> Task:
        central = central_target(self.central_path)
        if isinstance(central, Path):  # an encrypted central file: its passphrase, to carry it
            unlock(self, central, CENTRAL)  # cancelled: kept here, carried later
        self.decision, self.assigned, self.refused = None, None, None
        self.assigning = assigning
        self._show_result()
        self.outcome.setText(self.tr("正在写入…请勿拔出 U 盘"))
        self.busy.start()
        self.close_button.setEnabled(False)
        self.task = run_task(work, on_done=on_done, on_failed=self._failed)
        self.task.finished.connect(self._finished)
        self._update_buttons()
        return self.task

    def _done(self, decision: DeviceDecision) -> None:
        self.decision = replace(decision, login=None)  # its password is shown once, not kept
        self.reload()
        self._show_result()
        self.changed.emit()
        if decision.login is not None:
            LoginDialog.show_once(self, decision.login, self.device_name(decision.fingerprint))
        refused = decision.sync_refused or decision.login_refused
        if self._asked_again(refused) and decision.fingerprint:
            self.again = (self._login_work(decision.fingerprint, enrolled=decision.enrolled),
                          self._done, False)  # fmt: skip

    def _assigned_done(self, decision: AssignmentDecision) -> None:
        self.assigned = decision
        self.reload()
        self._show_result()
        if self._asked_again(decision.sync_refused):
            work = carry_assignment_work(self.store.path, decision,
                                         server_password=self.server_password())  # fmt: skip
            self.again = (work, self._assigned_done, True)

    def _asked_again(self, refused: SurveyAppError | None) -> bool:
        """The server wanted a password (or refused the one typed): asked; True when typed."""
        central = central_target(self.central_path)
        return bool(refused and isinstance(central, str) and asked_again(self, central, refused))

    def device_name(self, fingerprint: str) -> str:
        names = {a.fingerprint: a.name for a in self.laptops}
        names.update({n.fingerprint: n.name for n in self.found if n.name})
        return names.get(fingerprint) or fingerprint

    def _failed(self, error: Exception) -> None:
        self.refused = as_app_error(error)
        self._show_result()

    def _finished(self) -> None:
        self.task = None
        self.busy.stop()
        self.close_button.setEnabled(True)
        self._update_buttons()
        if self.again is not None:
            work, on_done, assigning = self.again
            self.again = None
            self._run(work, on_done, assigning=assigning)

    def _show_result(self) -> None:
        d, refused = self.decision, self.refused
        self.error.setText(error_text(refused) if refused else "")
        if refused:
            self.outcome.setText(self.tr("未分配") if self.assigning else self.tr("未登记"))
            return
        if d is None and self.assigned is None:
            self.outcome.clear()
            return
        shown: DeviceDecision | AssignmentDecision
        if d is not None:
            self.outcome.setText(self.decision_text(d))
            shown = d
        else:
            shown = self.assigned  # type: ignore[assignment]
            self.outcome.setText(self.assigned_text(shown))  # type: ignore[arg-type]
        if shown.sync_refused is not None:
            self.error.setText(
                self.tr("已写入本文件,但未能写入中心文件:{reason}。请稍后再同步一次。").format(
                    reason=refusal_text(shown.sync_refused)
                )
            )
        if isinstance(shown, DeviceDecision) and self.login_missing(shown):
            self.error.setText(self.login_missing_text(shown))

    def login_missing(self, d: DeviceDecision) -> bool:
        """A device enrolled or rejected with a server whose login could not be done."""
        return (
            isinstance(d.central, str)
            and bool(d.fingerprint)
            and (d.sync_refused is not None or d.login_refused is not None)
        )

    def login_missing_text(self, d: DeviceDecision) -> str:
        refused = d.sync_refused or d.login_refused
        reason = refusal_text(refused) if refused else ""
        if not d.enrolled:
            return self.tr(
                "已写入本文件(它的记录不计入统计),但服务器未能停用它的登录:{reason}。"
            ).format(reason=reason)
        if refused is not None and refused.code == "server_admin_only":
            return self.tr(
                "登记已写入服务器,但本机的服务器账户不能创建登录:请服务器管理员运行 "
                "survey-app server login <服务器地址> --fingerprint {fingerprint},"
                "再把显示的地址和密码交给这台电脑。"
            ).format(fingerprint=d.fingerprint)
        return self.tr(
            "登记已写入本文件,但服务器上的登录没有创建:{reason}。"
            "服务器可以连接后,选中这台电脑点“服务器登录…”重试。"
        ).format(reason=reason)

    def decision_text(self, d: DeviceDecision) -> str:
        if not d.enrolled:
            text = self.tr("已拒绝 {fingerprint}").format(fingerprint=d.fingerprint)
        elif not d.fingerprint:
            text = self.tr("已登记 {n} 台签名前的设备").format(n=len(d.before_signing))
        else:
            text = self.tr("已登记 {fingerprint}({role})").format(
                fingerprint=d.fingerprint, role=role_text(d.role)
            )
        if d.synced is not None:
            text += self.tr(",已写入中心文件")
        if d.login is not None or (d.enrolled and d.synced and isinstance(d.central, str)
                                   and not d.login_refused and d.fingerprint):  # fmt: skip
            text += self.tr(",已创建服务器登录")
        if d.login_disabled:
            text += self.tr(",服务器登录已停用")
        return text

    def assigned_text(self, d: AssignmentDecision) -> str:
        given = self.tr("全部小区") if d.compounds is None else listed(d.compounds)
        text = self.tr("已为 {fingerprint} 分配:{compounds}").format(
            fingerprint=d.fingerprint, compounds=given
        )
        if d.synced is not None:
            text += self.tr(",已写入中心文件")
        return text

    @classmethod
    def ask(cls, parent: QWidget | None, store: Store) -> bool:
        """Show the devices; True when one was enrolled or rejected."""
        view = cls(store, parent)
        changed: list[bool] = []
        view.changed.connect(lambda: changed.append(True))
        view.exec()
        return bool(changed)
