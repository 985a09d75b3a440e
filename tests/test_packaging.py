"""The app installs and starts outside the repository: the desktop bundle (PyInstaller builds
it, and the build script's own smoke test runs the CLI and renders the window) and the wheel,
installed into a fresh venv."""

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.bundle
def test_the_bundle_builds_and_starts(tmp_path: Path) -> None:
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build"), str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "survey-app, version" in output
    assert "the bundle starts" in output
    for name in ("survey-app", "survey-app-gui"):
        assert (tmp_path / "dist" / "survey-app" / name).is_file()


SHIPPED_DATA = [
    "survey_app/resources/translations/survey_app_en.qm",
    "survey_app/resources/forms/needs_survey.xlsx",
    "survey_app/resources/icons/survey-app.svg",
]


ENGLISH_WORDS = """
from PySide6.QtCore import QCoreApplication
from survey_app.ui.base.translations import Translations
app = QCoreApplication([])
print(Translations().install("en"), QCoreApplication.translate("MainWindow", "进度"))
"""


def build_wheel(tmp_path: Path) -> Path:
    """A wheel of a copy of the sources, so that the build writes nothing into the repository."""
    source = tmp_path / "source"
    shutil.copytree(
        ROOT / "survey_app", source / "survey_app",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )  # fmt: skip
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = wheels.glob("survey_app-*.whl")
    return wheel


def fresh_venv(tmp_path: Path) -> Path:
    """A venv with no survey_app of its own that sees this one's dependencies: a path entry
    for its site-packages (whose own .pth files, the editable install among them, are not
    processed from a path entry)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    (site_packages,) = venv.glob("lib/python3*/site-packages")
    dependencies = sysconfig.get_paths()["purelib"]
    (site_packages / "test_dependencies.pth").write_text(dependencies + "\n", encoding="utf-8")
    return venv


@pytest.mark.slow
def test_the_wheel_runs_in_a_fresh_venv(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    assert set(SHIPPED_DATA) <= set(zipfile.ZipFile(wheel).namelist())
    venv = fresh_venv(tmp_path)
    python = venv / "bin" / "python"
    # No PYTHONPATH for pip either: a source tree on it (a worktree's run) holds the editable
    # install's survey_app.egg-info, and pip would take the package as installed already.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SURVEY_APP_FORMS")}
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
         str(wheel)],
        check=True, capture_output=True, timeout=300, env=env,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env |= {"QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "data")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            args, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300
        )

    where = run(str(python), "-c", "import survey_app; print(survey_app.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr
    english = run(str(python), "-c", ENGLISH_WORDS)
    assert english.stdout.split() == ["True", "Progress"], english.stdout + english.stderr
    app = str(venv / "bin" / "survey-app")
    demo = run(app, "--db", "demo.db", "demo")
    assert demo.returncode == 0 and "demo.db" in demo.stdout, demo.stdout + demo.stderr
    form = run(app, "form", "check", "--lang", "en", "needs_survey")
    assert form.returncode == 0 and "unsupported features: none" in form.stdout, form.stdout
    shot = run(app, "gui", "--db", "demo.db", "--lang", "en", "--screenshot", "out.png")
    assert shot.returncode == 0, shot.stdout + shot.stderr
    png = (elsewhere / "out.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
