"""Opening the window on a laptop's file loads no analysis library: pandas and numpy (about a
second) come in only with the exports and analyses that use them, pypinyin only as names are
written."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from survey_app.core.votes import Choice
from survey_app.store.database import Store
from survey_app.ui.app import painted_frame
from survey_app.ui.base.translations import Translations
from survey_app.ui.field.scanner_input import ScannerInput
from survey_app.ui.field.workspace import Workspace
from survey_app.ui.main_window import PAGE_AFTER_MS, MainWindow

OPEN_THE_WINDOW = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from survey_app.ui import app
    from survey_app.store.database import open_store
    from survey_app.ui.base.translations import Translations
    from survey_app.ui.field.workspace import Workspace
    from survey_app.ui.main_window import MainWindow

    qapp = app.start_application()
    window = MainWindow(Workspace(open_store(Path(sys.argv[1]))), Translations())
    window.show()
    qapp.processEvents()
    heavy = {"pandas", "numpy", "sqlite_utils", "pypinyin"} & set(sys.modules)
    print(window.windowTitle() != "", sorted(heavy))
    """
)


def test_opening_the_window_imports_neither_pandas_nor_numpy(db_path: Path) -> None:
    # sqlite-utils imports both as it loads; the store needs it only to migrate an older file.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", OPEN_THE_WINDOW, str(db_path)],
        capture_output=True, text=True, check=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "True []"


BEFORE_FIRST_PAINT = (
    "pandas", "numpy", "reportlab", "openpyxl", "sqlite_utils", "pyxform", "pypinyin",
    "python_calamine", "survey_app.xlsform", "survey_app.reports", "survey_app.needs",
    "survey_app.sync.export", "survey_app.ui.office.compounds_view",
    "survey_app.ui.office.sync_dialog", "survey_app.ui.office.devices_view",
    "survey_app.ui.field.household_page", "survey_app.ui.field.vote_panel",
    "survey_app.ui.field.survey_view", "survey_app.sync",
    "cryptography.hazmat.primitives.serialization", "survey_app.ui.base.tasks",
    "survey_app.ui.base.workers", "survey_app.actions.demo", "survey_app.ui.field.first_run",
    "survey_app.ui.field.leave_vote", "survey_app.ui.field.device_name", "logging.handlers",
    "survey_app.core.payloads", "importlib.resources", "survey_app.ui.base.passphrase_dialog",
    "survey_app.ui.office.common", "survey_app.ui.base.crash_box", "survey_app.core.qr_texts",
)  # fmt: skip
"""What the window's start leaves for later: analyses, PDFs, spreadsheets, the survey form's
engine, the office's own windows, the household page, the dialogs of a first run, of leaving a
vote and of errors, the record payloads' classes (what the store writes records with), the
background workers (each comes with the first use of what needs it, or
right after the first paint); never at the start: `logging.handlers` (the crash log rotates
itself). Nor the dialogs' modules a plain file's start does not show: the passphrase dialog, the
office's dialog pieces, the crash box (their Qt classes cost the start about 3 ms to make); nor
the QR texts' parsing (the scanner needs only how a ballot's text begins)."""


def imported(stderr: str) -> set[str]:
    """The modules `python -X importtime` reports."""
    return {
        line.rsplit("|", 1)[1].strip()
        for line in stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_the_start_to_the_first_painted_window_imports_nothing_it_does_not_show(
    db_path: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    shot = tmp_path / "start.png"
    command = [sys.executable, "-X", "importtime", "-m", "survey_app", "--db", str(db_path),
               "gui", "--screenshot", str(shot)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.stat().st_size > 0
    modules = imported(result.stderr)
    assert "survey_app.ui.main_window" in modules  # the report is read: this can fail
    loaded = {
        m
        for m in modules
        for heavy in BEFORE_FIRST_PAINT
        if m.split(".")[: heavy.count(".") + 1] == heavy.split(".")
    }
    assert loaded == set()


def test_the_gui_entry_point_imports_only_what_parses_its_options() -> None:
    code = (
        "import sys; from survey_app.cli.gui_cli import gui_main;"
        "print(sorted(m for m in sys.modules if m.startswith(('survey_app.', 'PySide6'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    modules = ast.literal_eval(result.stdout.strip())
    assert modules == ["survey_app.cli", "survey_app.cli.base", "survey_app.cli.gui_cli",
                       "survey_app.cli.server_access", "survey_app.core",
                       "survey_app.core.errors"]  # fmt: skip


READ_BY_THE_FEATURE_HOOK = textwrap.dedent(
    """
    import inspect, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    {before}
    read = []
    source = inspect.getsource
    inspect.getsource = lambda thing: read.append(thing.__name__) or source(thing)
    import just_written  # a module imported after the window's package
    from PySide6.QtWidgets import QApplication, QLabel
    from PySide6.QtCore import Qt
    qapp = QApplication([])
    label = QLabel("x")  # Qt still works from a module PySide6's hook never saw
    print("just_written" in read, label.text(), Qt.AlignmentFlag.AlignLeft.name)
    """
)


@pytest.mark.parametrize(
    ("before", "read"),
    [("import PySide6.QtCore", True), ("import survey_app.ui", False)],
    ids=["PySide6 alone", "the window's package"],
)
def test_a_module_imported_after_the_window_package_is_not_read_by_pysides_hook(
    tmp_path: Path, before: str, read: bool
) -> None:
    # PySide6 alone reads the source of each module imported after it (its `__feature__`
    # hook): the first case shows the check can fail; the window's package takes it out.
    (tmp_path / "just_written.py").write_text("WORDS = 'PySide6'\n", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    code = READ_BY_THE_FEATURE_HOOK.replace("{before}", before)
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True, text=True, check=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.stdout.split() == [str(read), "x", "AlignLeft"]


@pytest.fixture
def new_window(store: Store, translations: Translations) -> Iterator[Callable[[], MainWindow]]:
    """Windows made as the start makes them (not shown yet), closed before the store is."""
    made: list[MainWindow] = []

    def make() -> MainWindow:
        made.append(MainWindow(Workspace(store), translations))
        return made[-1]

    yield make
    for window in made:
        window.close()
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def test_the_household_page_is_built_after_the_first_paint(
    new_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = new_window()
    assert window.stack.count() == 1  # the progress view only: the start shows it
    window.show()
    qtbot.waitUntil(lambda: window.stack.count() == 2)
    assert window.stack.currentWidget() is window.progress_view
    assert window.stack.widget(1) is window.household_page


def test_a_place_reopened_at_the_start_builds_the_page_at_once_and_it_works_by_keys(
    new_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = new_window()
    assert window.open_household("NH-001/1-1-101")  # restore_place runs before the first paint
    assert window.stack.currentWidget() is window.household_page
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.household_page.vote_panels[1].choice() is Choice.DISAGREE
    qtbot.wait(PAGE_AFTER_MS + 100)  # the build after the first paint finds the page there
    assert window.stack.count() == 2
    assert window.household_page.vote_panels[1].choice() is Choice.DISAGREE


def test_the_scanner_watches_events_only_from_the_first_painted_frame_on(
    new_window: Callable[[], MainWindow], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its filter sees every event of the application, each a call into Python: building,
    # polishing and painting the window pass thousands of them by it otherwise.
    seen: list[QEvent.Type] = []
    seen_when_listening: list[int] = []
    watch, listen = ScannerInput.eventFilter, ScannerInput.listen

    def counted(self: ScannerInput, watched: QObject, event: QEvent) -> bool:
        seen.append(event.type())
        return watch(self, watched, event)

    def listening(self: ScannerInput) -> None:
        seen_when_listening.append(len(seen))
        listen(self)

    monkeypatch.setattr(ScannerInput, "eventFilter", counted)
    monkeypatch.setattr(ScannerInput, "listen", listening)
    window = new_window()
    window.resize(1366, 768)
    window.show()
    assert not window.scanner.listening
    qtbot.waitUntil(lambda: window.scanner.listening)
    assert seen_when_listening == [0]
    window.activateWindow()
    window.household_list.tree.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.household_list.tree)
    qtbot.keyClicks(QApplication.focusWidget(), "SAB|NH-001/1-2-102|R1")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert QEvent.Type.KeyPress in seen
    household = window.current_household()
    assert household is not None and household.id == "NH-001/1-2-102"


def test_a_screenshot_of_the_start_leaves_the_scanner_off(
    new_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = new_window()
    window.leave_out_work_after_first_paint()  # as `gui --screenshot` does: it takes no keys
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    assert window.grab().width() == 1366
    assert not window.scanner.listening


def test_the_screenshot_of_the_start_is_the_frame_the_window_painted(
    new_window: Callable[[], MainWindow], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = new_window()
    window.leave_out_work_after_first_paint()
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    for _ in range(3):
        QApplication.processEvents()
    painted_again = window.grab().toImage()
    monkeypatch.setattr(window, "grab", lambda: pytest.fail("painted a second time"))
    frame = painted_frame(window).toImage()
    assert frame.size() == QSize(1366, 768)
    assert frame == painted_again.convertToFormat(frame.format())


COLLECTOR_AT_THE_START = textwrap.dedent(
    """
    import gc, sys
    from survey_app.cli import main
    from survey_app.ui import app, main_window

    seen = {}
    build = main_window.MainWindow.__init__
    frame = app.painted_frame

    def built(window, *args, **kwargs):
        seen["built"] = gc.isenabled()
        build(window, *args, **kwargs)

    def framed(window):
        seen["painted"] = gc.isenabled(), gc.get_freeze_count() > 0
        return frame(window)

    main_window.MainWindow.__init__ = built
    app.painted_frame = framed
    try:
        main(["--db", sys.argv[1], "gui", "--screenshot", sys.argv[2]])
    except SystemExit as exit:
        print(exit.code, seen["built"], seen["painted"], gc.isenabled())
    """
)


def test_the_start_pauses_the_collector_until_the_event_loop_turns(
    db_path: Path, tmp_path: Path
) -> None:
    # What the start makes lives as long as the window: a collection in it finds no garbage.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-c", COLLECTOR_AT_THE_START, str(db_path), str(tmp_path / "s.png")]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    # Paused while the window is built; on again at its first frame, what the start made left
    # out of its passes (frozen); on after the command.
    assert result.stdout.strip().splitlines()[-1] == "0 False (True, True) True"
