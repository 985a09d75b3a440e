"""Long work runs on the thread pool; results and errors come back on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from survey_app.core.errors import InvalidInput
from survey_app.ui.base.tasks import ProgressDialog
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


def test_a_progress_dialog_shows_the_work_and_hands_on_its_result_or_error(qtbot):
    results, errors = [], []

    def work(progress):
        progress(1, 3)
        return "ok"

    shown = ProgressDialog.run(None, "…", work, on_done=results.append, on_failed=errors.append)
    assert results == []  # nothing waits for the work: the caller goes on at once
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results == ["ok"] and errors == [] and shown.task is None
    ProgressDialog.run(None, "…", lambda progress: 1 / 0, on_done=results.append,
                       on_failed=errors.append)  # fmt: skip
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ZeroDivisionError), "the error of the work was lost"
    assert results == ["ok"]
