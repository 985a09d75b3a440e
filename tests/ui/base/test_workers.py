"""Long work runs on the thread pool; results and errors come back on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from survey_app.core.errors import InvalidInput
from survey_app.ui.base.tasks import run_with_progress
from survey_app.ui.base.workers import run_task


def test_work_runs_off_the_gui_thread_and_reports_on_it(qtbot):
    seen = {}

    def work(progress):
        seen["worker"] = threading.current_thread() is threading.main_thread()
        progress(1, 2)
        return 42

    results, steps = [], []

    def done(value):
        seen["done_on_gui"] = QThread.currentThread() is QApplication.instance().thread()
        results.append(value)

    task = run_task(work, on_done=done, on_failed=lambda e: None,
                    on_progress=lambda a, b: steps.append((a, b)))  # fmt: skip
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert results == [42] and steps == [(1, 2)]
    assert seen == {"worker": False, "done_on_gui": True}


def test_errors_come_back(qtbot):
    def work(progress):
        raise InvalidInput("坏了")

    errors = []
    task = run_task(work, on_done=lambda r: None, on_failed=errors.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert [str(e) for e in errors] == ["坏了"]


def test_run_with_progress_returns_or_raises(qtbot):
    assert run_with_progress(None, "…", lambda progress: "ok") == "ok"
    try:
        run_with_progress(None, "…", lambda progress: 1 / 0)
    except ZeroDivisionError:
        pass
    else:
        raise AssertionError("the error of the work was lost")
