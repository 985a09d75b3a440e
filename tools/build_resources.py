"""Build the package's runtime data (survey_app/resources/) from the repository's sources.

    python tools/build_resources.py           copy forms and icons, compile translations
    python tools/build_resources.py --check   exit 1 and name what is out of date
    python tools/build_resources.py update    refresh the .ts catalogues from the UI's tr() strings

Sources: forms/*.xlsx (XLSForms; forms/earlier/ the earlier versions of shipped forms),
resources/translations/*.ts (Qt Linguist), resources/icons/.
The built files are committed, so a wheel or bundle needs no Qt tools to build.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_RESOURCES = ROOT / "survey_app" / "resources"
TS_SOURCES = ROOT / "resources" / "translations"
COPIED = {
    ROOT / "forms": "forms",
    ROOT / "forms" / "earlier": "forms/earlier",
    ROOT / "resources" / "icons": "icons",
}
SOURCE_LANGUAGE = "zh_CN"


def pyside_tool(name: str) -> str:
    """pyside6-<name> next to the running Python, on PATH, or inside the PySide6 package."""
    suffix = ".exe" if sys.platform == "win32" else ""
    candidates = [Path(sys.executable).parent / f"pyside6-{name}{suffix}"]
    if found := shutil.which(f"pyside6-{name}"):
        candidates.append(Path(found))
    import PySide6

    candidates.append(Path(PySide6.__file__).parent / f"{name}{suffix}")
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    raise SystemExit(f"pyside6-{name} not found; install PySide6 in this environment")


def built_files(target: Path) -> list[Path]:
    """Write every runtime file into `target`; return the paths written."""
    written = []
    for source_dir, name in COPIED.items():
        for source in sorted(p for p in source_dir.iterdir() if p.is_file()):
            destination = target / name / source.name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            written.append(destination)
    for ts in sorted(TS_SOURCES.glob("*.ts")):
        qm = target / "translations" / ts.with_suffix(".qm").name
        qm.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([pyside_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        written.append(qm)
    return written


def out_of_date() -> list[str]:
    """The runtime files that differ from what their sources build (or are missing)."""
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch)
        stale = []
        for path in built_files(fresh):
            relative = path.relative_to(fresh)
            shipped = PACKAGE_RESOURCES / relative
            if not shipped.is_file() or shipped.read_bytes() != path.read_bytes():
                stale.append(str(relative))
        return stale


def update_catalogues() -> None:
    sources = [str(p) for p in sorted((ROOT / "survey_app" / "ui").rglob("*.py"))]
    for ts in sorted(TS_SOURCES.glob("survey_app_*.ts")):
        language = ts.stem.removeprefix("survey_app_")
        subprocess.run(
            [
                pyside_tool("lupdate"),
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
                str(ts),
            ],
            check=True,
        )
        print(f"updated {ts}")


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        update_catalogues()
        return 0
    if argv[:1] == ["--check"]:
        stale = out_of_date()
        for name in stale:
            print(f"out of date: survey_app/resources/{name} (run python tools/build_resources.py)")
        return 1 if stale else 0
    for path in built_files(PACKAGE_RESOURCES):
        print(f"built {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
