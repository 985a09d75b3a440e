"""The office's forms (表单): every form in use and each of its versions (shipped with the app,
earlier, published by an office; when, by which device, how many households answered with
it), and publishing an XLSForm: the file is checked as `form check` checks it (in a worker: a
large form takes seconds), the result shown by sheet and row, then published on a
confirmation (actions/forms.py), reaching every laptop at its next sync."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from survey_app.actions.forms import FormVersion, PublishCheck, form_versions
from survey_app.core.clock import shown_time
from survey_app.store.database import Store
from survey_app.store.forms import PublishedForm
from survey_app.store.trust import OFFICE
from survey_app.ui.base.translations import paper_language
from survey_app.ui.base.words import QT_TRANSLATE_NOOP, error_text
from survey_app.ui.base.workers import Task, as_app_error, run_task
from survey_app.ui.models.rows import Index, RowsTableModel
from survey_app.ui.office.common import FileTaskDialog, OfficeDialog
from survey_app.ui.office.roles import office_only_tip
from survey_app.ui.office.work import check_form_work, publish_form_work
from survey_app.xlsform.describe import summary
from survey_app.xlsform.findings import Finding

SOURCES = {
    "shipped": QT_TRANSLATE_NOOP("FormSources", "随软件提供"),
    "earlier": QT_TRANSLATE_NOOP("FormSources", "早期版本"),
    "published": QT_TRANSLATE_NOOP("FormSources", "办公室发布"),
    "unknown": QT_TRANSLATE_NOOP("FormSources", "本机没有此版本"),
}
SEVERITIES = {
    "error": QT_TRANSLATE_NOOP("FormSources", "错误"),
    "unsupported": QT_TRANSLATE_NOOP("FormSources", "不支持"),
    "ignored": QT_TRANSLATE_NOOP("FormSources", "忽略"),
}


def _word(table: dict[str, str], key: str) -> str:
    return QCoreApplication.translate("FormSources", table.get(key, key))


class FormVersionsModel(RowsTableModel):
    COLUMNS = 8

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[FormVersion] = []

    def load(self, rows: list[FormVersion]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def headers(self) -> list[str]:
        return [
            self.tr("表单编号"),
            self.tr("标题"),
            self.tr("版本"),
            self.tr("状态"),
            self.tr("来源"),
            self.tr("发布时间"),
            self.tr("发布设备"),
            self.tr("已答户数"),
        ]

    def cells(self, row: FormVersion) -> list[str]:
        device = f"{row.device_name}({row.device[:8]})" if row.device_name else row.device[:8]
        return [
            row.form_id,
            row.title,
            row.version,
            self.tr("使用中") if row.in_force else "",
            _word(SOURCES, row.source),
            shown_time(row.published_at) if row.published_at else "—",
            device or "—",
            str(row.households),
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(row)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 7:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class FormsView(OfficeDialog):
    """The forms of the batch; 发布表单… (Alt+P) opens the publish dialog."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.published: list[PublishedForm] = []
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.model = FormVersionsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.publish_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.publish_button.setAutoDefault(False)
        self.publish_button.clicked.connect(self.publish)
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.table, self.buttons):
            layout.addWidget(widget)
        self.resize(1100, 420)
        self.office = store.role == OFFICE
        self.publish_button.setEnabled(self.office)
        self.reload()
        self.retranslate()

    @classmethod
    def ask(cls, parent: QWidget | None, store: Store) -> bool:
        """Show the forms; True when a form was published from here."""
        view = cls(store, parent)
        view.exec()
        return bool(view.published)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("表单与版本"))
        self.intro.setText(
            self.tr(
                "各笔记本电脑使用每个表单的“使用中”版本;办公室发布的新版本在下次同步时送到各笔记本"
                "电脑。已答户数:当前答案用该版本填写的住户。"
            )
        )
        self.publish_button.setText(self.tr("发布表单(&P)…"))
        self.publish_button.setToolTip("" if self.office else office_only_tip())
        self.model.retranslate()

    def reload(self) -> None:
        self.model.load(form_versions(store=self.store))

    def publish(self) -> None:
        published = PublishFormDialog.ask(self, self.store.path)
        if published is not None:
            self.published.append(published)
            self.reload()


class PublishFormDialog(FileTaskDialog):
    """Choose an .xlsx (选择… or type the path and press Enter): the check's result appears;
    a form that can be published enables 确认发布, which publishes exactly the checked file."""

    checked = Signal(object)
    """The PublishCheck, when a check finished."""
    published = Signal(object)
    """The PublishedForm, when publishing finished."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.task: Task | None = None
        self.check_result: PublishCheck | None = None
        self.published_form: PublishedForm | None = None
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMinimumHeight(220)
        self.check_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.publish_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.publish_button.setObjectName("primary")
        self.publish_button.setEnabled(False)
        self.add_close_button()
        for button in (self.check_button, self.publish_button, self.close_button):
            button.setAutoDefault(False)  # Enter is taken by keyPressEvent, as the focus says
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self._browse)
        self.check_button.clicked.connect(self.start_check)
        self.publish_button.clicked.connect(self.start_publish)
        self.path_edit.textEdited.connect(self._forget_check)
        self.lay_out([], [self.report, self.error])
        self.resize(760, 560)
        self.retranslate()

    @classmethod
    def ask(cls, parent: QWidget | None, db_path: Path) -> PublishedForm | None:
        dialog = cls(db_path, parent)
        dialog.exec()
        return dialog.published_form

    def retranslate(self) -> None:
        self.word_file_task(
            self.tr("发布表单"),
            self.tr(
                "选择一个 XLSForm 表单文件(.xlsx),先检查,再确认发布:表单的新版本须在 settings 表中"
                "提高版本号;需求调查和满意度调查须保留其汇总所读的问题。"
            ),
        )
        self.path_edit.setPlaceholderText(self.tr("表单文件路径,回车检查"))
        self.check_button.setText(self.tr("检查(&K)"))
        self._word_publish_button()
        if self.check_result is not None:
            self._show(self.check_result)

    def _word_publish_button(self) -> None:
        form = self.check_result.form if self.check_result else None
        if form is not None and self.check_result is not None and self.check_result.publishable:
            self.publish_button.setText(
                self.tr("确认发布 {form} 版本 {version}(&P)").format(
                    form=form.form_id, version=form.version
                )
            )
        else:
            self.publish_button.setText(self.tr("确认发布(&P)"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if isinstance(focus, QPushButton):
                if focus.isEnabled():
                    focus.click()
            elif focus is self.path_edit:
                self.start_check()
            return  # Enter never publishes by itself from a field
        super().keyPressEvent(event)

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择表单文件"), self.path_edit.text(), self.tr("XLSForm 表单 (*.xlsx)")
        )
        if path:
            self.path_edit.setText(path)
            self.start_check()

    def _forget_check(self) -> None:
        """A check speaks of the file it read: another path needs its own check."""
        self.check_result = None
        self.publish_button.setEnabled(False)
        self._word_publish_button()

    def _busy(self, text: str) -> None:
        self.error.clear()
        self.outcome.setText(text)
        self.busy.start()
        self.check_button.setEnabled(False)
        self.publish_button.setEnabled(False)

    def start_check(self) -> Task | None:
        text = self.path_edit.text().strip()
        if self.task is not None:
            return None
        if not text:
            self.error.setText(self.tr("请先选择表单文件"))
            return None
        self.check_result = None
        self.report.clear()
        self._busy(self.tr("正在检查 {file}…").format(file=Path(text).name))
        self.task = run_task(
            check_form_work(self.db_path, Path(text)),
            on_done=self._checked, on_failed=self._failed, on_progress=self.busy.step,
        )  # fmt: skip
        self.task.finished.connect(self._finished)
        return self.task

    def _checked(self, result: PublishCheck) -> None:
        self.check_result = result
        self._show(result)
        self.checked.emit(result)

    def _show(self, result: PublishCheck) -> None:
        self.report.setPlainText("\n".join(check_lines(result)))
        form = result.form
        if form is None:
            self.outcome.clear()
            self.error.setText(
                self.tr("不能发布:表单有 {n} 个问题,见上面的列表(按工作表和行)").format(
                    n=len(result.check.problems)
                )
            )
        elif result.refusal is not None:
            self.outcome.clear()
            self.error.setText(
                self.tr("不能发布:{reason}").format(reason=error_text(result.refusal))
            )
        else:
            self.error.clear()
            self.outcome.setText(
                self.tr(
                    "可以发布《{title}》{form} 版本 {version}。发布后,各笔记本电脑在下次同步时收到,"
                    "新的回答记下这个版本。"
                ).format(title=form.settings.form_title, form=form.form_id, version=form.version)
            )
        self._word_publish_button()

    def start_publish(self) -> Task | None:
        result = self.check_result
        if self.task is not None or result is None or not result.publishable:
            return None
        self._busy(self.tr("正在发布…"))
        self.task = run_task(
            publish_form_work(self.db_path, result),
            on_done=self._published, on_failed=self._failed,
        )  # fmt: skip
        self.task.finished.connect(self._finished)
        return self.task

    def _published(self, published: PublishedForm) -> None:
        self.published_form = published
        self.check_result = None
        self.outcome.setText(
            self.tr("已发布 {form} 版本 {version}《{title}》,同步后各笔记本电脑即可使用").format(
                form=published.form_id, version=published.version, title=published.title
            )
        )
        self.published.emit(published)

    def _failed(self, error: Exception) -> None:
        self.outcome.clear()
        self.error.setText(error_text(as_app_error(error)))

    def _finished(self) -> None:
        self.task = None
        self.busy.stop()
        self.check_button.setEnabled(True)
        publishable = self.check_result is not None and self.check_result.publishable
        self.publish_button.setEnabled(publishable)
        if publishable:
            self.publish_button.setFocus()


def check_lines(result: PublishCheck) -> Iterator[str]:
    """The check's result in the window's language: the form in figures, or every problem by
    sheet and row; then what is ignored (changes no answer)."""
    check = result.check
    name = result.path.name
    if result.form is None:
        yield QCoreApplication.translate("FormCheck", "{file}:不能使用,{n} 个问题").format(
            file=name, n=len(check.problems)
        )
        for finding in sorted(check.problems, key=lambda f: (f.sheet or "", f.row or 0)):
            yield "  " + finding_text(finding)
    else:
        facts = summary(result.form)
        yield QCoreApplication.translate(
            "FormCheck", "{file}:可以使用 —《{title}》(表单编号 {form},版本 {version})"
        ).format(
            file=name, title=facts["title"], form=facts["form_id"], version=facts["version"] or "—"
        )
        yield "  " + QCoreApplication.translate(
            "FormCheck", "题目 {questions} 个(说明 {notes},计算 {calculations},自动记录 {metadata})"
        ).format(**facts)
        yield "  " + QCoreApplication.translate(
            "FormCheck",
            "分组 {groups} 个,重复组 {repeats} 个,选项表 {choice_lists} 个(共 {choices} 个选项)",
        ).format(**facts)
        languages = ", ".join(lang.name for lang in result.form.languages) or "—"
        yield "  " + QCoreApplication.translate("FormCheck", "语言:{languages}").format(
            languages=languages
        )
    ignored = [f for f in check.findings if not f.blocks_loading]
    if ignored:
        yield QCoreApplication.translate("FormCheck", "忽略(不影响回答){n} 项:").format(
            n=len(ignored)
        )
        yield from _ignored_lines(ignored)


def finding_text(finding: Finding) -> str:
    """One problem: what, where (sheet, row, column), which question, and the detail (in the
    window's language)."""
    where = [finding.sheet or ""]
    if finding.row:
        where.append(QCoreApplication.translate("FormCheck", "第 {row} 行").format(row=finding.row))
    if finding.column:
        where.append(finding.column)
    place = " ".join(part for part in where if part)
    subject = f" {finding.name}:" if finding.name else ""
    shown = f" [{finding.text}]" if finding.text and finding.text != finding.name else ""
    detail = finding.said(paper_language())
    return f"{_word(SEVERITIES, finding.severity)} {place}:{subject} {detail}{shown}"


def _ignored_lines(findings: list[Finding]) -> Iterator[str]:
    grouped: dict[str, list[int]] = defaultdict(list)
    for finding in findings:
        where = " ".join(part for part in (finding.sheet, finding.column) if part)
        grouped[f"{where}: {finding.said(paper_language())}".strip()].append(finding.row or 0)
    for what, rows in grouped.items():
        numbered = sorted({row for row in rows if row})
        shown = ", ".join(str(row) for row in numbered[:12]) + (" …" if len(numbered) > 12 else "")
        yield (
            "  "
            + what
            + (
                QCoreApplication.translate("FormCheck", "(第 {rows} 行)").format(rows=shown)
                if numbered
                else ""
            )
        )
