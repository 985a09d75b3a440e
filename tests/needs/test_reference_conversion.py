"""The shipped forms as ODK runs them: pyxform converts each and ODK Validate (JavaRosa, the
engine of ODK Collect) accepts the XForm, so a street office can load them in ODK or Kobo too."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from survey_app.resources import resource_path

SHIPPED = sorted(p.name for p in resource_path("forms").iterdir() if p.suffix == ".xlsx")


def reference_conversion(form: Path, tmp_path: Path) -> dict[str, object]:
    """pyxform's `xls2xform --odk_validate --json`: code 100 when both accept the form."""
    assert shutil.which("java"), "ODK Validate needs java (packaging/setup.sh installs a JDK)"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pyxform.xls2xform",
            "--odk_validate",
            "--json",
            str(form),
            str(tmp_path / "form.xml"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return dict(json.loads(done.stdout or done.stderr))  # pyxform 4.5 writes it to stderr


@pytest.mark.parametrize("name", SHIPPED)
def test_pyxform_and_odk_validate_accept_the_shipped_form(name: str, tmp_path: Path) -> None:
    result = reference_conversion(resource_path("forms", name), tmp_path)
    assert (result["code"], result["warnings"]) == (100, []), result["message"]
    assert "<h:html" in (tmp_path / "form.xml").read_text(encoding="utf-8")


def test_the_reference_check_refuses_what_collect_could_not_run(tmp_path: Path) -> None:
    """The check is real: an expression with a function JavaRosa lacks is refused by ODK
    Validate (pyxform alone converts it)."""
    broken = tmp_path / "broken.xlsx"
    book = openpyxl.load_workbook(resource_path("forms", "needs_survey.xlsx"))
    sheet = book["survey"]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "cofund_amount")
    row[header.index("relevant")].value = "no_such_function(${cofund})"
    book.save(broken)
    result = reference_conversion(broken, tmp_path)
    assert result["code"] != 100
    assert "no_such_function" in str(result["message"])
