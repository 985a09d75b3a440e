"""Starting the desktop app. The options are parsed once, by the `survey-app gui` click command
(`survey-app-gui` runs the same command); this module opens the database and the window."""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QThreadPool

from survey_app.core.errors import NotFound, SurveyAppError
from survey_app.ui.base.words import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from survey_app.ui.base.translations import Translations
    from survey_app.ui.main_window import MainWindow


WRITING_SAMPLE = QT_TRANSLATE_NOOP("App", "正在生成示例数据…")
IMPORTING = QT_TRANSLATE_NOOP("App", "正在导入住户名册…")


@dataclass(frozen=True)
class GuiOptions:
    db: Path | None = None
    demo: bool = False
    language: str | None = None
    screenshot: Path | None = None
    size: tuple[int, int] = (1366, 768)


def run(options: GuiOptions) -> int:
    if options.screenshot is not None:
        return run_for_screenshot(options)
    from survey_app.ui.base import crash, settings
    from survey_app.ui.base.translations import Translations

    app = start_application()
    crash.install()
    translations = Translations()
    translations.install(options.language or settings.language())
    try:
        window = open_window(options, translations)
        if window is None:
            return 0
        geometry = settings.window_state()
        if geometry is None or not window.restoreGeometry(geometry):
            window.resize(*options.size)
        window.show()
        return app.exec()
    finally:
        QThreadPool.globalInstance().waitForDone(10_000)
        translations.uninstall()


def run_for_screenshot(options: GuiOptions) -> int:
    """Render the main window offscreen to a PNG and exit. The user's Qt settings are kept
    out of it (neither read nor written), so a screenshot changes nothing the user chose."""
    assert options.screenshot is not None
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from survey_app.ui.base import crash, settings
    from survey_app.ui.base.translations import Translations

    start_application()
    crash.install(tell_user=False)
    translations = Translations()
    scratch = tempfile.TemporaryDirectory(prefix="survey-app-screenshot-")
    with scratch, settings.user_settings_kept_in(Path(scratch.name)):
        translations.install(options.language or "zh_CN")
        try:
            window = open_window(options, translations)
            if window is None:
                return 1
            save_window_image(window, options.screenshot, options.size)
            window.hide()  # not close(): nothing of the window's state is kept from a screenshot
            print(f"wrote {options.screenshot}")
            return 0
        finally:
            QThreadPool.globalInstance().waitForDone(10_000)
            translations.uninstall()


def save_window_image(window: MainWindow, path: Path, size: tuple[int, int]) -> None:
    from PySide6.QtWidgets import QApplication

    window.resize(*size)
    window.show()
    window.show_progress()
    for _ in range(3):
        QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(path), "PNG")


def start_application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    from survey_app.ui.base import refcount_guard
    from survey_app.ui.base.icons import app_icon
    from survey_app.ui.base.style import apply_style

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    refcount_guard.install()
    app.setApplicationName("survey-app")
    app.setWindowIcon(app_icon())
    apply_style(app)
    return app


def open_window(options: GuiOptions, translations: Translations) -> MainWindow | None:
    """Open the database (offering the first-run choices when there is no data) and the window."""
    from survey_app.store.database import open_store
    from survey_app.ui.base.words import error_text
    from survey_app.ui.field.first_run import ErrorBox
    from survey_app.ui.field.workspace import Workspace
    from survey_app.ui.main_window import MainWindow

    try:
        path = prepare_database(options)
        if path is None:
            return None
        store = open_store(path)
    except SurveyAppError as error:
        if options.screenshot is not None:
            print(error_text(error), file=sys.stderr)
        else:
            ErrorBox.ask(None, "survey-app", error_text(error))
        return None
    window = MainWindow(Workspace(store), translations)
    window.restore_place()
    return window


def prepare_database(options: GuiOptions) -> Path | None:
    """The database to open: the sample batch with --demo, else the chosen or default file;
    with no data yet, the surveyor picks importing a roster or the sample batch."""
    from survey_app.store.database import default_db_path
    from survey_app.ui.base import settings
    from survey_app.ui.base.tasks import (
        demo_db_path,
        has_compounds,
        import_roster_work,
        run_with_progress,
        write_sample_work,
    )
    from survey_app.ui.field.first_run import (
        IMPORT,
        SAMPLE,
        FirstRunDialog,
        ImportReportBox,
        ImportRosterDialog,
        NewDataFileBox,
    )

    if options.demo:
        path = options.db or demo_db_path()
        if not has_compounds(path):
            run_with_progress(None, _busy(WRITING_SAMPLE), write_sample_work(path))
        return path
    chosen = options.db or settings.data_path()
    path = chosen or default_db_path()
    if has_compounds(path):
        return path
    if options.screenshot is not None:
        raise NotFound(f"{path} 中没有住户数据:截图请加 --demo", code="no_data", path=str(path))
    if chosen is not None and not chosen.exists() and not NewDataFileBox.ask(None, chosen):
        return None  # a mistyped path: nothing is created
    choice = FirstRunDialog.ask(None)
    if choice == SAMPLE:
        sample = demo_db_path()
        run_with_progress(None, _busy(WRITING_SAMPLE), write_sample_work(sample))
        return sample
    if choice == IMPORT:
        request = ImportRosterDialog.ask(None)
        if request is None:
            return None
        report = run_with_progress(None, _busy(IMPORTING), import_roster_work(path, request))
        ImportReportBox.ask(None, report)
        return path if has_compounds(path) else None
    return None


def _busy(text: str) -> str:
    return QCoreApplication.translate("App", text)
