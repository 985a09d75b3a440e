"""Long work behind a small progress dialog: the work runs as a `workers.Task` on the thread
pool and hands its result or error to callbacks on the GUI thread; nothing waits for it, so
the window (or, at start, the event loop before it) stays live."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from survey_app.actions.data_files import opened
from survey_app.actions.demo import make_demo
from survey_app.ui.base.workers import Progress, Task, Work


def write_demo_work(path: Path) -> Work:
    """The sample batch, written into its own (empty) file as `survey-app demo` writes it."""

    def work(progress: Progress) -> Path:
        with opened(path) as store:
            make_demo(store=store, progress=progress)
        return path

    return work


class ProgressDialog(QProgressDialog):
    """Shows a task under way (busy until it tells how far it is) and closes when it ends."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(label, "", 0, 0, parent)
        self.setCancelButton(None)
        self.setMinimumDuration(300)
        self.setWindowTitle(label)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.task: Task | None = None

    def step(self, done: int, total: int) -> None:
        self.setMaximum(total)
        self.setValue(done)

    def _ended(self) -> None:
        self.task = None
        self.close()
        self.deleteLater()

    @classmethod
    def run(
        cls,
        parent: QWidget | None,
        label: str,
        work: Work,
        *,
        on_done: Callable[[Any], object],
        on_failed: Callable[[Exception], object],
    ) -> ProgressDialog:
        """Start the work; the dialog closes before `on_done` or `on_failed` is called."""
        dialog = cls(label, parent)
        task = Task(work)
        task.progressed.connect(dialog.step)
        # Connected before the callbacks: the dialog goes, then the result is shown.
        task.succeeded.connect(lambda _result: dialog._ended())
        task.failed.connect(lambda _error: dialog._ended())
        task.succeeded.connect(on_done)
        task.failed.connect(on_failed)
        dialog.task = task.start()
        return dialog
