"""入户征询意见表: one per household, masked head, and a QR code the search accepts."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from report_checks import PASSED, assert_extracts_exactly, pdf_text, qr_text, run

from survey_app.core.privacy import mask_name
from survey_app.core.qr_texts import parse_ballot_text
from survey_app.reports.ballots import ballot_batch, render_ballots
from survey_app.store.database import Store
from survey_app.store.households import get_household, households_of


def print_ballots(db: Path, tmp_path: Path, *args: str) -> tuple[Path, str]:
    pdf = tmp_path / "ballots.pdf"
    result = run(db, "report", "ballots", "--compound", PASSED, "--pdf", str(pdf), *args)
    assert result.exit_code == 0, result.output
    return pdf, result.output


def test_one_ballot_per_household_of_the_building(db: Path, store: Store, tmp_path: Path) -> None:
    pdf, output = print_ballots(db, tmp_path, "--round", "1", "--building", "3")
    wanted = [h for h in households_of(store=store, compound=PASSED) if h.building == "3"]
    assert f"共 {len(wanted)} 页,{len(wanted)} 份" in output
    pages = pdf_text(pdf).split("\f")
    for household, page in zip(wanted, pages, strict=False):
        assert "地址:" in page
        assert (
            f"{household.building}幢{household.unit}单元{household.room}室({household.address})"
            in page
        )
        assert "户主: " in page and mask_name(household.head) in page
        assert household.head not in page and household.phone not in page
        assert "征询事项:您是否同意本小区实施老旧小区改造?" in page
        assert re.search(r"同意\s+不同意\s+弃权", page)
        assert "签字人:" in page and "日期:" in page and "年" in page
        assert f"SAB|{household.id}|R1" in page


def test_two_per_page_with_a_cut_line(db: Path, store: Store, tmp_path: Path) -> None:
    pdf, output = print_ballots(db, tmp_path, "--round", "2", "--per-page", "2")
    count = sum(1 for h in households_of(store=store, compound=PASSED) if h.eligible)
    assert f"共 {math.ceil(count / 2)} 页,{count} 份" in output
    first = pdf_text(pdf).split("\f")[0]
    assert first.count("沿此线剪开") == 1
    assert first.count("第二轮征询意见表") == 2
    assert "改造设计方案" in first


@pytest.mark.parametrize(("per_page", "page"), [("1", 1), ("1", 2), ("2", 1), ("2", 3)])
def test_qr_codes_scan_to_their_household_and_round(
    db: Path, store: Store, tmp_path: Path, per_page: str, page: int
) -> None:
    pdf, _ = print_ballots(db, tmp_path, "--round", "1", "--per-page", per_page)
    households = [h for h in households_of(store=store, compound=PASSED) if h.eligible]
    size = int(per_page)
    on_page = households[(page - 1) * size : page * size]
    halves = [None] if size == 1 else [0, 1]
    scanned = [qr_text(pdf, page=page, half=half) for half in halves]
    assert scanned == [f"SAB|{h.id}|R1" for h in on_page]
    for text in scanned:
        ref = parse_ballot_text(text)
        assert ref.round_no == 1
        assert get_household(store=store, id=ref.household) is not None


def test_full_names_only_when_asked(db: Path, store: Store, tmp_path: Path) -> None:
    pdf, _ = print_ballots(db, tmp_path, "--round", "1", "--building", "1", "--full-names")
    first = next(h for h in households_of(store=store, compound=PASSED) if h.building == "1")
    page = pdf_text(pdf).split("\f")[0]
    assert first.head and first.head in page
    assert first.phone not in page


def test_an_unknown_building_is_refused(db: Path, tmp_path: Path) -> None:
    result = run(db, "report", "ballots", "--compound", PASSED, "--round", "1", "--building",
                 "99", "--pdf", str(tmp_path / "x.pdf"))  # fmt: skip
    assert result.exit_code == 1
    assert "没有应征询的住户" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_every_drawn_string_extracts_exactly(store: Store, tmp_path: Path) -> None:
    batch = ballot_batch(store=store, compound=PASSED, round_no=2, building="4")
    for per_page in (1, 2):
        rendered = render_ballots(batch, tmp_path / f"b{per_page}.pdf", per_page=per_page)
        assert not rendered.missing_glyphs
        assert_extracts_exactly(rendered.texts, rendered.path)
