"""`survey-app household erase`: the office erases one household's personal data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from survey_app.cli import main
from tests.cli.test_cli import fails, ok, setup_compound


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, ["--db", str(tmp_path / "cli.db"), *args])

    return invoke


def test_erase_a_household_by_its_address(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    setup_compound(run, tmp_path)
    result = ok(run("household", "erase", "--compound", "NH-001", "--address", "1-1-201",
                    "--json"))  # fmt: skip
    report = json.loads(result.output)
    assert report["household"] == "NH-001/1-1-201" and report["records"] == 1
    listed = json.loads(ok(run("household", "list", "--compound", "NH-001", "--json")).output)
    erased = next(h for h in listed if h["address"] == "1-1-201")
    assert (erased["head"], erased["phone"], erased["eligible"]) == ("已删除", None, True)
    assert next(h for h in listed if h["address"] == "1-1-101")["head"] == "户主1"
    assert len(listed) == 10
    assert "已删除" in ok(run("household", "erase", "--compound", "NH-001", "--address",
                              "1-1-101", "--yes")).output  # fmt: skip
    declined = CliRunner().invoke(main, ["--db", str(tmp_path / "cli.db"), "household", "erase",
                                         "--compound", "NH-001", "--address", "1-1-301"],
                                  input="n\n")  # fmt: skip
    assert declined.exit_code == 1  # asked, and the answer was no: nothing erased
    listed = json.loads(ok(run("household", "list", "--compound", "NH-001", "--json")).output)
    assert next(h for h in listed if h["address"] == "1-1-301")["head"] == "户主3"
    fails(run("household", "erase", "--compound", "NH-001", "--address", "9-9-999", "--yes"),
          "9-9-999")  # fmt: skip
    check = ok(run("check-file", str(tmp_path / "cli.db"), "--json"))
    assert json.loads(check.output)["ok"]


def test_a_file_without_the_household_is_refused_in_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(run("init", "--device", "入户-01", "--surveyor", "王芳"))
    fails(run("household", "erase", "--compound", "NH-001", "--address", "1-1-101", "--yes"),
          "NH-001")  # fmt: skip
