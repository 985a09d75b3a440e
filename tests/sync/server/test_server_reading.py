"""Reading from the server (`--file postgresql://…`): the same figures as the central file."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from server_helpers import sync
from sync_helpers import COMPOUNDS, household

from survey_app.cli import main
from survey_app.core.votes import Choice
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_tally_rank_export_and_check_read_the_server_as_the_file(field_batch, server, tmp_path):
    office, central = field_batch.office, field_batch.central
    laptop = field_batch.laptop("甲")
    sync_with_central(store=laptop, central=central)
    for index, choice in enumerate([Choice.AGREE] * 5 + [Choice.DISAGREE, Choice.ABSTAIN]):
        record_vote(store=laptop, household=household(laptop, COMPOUNDS[index % 2], index),
                    round_no=1, choice=choice)  # fmt: skip
    sync_with_central(store=laptop, central=central)
    sync_with_central(store=office, central=central)
    sync(office, server.url)
    sync(laptop, server.url)
    for command in (["rank", "--json"],
                    ["tally", "--compound", COMPOUNDS[0], "--round", "1", "--json"],
                    ["tally", "--compound", COMPOUNDS[1], "--round", "1", "--json"]):  # fmt: skip
        from_file = json.loads(run(*command, "--file", str(central)))
        from_server = json.loads(run(*command, "--file", server.url))
        assert from_server == from_file
    checked = json.loads(run("check-file", server.url, "--json"))
    assert checked["ok"] and checked["records"] == json.loads(
        run("check-file", str(central), "--json"))["records"]  # fmt: skip
    run("export", "--csv", str(tmp_path / "from-server"), "--file", server.url)
    run("export", "--csv", str(tmp_path / "from-file"), "--file", str(central))
    for made in sorted((tmp_path / "from-file").iterdir()):
        if made.name == "说明.csv":  # it names the file read
            continue
        assert (tmp_path / "from-server" / made.name).read_bytes() == made.read_bytes(), made.name

    record_vote(store=laptop, household=household(laptop, COMPOUNDS[0], 9), round_no=1,
                choice=Choice.AGREE)  # fmt: skip
    sync(laptop, server.url)  # the copy follows the server
    tally = json.loads(run("tally", "--compound", COMPOUNDS[0], "--round", "1", "--json",
                           "--file", server.url))  # fmt: skip
    sync_with_central(store=laptop, central=central)
    assert tally == json.loads(run("tally", "--compound", COMPOUNDS[0], "--round", "1",
                                   "--json", "--file", str(central)))  # fmt: skip
