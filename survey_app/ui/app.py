"""Starting the desktop app: `survey-app gui` or `survey-app-gui`.

survey-app-gui [--db PATH] [--demo] [--lang zh_CN|en] [--screenshot FILE.png [--view NAME]]
"""

from __future__ import annotations

import argparse
import os
import sys
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
    view: str = "main"
    size: tuple[int, int] = (1366, 768)


def view_names() -> list[str]:
    """The views --screenshot can render."""
    from survey_app.ui.screenshot import VIEWS

    return sorted(VIEWS)


def parse_args(argv: list[str] | None = None) -> GuiOptions:
    parser = argparse.ArgumentParser(prog="survey-app-gui", description=__doc__)
    parser.add_argument(
        "--db", type=Path, help="database file (default: the user's data directory)"
    )
    parser.add_argument("--demo", action="store_true", help="open the sample batch")
    parser.add_argument(
        "--lang", choices=["zh_CN", "en"], help="language (default: last used, else Chinese)"
    )
    parser.add_argument("--screenshot", type=Path, help="render offscreen to this PNG and exit")
    parser.add_argument("--view", choices=view_names(), default="main", help="view to render")
    parser.add_argument("--size", default="1366x768", help="window size for screenshots, WxH")
    args = parser.parse_args(argv)
    width, _x, height = args.size.partition("x")
    return GuiOptions(
        args.db, args.demo, args.lang, args.screenshot, args.view, (int(width), int(height))
    )


def main(argv: list[str] | None = None) -> int:
    """The `survey-app-gui` entry point."""
    return run(parse_args(argv))


def run(options: GuiOptions) -> int:
    if options.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from survey_app.ui.base import preferences
    from survey_app.ui.base.translations import Translations

    app = start_application()
    translations = Translations()
    translations.install(options.language or preferences.language())
    try:
        window = open_window(options, translations)
        if window is None:
            return 0 if options.screenshot is None else 1
        if options.screenshot is not None:
            from survey_app.ui.screenshot import take_screenshot

            take_screenshot(window, options.view, options.screenshot, options.size)
            window.hide()  # not close(): the edits a view makes for show are not kept as a draft
            print(f"wrote {options.screenshot}")
            return 0
        geometry = preferences.window_state()
        if geometry is None or not window.restoreGeometry(geometry):
            window.resize(*options.size)
        window.show()
        return app.exec()
    finally:
        QThreadPool.globalInstance().waitForDone(10_000)
        translations.uninstall()


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
    )

    if options.demo:
        path = options.db or demo_db_path()
        if not has_compounds(path):
            run_with_progress(None, _busy(WRITING_SAMPLE), write_sample_work(path))
        return path
    from survey_app.ui.office.settings import data_path

    path = options.db or data_path() or default_db_path()
    if has_compounds(path):
        return path
    if options.screenshot is not None:
        raise NotFound(f"{path} 中没有住户数据:截图请加 --demo", code="no_data", path=str(path))
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


if __name__ == "__main__":
    sys.exit(main())
