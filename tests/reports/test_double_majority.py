"""Under double majority (双过半) the agreeing floor area, its share and the area still needed
are in `tally --json`, in `tally`'s text and on the printed notice, and agree with each other."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from report_checks import OPEN, pdf_text, run, squeeze

from survey_app.core.rules import ConsentRule
from survey_app.store.database import open_store
from survey_app.store.round_changes import open_round
from survey_app.store.tallies import compute_tally


def double_majority(db: Path, threshold: Fraction) -> None:
    store = open_store(db)
    try:
        open_round(store=store, compound=OPEN, round_no=1, amend=True,
                   rule=ConsentRule(threshold, True, double_majority=True))  # fmt: skip
    finally:
        store.close()


def test_the_area_figures_in_json_text_and_notice(db: Path, tmp_path: Path) -> None:
    double_majority(db, Fraction(1, 10))  # households and area both pass
    passed = json.loads(run(db, "tally", "--compound", OPEN, "--round", "1", "--json").output)
    assert passed["area_needed"] == "0.00" and Decimal(passed["area_rate"]) > 10
    double_majority(db, Fraction(99, 100))
    data = json.loads(run(db, "tally", "--compound", OPEN, "--round", "1", "--json").output)
    agree, eligible = Decimal(data["agree_area"]), Decimal(data["eligible_area"])
    assert 0 < agree < eligible
    assert data["area_rate"] == str((agree * 100 / eligible).quantize(Decimal("0.01")))
    short = Decimal("0.99") * eligible - agree
    assert Decimal(data["area_needed"]) == short.quantize(Decimal("0.01"), rounding="ROUND_UP")
    text = run(db, "tally", "--compound", OPEN, "--round", "1").output
    line = (
        f"同意户建筑面积 {data['agree_area']} / {data['eligible_area']} ㎡,占 {data['area_rate']}%"
    )
    assert f"{line};还需同意面积 {data['area_needed']} ㎡" in text
    pdf = tmp_path / "notice.pdf"
    assert (
        run(db, "report", "tally", "--compound", OPEN, "--round", "1", "--pdf", str(pdf)).exit_code
        == 0
    )
    printed = squeeze(pdf_text(pdf, layout=False))
    assert squeeze(f"双过半:{line};还需同意面积 {data['area_needed']} ㎡") in printed


def test_without_double_majority_the_area_fields_are_null(db: Path) -> None:
    data = json.loads(run(db, "tally", "--compound", OPEN, "--round", "1", "--json").output)
    assert [data[k] for k in ("agree_area", "eligible_area", "area_rate", "area_needed")] == [
        None] * 4  # fmt: skip
    store = open_store(db)
    assert not compute_tally(store=store, compound=OPEN, round_no=1).rule.double_majority
    store.close()
