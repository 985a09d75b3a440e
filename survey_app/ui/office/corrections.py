"""The office's corrections: editing a household (head, phone, floor area, eligibility; the
dialog lists the household's earlier edits and roster imports, who, when, what changed) and
importing an online platform's vote export (preview of matched and unmatched rows, then
import).

The household edit is one small transaction on the open file, done on the GUI thread like a
vote; the import reads a spreadsheet, so its preview and its import run in a worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survey_app.actions.data_files import opened
from survey_app.actions.household_edits import (
    Change,
    HouseholdEdit,
    PastVersion,
    edit_household,
    household_history,
)
from survey_app.actions.online_votes import OnlineImportReport, import_online_votes
from survey_app.core.clock import shown_time
from survey_app.core.errors import SurveyAppError
from survey_app.core.vocabulary import import_reason_words
from survey_app.store.database import Store
from survey_app.store.households import Household
from survey_app.ui.base.translations import current_language
from survey_app.ui.base.words import choice_text, error_text
from survey_app.ui.base.workers import Progress, Task, Work, as_app_error, run_task
from survey_app.ui.office.common import OfficeDialog, captioned_form, error_label


class HouseholdEditDialog(OfficeDialog):
    """Head, phone, floor area and eligibility of one household; Enter saves, Esc cancels."""

    def __init__(self, store: Store, household: Household, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.household = store, household
        self.edit: HouseholdEdit | None = None
        self.head_edit = QLineEdit(household.head or "")
        self.phone_edit = QLineEdit(household.phone or "")
        self.area_edit = QLineEdit(household.area or "")
        self.eligible_box = QCheckBox()
        self.eligible_box.setChecked(household.eligible)
        self.form, self.captions = captioned_form(
            [self.head_edit, self.phone_edit, self.area_edit, self.eligible_box]
        )
        fields = (self.head_edit, self.phone_edit, self.area_edit, self.eligible_box)
        for caption, field in zip(self.captions, fields, strict=True):
            caption.setBuddy(field)
        self.heading = QLabel()
        self.heading.setObjectName("address")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.error = error_label()
        self.error.hide()
        self.history_caption = QLabel()
        self.history = QListWidget()
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # read only: Tab stays in the form
        self.history.setWordWrap(True)
        self.history.setMaximumHeight(150)
        self.past = household_history(store=store, household=household.id)
        self.buttons = self.save_cancel_buttons(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        for widget in (self.note, self.error, self.history_caption, self.history, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(480)
        self.retranslate()
        self.head_edit.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("修改住户资料"))
        self.heading.setText(f"{self.household.compound} {self.household.address}")
        texts = (self.tr("户主(&H)"), self.tr("电话(&P)"), self.tr("建筑面积(&A)"),
                 self.tr("应征询(&E)"))  # fmt: skip
        for label, text in zip(self.captions, texts, strict=True):
            label.setText(text)
        self.eligible_box.setText(self.tr("计入应征询户数"))
        self.note.setText(self.tr("修改记为办公室的一条名册记录(谁、何时);已结束的征询按结束时"
                                  "冻结的名单统计,不受影响。"))  # fmt: skip
        self.history_caption.setText(self.tr("本户资料的历次修改(最早的在上):"))
        self.history.clear()
        self.history.addItems([self._past_text(v) for v in self.past])

    def _past_text(self, version: PastVersion) -> str:
        who = version.edited_by or version.device_name or self.tr("未知设备")
        device = version.device_name or self.tr("未知设备")
        if version.is_edit:
            what = self.tr("{who} 修改").format(who=who)
        else:
            what = self.tr("名册导入({device})").format(device=device)
        changes = self.tr(";").join(self._change_text(c) for c in version.changes)
        if not changes:
            changes = self.tr("首次导入") if version.first else self.tr("未改动")
        line = self.tr("{time} {what}:{changes}").format(
            time=shown_time(version.created_at), what=what, changes=changes)  # fmt: skip
        return line if version.superseded else line + self.tr("(现行)")

    def _change_text(self, change: Change) -> str:
        names = {"head": self.tr("户主"), "phone": self.tr("电话"), "area": self.tr("建筑面积"),
                 "eligible": self.tr("应征询")}  # fmt: skip
        return self.tr("{field} {before} → {after}").format(
            field=names[change.field], before=self._value_text(change.before),
            after=self._value_text(change.after))  # fmt: skip

    def _value_text(self, value: str | bool | None) -> str:
        if isinstance(value, bool):
            return self.tr("是") if value else self.tr("否")
        return self.tr("(空)") if value in (None, "") else str(value)

    def save(self) -> None:
        try:
            self.edit = edit_household(
                store=self.store, household=self.household.id, head=self.head_edit.text(),
                phone=self.phone_edit.text(), area=self.area_edit.text(),
                eligible=self.eligible_box.isChecked(),
            )  # fmt: skip
        except SurveyAppError as error:
            self.error.setText(error_text(error))
            self.error.show()
            return
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, store: Store, household: Household
    ) -> HouseholdEdit | None:
        """The edit saved, or None when cancelled. Tests monkeypatch this."""
        dialog = cls(store, household, parent)
        return dialog.edit if dialog.exec() == QDialog.DialogCode.Accepted else None


def online_import_work(db_path: Path, path: Path, compound: str, round_no: int,
                       dry_run: bool) -> Work:  # fmt: skip
    def work(progress: Progress) -> OnlineImportReport:
        with opened(db_path) as store:
            return import_online_votes(store=store, path=path, compound=compound,
                                       round_no=round_no, dry_run=dry_run)  # fmt: skip

    return work


class OnlineImportDialog(OfficeDialog):
    """Choose the export, see what matches and what does not, then import (线上)."""

    def __init__(self, db_path: Path, compound: str, round_no: int,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.db_path, self.compound, self.round_no = db_path, compound, round_no
        self.preview: OnlineImportReport | None = None
        self.report: OnlineImportReport | None = None
        self.task: Task | None = None
        self.file_edit = QLineEdit()
        self.file_edit.returnPressed.connect(self.load_preview)
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._browse)
        self.preview_button = QPushButton()
        self.preview_button.clicked.connect(self.load_preview)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.rows_view = QPlainTextEdit()
        self.rows_view.setReadOnly(True)
        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton()
        self.import_button.setObjectName("primary")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        for button in (
            self.browse_button,
            self.preview_button,
            self.import_button,
            self.close_button,
        ):  # Enter in the file field previews, nothing else
            button.setAutoDefault(False)
        self.file_caption = QLabel()
        self.file_caption.setBuddy(self.file_edit)
        picker = QHBoxLayout()
        for widget in (self.file_caption, self.file_edit, self.browse_button,
                       self.preview_button):  # fmt: skip
            picker.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(picker)
        layout.addWidget(self.summary)
        layout.addWidget(self.rows_view)
        layout.addWidget(self.buttons)
        self.setMinimumSize(720, 480)
        self.retranslate()
        self.file_edit.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("导入线上表决结果 — {code} 第{n}轮").format(
            code=self.compound, n=self.round_no))  # fmt: skip
        self.file_caption.setText(self.tr("文件(&F)"))
        self.browse_button.setText(self.tr("选择…"))
        self.preview_button.setText(self.tr("预览(&V)"))
        self.import_button.setText(self.tr("导入匹配的意见(&I)"))
        self.close_button.setText(self.tr("关闭"))
        self.file_edit.setPlaceholderText(self.tr("邻礼通等平台导出的 .xlsx 或 .csv"))
        if self.preview is not None:
            self._show(self.report or self.preview)

    def _browse(self) -> None:
        title, kinds = self.tr("选择线上表决结果"), self.tr("表格 (*.xlsx *.xls *.csv)")
        chosen, _ = QFileDialog.getOpenFileName(self, title, "", kinds)
        if chosen:
            self.file_edit.setText(chosen)
            self.load_preview()

    def _start(self, dry_run: bool) -> Task:
        path = Path(self.file_edit.text().strip())
        self.import_button.setEnabled(False)
        self.preview_button.setEnabled(False)
        work = online_import_work(self.db_path, path, self.compound, self.round_no, dry_run)
        self.task = run_task(work, on_done=self._previewed if dry_run else self._imported,
                             on_failed=self._failed)  # fmt: skip
        return self.task

    def load_preview(self) -> Task | None:
        if not self.file_edit.text().strip():
            return None
        self.preview, self.report = None, None
        return self._start(dry_run=True)

    def run_import(self) -> Task | None:
        if self.preview is None or not self.preview.matched:
            return None
        return self._start(dry_run=False)

    def _previewed(self, report: OnlineImportReport) -> None:
        self.preview = report
        self._show(report)
        self.preview_button.setEnabled(True)
        self.import_button.setEnabled(bool(report.matched))
        if report.matched:  # the matched rows seen, Enter or Space imports them
            self.import_button.setDefault(True)
            self.import_button.setFocus()

    def _imported(self, report: OnlineImportReport) -> None:
        self.report = report
        self.import_button.setDefault(False)
        self._show(report)
        self.preview_button.setEnabled(True)
        self.close_button.setFocus()

    def _failed(self, error: Exception) -> None:
        self.summary.setText(error_text(as_app_error(error)))
        self.rows_view.clear()
        self.preview_button.setEnabled(True)

    def _show(self, report: OnlineImportReport) -> None:
        if report.dry_run:
            head = self.tr(
                "匹配 {n} 行,将导入为线上意见;已导入过 {done} 行;未匹配 {bad} 行(不导入)"
            )
        else:
            head = self.tr("已导入 {n} 条线上意见;已导入过 {done} 行;未匹配 {bad} 行(未导入)")
        self.summary.setText(head.format(n=len(report.matched), done=len(report.already),
                                         bad=len(report.unmatched)))  # fmt: skip
        language = current_language()
        lines = [self.tr("第{row}行 {address} {name} → {choice}").format(
            row=m.row, address=m.address, name=m.name, choice=choice_text(m.choice))
            for m in report.matched]  # fmt: skip
        lines += [self.tr("第{row}行 未匹配:{reason}").format(
            row=u.row, reason=import_reason_words(u.reason, u.detail, language))
            for u in report.unmatched]  # fmt: skip
        self.rows_view.setPlainText("\n".join(lines))

    @classmethod
    def ask(cls, parent: QWidget | None, db_path: Path, compound: str,
            round_no: int) -> OnlineImportReport | None:  # fmt: skip
        """The import done, or None when nothing was imported. Tests monkeypatch this."""
        dialog = cls(db_path, compound, round_no, parent)
        dialog.exec()
        return dialog.report
