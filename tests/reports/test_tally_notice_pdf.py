"""征询结果公示: what the printed notice says equals `survey-app tally`, and nothing leaks."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from report_checks import (
    DEFERRED,
    OPEN,
    PASSED,
    assert_extracts_exactly,
    pdf_text,
    qr_text,
    run,
)

from survey_app.core.privacy import mask_name
from survey_app.core.qr_texts import parse_verification_text
from survey_app.core.vocabulary import rule_words
from survey_app.reports.tally_notice import render_tally_notice, tally_notice
from survey_app.store.database import Store
from survey_app.store.households import households_of
from survey_app.store.tallies import compute_tally

COUNT_KEYS = ["eligible", "agree", "disagree", "abstain", "no_response", "pending"]


def tally_of(db: Path, compound: str, round_no: int) -> dict[str, object]:
    result = run(db, "tally", "--compound", compound, "--round", str(round_no), "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.output)
    return data


def print_notice(db: Path, compound: str, round_no: int, tmp_path: Path, *extra: str) -> Path:
    pdf = tmp_path / f"{compound}-r{round_no}.pdf"
    result = run(db, "report", "tally", "--compound", compound, "--round", str(round_no),
                 "--pdf", str(pdf), *extra)  # fmt: skip
    assert result.exit_code == 0, result.output
    return pdf


def figures_row(text: str) -> list[str]:
    """The big figures table: the line after its header."""
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["应征询户数", "同意"])
    row = next(line for line in lines[header + 1 :] if line.strip())
    return row.split()


@pytest.mark.parametrize(
    ("compound", "round_no", "verdict"),
    [
        (PASSED, 1, "结论:达到通过比例"),
        (DEFERRED, 1, "结论:未达到通过比例→暂缓改造"),
        (OPEN, 1, "结论:截至打印时尚未达到通过比例"),
        (PASSED, 2, "结论:截至打印时"),
    ],
)
def test_the_notice_states_the_tally(
    db: Path, tmp_path: Path, compound: str, round_no: int, verdict: str
) -> None:
    tally = tally_of(db, compound, round_no)
    text = pdf_text(print_notice(db, compound, round_no, tmp_path))
    expected = [str(tally[k]) for k in COUNT_KEYS] + [f"{tally['rate']}%"]
    assert figures_row(text) == expected
    assert f"同意率 = 同意户数 ÷ 应征询户数 = {tally['agree']} ÷ {tally['eligible']}" in text
    assert verdict in re.sub(r"[ \t]+", "", text)
    if tally["status"] == "closed":
        assert ("结论:达到通过比例" in verdict) is tally["passed"]


def test_the_notice_words_the_rule_and_the_period(db: Path, store: Store, tmp_path: Path) -> None:
    text = pdf_text(print_notice(db, PASSED, 1, tmp_path))
    rule = compute_tally(store=store, compound=PASSED, round_no=1).rule
    assert rule_words(rule) == "同意户数达到应征询户数80%以上(含80%)"
    assert rule_words(rule) in text
    assert re.search(r"征询期间:\s+\d{4}-\d\d-\d\d 至 \d{4}-\d\d-\d\d\(征询已结束\)", text)
    assert "东方北区老旧小区改造第一轮征询结果公示" in text
    for office in ["社区居委会(盖章)", "街道办事处(盖章)", "负责人签字:", "打印日期"]:
        assert office in text


def test_per_building_rows_add_up_to_the_tally(db: Path, store: Store, tmp_path: Path) -> None:
    text = pdf_text(print_notice(db, DEFERRED, 1, tmp_path))
    tally = compute_tally(store=store, compound=DEFERRED, round_no=1)
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines() if "幢" in line}
    assert len(tally.by_building) > 20
    for building, counts in tally.by_building.items():
        assert rows[f"{building}幢"] == [
            str(counts.eligible), str(counts.agree), str(counts.disagree), str(counts.abstain),
            str(counts.no_response), str(counts.pending), f"{counts.rate}%",
        ]  # fmt: skip
    total = next(line.split()[1:] for line in text.splitlines() if line.split()[:1] == ["合计"])
    assert total[:2] == [str(tally.counts.eligible), str(tally.counts.agree)]


def test_households_are_listed_by_room_with_masked_names(
    db: Path, store: Store, tmp_path: Path
) -> None:
    text = pdf_text(print_notice(db, PASSED, 1, tmp_path, "--households"))
    text = text[text.index("住户意见明细") :]
    listed: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        for address, name, opinion in re.findall(r"(\d+-\d+-\d+)\s+(\S+)\s+(\S+)", line):
            listed[address] = (name, opinion)
    households = [h for h in households_of(store=store, compound=PASSED) if h.eligible]
    assert len(listed) == len(households) == 113
    opinions = {"同意": 0, "不同意": 0, "弃权": 0, "未表态": 0, "待核实": 0}
    for h in households:
        name, opinion = listed[h.address]
        assert name == mask_name(h.head)
        opinions[opinion] += 1
    tally = compute_tally(store=store, compound=PASSED, round_no=1).counts
    assert list(opinions.values()) == [
        tally.agree,
        tally.disagree,
        tally.abstain,
        tally.no_response,
        tally.pending,
    ]
    addresses = [a for line in text.splitlines() for a in re.findall(r"\d+-\d+-\d+", line)]
    assert sorted(addresses, key=lambda a: [int(p) for p in a.split("-")]) == [
        h.address for h in households
    ]


def test_no_personal_information_leaks(db: Path, store: Store, tmp_path: Path) -> None:
    text = pdf_text(print_notice(db, PASSED, 1, tmp_path, "--households"))
    for h in households_of(store=store, compound=PASSED):
        assert h.phone and h.phone not in text
        if h.head and len(h.head) >= 2:
            assert h.head not in text
    # A number standing alone: the hex verification code can hold a run of digits.
    alone = r"(?<![0-9A-Za-z]){}(?![0-9A-Za-z])"
    assert not re.search(alone.format(r"1\d{10}"), text), "no phone number"
    assert not re.search(alone.format(r"\d{17}[\dXx]"), text), "no ID number"


def test_the_qr_code_holds_the_verification_text(db: Path, tmp_path: Path) -> None:
    pdf = print_notice(db, PASSED, 1, tmp_path, "--households")
    tally = tally_of(db, PASSED, 1)
    fingerprint = str(tally["fingerprint"])
    expected = (
        f"SA2|NH-001|R1|E{tally['eligible']}|A{tally['agree']}|D{tally['disagree']}"
        f"|B{tally['abstain']}|N{tally['no_response']}|P{tally['pending']}"
        f"|T{tally['threshold']}|I1|M0|VP|F{fingerprint[:12]}"
    )
    scanned = qr_text(pdf, page=1)
    assert scanned.startswith(f"{expected}|K")  # the statement, signed by the office's key
    signer, signature = scanned.removeprefix(f"{expected}|K").split("|S")
    assert len(signer) == 20 and len(signature) == 128
    assert f"核验文本:{expected}" in pdf_text(pdf)
    assert f"办公室签名:密钥 {signer}" in pdf_text(pdf)
    printed = parse_verification_text(expected)
    assert [getattr(printed, k) for k in COUNT_KEYS] == [tally[k] for k in COUNT_KEYS]


def test_every_drawn_string_extracts_exactly(store: Store, tmp_path: Path) -> None:
    notice = tally_notice(
        store=store,
        compound=DEFERRED,
        round_no=1,
        with_households=True,
        printed_on=date(2027, 4, 1),
    )
    rendered = render_tally_notice(notice, tmp_path / "notice.pdf")
    assert rendered.pages == 7
    assert not rendered.missing_glyphs
    assert_extracts_exactly(rendered.texts, rendered.path)
    assert "打印日期 2027-04-01" in pdf_text(rendered.path)
