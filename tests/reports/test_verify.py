"""`survey-app verify`: a scanned notice against the database; a changed vote is caught."""

from __future__ import annotations

import base64
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

from report_checks import DEFERRED, OPEN, PASSED, pdf_text, qr_text, run

from survey_app.core.keys import SigningKey
from survey_app.core.payloads import RoundOpenedPayload, VotePayload
from survey_app.core.votes import Choice
from survey_app.store.database import Store
from survey_app.store.households import Household, households_of
from survey_app.store.tallies import round_outcomes
from survey_app.store.votes import record_vote


def printed_text(db: Path, tmp_path: Path, compound: str, round_no: int) -> str:
    pdf = tmp_path / "notice.pdf"
    result = run(db, "report", "tally", "--compound", compound, "--round", str(round_no),
                 "--pdf", str(pdf))  # fmt: skip
    assert result.exit_code == 0, result.output
    line = next(x for x in pdf_text(pdf).splitlines() if "核验文本:" in x)
    return line.split("核验文本:")[1].strip()


def households_voting(
    store: Store, compound: str, round_no: int, choice: Choice
) -> list[Household]:
    outcomes, _ = round_outcomes(store=store, compound=compound, round_no=round_no)
    return [
        h
        for h in households_of(store=store, compound=compound)
        if h.id in outcomes and outcomes[h.id].choice is choice
    ]


def test_an_unchanged_database_is_consistent(db: Path, tmp_path: Path) -> None:
    text = printed_text(db, tmp_path, PASSED, 1)
    result = run(db, "verify", text)
    assert result.exit_code == 0
    assert result.output.splitlines() == [  # typed from the paper: the statement, unsigned
        "NH-001 第1轮:一致",
        "  注意:此公示没有办公室签名,只核对了数字与本数据文件是否一致",
    ]


def test_scanner_noise_is_forgiven(db: Path, tmp_path: Path) -> None:
    text = printed_text(db, tmp_path, PASSED, 1)
    assert run(db, "verify", f"  {text.lower()}\r\n").exit_code == 0
    assert run(db, "verify", *text.replace("|", " | ").split()).exit_code == 0
    assert run(db, "verify", text.replace("|", "\uff5c")).exit_code == 0


def test_a_changed_vote_is_detected(db: Path, store: Store, tmp_path: Path) -> None:
    text = printed_text(db, tmp_path, OPEN, 1)
    agreed = households_voting(store, OPEN, 1, Choice.AGREE)[0]
    record_vote(store=store, household=agreed, round_no=1, choice=Choice.DISAGREE)
    result = run(db, "verify", text)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    agree = int(text.split("|A")[1].split("|")[0])
    disagree = int(text.split("|D")[1].split("|")[0])
    assert lines[0] == "NH-007 第1轮:不一致"
    assert f"  同意:公示为 {agree},数据库中为 {agree - 1}" in lines
    assert f"  不同意:公示为 {disagree},数据库中为 {disagree + 1}" in lines
    assert any(line.startswith("  有效意见指纹:公示为 ") for line in lines)


def test_two_swapped_votes_keep_the_counts_but_not_the_fingerprint(
    db: Path, store: Store, tmp_path: Path
) -> None:
    text = printed_text(db, tmp_path, OPEN, 1)
    agreed = households_voting(store, OPEN, 1, Choice.AGREE)[0]
    disagreed = households_voting(store, OPEN, 1, Choice.DISAGREE)[0]
    record_vote(store=store, household=agreed, round_no=1, choice=Choice.DISAGREE)
    record_vote(store=store, household=disagreed, round_no=1, choice=Choice.AGREE)
    result = run(db, "verify", "--json", text)
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["consistent"] is False
    assert [d["field"] for d in data["differences"]] == ["fingerprint"]


def test_a_vote_altered_behind_the_apps_back_is_detected(db: Path, tmp_path: Path) -> None:
    text = printed_text(db, tmp_path, PASSED, 1)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE votes SET choice = 'agree' WHERE rowid = (SELECT min(rowid) FROM votes "
            "WHERE compound = ? AND round = 1 AND choice = 'disagree')",
            [PASSED],
        )
    conn.close()
    result = run(db, "verify", "--json", text)
    assert result.exit_code == 1
    fields = [d["field"] for d in json.loads(result.output)["differences"]]
    assert fields == ["agree", "disagree", "fingerprint", "frozen_fingerprint", "frozen_counts"]


def test_a_conflict_is_printed_as_awaiting_verification(
    db: Path, store: Store, tmp_path: Path
) -> None:
    agreed = households_voting(store, OPEN, 1, Choice.AGREE)[0]
    with store.transaction():
        store.append(
            VotePayload(household=agreed.id, compound=OPEN, round=1, choice="disagree",
                        signer=None, relation="self", channel="paper", note=None,
                        surveyor=None, signature=None, replaces=()),
        )  # fmt: skip
    text = printed_text(db, tmp_path, OPEN, 1)
    assert "|P1|" in text
    tally = json.loads(run(db, "tally", "--compound", OPEN, "--round", "1", "--json").output)
    assert tally["pending"] == 1
    assert run(db, "verify", text).exit_code == 0


def test_unreadable_text_and_unknown_compound(db: Path) -> None:
    result = run(db, "verify", "hello")
    assert result.exit_code == 1
    assert "核验文本 “hello” 无效" in result.output
    result = run(db, "verify", "SA1|XX-999|R1|E1|A1|D0|B0|N0|P0|F0123456789ab")
    assert result.exit_code == 1
    assert "XX-999" in result.output


def scanned_qr(db: Path, tmp_path: Path, compound: str, round_no: int) -> str:
    """The text of the QR code itself, as zbar decodes it from the rendered last page."""
    pdf = tmp_path / f"{compound}.pdf"
    result = run(db, "report", "tally", "--compound", compound, "--round", str(round_no),
                 "--pdf", str(pdf))  # fmt: skip
    assert result.exit_code == 0, result.output
    pages = int(result.output.split("共 ")[1].split(" 页")[0])
    return qr_text(pdf, page=pages)  # the QR code closes the notice


def test_a_changed_rule_verdict_or_eligible_count_is_detected(db: Path, tmp_path: Path) -> None:
    text = scanned_qr(db, tmp_path, DEFERRED, 1)
    assert "|T4/5|I1|M0|VD|" in text
    eligible = int(text.split("|E")[1].split("|")[0])
    forged = (
        text.replace("|T4/5|", "|T2/3|")
        .replace("|I1|", "|I0|")
        .replace("|VD|", "|VP|")
        .replace(f"|E{eligible}|", f"|E{eligible - 40}|")
    )
    result = run(db, "verify", "--json", forged)
    assert result.exit_code == 1
    found = {d["field"]: d["message"] for d in json.loads(result.output)["differences"]}
    assert found == {
        "eligible": f"应征询户数:公示为 {eligible - 40},数据库中为 {eligible}",
        "threshold": "通过比例:公示为 2/3,数据库中为 4/5",
        "inclusive": "是否含本数:公示为 超过(不含本数),数据库中为 以上(含本数)",
        "verdict": "结论:公示为 达到通过比例,数据库中为 未达到通过比例 → 暂缓改造",
        "signature": "公示的签名无效:二维码内容在签发后被改动",
    }
    assert run(db, "verify", text).exit_code == 0


def test_a_notice_of_an_older_version_sa1_still_verifies(db: Path, tmp_path: Path) -> None:
    text = scanned_qr(db, tmp_path, PASSED, 1)
    fields = [f for f in text.split("|")[1:] if f[0] not in "TIMVKS"]
    old = "|".join(["SA1", *fields])
    result = run(db, "verify", old)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "NH-001 第1轮:一致",
        "  注意:旧版核验文本(SA1)不含通过规则和结论,只核对了户数和指纹",
    ]
    assert json.loads(run(db, "verify", "--json", old).output)["format"] == "SA1"
    assert run(db, "verify", old.replace("|A", "|A1")).exit_code == 1


def test_a_printed_notice_survives_a_roster_reimport_and_a_forged_opening(
    db: Path, store: Store, tmp_path: Path
) -> None:
    """The two attacks of issue 12 on a closed, deferred round: neither moves what it states."""
    text = scanned_qr(db, tmp_path, DEFERRED, 1)
    before = run(db, "tally", "--compound", DEFERRED, "--round", "1", "--json").output
    agreed = {h.id for h in households_voting(store, DEFERRED, 1, Choice.AGREE)}
    others = [h for h in households_of(store=store, compound=DEFERRED) if h.id not in agreed]
    with store.transaction():
        store.append_many([replace(h.payload(), eligible=False) for h in others])
        store.append(
            RoundOpenedPayload(compound=DEFERRED, round=1, threshold_num=1, threshold_den=2,
                               inclusive=True, double_majority=False, starts=None, ends=None),
            created_at="2000-01-01T00:00:00.000000Z",
        )  # fmt: skip
    assert run(db, "verify", text).output.splitlines()[0] == f"{DEFERRED} 第1轮:一致"
    assert run(db, "tally", "--compound", DEFERRED, "--round", "1", "--json").output == before
    ranked = json.loads(run(db, "rank", "--json").output)
    assert next(r for r in ranked if r["compound"] == DEFERRED)["status"] == "deferred"


def test_a_notice_signed_by_a_key_that_is_not_the_offices_is_not_trusted(
    db: Path, store: Store, tmp_path: Path
) -> None:
    """A forger re-signs a made-up statement with a key of their own: the figures may even
    match a copy they made, but the signer is not an office key of this batch."""
    text = scanned_qr(db, tmp_path, PASSED, 1)
    statement = text.split("|K")[0]
    forger = SigningKey.generate()
    signature = base64.b64decode(forger.sign(statement)).hex()
    forged = f"{statement}|K{forger.fingerprint.replace('-', '')}|S{signature}"
    result = run(db, "verify", "--json", forged)
    assert result.exit_code == 1
    [difference] = json.loads(result.output)["differences"]
    assert difference["field"] == "signer" and forger.fingerprint in difference["message"]
    checked = run(db, "verify", text)
    assert checked.exit_code == 0
    assert checked.output.splitlines()[1].startswith("  办公室签名有效(密钥 ")
