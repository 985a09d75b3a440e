"""打印… sends the PDF's own pages: to a PDF printer the file itself (vector, with its text),
to a CUPS printer the file through `lp`; 800 ballots are a job of a few MB."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from survey_app.actions import printing
from survey_app.actions.printing import PrintJob, PrintRequest, send_to_printer
from survey_app.core.errors import RefusedAction
from survey_app.store.database import open_store
from survey_app.store.sample import write_sample
from survey_app.ui.office import print_preview
from survey_app.ui.office.print_preview import PrintPreview

MB = 1024 * 1024


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One compound of 800 households, round 1 open or closed."""
    path = tmp_path_factory.mktemp("print-batch") / "sample.db"
    store = open_store(path)
    write_sample(store=store, compounds=1, min_households=800, max_households=800)
    store.close()
    return path


def preview(qtbot, db: Path, request: PrintRequest) -> PrintPreview:
    dialog = PrintPreview(db, request, None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=120_000):
        pass
    qtbot.waitUntil(lambda: dialog.task is None)
    return dialog


def pdftotext(path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext (poppler-utils) is needed"
    return subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def choose_in_print_dialog(monkeypatch, configure) -> None:
    """The system print dialog, as the user leaves it: `configure` sets the printer."""

    def exec_(dialog) -> QDialog.DialogCode:
        configure(dialog.printer())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(print_preview.QPrintDialog, "exec", exec_)


def test_printing_to_a_pdf_printer_keeps_the_pages_and_their_text(
    qtbot, big_batch, translations, tmp_path, monkeypatch
):
    dialog = preview(qtbot, big_batch, PrintRequest("tally", "NH-001", 1, households=True))
    pages = dialog.document.pageCount()
    assert pages >= 2
    out = tmp_path / "打印.pdf"

    def to_file(printer: QPrinter) -> None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))

    choose_in_print_dialog(monkeypatch, to_file)
    dialog.print_button.setFocus()
    QTest.keyClick(dialog.print_button, Qt.Key.Key_Space)  # 打印… pressed as a person does
    assert len(PdfReader(out).pages) == pages
    assert out.stat().st_size <= dialog.pdf_path.stat().st_size  # was 40 MB for 7 pages
    text = pdftotext(out)
    assert "征询结果公示" in text.replace(" ", "") and "应征询户数" in text
    assert "已打印到文件" in dialog.status.text()


def test_a_page_range_prints_only_those_pages(qtbot, big_batch, translations, tmp_path):
    dialog = preview(qtbot, big_batch, PrintRequest("ballots", "NH-001", 1, building="1"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "two.pdf"))
    printer.setFromTo(2, 3)
    assert dialog.print_to(printer) == 2
    printed = PdfReader(tmp_path / "two.pdf")
    source = PdfReader(dialog.pdf_path)
    assert [p.extract_text() for p in printed.pages] == [
        source.pages[1].extract_text(), source.pages[2].extract_text()]  # fmt: skip


def fake_lp(tmp_path: Path) -> tuple[Path, Path]:
    """An `lp` that keeps its arguments and the file it was given, as CUPS would spool it."""
    spooled, args = tmp_path / "spooled.pdf", tmp_path / "lp-args"
    script = tmp_path / "lp"
    script.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" > "{args}"\n'
        f'for last; do :; done\ncp "$last" "{spooled}"\n'
        'echo "request id is 办公室-17 (1 file(s))"\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, args


class OfficePrinter(QPrinter):
    """A CUPS queue as the print dialog leaves it (none exists where the tests run)."""

    def outputFormat(self) -> QPrinter.OutputFormat:
        return QPrinter.OutputFormat.NativeFormat

    def printerName(self) -> str:
        return "办公室打印机"

    def duplex(self) -> QPrinter.DuplexMode:  # a PDF printer keeps no duplex setting
        return QPrinter.DuplexMode.DuplexLongSide


def test_800_ballots_go_to_a_cups_printer_as_the_pdf_itself(
    qtbot, big_batch, translations, tmp_path, monkeypatch
):
    lp, args = fake_lp(tmp_path)
    monkeypatch.setattr(print_preview, "print_spooler", lambda: str(lp))
    dialog = preview(qtbot, big_batch, PrintRequest("ballots", "NH-001", 1))
    assert dialog.document.pageCount() >= 700  # the eligible households of 800
    printer = OfficePrinter(QPrinter.PrinterMode.HighResolution)
    printer.setCopyCount(2)
    assert dialog.print_to(printer) == dialog.document.pageCount()
    spooled = tmp_path / "spooled.pdf"
    assert spooled.read_bytes() == dialog.pdf_path.read_bytes()
    assert spooled.stat().st_size < 3 * MB
    given = args.read_text(encoding="utf-8").splitlines()
    assert given[given.index("-d") + 1] == "办公室打印机" and given[given.index("-n") + 1] == "2"
    assert "sides=two-sided-long-edge" in given and given[-2] == "--"
    assert "已发送到打印机 办公室打印机" in dialog.status.text()


def test_a_spooler_that_fails_says_why_in_one_line(tmp_path):
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    failing = tmp_path / "lp"
    failing.write_text('#!/bin/sh\necho "lp: The printer or class does not exist." >&2\nexit 1\n')
    failing.chmod(0o755)
    with pytest.raises(RefusedAction) as refused:
        send_to_printer(
            pdf=pdf, job=PrintJob(printer="无此打印机"), title="t", spooler=str(failing)
        )
    assert "无此打印机" in refused.value.message and "does not exist" in refused.value.message


def test_without_a_spooler_pages_are_images_of_at_most_300_dpi(
    qtbot, big_batch, translations, tmp_path
):
    dialog = preview(qtbot, big_batch, PrintRequest("tally", "NH-001", 1))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # 1200 dpi
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "painted.pdf"))
    assert dialog.paint_pages(printer, PrintJob()) == dialog.document.pageCount()
    page = PdfReader(tmp_path / "painted.pdf").pages[0]
    widths = [image.image.width for image in page.images]
    assert widths and max(widths) <= 2481  # A4 at 300 dpi


def test_the_dialogs_choices_become_the_job(qapp):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFromTo(4, 9)
    printer.setCopyCount(3)
    job = print_preview.print_job(printer)
    assert (job.pages, job.copies, job.sides) == ("4-9", 3, None)
    assert printing.page_numbers("2-3,5,40", 10) == [2, 3, 5]
