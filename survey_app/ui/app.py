"""Starting the desktop app. The options are parsed once, by the `survey-app gui` click command
(`survey-app-gui` runs the same command); this module opens the database and the window."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QThreadPool, QTimer

from survey_app.core.errors import NotFound, SurveyAppError
from survey_app.ui.base.words import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QApplication, QWidget

    from survey_app.ui.base.translations import Translations
    from survey_app.ui.main_window import MainWindow


WRITING_SAMPLE = QT_TRANSLATE_NOOP("App", "正在生成示例数据…")


@dataclass(frozen=True)
class GuiOptions:
    db: Path | None = None
    demo: bool = False
    language: str | None = None
    screenshot: Path | None = None
    size: tuple[int, int] = (1366, 768)


def run(options: GuiOptions, *, on_started: Callable[[], object] | None = None) -> int:
    """Open the window (or, with a screenshot asked for, render it offscreen to a PNG and exit).
    A screenshot keeps the user's Qt settings out of it: neither read nor written. `on_started`
    is called at the event loop's first turn after the start (the window built, or a dialog
    of the start open)."""
    if options.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from survey_app.ui.base import crash, settings

    app = start_application()
    crash.install(tell_user=options.screenshot is None)
    if options.screenshot is None:
        return _run_window(app, options, on_started)
    import tempfile

    scratch = tempfile.TemporaryDirectory(prefix="survey-app-screenshot-")
    with scratch, settings.user_settings_kept_in(Path(scratch.name)):
        code = _run_window(app, options, on_started)
    return code


def _run_window(
    app: QApplication, options: GuiOptions, on_started: Callable[[], object] | None
) -> int:
    from survey_app.ui.base import settings
    from survey_app.ui.base.translations import Translations

    translations = Translations()
    translations.install(options.language or settings.language())
    quits_on_close = app.quitOnLastWindowClosed()
    opened: list[MainWindow] = []  # keeps the window alive while the app runs

    def show(window: MainWindow | None) -> None:
        if window is None:
            app.exit(0 if options.screenshot is None else 1)
            return
        opened.append(window)
        if options.screenshot is not None:
            window.leave_out_work_after_first_paint()
            _screenshot_and_exit(app, window, options.screenshot, options.size)
            return
        geometry = settings.window_state()
        if geometry is None or not window.restoreGeometry(geometry):
            window.resize(*options.size)
        window.show()
        app.setQuitOnLastWindowClosed(quits_on_close)

    def start() -> None:
        try:
            open_window(options, translations, show)
        except BaseException:
            app.exit(1)
            raise

    # The first-run dialogs and the progress dialog close before the window opens.
    app.setQuitOnLastWindowClosed(False)
    try:
        QTimer.singleShot(0, start)
        if on_started is not None:
            QTimer.singleShot(0, on_started)  # due with `start`: right after it, or in its dialogs
        return app.exec()
    finally:
        app.setQuitOnLastWindowClosed(quits_on_close)
        QThreadPool.globalInstance().waitForDone(10_000)
        translations.uninstall()


def _screenshot_and_exit(
    app: QApplication, window: MainWindow, path: Path, size: tuple[int, int]
) -> None:
    code = 1
    try:
        save_window_image(window, path, size)
        window.hide()  # not close(): nothing of the window's state is kept from a screenshot
        print(f"wrote {path}")
        code = 0
    finally:
        app.exit(code)


def save_window_image(window: MainWindow, path: Path, size: tuple[int, int]) -> None:
    from PySide6.QtWidgets import QApplication

    window.resize(*size)
    window.show()
    window.show_progress()
    for _ in range(3):
        QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    painted_frame(window).save(str(path), "PNG")


def painted_frame(window: QWidget) -> QPixmap:
    """The frame the window has painted, as the offscreen platform keeps it (no second
    painting of every widget); elsewhere the screen's copy could show what covers the window,
    so it is painted again."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.platformName() == "offscreen":
        frame = window.screen().grabWindow(window.winId())
        if not frame.isNull() and frame.size() == window.size() * window.devicePixelRatio():
            return frame
    return window.grab()


def start_application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    from survey_app.ui.base.icons import app_icon
    from survey_app.ui.base.style import apply_style

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("survey-app")
    app.setWindowIcon(app_icon())
    apply_style(app)
    return app


def open_window(
    options: GuiOptions, translations: Translations, then: Callable[[MainWindow | None], None]
) -> None:
    """Open the database (offering the first-run choices when there is no data, and asking
    this laptop's name and surveyor when the file has none), then the window; `then` gets
    it, or None when there is none to show."""
    from survey_app.actions.data_files import is_demo
    from survey_app.store.database import open_store
    from survey_app.ui.base.passphrases import passphrase_of
    from survey_app.ui.base.words import error_text
    from survey_app.ui.field.workspace import Workspace
    from survey_app.ui.main_window import MainWindow

    def refused(error: Exception) -> None:
        then(None)
        if not isinstance(error, SurveyAppError):
            raise error
        if options.screenshot is not None:
            print(error_text(error), file=sys.stderr)
        else:
            from survey_app.ui.field.first_run import ErrorBox

            ErrorBox.ask(None, "survey-app", error_text(error))

    def ready(path: Path | None) -> None:
        if path is None:
            then(None)
            return
        try:
            store = open_store(path, passphrase=passphrase_of(path))
        except SurveyAppError as error:
            refused(error)
            return
        if options.screenshot is None and not is_demo(store=store):
            from survey_app.ui.field.device_name import name_this_laptop

            name_this_laptop(store)  # a data file without a name: its first run
        window = MainWindow(Workspace(store), translations)
        if options.screenshot is None:  # a screenshot shows the start, no reopened place
            window.restore_place()
        then(window)

    try:
        prepare_database(options, on_ready=ready, on_failed=refused)
    except SurveyAppError as error:
        refused(error)


def prepare_database(
    options: GuiOptions,
    *,
    on_ready: Callable[[Path | None], object],
    on_failed: Callable[[Exception], object],
) -> None:
    """The database to open, handed to `on_ready`: the sample batch with --demo, else the
    chosen or default file; with no data yet, the surveyor picks importing a roster or the
    sample batch (None: they left). A chosen file that does not exist is created only after
    asking. Writing the sample runs in a worker behind a progress dialog, whose error goes
    to `on_failed`."""
    from survey_app.actions.data_files import demo_db_path, has_compounds
    from survey_app.store.database import default_db_path
    from survey_app.ui.base import settings
    from survey_app.ui.base.passphrases import passphrase_of, unlock

    def write_demo(path: Path) -> None:
        from survey_app.ui.base.tasks import ProgressDialog, write_demo_work

        work = write_demo_work(path)
        ProgressDialog.run(None, _busy(WRITING_SAMPLE), work, on_done=on_ready, on_failed=on_failed)

    if options.demo:
        path = options.db or demo_db_path()
        if not unlock(None, path):
            on_ready(None)
        elif has_compounds(path=path, passphrase=passphrase_of(path)):
            on_ready(path)
        else:
            write_demo(path)
        return
    chosen = options.db or settings.data_path()
    path = chosen or default_db_path()
    if not unlock(None, path):
        on_ready(None)  # the passphrase dialog was cancelled: quit, nothing changed
        return
    if has_compounds(path=path, passphrase=passphrase_of(path)):
        on_ready(path)
        return
    if options.screenshot is not None:
        raise NotFound(code="no_data", path=str(path))
    from survey_app.ui.field.first_run import IMPORT, SAMPLE, FirstRunDialog, NewDataFileBox

    if chosen is not None and not chosen.exists() and not NewDataFileBox.ask(None, chosen):
        on_ready(None)  # a mistyped path: nothing is created
        return
    while True:
        choice = FirstRunDialog.ask(None)
        if choice == SAMPLE:
            write_demo(demo_db_path())  # the sample batch stays unencrypted, and says so
        elif choice == IMPORT:
            if not encrypt_new_file(path):
                continue  # no passphrase set: back to the first choice
            from survey_app.ui.office.roster_dialog import RosterImportDialog

            RosterImportDialog.ask(None, path, [])
            on_ready(path if has_compounds(path=path, passphrase=passphrase_of(path)) else None)
        else:
            on_ready(None)
        return


def encrypt_new_file(path: Path) -> bool:
    """A laptop's first data file is created encrypted, with a passphrase the surveyor sets
    now (False: they cancelled). A file already there keeps what it is."""
    from survey_app.actions.data_files import opened
    from survey_app.ui.base.passphrase_dialog import NewPassphraseDialog
    from survey_app.ui.base.passphrases import keep

    if path.exists() and path.stat().st_size > 0:
        return True
    answer = NewPassphraseDialog.ask(None, path)
    if answer is None:
        return False
    with opened(path, answer.passphrase):
        pass  # created here, encrypted, before the roster dialog opens it in its worker
    keep(path, answer)
    return True


def _busy(text: str) -> str:
    return QCoreApplication.translate("App", text)
