"""Printed documents: the PDF is made in a worker thread (cancellable), shown in the app, then
printed through the system printer dialog or saved as a PDF file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QVBoxLayout, QWidget

from survey_app.actions.printing import PrintRequest
from survey_app.core.errors import SurveyAppError
from survey_app.ui.base.words import QT_TRANSLATE_NOOP, error_text, round_name
from survey_app.ui.base.workers import Task, run_task
from survey_app.ui.office.common import BusyBar, OfficeDialog
from survey_app.ui.office.work import CancelFlag, Cancelled, copy_file, render_work

TITLES = {
    "tally": QT_TRANSLATE_NOOP("PrintPreview", "征询结果公示"),
    "ballots": QT_TRANSLATE_NOOP("PrintPreview", "入户征询意见表"),
    "ranking": QT_TRANSLATE_NOOP("PrintPreview", "排名表"),
    "needs": QT_TRANSLATE_NOOP("PrintPreview", "需求清单"),
    "visits": QT_TRANSLATE_NOOP("PrintPreview", "走访清单"),
}
FILE_NAMES = {
    "tally": "公示",
    "ballots": "征询意见表",
    "ranking": "排名表",
    "needs": "需求清单",
    "visits": "走访清单",
}


def document_title(request: PrintRequest) -> str:
    title = QCoreApplication.translate("PrintPreview", TITLES[request.kind])
    parts = [title, request.compound or ""]
    if request.kind in ("tally", "ballots", "ranking", "visits"):
        parts.append(round_name(request.round_no))
    if request.building:
        parts.append(
            QCoreApplication.translate("PrintPreview", "{b}号楼").format(b=request.building)
        )
    if request.pending:
        parts.append(QCoreApplication.translate("PrintPreview", "(仅未表态住户)"))
    return " ".join(p for p in parts if p)


def file_name(request: PrintRequest) -> str:
    parts = [
        request.compound,
        FILE_NAMES[request.kind],
        f"第{request.round_no}轮" if request.kind != "needs" else None,
        f"{request.building}幢" if request.building else None,
        "未表态" if request.pending else None,
    ]
    return "-".join(p for p in parts if p) + ".pdf"


class PrintPreview(OfficeDialog):
    ready = Signal()
    """The PDF is made and shown."""
    failed = Signal(str)

    def __init__(self, db_path: Path, request: PrintRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.folder = tempfile.TemporaryDirectory(prefix="survey-app-print-")
        self.pdf_path = Path(self.folder.name) / file_name(request)
        self.flag = CancelFlag()
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.busy = BusyBar()
        self.buttons = QDialogButtonBox()
        self.print_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setObjectName("primary")
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self._choose_save)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.busy)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 720)
        self.retranslate()
        self.task: Task | None = run_task(
            render_work(db_path, request, self.pdf_path, self.flag),
            on_done=self._made,
            on_failed=self._failed,
        )
        self.task.finished.connect(self._finished)
        self.busy.start()
        self._buttons(making=True)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("打印预览:{title}").format(title=document_title(self.request)))
        self.print_button.setText(self.tr("打印…"))
        self.save_button.setText(self.tr("另存为 PDF…"))
        self.cancel_button.setText(self.tr("取消生成"))
        self.close_button.setText(self.tr("关闭"))
        if self.document.status() != QPdfDocument.Status.Ready:
            self.status.setText(self.tr("正在生成 PDF…"))
        else:
            self._show_ready()

    def _buttons(self, making: bool) -> None:
        ready = not making and self.document.status() == QPdfDocument.Status.Ready
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        self.cancel_button.setVisible(making)

    def _made(self, path: Path) -> None:
        self.document.load(str(path))
        self._show_ready()
        self.ready.emit()

    def _show_ready(self) -> None:
        self.status.setText(
            self.tr("{title}:共 {n} 页,A4。").format(
                title=document_title(self.request), n=self.document.pageCount()
            )
        )

    def _failed(self, error: Exception) -> None:
        if isinstance(error, Cancelled):
            text = self.tr("已取消生成")
        elif isinstance(error, SurveyAppError):
            text = error_text(error)
        else:
            text = self.tr("无法生成:{error}").format(error=error)
        self.status.setText(text)
        self.failed.emit(text)

    def _finished(self) -> None:
        self.task = None
        self.busy.stop()
        self._buttons(making=False)

    def cancel(self) -> None:
        self.flag.cancel()

    def _choose_save(self) -> None:
        path, _f = QFileDialog.getSaveFileName(
            self, self.tr("另存为 PDF"), self.pdf_path.name, self.tr("PDF 文件 (*.pdf)")
        )
        if path:
            self.save_as(Path(path))

    def save_as(self, target: Path) -> Path:
        copy_file(self.pdf_path, target)
        self.status.setText(self.tr("已保存 {path}").format(path=target))
        return target

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(document_title(self.request))
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Each page rendered at the printer's resolution; returns the pages printed."""
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        pages = self.document.pageCount()
        try:
            for page in range(pages):
                if page:
                    printer.newPage()
                target = painter.viewport()
                size = self.document.pagePointSize(page)
                scale = min(target.width() / size.width(), target.height() / size.height())
                image = self.document.render(
                    page, QSize(int(size.width() * scale), int(size.height() * scale))
                )
                painter.drawImage(0, 0, image)
        finally:
            painter.end()
        return pages

    def done(self, result: int) -> None:
        self.flag.cancel()
        self.document.close()
        super().done(result)

    @classmethod
    def ask(cls, parent: QWidget | None, db_path: Path, request: PrintRequest) -> None:
        cls(db_path, request, parent).exec()
