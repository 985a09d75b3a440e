"""Long work (importing a roster, writing the sample batch) in a worker thread.

The work function runs on the thread pool and must not touch widgets; it gets a `progress`
callback. Its result, error and progress come back as signals delivered on the GUI thread.
A worker opens its own database connection: SQLite connections stay in their thread.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance, Slot

from survey_app.core.errors import SurveyAppError

Progress = Callable[[int, int], None]
Work = Callable[[Progress], Any]

_running: set[Task] = set()


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class _Runner(QRunnable):
    def __init__(self, work: Work, signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work(self._progress)
        except Exception as error:  # reported to the GUI thread, never lost
            self._emit(self.signals.failed, error)
        else:
            self._emit(self.signals.done, result)

    def _progress(self, done: int, total: int) -> None:
        self._emit(self.signals.progress, done, total)

    @staticmethod
    def _emit(signal: SignalInstance, *values: object) -> None:
        with suppress(RuntimeError):  # the window that asked is gone (the app is quitting)
            signal.emit(*values)


class Task(QObject):
    """A piece of work under way; `finished` fires on the GUI thread when it ends either way."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)
    finished = Signal()

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._signals = _Signals()
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._signals.progress.connect(self.progressed)
        self._runner = _Runner(work, self._signals)
        self._runner.setAutoDelete(False)

    def start(self) -> Task:
        _running.add(self)
        QThreadPool.globalInstance().start(self._runner)
        return self

    @Slot(object)
    def _on_done(self, result: object) -> None:
        _running.discard(self)
        self.succeeded.emit(result)
        self.finished.emit()

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        _running.discard(self)
        self.failed.emit(error)
        self.finished.emit()


def run_task(
    work: Work,
    *,
    on_done: Callable[[Any], None],
    on_failed: Callable[[Exception], None],
    on_progress: Progress | None = None,
) -> Task:
    task = Task(work)
    task.succeeded.connect(on_done)
    task.failed.connect(on_failed)
    if on_progress is not None:
        task.progressed.connect(on_progress)
    return task.start()


def as_app_error(error: Exception) -> SurveyAppError:
    """A worker's failure as an error the window can word (a bug becomes `unexpected`)."""
    if isinstance(error, SurveyAppError):
        return error
    return SurveyAppError(code="unexpected", detail=str(error))
