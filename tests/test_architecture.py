"""The import direction is the architecture (STYLE.md): checked by import-linter contracts."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and " 0 broken" in result.stdout


def test_a_user_error_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    survey = [sys.executable, "-m", "survey_app", "--db", str(db)]
    subprocess.run([*survey, "init"], capture_output=True, check=True, cwd=ROOT)
    result = subprocess.run(
        [*survey, "tally", "--compound", "NH-404", "--round", "1"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "NH-404" in result.stderr and "Traceback" not in result.stderr


def test_the_core_imports_nothing_heavy() -> None:
    code = (
        "import sys, survey_app.core.tally, survey_app.core.ranking, survey_app.core.roster;"
        "heavy = {'PySide6', 'pandas', 'reportlab', 'sqlite3', 'openpyxl'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


SQL_WORDS = ("execute(", "SELECT ", "INSERT ")


def test_the_cli_and_the_window_hold_no_sql() -> None:
    """They call `survey_app.actions`; queries live in the store below it."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for folder in ("cli", "ui")
        for path in sorted((ROOT / "survey_app" / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if any(word in line for word in SQL_WORDS)
    ]
    assert found == []


def test_every_connection_comes_from_the_driver() -> None:
    """One DB-API for plain and encrypted files (store/driver.py, SQLCipher's SQLite): the
    standard `sqlite3` module's connections could not open an encrypted file, and its error
    classes are not the ones the driver raises."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "survey_app").rglob("*.py"))
        if path.name != "driver.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "import sqlite3" in line or "sqlite3." in line
    ]
    assert found == []
