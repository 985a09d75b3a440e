"""Crash reports. The desktop build has no console, so an unhandled exception (in a slot, an
event handler, anywhere) and Qt's own warnings go to a rotating log in the user's data folder,
and the user is told, in their language, that nothing saved is lost and where the log is."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QMessageLogContext,
    QThread,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from survey_app.store.database import default_data_dir

LOG_FILE_NAME = "survey-app.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
log = logging.getLogger("survey_app")
QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_telling = False


def log_path() -> Path:
    """Beside the default database (XDG_DATA_HOME, %APPDATA%, ~/Library/Application Support)."""
    return default_data_dir() / LOG_FILE_NAME


def install(*, tell_user: bool = True) -> Path:
    """At app start: write the log, route unhandled exceptions and Qt's messages into it, and
    (unless rendering offscreen) show the crash dialog. Installing again replaces the log."""
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in [h for h in log.handlers if isinstance(h, LogFile)]:
        log.removeHandler(old)
        old.close()
    log.addHandler(LogFile(path))
    log.setLevel(logging.INFO)
    sys.excepthook = on_exception if tell_user else log_exception
    qInstallMessageHandler(on_qt_message)
    return path


class LogFile(logging.FileHandler):
    """The rotating log: LOG_BYTES a file, then renamed `.1` (the older ones `.2`, `.3`, the
    oldest dropped). Rotated here rather than by `logging.handlers.RotatingFileHandler`, whose
    module (with socket, pickle and queue) took the start about 20 ms."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8")
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full_with(record):
                self._rotate()
        except Exception:
            self.handleError(record)
            return
        super().emit(record)

    def _full_with(self, record: logging.LogRecord) -> bool:
        path = Path(self.baseFilename)  # flushed after each record: its size is on disk
        return path.is_file() and path.stat().st_size + len(self.format(record)) + 1 >= LOG_BYTES

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # reopened by the next record
        path = Path(self.baseFilename)
        for number in range(LOG_BACKUPS - 1, 0, -1):
            older = path.with_name(f"{path.name}.{number}")
            if older.exists():
                older.replace(path.with_name(f"{path.name}.{number + 1}"))
        path.replace(path.with_name(f"{path.name}.1"))


def log_exception(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    log.error("unhandled exception", exc_info=(kind, error, trace))
    if sys.stderr is not None:  # a console, when there is one, still shows the traceback
        sys.__excepthook__(kind, error, trace)


def on_exception(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    log_exception(kind, error, trace)
    if not issubclass(kind, Exception):
        return  # KeyboardInterrupt, SystemExit: nothing to tell
    tell_user()


def tell_user() -> None:
    """Once at a time (an error repeated while painting must not stack dialogs), and only on
    the GUI thread of a running window."""
    global _telling
    app = QApplication.instance()
    if _telling or app is None or QThread.currentThread() is not app.thread():
        return
    from survey_app.ui.base.crash_box import CrashBox  # its first use: the start shows no box

    _telling = True
    try:
        CrashBox.ask(None, log_path())
    finally:
        _telling = False


def on_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    where = f" ({context.file}:{context.line})" if context.file else ""
    log.log(QT_LEVELS.get(kind, logging.WARNING), "Qt: %s%s", message, where)
    if sys.stderr is not None:
        print(message, file=sys.stderr)
