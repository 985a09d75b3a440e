"""Languages: Chinese (the source language of the UI strings) and English.

The compiled catalogues (`.qm`) ship in survey_app/resources/translations; their `.ts`
sources are in the repository's resources/translations and are built by
`python tools/build_resources.py`. Without a catalogue the window still runs, in Chinese.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from survey_app.resources import resource_path

QM_DIR = resource_path("translations")
SOURCE_LANGUAGE = "zh_CN"
LANGUAGES = {"zh_CN": "中文", "en": "English"}
"""Language code → its own name, as the language menu shows it."""
APP_CATALOG = "survey_app"
_current = SOURCE_LANGUAGE


def qm_path(language: str, directory: Path = QM_DIR) -> Path:
    return directory / f"{APP_CATALOG}_{language}.qm"


def normalise_language(code: str | None) -> str:
    text = (code or SOURCE_LANGUAGE).replace("-", "_").lower()
    return "en" if text.startswith("en") else SOURCE_LANGUAGE


def current_language() -> str:
    """The language installed last: the one the vocabulary's words are shown in."""
    return _current


def paper_language() -> str:
    """The language a printed questionnaire takes from the window: `en` or `zh`."""
    return "en" if normalise_language(_current) == "en" else "zh"


def _set_current(language: str) -> None:
    global _current
    _current = language


class Translations:
    """The installed translators: the app's own catalogue and Qt's `qtbase` for the language."""

    def __init__(self, directory: Path = QM_DIR) -> None:
        self.directory = directory
        self.language = SOURCE_LANGUAGE
        self._installed: list[QTranslator] = []

    def install(self, language: str) -> bool:
        """Switch the running application to `language`; False if its catalogue is missing
        (the window then stays in Chinese). Widgets retranslate on the LanguageChange event."""
        language = normalise_language(language)
        app = QCoreApplication.instance()
        assert app is not None
        self.uninstall()
        ok = True
        if language != SOURCE_LANGUAGE:
            ok = self._load(app, APP_CATALOG, language, str(self.directory))
            language = language if ok else SOURCE_LANGUAGE
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        self._load(app, "qtbase", language, qt_dir)
        QLocale.setDefault(QLocale(language))
        self.language = language
        _set_current(language)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange.value)
        return ok

    def uninstall(self) -> None:
        _set_current(SOURCE_LANGUAGE)
        app = QCoreApplication.instance()
        for translator in self._installed:
            if app is not None:
                app.removeTranslator(translator)
        self._installed = []

    def _load(self, app: QCoreApplication, catalog: str, language: str, directory: str) -> bool:
        translator = QTranslator(app)
        if not translator.load(f"{catalog}_{language}", directory):
            return False
        app.installTranslator(translator)
        self._installed.append(translator)
        return True
