"""Languages: Chinese (the source language of the UI strings) and English.

`.ts` sources live in resources/translations/; `.qm` files are build output:
`python -m survey_app.ui.translations build` compiles them (the setup step runs it), and
`python -m survey_app.ui.translations update` refreshes the `.ts` from the source code.
Without a `.qm` the window still runs, in Chinese.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
TS_DIR = RESOURCES / "translations"
SOURCE_LANGUAGE = "zh_CN"
LANGUAGES = {"zh_CN": "中文", "en": "English"}
"""Language code → its own name, as the language menu shows it."""
APP_CATALOG = "survey_app"
UI_SOURCES = Path(__file__).resolve().parent


def ts_path(language: str) -> Path:
    return TS_DIR / f"{APP_CATALOG}_{language}.ts"


def qm_path(language: str, directory: Path = TS_DIR) -> Path:
    return directory / f"{APP_CATALOG}_{language}.qm"


def normalise_language(code: str | None) -> str:
    text = (code or SOURCE_LANGUAGE).replace("-", "_").lower()
    return "en" if text.startswith("en") else SOURCE_LANGUAGE


def _tool(name: str) -> str:
    """pyside6-<name> next to the running Python, on PATH, or inside the PySide6 package."""
    suffix = ".exe" if sys.platform == "win32" else ""
    candidates = [Path(sys.executable).parent / f"pyside6-{name}{suffix}"]
    found = shutil.which(f"pyside6-{name}")
    if found:
        candidates.append(Path(found))
    import PySide6

    candidates.append(Path(PySide6.__file__).parent / f"{name}{suffix}")
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    raise FileNotFoundError(f"pyside6-{name} not found; install PySide6 in this environment")


def build(out_dir: Path = TS_DIR) -> list[Path]:
    """Compile every `.ts` into a `.qm` (the setup step runs this)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    built = []
    for ts in sorted(TS_DIR.glob(f"{APP_CATALOG}_*.ts")):
        qm = out_dir / ts.with_suffix(".qm").name
        subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


def update() -> None:
    """Refresh the `.ts` sources from the `tr()` strings in survey_app/ui (for translators)."""
    sources = [str(p) for p in sorted(UI_SOURCES.rglob("*.py"))]
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        subprocess.run(
            [
                _tool("lupdate"),
                "-silent",
                "-no-obsolete",
                "-locations",
                "none",
                "-source-language",
                SOURCE_LANGUAGE,
                "-target-language",
                language,
                *sources,
                "-ts",
                str(ts_path(language)),
            ],
            check=True,
        )


class Translations:
    """The installed translators: the app's own catalogue and Qt's `qtbase` for the language."""

    def __init__(self, directory: Path = TS_DIR) -> None:
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
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange.value)
        return ok

    def uninstall(self) -> None:
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


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "build"
    if command == "build":
        for qm in build():
            print(f"built {qm}")
        return 0
    if command == "update":
        update()
        print(f"updated {', '.join(str(ts_path(lang)) for lang in LANGUAGES if lang != 'zh_CN')}")
        return 0
    print("usage: python -m survey_app.ui.translations [build|update]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
