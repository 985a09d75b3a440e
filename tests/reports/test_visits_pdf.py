"""走访清单 and ballots for the households without an opinion, read back with poppler and zbar."""

from __future__ import annotations

import json
import re
from pathlib import Path

from report_checks import OPEN, assert_printable, pdf_text, qr_text, run

from survey_app.core.privacy import mask_name
from survey_app.core.qr_texts import parse_ballot_text
from survey_app.store.database import Store
from survey_app.store.households import households_of
from survey_app.store.tallies import round_outcomes


def without_opinion(store: Store, compound: str) -> list[str]:
    outcomes, _late = round_outcomes(store=store, compound=compound, round_no=1)
    return [
        h.id
        for h in households_of(store=store, compound=compound)
        if h.eligible and (h.id not in outcomes or outcomes[h.id].choice is None)
    ]


def test_visit_command_and_the_list(db: Path, store: Store, tmp_path: Path) -> None:
    left = without_opinion(store, OPEN)
    first, second = (h.split("/")[1] for h in left[:2])
    done = run(db, "visit", "--compound", OPEN, "--household", first, "--outcome", "无人在家")
    assert done.exit_code == 0 and f"已记录 {first} 第1轮走访:无人在家" in done.output
    shown = run(db, "visit", "--compound", OPEN, "--household", second, "--outcome", "come back",
                "--come-back", "2027-04-02", "--json")  # fmt: skip
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["outcome"] == "come_back"
    refused = run(db, "visit", "--compound", OPEN, "--household", second, "--outcome", "改日再访")
    assert refused.exit_code == 1 and "再访的日期" in refused.output
    tally = json.loads(run(db, "tally", "--compound", OPEN, "--round", "1", "--json").output)
    assert tally["no_response"] >= 2  # the two visited households are still 未表态

    pdf = tmp_path / "走访清单.pdf"
    result = run(db, "report", "visits", "--compound", OPEN, "--round", "1", "--pdf", str(pdf))
    assert result.exit_code == 0, result.output
    assert f"{len(left)} 户待走访" in result.output
    text = pdf_text(pdf)
    assert "走访清单" in text and "号楼(剩余" in text
    for hid in left:
        assert hid.split("/")[1] in text
    lines = {line.split()[0]: line for line in text.splitlines() if line.strip()}
    assert "无人在家" in lines[first]
    assert "改日再访" in lines[second] and "2027-04-02" in lines[second]
    untouched = left[2].split("/")[1]
    assert "未走访" in lines[untouched]
    voted = next(h for h in households_of(store=store, compound=OPEN) if h.id not in left)
    assert voted.address not in lines
    for h in households_of(store=store, compound=OPEN)[:30]:
        assert h.phone not in text and (not h.head or len(h.head) < 2 or h.head not in text)
    assert_printable(pdf)


def test_pending_ballots_two_per_page(db: Path, store: Store, tmp_path: Path) -> None:
    left = without_opinion(store, OPEN)
    pdf = tmp_path / "ballots.pdf"
    result = run(db, "report", "ballots", "--compound", OPEN, "--round", "1", "--pending",
                 "--per-page", "2", "--pdf", str(pdf))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{len(left)} 份" in result.output
    text = pdf_text(pdf)
    printed = re.findall(r"SAB\|\S+\|R\d", text)
    assert [parse_ballot_text(t).household for t in printed] == left
    assert text.split("\f")[0].count("沿此线剪开") == 1
    for page, half in ((1, 0), (1, 1)):
        scanned = parse_ballot_text(qr_text(pdf, page=page, half=half, dpi=150))
        assert scanned.household == left[half] and scanned.round_no == 1
    first = next(h for h in households_of(store=store, compound=OPEN) if h.id == left[0])
    assert mask_name(first.head) in text.split("\f")[0]


def test_pending_ballots_when_everyone_voted(db: Path, store: Store, tmp_path: Path) -> None:
    for hid in without_opinion(store, OPEN):
        address = hid.split("/")[1]
        voted = run(db, "vote", "--compound", OPEN, "--household", address, "--round", "1",
                    "--choice", "同意")  # fmt: skip
        assert voted.exit_code == 0, voted.output
    result = run(db, "report", "ballots", "--compound", OPEN, "--round", "1", "--pending",
                 "--pdf", str(tmp_path / "x.pdf"))  # fmt: skip
    assert result.exit_code == 1
    assert "均已表态" in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()
