"""The desktop bundle stays buildable: PyInstaller builds it and the bundle starts without the
virtual environment (the build script's own smoke test runs the CLI and renders the window)."""

import subprocess
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
