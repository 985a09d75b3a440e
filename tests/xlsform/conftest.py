"""Builds small XLSForm workbooks for the tests, the way a person would in Excel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

Rows = Sequence[Sequence[object]]
SHARED_FORMS = Path(__file__).resolve().parents[2].parent / "shared" / "xlsforms"


def write_workbook(path: Path, sheets: dict[str, Rows]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


@pytest.fixture(name="write_workbook")
def write_workbook_fixture() -> Callable[[Path, dict[str, Rows]], Path]:
    return write_workbook


@pytest.fixture
def make_form(tmp_path: Path) -> Callable[..., Path]:
    """make_form(survey=[header, row...], choices=[...], settings=[...], name=..., **sheets)."""
    counter = iter(range(1000))

    def make(
        survey: Rows,
        choices: Rows | None = None,
        settings: Rows | None = None,
        name: str | None = None,
        **extra: Rows,
    ) -> Path:
        sheets: dict[str, Rows] = {"survey": survey}
        if choices is not None:
            sheets["choices"] = choices
        if settings is not None:
            sheets["settings"] = settings
        sheets.update(extra)
        return write_workbook(tmp_path / (name or f"form{next(counter)}.xlsx"), sheets)

    return make
