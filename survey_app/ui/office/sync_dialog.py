"""Sync with the central file (USB stick or shared folder): the path chosen is announced (the
office menu keeps it in the data file), the work runs in a worker thread, and a refused file
is explained in plain words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QWidget,
)

from survey_app.core.errors import SurveyAppError
from survey_app.sync.central import SyncReport
from survey_app.sync.server.connection import split_password
from survey_app.ui.base.passphrase_dialog import NewPassphraseDialog
from survey_app.ui.base.passphrases import CENTRAL, drop, keep, passphrase_of, unlock
from survey_app.ui.base.server_password import asked_again, hold, password_for
from survey_app.ui.base.settings import central_target
from survey_app.ui.base.words import error_text, refusal_text
from survey_app.ui.base.workers import Task, as_app_error, run_task
from survey_app.ui.office.common import FileTaskDialog
from survey_app.ui.office.work import sync_work


def awaiting_text(n: int) -> str:
    """The line the sync result and the status bar show while devices await the office."""
    return QCoreApplication.translate("Devices", "{n} 台设备的记录未计入:待登记").format(n=n)


class SyncDialog(FileTaskDialog):
    synced = Signal(object)
    """The SyncReport of a sync that finished."""
    central_chosen = Signal(object)
    """A sync started with this central file (a Path) or server (its URI, a str)."""

    def __init__(
        self,
        db_path: Path,
        parent: QWidget | None = None,
        *,
        central: Path | str | None = None,
        awaiting: Callable[[], int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.awaiting = awaiting
        """How many devices' records the data file holds and does not count, after a sync."""
        self.awaiting_devices = 0
        self.report: SyncReport | None = None
        self.refused: SurveyAppError | None = None
        self.task: Task | None = None
        self.again = False
        """The server asked for a password and one was typed: sync again once this one ends."""
        self.path_edit.setText(str(central or ""))
        self.browse_button.clicked.connect(self._browse)
        self.outcome.setObjectName("progressHeadline")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.technical = QLabel()
        self.technical.setWordWrap(True)
        self.technical.setStyleSheet("color: #616161;")
        self.sync_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sync_button.setObjectName("primary")
        self.sync_button.clicked.connect(self.start_sync)
        self.conflicts_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.conflicts_button.hide()
        self.devices_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.devices_button.hide()
        self.add_close_button()
        self.lay_out([], [self.details, self.error, self.technical])
        self.retranslate()

    def retranslate(self) -> None:
        self.word_file_task(
            self.tr("与中心文件同步"),
            self.tr(
                "把本机新记录的意见和名册送到中心文件,并取回其他电脑的记录。"
                "中心文件可以在 U 盘或共享文件夹里;第一次同步时会自动创建。"
                "全市的服务器:填写服务器地址 postgresql://用户@服务器/数据库"
                "(密码来自 PGPASSWORD 或 ~/.pgpass,没有时会询问,只在本次运行中记住)。"
            ),
        )
        self.path_edit.setPlaceholderText(
            self.tr("中心文件路径,如 E:/central.db,或服务器地址 postgresql://…")
        )
        self.sync_button.setText(self.tr("开始同步"))
        self.conflicts_button.setText(self.tr("查看待核实…"))
        self.devices_button.setText(self.tr("查看待登记设备…"))
        self._show_result()

    def _browse(self) -> None:
        path, _f = QFileDialog.getSaveFileName(
            self,
            self.tr("选择中心文件"),
            self.path_edit.text(),
            self.tr("中心文件 (*.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.path_edit.setText(path)

    def start_sync(self) -> Task | None:
        central = central_target(self.path_edit.text())
        if central is None:
            self.error.setText(self.tr("请先选择中心文件"))
            return None
        if isinstance(central, Path) and not self.central_passphrase(central):
            self.error.setText(self.tr("需要中心文件的口令才能同步"))
            return None
        if isinstance(central, str):  # a password typed in the address: held, not kept
            central, typed = split_password(central)
            if typed is not None:
                hold(central, typed)
                self.path_edit.setText(central)
        self.central_chosen.emit(central)
        self.report, self.refused = None, None
        self._show_result()
        self.busy.start()
        self.sync_button.setEnabled(False)
        self.close_button.setEnabled(False)
        password = password_for(central) if isinstance(central, str) else None
        self.task = run_task(
            sync_work(self.db_path, central, server_password=password),
            on_done=self._done,
            on_failed=self._failed,
        )
        self.task.finished.connect(self._finished)
        self.outcome.setText(self.tr("正在同步…请勿拔出 U 盘"))
        return self.task

    def central_passphrase(self, central: Path) -> bool:
        """An encrypted central file's passphrase (remembered, or asked); a new central file's,
        set now (every new central file is encrypted). False: the user cancelled."""
        if central.exists() and central.stat().st_size > 0:
            return unlock(self, central, CENTRAL)
        if passphrase_of(central):
            return True
        answer = NewPassphraseDialog.ask(self, central, CENTRAL)
        if answer is None:
            return False
        keep(central, answer)
        return True

    def _done(self, report: SyncReport) -> None:
        self.report = report
        self.awaiting_devices = self.awaiting() if self.awaiting else 0
        self._show_result()
        self.synced.emit(report)

    def _failed(self, error: Exception) -> None:
        self.refused = as_app_error(error)
        central = central_target(self.path_edit.text())
        if self.refused.code == "wrong_passphrase" and isinstance(central, Path):
            drop(central)  # asked again at the next try
        if isinstance(central, str) and asked_again(self, central, self.refused):
            self.again = True
            self.refused = None
        self._show_result()

    def _finished(self) -> None:
        self.task = None
        self.busy.stop()
        self.sync_button.setEnabled(True)
        self.close_button.setEnabled(True)
        if self.again:
            self.again = False
            self.start_sync()

    def refused_text(self, refused: SurveyAppError) -> str:
        if refused.code == "server_password_needed":  # the password dialog was cancelled
            return self.tr("没有输入服务器密码:同步未进行,没有任何改动。")
        return refusal_text(refused)

    def _show_result(self) -> None:
        report, refused = self.report, self.refused
        self.error.setText(self.refused_text(refused) if refused else "")
        self.technical.setText(
            self.tr("详细信息:{message}").format(message=error_text(refused)) if refused else ""
        )
        self.conflicts_button.setVisible(bool(report and report.conflicts))
        self.devices_button.setVisible(bool(report and self.awaiting_devices))
        if refused:
            not_all = refused.code == "not_all_sent"
            self.outcome.setText(self.tr("同步没有成功") if not_all else self.tr("同步未进行"))
            self.details.clear()
            return
        if report is None:
            self.outcome.clear()
            self.details.clear()
            return
        self.outcome.setText(
            self.tr("同步完成:送出 {sent} 条,取回 {received} 条,待核实 {conflicts} 户").format(
                sent=report.sent, received=report.received, conflicts=report.conflicts
            )
        )
        lines = [self.tr("中心文件现有 {n} 条记录。").format(n=report.central_records)]
        if report.created:
            lines.append(self.tr("中心文件是这次新建的。"))
        if report.recovered_own:
            lines.append(
                self.tr("本机数据文件曾从备份恢复:已从中心文件取回本机的 {n} 条记录。").format(
                    n=report.recovered_own
                )
            )
        if report.removed:
            lines.append(
                self.tr("办公室已调整本机的小区:已删除不再分配给本机的小区的 {n} 条记录。").format(
                    n=report.removed
                )
            )
        for gap in report.gaps:
            lines.append(
                self.tr("设备 {name} 还缺 {n} 条记录未汇总到中心文件,请让它也同步一次。").format(
                    name=gap.name or gap.device, n=gap.missing
                )
            )
        if report.conflicts:
            lines.append(self.tr("有住户在两台电脑上记录了不同的意见,需要核实后重新记录。"))
        if self.awaiting_devices:
            lines.append(awaiting_text(self.awaiting_devices))
        self.details.setText("\n".join(lines))
