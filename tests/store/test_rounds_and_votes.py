from fractions import Fraction
from pathlib import Path

import pytest

from survey_app.core.errors import InvalidInput, RefusedAction, UnreadableFile
from survey_app.core.keys import signature_is_valid
from survey_app.core.records import Record
from survey_app.core.rules import ConsentRule
from survey_app.core.tally import RoundStatus
from survey_app.core.votes import Choice, Relation
from survey_app.store.database import Store, open_store
from survey_app.store.households import find_household
from survey_app.store.projection import TEMP_SCHEMA
from survey_app.store.roster_import import import_roster
from survey_app.store.round_changes import close_round, open_round
from survey_app.store.rounds import round_state
from survey_app.store.tallies import compute_tally, ranking_json, tally_json
from survey_app.store.votes import compound_vote_rows, record_vote, signature_png, vote_rows
from tests.conftest import write_csv


@pytest.fixture
def roster(store: Store, compound: str, tmp_path: Path) -> list[str]:
    rows = [["楼栋", "单元", "室", "户主"]]
    rows += [["1", "1", f"{f}0{d}", f"户主{f}{d}"] for f in range(1, 6) for d in (1, 2)]
    import_roster(store=store, path=write_csv(tmp_path / "r.csv", rows), compound=compound)
    return [f"1-1-{f}0{d}" for f in range(1, 6) for d in (1, 2)]


def vote(
    store: Store, compound: str, address: str, choice: Choice, round_no: int = 1, **kw: object
) -> None:
    household = find_household(store=store, compound=compound, address=address)
    record_vote(store=store, household=household, round_no=round_no, choice=choice, **kw)  # type: ignore[arg-type]


def test_votes_need_an_open_round(store: Store, compound: str, roster: list[str]) -> None:
    with pytest.raises(RefusedAction, match="未开始"):
        vote(store, compound, roster[0], Choice.AGREE)
    open_round(store=store, compound=compound, round_no=1, rule=ConsentRule())
    vote(store, compound, roster[0], Choice.AGREE)
    close_round(store=store, compound=compound, round_no=1)
    with pytest.raises(RefusedAction, match="已结束"):
        vote(store, compound, roster[1], Choice.AGREE)


def test_round_two_only_after_round_one_closed_and_passed(
    store: Store, compound: str, roster: list[str]
) -> None:
    with pytest.raises(RefusedAction, match="第1轮征询尚未结束"):
        open_round(store=store, compound=compound, round_no=2, rule=ConsentRule())
    open_round(store=store, compound=compound, round_no=1, rule=ConsentRule())
    with pytest.raises(RefusedAction, match="已经进行中"):
        open_round(store=store, compound=compound, round_no=1, rule=ConsentRule())
    for address in roster[:7]:
        vote(store, compound, address, Choice.AGREE)
    close_round(store=store, compound=compound, round_no=1)
    with pytest.raises(RefusedAction, match="未达到通过比例"):
        open_round(store=store, compound=compound, round_no=2, rule=ConsentRule())
    with pytest.raises(RefusedAction, match="不能结束"):
        close_round(store=store, compound=compound, round_no=1)


def test_full_two_round_flow_with_changed_votes(
    store: Store, compound: str, roster: list[str]
) -> None:
    open_round(store=store, compound=compound, round_no=1, rule=ConsentRule(Fraction(4, 5)))
    for address in roster[:7]:
        vote(store, compound, address, Choice.AGREE)
    vote(store, compound, roster[7], Choice.DISAGREE)
    vote(store, compound, roster[7], Choice.AGREE, signer="户主402")
    assert compute_tally(store=store, compound=compound, round_no=1).counts.agree == 8
    history = vote_rows(store=store, household="NH-001/1-1-402", round_no=1)
    assert [v.choice for v in history] == [Choice.DISAGREE, Choice.AGREE]
    assert history[1].replaces == (history[0].id,)
    closed = close_round(store=store, compound=compound, round_no=1)
    assert closed.status is RoundStatus.CLOSED and closed.fingerprint
    data = tally_json(store=store, compound=compound, round_no=1)
    assert data == {
        "compound": "NH-001",
        "round": 1,
        "status": "closed",
        "eligible": 10,
        "agree": 8,
        "disagree": 0,
        "abstain": 0,
        "no_response": 2,
        "pending": 0,
        "late": 0,
        "rate": "80.00",
        "threshold": "4/5",
        "inclusive": True,
        "double_majority": False,
        "passed": True,
        "needed": 0,
        "agree_area": None,
        "eligible_area": None,
        "area_rate": None,
        "area_needed": None,
        "fingerprint": closed.fingerprint,
        "frozen": True,
    }
    open_round(store=store, compound=compound, round_no=2, rule=ConsentRule(Fraction(2, 3)))
    assert round_state(store=store, compound=compound, round_no=2).status is RoundStatus.OPEN
    assert ranking_json(store=store)[0]["status"] == "passed"


def test_a_compounds_votes_are_each_households_history_in_one_query(
    store: Store, compound: str, roster: list[str]
) -> None:
    open_round(store=store, compound=compound, round_no=1, rule=ConsentRule(Fraction(4, 5)))
    for address in (roster[3], roster[0], roster[3], roster[5], roster[0], roster[3]):
        vote(store, compound, address, Choice.AGREE)
    vote(store, compound, roster[5], Choice.DISAGREE)
    households = sorted(f"{compound}/{a}" for a in (roster[0], roster[3], roster[5]))
    histories = [vote_rows(store=store, household=h, round_no=1) for h in households]
    assert [len(h) for h in histories] == [2, 3, 2]
    rows = compound_vote_rows(store=store, compound=compound, round_no=1)
    assert rows == [v for history in histories for v in history]
    assert compound_vote_rows(store=store, compound=compound, round_no=2) == []


def test_proxy_votes_need_the_power_of_attorney_noted(
    store: Store, compound: str, roster: list[str]
) -> None:
    open_round(store=store, compound=compound, round_no=1, rule=ConsentRule())
    with pytest.raises(InvalidInput, match="委托书"):
        vote(store, compound, roster[0], Choice.AGREE, relation=Relation.PROXY)
    vote(
        store, compound, roster[0], Choice.AGREE, relation=Relation.PROXY, note="委托书 2027-01-02"
    )


def test_signature_is_stored_with_the_vote(store: Store, compound: str, roster: list[str]) -> None:
    open_round(store=store, compound=compound, round_no=1, rule=ConsentRule())
    vote(store, compound, roster[0], Choice.AGREE, signature_png=b"\x89PNG fake")
    row = vote_rows(store=store, household="NH-001/1-1-101", round_no=1)[0]
    assert row.has_signature
    assert signature_png(store=store, vote_id=row.id) == b"\x89PNG fake"


def test_records_are_hashed_chained_signed_and_sequenced(store: Store, compound: str) -> None:
    rows = store.db.execute(
        "SELECT id, kind, device, seq, created_at, payload, hash, prev, signature FROM records "
        "ORDER BY seq"
    ).fetchall()
    records = [Record(*r) for r in rows]
    assert [r.seq for r in records] == list(range(1, len(records) + 1))
    assert all(r.hash_is_valid() for r in records)
    assert [r.prev for r in records] == ["", *(r.hash for r in records[:-1])]
    key = store.signing_key.public_key
    assert all(signature_is_valid(key, r.hash, r.signature) for r in records)
    assert not signature_is_valid(key, records[0].hash, records[1].signature)
    assert {r.device for r in records} == {store.device_id}


def test_saved_work_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    first = open_store(path, device_name="A")
    from survey_app.store.compounds import list_compounds, save_compound

    save_compound(store=first, code="NH-9", name="测试")
    device = first.device_id
    first.db.close()  # no clean shutdown beyond what each commit already did
    again = open_store(path)
    assert again.device_id == device
    assert [c.code for c in list_compounds(store=again)] == ["NH-9"]


def test_files_of_other_applications_are_refused(tmp_path: Path) -> None:
    import sqlite3

    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(UnreadableFile, match="不是本应用的数据文件"):
        open_store(foreign)
    text = tmp_path / "text.db"
    text.write_text("hello, this is not sqlite" * 100)
    with pytest.raises(UnreadableFile, match="无法读取"):
        open_store(text)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    first = open_store(path)
    first.db.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    first.close()
    with pytest.raises(UnreadableFile, match="更新版本"):
        open_store(path)


def test_a_laptops_first_vote_changes_no_temporary_table(
    store: Store, compound: str, roster: list[str]
) -> None:
    # a change of the temporary schema expires every prepared statement of the connection: the
    # second vote would prepare each of its statements again
    open_round(store=store, compound=compound, round_no=1, rule=ConsentRule())
    reopened = open_store(store.path)
    temporary = "SELECT type, name, sql FROM temp.sqlite_master ORDER BY name"
    try:
        made_at_open = reopened.db.execute(temporary).fetchall()
        vote(reopened, compound, roster[0], Choice.AGREE)
        assert reopened.db.execute(temporary).fetchall() == made_at_open
        assert len(made_at_open) == len(TEMP_SCHEMA)
    finally:
        reopened.close()
