"""排名表: the printed ranking is `survey-app rank`, row for row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_checks import assert_extracts_exactly, pdf_text, run

from survey_app.reports.ranking_report import ranking_report, render_ranking
from survey_app.store.database import Store
from survey_app.store.tallies import compute_tally


@pytest.mark.parametrize("round_no", ["1", "2"])
def test_the_ranking_is_printed_in_order(db: Path, tmp_path: Path, round_no: str) -> None:
    pdf = tmp_path / "rank.pdf"
    result = run(db, "report", "ranking", "--round", round_no, "--pdf", str(pdf),
                 "--title", "2027年度南湖区老旧小区改造征询排名表")  # fmt: skip
    assert result.exit_code == 0, result.output
    ranked = json.loads(run(db, "rank", "--round", round_no, "--json").output)
    text = pdf_text(pdf)
    assert "2027年度南湖区老旧小区改造征询排名表" in text
    rows = [line.split() for line in text.splitlines() if " NH-" in line]
    assert [row[:6] for row in rows] == [
        [str(r["position"]), r["compound"], r["name"], str(r["eligible"]), str(r["agree"]),
         f"{r['rate']}%"]
        for r in ranked
    ]  # fmt: skip
    standings = {"passed": "通过", "open": "征询中", "not_opened": "未开始", "deferred": "暂缓改造"}
    assert [row[-1] for row in rows] == [standings[r["status"]] for r in ranked]


def test_the_other_round_is_a_dash_where_it_never_opened(store: Store, tmp_path: Path) -> None:
    report = ranking_report(store=store, round_no=1)
    by_code = {line.compound: line for line in report.lines}
    assert by_code["NH-004"].standing == "暂缓改造"
    assert by_code["NH-004"].other_rate == "—"
    round_two = compute_tally(store=store, compound="NH-001", round_no=2)
    assert by_code["NH-001"].other_rate == f"{round_two.rate}%"
    assert round_two.counts.agree > 0
    rendered = render_ranking(report, tmp_path / "rank.pdf")
    assert_extracts_exactly(rendered.texts, rendered.path)
