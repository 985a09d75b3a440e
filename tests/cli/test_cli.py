"""The CLI is a contract for scripts: exit codes, JSON shapes, one-line errors."""

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from survey_app.cli import main
from survey_app.cli.base import register_commands
from tests.conftest import write_csv


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = tmp_path / "cli.db"

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, ["--db", str(db), *args])

    return invoke


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output + result.stderr
    return result


def fails(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.output + result.stderr


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    register_commands()  # the group loads them as they are asked for
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += all_commands(command, (*prefix, name))
    return found


@pytest.mark.parametrize("path", all_commands(main), ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "-h"])
    assert result.exit_code == 0
    command = main
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]  # type: ignore[assignment]
    assert command.help and len(command.help) > 15
    if not isinstance(command, click.Group):
        assert "Example" in command.help, f"{' '.join(path)} needs an example in its help"


def setup_compound(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(run("init", "--office", "--device", "测试-01", "--surveyor", "王芳"))
    ok(run("compound", "add", "--code", "NH-001", "--name", "东方新村", "--street", "解放街道"))
    rows = [["楼栋", "单元", "室", "户主"]] + [
        ["1", "1", f"{i}01", f"户主{i}"] for i in range(1, 11)
    ]
    result = ok(
        run(
            "roster",
            "import",
            str(write_csv(tmp_path / "r.csv", rows)),
            "--compound",
            "nh-001",
            "--json",
        )
    )
    assert json.loads(result.output) == {
        "imported": 10,
        "unchanged": 0,
        "errors": [],
        "skipped": [],
        "closed_rounds": [],
        "unfrozen_closed_rounds": [],
    }


def test_the_whole_round_through_the_cli(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    setup_compound(run, tmp_path)
    listed = json.loads(ok(run("compound", "list", "--json")).output)
    assert listed[0]["code"] == "NH-001" and listed[0]["households"] == 10
    households = json.loads(ok(run("household", "list", "--compound", "NH-001", "--json")).output)
    assert [h["address"] for h in households][:2] == ["1-1-101", "1-1-201"]
    ok(
        run(
            "round",
            "open",
            "--compound",
            "NH-001",
            "--round",
            "1",
            "--threshold",
            "4/5",
            "--starts",
            "2027-01-01",
            "--ends",
            "2027-01-31",
        )
    )
    for i in range(1, 9):
        ok(
            run(
                "vote",
                "--compound",
                "NH-001",
                "--household",
                f"1幢1单元{i}01室",
                "--round",
                "1",
                "--choice",
                "同意",
            )
        )
    ok(
        run(
            "vote",
            "--compound",
            "NH-001",
            "--household",
            "1-1-901",
            "--round",
            "1",
            "--choice",
            "disagree",
        )
    )
    changed = ok(
        run(
            "vote",
            "--compound",
            "NH-001",
            "--household",
            "1-1-801",
            "--round",
            "1",
            "--choice",
            "abstain",
            "--relation",
            "family",
            "--channel",
            "paper",
        )
    )
    assert "替换" in changed.output
    tally = json.loads(ok(run("tally", "--compound", "NH-001", "--round", "1", "--json")).output)
    assert list(tally) == [
        "compound",
        "round",
        "status",
        "eligible",
        "agree",
        "disagree",
        "abstain",
        "no_response",
        "pending",
        "late",
        "rate",
        "threshold",
        "inclusive",
        "double_majority",
        "passed",
        "needed",
        "agree_area",
        "eligible_area",
        "area_rate",
        "area_needed",
        "fingerprint",
        "frozen",
    ]
    assert (tally["agree"], tally["abstain"], tally["disagree"], tally["no_response"]) == (
        7,
        1,
        1,
        1,
    )
    assert (tally["rate"], tally["passed"], tally["needed"]) == ("70.00", False, 1)
    ok(
        run(
            "vote",
            "--compound",
            "NH-001",
            "--household",
            "1-1-1001",
            "--round",
            "1",
            "--choice",
            "agree",
        )
    )
    closed = ok(run("round", "close", "--compound", "NH-001", "--round", "1"))
    assert "达到通过比例" in closed.output
    tally = json.loads(ok(run("tally", "--compound", "NH-001", "--round", "1", "--json")).output)
    assert tally["status"] == "closed" and tally["passed"] and len(tally["fingerprint"]) == 64
    readable = ok(run("tally", "--compound", "NH-001", "--round", "1")).output
    assert "80.00%" in readable and "达到通过比例" in readable
    ok(
        run(
            "round",
            "open",
            "--compound",
            "NH-001",
            "--round",
            "2",
            "--threshold",
            "2/3",
            "--strict",
        )
    )
    ranked = json.loads(ok(run("rank", "--json")).output)
    assert ranked == [
        {
            "position": 1,
            "compound": "NH-001",
            "name": "东方新村",
            "round": 1,
            "eligible": 10,
            "agree": 8,
            "rate": "80.00",
            "passed": True,
            "status": "passed",
        }
    ]
    assert "东方新村" in ok(run("rank")).output


def test_user_errors_are_one_line_with_exit_1(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    setup_compound(run, tmp_path)
    fails(run("tally", "--compound", "NH-404", "--round", "1"), "NH-404")
    fails(
        run(
            "vote",
            "--compound",
            "NH-001",
            "--household",
            "9-9-909",
            "--round",
            "1",
            "--choice",
            "agree",
        ),
        "9-9-909",
    )
    fails(
        run(
            "vote",
            "--compound",
            "NH-001",
            "--household",
            "1-1-101",
            "--round",
            "1",
            "--choice",
            "agree",
        ),
        "未开始",
    )
    fails(run("round", "open", "--compound", "NH-001", "--round", "2"), "第1轮征询尚未结束")
    fails(
        run("round", "open", "--compound", "NH-001", "--round", "1", "--threshold", "eighty"),
        "通过比例",
    )
    fails(run("round", "close", "--compound", "NH-001", "--round", "1"), "不能结束")
    ok(run("round", "open", "--compound", "NH-001", "--round", "1"))
    fails(
        run(
            "vote",
            "--compound",
            "NH-001",
            "--household",
            "1-1-101",
            "--round",
            "1",
            "--choice",
            "maybe",
        ),
        "意见",
    )
    fails(
        run(
            "vote",
            "--compound",
            "NH-001",
            "--household",
            "1-1-101",
            "--round",
            "1",
            "--choice",
            "agree",
            "--relation",
            "proxy",
        ),
        "委托书",
    )
    fails(run("compound", "add", "--code", "东方", "--name", "x"), "小区编码")
    not_roster = write_csv(tmp_path / "n.csv", [["a", "b"], ["1", "2"]])
    fails(run("roster", "import", str(not_roster), "--compound", "NH-001"), "不是住户名册")
    fails(run("demo"), "已有小区数据")


def test_duplicate_and_bad_rows_in_json(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    setup_compound(run, tmp_path)
    rows = [
        ["building", "unit", "room", "head"],
        ["2", "1", "101", "A"],
        ["2", "1", "101", "B"],
        ["2", "1", "", "C"],
    ]
    result = ok(
        run(
            "roster",
            "import",
            str(write_csv(tmp_path / "d.csv", rows)),
            "--compound",
            "NH-001",
            "--json",
        )
    )
    report = json.loads(result.output)
    assert report["imported"] == 1
    assert [e["row"] for e in report["errors"]] == [3, 4]


def test_demo_builds_a_batch_with_every_standing(run) -> None:  # type: ignore[no-untyped-def]
    ok(
        run(
            "demo",
            "--seed",
            "7",
            "--compounds",
            "6",
            "--min-households",
            "60",
            "--max-households",
            "120",
        )
    )
    ranked = json.loads(ok(run("rank", "--json")).output)
    assert len(ranked) == 6
    assert {r["status"] for r in ranked} >= {"open"}
    assert {r["status"] for r in ranked} & {"passed", "deferred"}
    positions = [r["position"] for r in ranked]
    assert positions == sorted(positions)
    for r in ranked:
        tally = json.loads(
            ok(run("tally", "--compound", r["compound"], "--round", "1", "--json")).output
        )
        assert (tally["agree"], tally["eligible"], tally["rate"]) == (
            r["agree"],
            r["eligible"],
            r["rate"],
        )
        assert tally["eligible"] == sum(
            tally[k] for k in ("agree", "disagree", "abstain", "no_response", "pending")
        )


def test_db_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "env.db"
    monkeypatch.setenv("SURVEY_APP_DB", str(path))
    result = CliRunner().invoke(main, ["init", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["db"] == str(path)
    assert path.exists()


def test_a_mistyped_db_path_creates_nothing(tmp_path: Path, monkeypatch) -> None:
    typo = tmp_path / "suvrey.db"
    for args in (["rank"], ["compound", "list"], ["round", "close", "--compound", "NH-001",
                                                  "--round", "1"]):  # fmt: skip
        result = CliRunner().invoke(main, ["--db", str(typo), *args])
        fails(result, "找不到数据文件")
        assert "init" in result.stderr
    monkeypatch.setenv("SURVEY_APP_DB", str(typo))
    fails(CliRunner().invoke(main, ["rank"]), "找不到数据文件")
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr("survey_app.cli.base._at_terminal", lambda: True)
    said_no = CliRunner().invoke(main, ["rank"], input="n\n")
    assert said_no.exit_code == 1 and "要在这里新建一个空的数据文件吗" in said_no.stderr
    assert said_no.stderr.strip().splitlines()[-1].startswith("错误 Error: 找不到数据文件")
    assert not typo.exists()
    ok(CliRunner().invoke(main, ["rank"], input="y\n"))  # asked, said yes
    assert typo.exists()
    made = tmp_path / "new.db"
    ok(CliRunner().invoke(main, ["--db", str(made), "init", "--device", "解放街道-01"]))
    assert made.exists()
