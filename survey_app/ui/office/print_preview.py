"""Printed documents: the PDF is made in a worker thread (cancellable), shown in the app, then
printed through the system printer dialog or saved as a PDF file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QVBoxLayout, QWidget

from survey_app.actions.printing import (
    PrintJob,
    PrintRequest,
    page_numbers,
    print_spooler,
    send_to_printer,
    write_pages,
)
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
    "survey": QT_TRANSLATE_NOOP("PrintPreview", "入户调查表"),
    "satisfaction": QT_TRANSLATE_NOOP("PrintPreview", "满意度汇总"),
}
FILE_NAMES = {
    "tally": "公示",
    "ballots": "征询意见表",
    "ranking": "排名表",
    "needs": "需求清单",
    "visits": "走访清单",
    "survey": "调查表",
    "satisfaction": "满意度汇总",
}
RASTER_DPI = 300
"""Pages painted as images (no print spooler) are rendered at this resolution at most."""
SIDES = {
    QPrinter.DuplexMode.DuplexLongSide: "long",
    QPrinter.DuplexMode.DuplexAuto: "long",
    QPrinter.DuplexMode.DuplexShortSide: "short",
}


def document_title(request: PrintRequest) -> str:
    title = QCoreApplication.translate("PrintPreview", TITLES[request.kind])
    parts = [title, request.household or request.compound or ""]
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
        request.household.replace("/", "-") if request.household else None,
        FILE_NAMES[request.kind],
        f"第{request.round_no}轮" if request.kind in ("tally", "ballots", "visits") else None,
        f"{request.building}幢" if request.building else None,
        "未表态" if request.pending else None,
    ]
    return "-".join(p for p in parts if p) + ".pdf"


def print_job(printer: QPrinter) -> PrintJob:
    """What the print dialog chose: the printer, copies, pages and sides."""
    ranges = printer.pageRanges()
    return PrintJob(
        printer=printer.printerName(),
        copies=printer.copyCount(),
        pages="" if ranges.isEmpty() else ranges.toString(),
        sides=SIDES.get(printer.duplex()),
    )


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
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(printer)
        except SurveyAppError as error:
            self.status.setText(error_text(error))

    def print_to(self, printer: QPrinter) -> int:
        """The PDF's own pages go to the printer, vector and with their text: a PDF printer
        gets the file, a CUPS printer the file through `lp`. Only where there is no spooler
        (Windows) are the pages painted as images, at 300 dpi at most. Returns the pages sent."""
        job = print_job(printer)
        count = self.document.pageCount()
        pages = len(page_numbers(job.pages, count)) if job.pages else count
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            if not printer.outputFileName():
                return 0
            target = Path(printer.outputFileName())
            write_pages(pdf=self.pdf_path, target=target, pages=job.pages)
            self.status.setText(self.tr("已打印到文件 {path}").format(path=target))
            return pages
        spooler = print_spooler()
        if spooler is None:
            return self.paint_pages(printer, job)
        title = document_title(self.request)
        send_to_printer(pdf=self.pdf_path, job=job, title=title, spooler=spooler)
        self.status.setText(
            self.tr("已发送到打印机 {printer}:共 {n} 页").format(
                printer=job.printer or self.tr("默认打印机"), n=pages * max(1, job.copies)
            )
        )
        return pages

    def paint_pages(self, printer: QPrinter, job: PrintJob) -> int:
        """Each page as an image of at most 300 dpi, scaled onto the printer's page."""
        count = self.document.pageCount()
        numbers = page_numbers(job.pages, count) if job.pages else list(range(1, count + 1))
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        dpi = min(printer.resolution(), RASTER_DPI)
        try:
            for index, number in enumerate(numbers):
                if index:
                    printer.newPage()
                size = self.document.pagePointSize(number - 1)
                target = QRectF(painter.viewport())
                scale = min(target.width() / size.width(), target.height() / size.height())
                pixels = QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
                image = self.document.render(number - 1, pixels)
                painter.drawImage(QRectF(0, 0, size.width() * scale, size.height() * scale), image)
        finally:
            painter.end()
        return len(numbers)

    def done(self, result: int) -> None:
        self.flag.cancel()
        self.document.close()
        super().done(result)

    @classmethod
    def ask(cls, parent: QWidget | None, db_path: Path, request: PrintRequest) -> None:
        cls(db_path, request, parent).exec()
