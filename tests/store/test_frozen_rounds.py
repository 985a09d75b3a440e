"""A close freezes what the verdict depends on: a roster imported later never moves it.

The attack (issue 12): round 1 closed at 67.33 % (deferred); the office re-imports the roster
marking every household that did not agree 应征询=否; the closed tally would then read 100 %,
pass, rank first and let round 2 open, with no warning.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from survey_app.cli import main
from survey_app.core.errors import RefusedAction
from survey_app.core.payloads import RoundClosedPayload, RoundOpenedPayload
from survey_app.core.rules import ConsentRule
from survey_app.core.votes import Choice
from survey_app.reports.tally_notice import tally_notice
from survey_app.store.compounds import save_compound
from survey_app.store.database import Store, open_store
from survey_app.store.households import households_of
from survey_app.store.roster_import import import_roster
from survey_app.store.round_changes import close_round, open_round
from survey_app.store.rounds import round_state
from survey_app.store.tallies import compute_tally, counts_by_compound, ranking_json, tally_json
from survey_app.store.votes import record_vote
from tests.conftest import write_csv

ATTACKED = "NH-001"
"""150 households: 101 agree → 67.33 %, deferred under 80 %."""
RIVAL = "NH-002"
"""10 households, 9 agree → 90 %, passed: first in the ranking before the attack."""
HEADER = ["楼栋", "单元", "室", "户主", "面积", "应征询"]


def roster_rows(count: int, ineligible: set[str] = frozenset()) -> list[list[str]]:  # type: ignore[assignment]
    rows = [HEADER]
    for i in range(count):
        building, room = divmod(i, 50)
        address = f"{building + 1}-1-{room + 101}"
        rows.append([str(building + 1), "1", str(room + 101), f"户主{i}", "80.5",
                     "否" if address in ineligible else "是"])  # fmt: skip
    return rows


def vote_all(store: Store, code: str, choices: list[Choice | None], round_no: int = 1) -> None:
    for home, choice in zip(households_of(store=store, compound=code), choices, strict=True):
        if choice is not None:
            record_vote(store=store, household=home, round_no=round_no, choice=choice)


def deferred_choices() -> list[Choice | None]:
    return [Choice.AGREE] * 101 + [Choice.DISAGREE] * 30 + [Choice.ABSTAIN] * 9 + [None] * 10


@pytest.fixture
def batch(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "office.db", device_name="办公室")
    save_compound(store=store, code=ATTACKED, name="东方新村")
    save_compound(store=store, code=RIVAL, name="西湖小区")
    import_roster(store=store, path=write_csv(tmp_path / "a.csv", roster_rows(150)),
                  compound=ATTACKED)  # fmt: skip
    import_roster(store=store, path=write_csv(tmp_path / "b.csv", roster_rows(10)), compound=RIVAL)
    for code, choices in [
        (ATTACKED, deferred_choices()),
        (RIVAL, [Choice.AGREE] * 9 + [Choice.DISAGREE]),
    ]:
        open_round(store=store, compound=code, round_no=1, rule=ConsentRule())
        vote_all(store, code, choices)
        close_round(store=store, compound=code, round_no=1)
    yield store
    store.close()


def cli(db: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def everything_shown(store: Store, db: Path) -> dict[str, object]:
    notice = tally_notice(store=store, compound=ATTACKED, round_no=1, with_households=True)
    return {
        "tally": tally_json(store=store, compound=ATTACKED, round_no=1),
        "cli_json": json.loads(cli(db, "tally", "--compound", ATTACKED, "--round", "1", "--json")),
        "notice": (
            notice.counts,
            notice.rate,
            notice.verdict,
            notice.verification,
            notice.by_building,
            notice.households,
        ),
        "counts": counts_by_compound(store=store, round_no=1)[ATTACKED],
        "ranking": ranking_json(store=store),
        "cli_rank": cli(db, "rank", "--json"),
    }


def reimport_marking_the_others_ineligible(store: Store, tmp_path: Path) -> dict[str, object]:
    not_agreeing = {h.address for h in households_of(store=store, compound=ATTACKED)[101:]}
    path = write_csv(tmp_path / "again.csv", roster_rows(150, ineligible=not_agreeing))
    return import_roster(store=store, path=path, compound=ATTACKED).as_json()


def test_a_roster_reimported_after_close_moves_nothing(batch: Store, tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    before = everything_shown(batch, db)
    assert before["tally"]["rate"] == "67.33"  # type: ignore[index]
    assert before["tally"]["passed"] is False  # type: ignore[index]
    assert before["tally"]["frozen"] is True  # type: ignore[index]
    assert [r["compound"] for r in before["ranking"]] == [RIVAL, ATTACKED]  # type: ignore[union-attr]

    report = reimport_marking_the_others_ineligible(batch, tmp_path)

    assert report["imported"] == 49
    assert report["closed_rounds"] == [1]
    assert everything_shown(batch, db) == before
    with pytest.raises(RefusedAction, match="未达到通过比例"):
        open_round(store=batch, compound=ATTACKED, round_no=2, rule=ConsentRule())
    eligible_now = sum(h.eligible for h in households_of(store=batch, compound=ATTACKED))
    assert eligible_now == 101  # the roster itself did change


def test_the_import_says_which_closed_rounds_it_leaves_alone(batch: Store, tmp_path: Path) -> None:
    not_agreeing = {h.address for h in households_of(store=batch, compound=ATTACKED)[101:]}
    path = write_csv(tmp_path / "again.csv", roster_rows(150, ineligible=not_agreeing))
    output = cli(tmp_path / "office.db", "roster", "import", str(path), "--compound", ATTACKED)
    assert "第1轮已结束:本次名册只影响之后开始的征询" in output
    fresh = write_csv(tmp_path / "c.csv", roster_rows(5))
    save_compound(store=batch, code="NH-003", name="新村")
    output = cli(tmp_path / "office.db", "roster", "import", str(fresh), "--compound", "NH-003")
    assert "已结束" not in output


def test_the_close_record_carries_the_rule_the_list_and_the_counts(batch: Store) -> None:
    payload = json.loads(
        batch.db.execute(
            "SELECT payload FROM records WHERE kind = 'round_closed' "
            "AND json_extract(payload, '$.compound') = ?",
            [ATTACKED],
        ).fetchone()[0]
    )
    assert len(payload["eligible_households"]) == 150
    assert payload["eligible_households"] == sorted(payload["eligible_households"])
    assert payload["eligible_areas"] is None  # only under double majority
    expected = {
        "threshold_num": 4, "threshold_den": 5, "inclusive": True, "double_majority": False,
        "eligible": 150, "agree": 101, "disagree": 30, "abstain": 9, "no_response": 10,
        "pending": 0, "passed": False,
    }  # fmt: skip
    assert {key: payload[key] for key in expected} == expected
    assert {"cutoff", "fingerprint"} <= payload.keys()


def test_a_later_roster_applies_to_round_two_opened_after_it(batch: Store, tmp_path: Path) -> None:
    passing = [Choice.AGREE] * 130 + [Choice.DISAGREE] * 20
    save_compound(store=batch, code="NH-009", name="南湖新村")
    import_roster(store=batch, path=write_csv(tmp_path / "n.csv", roster_rows(150)),
                  compound="NH-009")  # fmt: skip
    open_round(store=batch, compound="NH-009", round_no=1, rule=ConsentRule())
    vote_all(batch, "NH-009", passing)
    close_round(store=batch, compound="NH-009", round_no=1)
    gone = {h.address for h in households_of(store=batch, compound="NH-009")[140:]}
    rows = [*roster_rows(150, ineligible=gone), ["4", "1", "101", "新户", "60", "是"]]
    import_roster(store=batch, path=write_csv(tmp_path / "n2.csv", rows), compound="NH-009")

    first = compute_tally(store=batch, compound="NH-009", round_no=1)
    assert (first.counts.eligible, first.counts.agree, first.passed) == (150, 130, True)
    open_round(store=batch, compound="NH-009", round_no=2, rule=ConsentRule())
    second = compute_tally(store=batch, compound="NH-009", round_no=2)
    assert second.counts.eligible == 141
    assert round_state(store=batch, compound="NH-009", round_no=2).frozen is False
    assert counts_by_compound(store=batch, round_no=2)["NH-009"] == second.counts
    assert counts_by_compound(store=batch, round_no=1)["NH-009"] == first.counts


def test_double_majority_freezes_the_floor_areas(tmp_path: Path) -> None:
    store = open_store(tmp_path / "dm.db")
    save_compound(store=store, code=ATTACKED, name="东方新村")
    import_roster(store=store, path=write_csv(tmp_path / "a.csv", roster_rows(10)),
                  compound=ATTACKED)  # fmt: skip
    rule = ConsentRule(Fraction(3, 4), True, double_majority=True)
    open_round(store=store, compound=ATTACKED, round_no=1, rule=rule)
    vote_all(store, ATTACKED, [Choice.AGREE] * 8 + [Choice.DISAGREE] * 2)
    close_round(store=store, compound=ATTACKED, round_no=1)
    before = compute_tally(store=store, compound=ATTACKED, round_no=1)
    assert before.passed and before.eligible_area == Fraction(805)
    rows = roster_rows(10)
    bigger = [[*row[:4], "500" if i > 8 else row[4], row[5]] for i, row in enumerate(rows)]
    import_roster(store=store, path=write_csv(tmp_path / "b.csv", bigger), compound=ATTACKED)
    after = compute_tally(store=store, compound=ATTACKED, round_no=1)
    assert (after.passed, after.eligible_area, after.agree_area) == (
        True, Fraction(805), Fraction(644)
    )  # fmt: skip
    store.close()


def test_a_forged_earlier_opening_does_not_change_a_frozen_rule(batch: Store) -> None:
    """The rule in force for a closed round is the one its close recorded."""
    with batch.transaction():
        batch.append(
            RoundOpenedPayload(compound=ATTACKED, round=1, threshold_num=2, threshold_den=3,
                               inclusive=True, double_majority=False, starts=None, ends=None),
            created_at="2000-01-01T00:00:00.000000Z",
        )  # fmt: skip
    assert round_state(store=batch, compound=ATTACKED, round_no=1).rule == ConsentRule()
    assert compute_tally(store=batch, compound=ATTACKED, round_no=1).passed is False


def test_a_close_of_an_older_version_reads_the_current_roster_and_says_so(
    tmp_path: Path,
) -> None:
    """Older closes carry no list: the eligible set as of their cutoff cannot be told for sure,
    so they read the current roster, marked not frozen in the json, the notice and the import."""
    db = tmp_path / "old.db"
    store = open_store(db)
    save_compound(store=store, code=ATTACKED, name="东方新村")
    import_roster(store=store, path=write_csv(tmp_path / "a.csv", roster_rows(10)),
                  compound=ATTACKED)  # fmt: skip
    open_round(store=store, compound=ATTACKED, round_no=1, rule=ConsentRule())
    vote_all(store, ATTACKED, [Choice.AGREE] * 7 + [Choice.DISAGREE] * 3)
    with store.transaction():
        store.append(  # as older versions wrote it: no list, no rule
            RoundClosedPayload(compound=ATTACKED, round=1, cutoff={store.device_id: 10**6},
                               fingerprint="x", eligible=10, agree=7, passed=False),
        )  # fmt: skip
    assert tally_json(store=store, compound=ATTACKED, round_no=1)["frozen"] is False
    notice = tally_notice(store=store, compound=ATTACKED, round_no=1)
    assert notice.frozen is False
    gone = {h.address for h in households_of(store=store, compound=ATTACKED)[7:]}
    path = write_csv(tmp_path / "b.csv", roster_rows(10, ineligible=gone))
    output = cli(db, "roster", "import", str(path), "--compound", ATTACKED)
    assert "第1轮由旧版本结束,未保存应征询名单:本次名册会改变其统计" in output
    assert compute_tally(store=store, compound=ATTACKED, round_no=1).counts.eligible == 7
    tally_text = cli(db, "tally", "--compound", ATTACKED, "--round", "1")
    assert "未冻结" in tally_text
    store.close()
