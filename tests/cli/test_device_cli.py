"""`init --office`, `device`, `device enroll / revoke / list`: the office admits laptops."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from survey_app.cli import main
from tests.conftest import open_cli_file, write_csv


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args])


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output + result.stderr
    return result


def identity(db: Path) -> dict[str, object]:
    return json.loads(ok(run(db, "device", "--json")).output)  # type: ignore[no-any-return]


def test_an_office_enrols_a_laptop_and_its_votes_count(tmp_path: Path) -> None:
    office, laptop, central = tmp_path / "office.db", tmp_path / "laptop.db", tmp_path / "c.db"
    ok(run(office, "init", "--office", "--device", "办公室"))
    ok(run(laptop, "init", "--device", "解放街道-01", "--surveyor", "王芳"))
    mine, theirs = identity(laptop), identity(office)
    assert {"id", "name", "role", "fingerprint"} <= set(mine)
    assert (mine["role"], mine["authority"], mine["enrolled"]) == ("field", "", False)
    assert (theirs["role"], theirs["authority"]) == ("office", theirs["fingerprint"])
    refused = run(laptop, "compound", "add", "--code", "NH-001", "--name", "东方新村")
    assert refused.exit_code == 1 and "入户调查电脑" in refused.stderr
    roster = write_csv(tmp_path / "r.csv", [["楼栋", "单元", "室", "户主"], ["1", "1", "101", "甲"],
                                             ["1", "1", "102", "乙"]])  # fmt: skip
    ok(run(office, "compound", "add", "--code", "NH-001", "--name", "东方新村"))
    ok(run(office, "roster", "import", str(roster), "--compound", "NH-001"))
    ok(run(office, "round", "open", "--compound", "NH-001", "--round", "1"))
    ok(run(office, "sync", "--central", str(central)))
    ok(run(laptop, "sync", "--central", str(central)))
    assert identity(laptop)["authority"] == theirs["fingerprint"]
    ok(run(laptop, "vote", "--compound", "NH-001", "--household", "1-1-101", "--round", "1",
           "--choice", "同意"))  # fmt: skip
    ok(run(laptop, "sync", "--central", str(central)))
    ok(run(office, "sync", "--central", str(central)))
    tally = ["tally", "--compound", "NH-001", "--round", "1", "--json"]
    assert json.loads(ok(run(office, *tally)).output)["agree"] == 0
    listed = ok(run(office, "device", "list")).output
    assert str(mine["fingerprint"]) in listed and "意见 1 条" in listed
    fingerprint = str(mine["fingerprint"]).replace("-", " ").lower()  # as read over the phone
    enrolled = ok(run(office, "device", "enroll", "--central", str(central), "--fingerprint",
                      fingerprint, "--json"))  # fmt: skip
    assert json.loads(enrolled.output) == {"fingerprint": mine["fingerprint"], "role": "field"}
    assert json.loads(ok(run(office, *tally)).output)["agree"] == 1
    ok(run(laptop, "sync", "--central", str(central)))
    assert identity(laptop)["enrolled"] is True
    assert "没有未计入的设备" in ok(run(office, "device", "list")).output
    ok(run(office, "device", "revoke", "--fingerprint", str(mine["fingerprint"]),
           "--keep-up-to", "0"))  # fmt: skip
    assert json.loads(ok(run(office, *tally)).output)["agree"] == 0


def test_device_errors_are_one_line(tmp_path: Path) -> None:
    office, laptop = tmp_path / "office.db", tmp_path / "laptop.db"
    ok(run(office, "init", "--office"))
    ok(run(laptop, "init"))
    for args, words in [
        (("device", "enroll", "--fingerprint", "12-34"), "20 位十六进制"),
        (("device", "enroll"), "--fingerprint"),
        (("device", "enroll", "--fingerprint", "0" * 20, "--role", "boss"), "boss"),
    ]:
        result = run(office, *args)
        assert result.exit_code in (1, 2), result.output
        assert words in result.output + result.stderr
    refused = run(laptop, "init", "--office")
    assert refused.exit_code == 1 and "不能改为办公室" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_an_enrolment_the_central_file_cannot_take_is_kept_and_said_so(tmp_path: Path) -> None:
    office, laptop = tmp_path / "office.db", tmp_path / "laptop.db"
    ok(run(office, "init", "--office"))
    ok(run(laptop, "init"))
    truncated = tmp_path / "中心.db"
    ok(run(office, "sync", "--central", str(truncated)))
    truncated.write_bytes(truncated.read_bytes()[:5000])
    fingerprint = str(identity(laptop)["fingerprint"])
    result = run(office, "device", "enroll", "--central", str(truncated), "--fingerprint",
                 fingerprint)  # fmt: skip
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "已写入" in result.stderr and "下次同步时会写入" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    conn = open_cli_file(office)  # the office's own file holds the decision
    payloads = [p for (p,) in conn.execute("SELECT payload FROM records WHERE kind = 'enrolment'")]
    conn.close()
    assert len(payloads) == 1 and fingerprint in payloads[0]


def test_the_office_gives_a_laptop_its_compounds_and_changes_them(tmp_path: Path) -> None:
    office, laptop, central = tmp_path / "office.db", tmp_path / "laptop.db", tmp_path / "c.db"
    ok(run(office, "init", "--office", "--device", "办公室"))
    ok(run(laptop, "init", "--device", "解放街道-01"))
    roster = write_csv(
        tmp_path / "r.csv", [["楼栋", "单元", "室", "户主"], ["1", "1", "101", "甲"]]
    )
    for code in ("NH-001", "NH-002", "NH-003"):
        ok(run(office, "compound", "add", "--code", code, "--name", f"小区{code}"))
        ok(run(office, "roster", "import", str(roster), "--compound", code))
        ok(run(office, "round", "open", "--compound", code, "--round", "1"))
    mine = str(identity(laptop)["fingerprint"])
    refused = run(office, "device", "enroll", "--fingerprint", mine, "--compounds", "NH-009")
    assert refused.exit_code == 1 and "NH-009" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    enrolled = ok(run(office, "device", "enroll", "--fingerprint", mine, "--compounds",
                      "NH-001,NH-002", "--central", str(central), "--json"))  # fmt: skip
    assert json.loads(enrolled.output)["compounds"] == ["NH-001", "NH-002"]
    ok(run(laptop, "sync", "--central", str(central)))
    vote = ["vote", "--household", "1-1-101", "--round", "1", "--choice", "同意", "--compound"]
    ok(run(laptop, *vote, "NH-001"))
    refused = run(laptop, *vote, "NH-003")
    assert refused.exit_code == 1 and "没有分配到小区 NH-003" in refused.stderr
    changed = ok(run(office, "device", "assign", "--fingerprint", mine.lower(), "--compounds",
                     "NH-003", "--central", str(central)))  # fmt: skip
    assert "NH-003" in changed.output
    listed = json.loads(ok(run(office, "device", "assignments", "--json")).output)
    assert listed == [{"fingerprint": mine, "name": "解放街道-01", "compounds": ["NH-003"]}]
    synced = ok(run(laptop, "sync", "--central", str(central), "--json"))
    assert json.loads(synced.output)["removed"] > 0
    ok(run(laptop, *vote, "NH-003"))
    ok(run(office, "device", "assign", "--fingerprint", mine, "--compounds", "all"))
    assert "全部" in ok(run(office, "device", "assignments")).output
    empty = run(office, "device", "assign", "--fingerprint", mine, "--compounds", " , ")
    assert empty.exit_code == 1 and "--compounds" in empty.stderr
