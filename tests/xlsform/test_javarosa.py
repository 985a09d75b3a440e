"""Differential test: the project's evaluation equals JavaRosa's (ODK Collect's engine).

Every form of ../shared/xlsforms that pyxform converts and both engines load, and the shipped
needs survey, is filled with seeded random answers (repeats included) in document order; the
same answers go to JavaRosa through tests/xlsform/javarosa/Fill.java (run against the ODK
Validate jar inside pyxform). Every question's relevance, every calculated value and every
constraint result must be equal. Seeds and fill counts are printed (pytest -s shows them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from survey_app.xlsform import Form, check_form
from tests.xlsform.conftest import SHARED_FORMS
from tests.xlsform.javarosa import (
    Tally,
    cache_folder,
    compare,
    compile_harness,
    failed_alike,
    javarosa_refusal,
    random_fill,
    run_fills,
    to_xform,
)

NEEDS_SURVEY = Path(__file__).resolve().parents[2] / "forms" / "needs_survey.xlsx"
SEED = 20261201
FILLS = 12
MakeForm = Callable[..., Path]


@pytest.fixture(scope="session")
def java() -> list[str]:
    return compile_harness(cache_folder())


def _forms() -> list[Path]:
    shared = sorted(SHARED_FORMS.rglob("*.xls*")) if SHARED_FORMS.is_dir() else []
    return [NEEDS_SURVEY, *shared]


def differences(java: list[str], form: Form, xform: Path, fills: int, seed: int) -> Tally:
    """Fills a form `fills` times from `seed` in both engines and counts what was compared."""
    ours = [random_fill(form, seed + i, f"{seed + i}") for i in range(fills)]
    reports = run_fills(java, xform, ours)
    tally = Tally()
    for fill in ours:
        report = reports.get(fill.label)
        if isinstance(report, dict):
            compare(fill, report, tally)
        elif not failed_alike(fill, str(report)):
            tally.differences.append(f"{fill.label}: JavaRosa failed: {report}")
        else:
            tally.errors += 1
    return tally


@pytest.mark.parametrize("source", _forms(), ids=lambda p: p.stem[:40])
def test_random_fills_evaluate_as_in_javarosa(java: list[str], source: Path) -> None:
    """Forms both engines accept are compared fill by fill. A form one of them refuses is not
    compared, but the refusal is checked: the app may refuse a form pyxform converts only for
    features it cannot honour (named by row), never for a mistake pyxform does not see."""
    check = check_form(source)
    try:
        xform = to_xform(source, cache_folder())
    except Exception as error:  # pyxform refuses the form: the reference does not run it
        assert source != NEEDS_SURVEY, error
        print(f"\n{source.name}: pyxform refuses it ({str(error)[:100]}); not compared")
        return
    if check.form is None or not check.ok:
        mistakes = [f.message() for f in check.findings if f.severity == "error"]
        refusal = javarosa_refusal(java, xform) if mistakes else None
        assert not mistakes or refusal, f"ODK runs {source.name}, the app refuses it: {mistakes}"
        if refusal:
            print(f"\n{source.name}: JavaRosa refuses it too ({refusal[:100]}); not compared")
            return
        print(f"\n{source.name}: refused by design ({check.findings[0].message()}); not compared")
        return
    tally = differences(java, check.form, xform, FILLS, SEED)
    refused = ("XFormParseException", "unsupported construct")
    refusal = next((d for d in tally.differences if any(r in d for r in refused)), None)
    if refusal and len(tally.differences) == FILLS and not tally.relevance:
        print(f"\n{source.name}: JavaRosa refuses it ({refusal[:120]}); not compared")
        return
    print(
        f"\n{source.name}: seeds {SEED}..{SEED + FILLS - 1}, {FILLS} fills; compared "
        f"{tally.relevance} relevance, {tally.required} required, "
        f"{tally.calculations} calculations, {tally.constraints} constraints; "
        f"{tally.errors} fills stopped by the same evaluation error in both; "
        f"{len(tally.differences)} differences"
    )
    assert tally.relevance > 0
    assert not tally.differences, "\n".join(tally.differences[:40])
