"""Closing a round names the enrolled laptops that have sent no vote of it (they may still
hold votes) and an announced end date not reached yet: in the preview and from the CLI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sync_helpers import Field, household

from survey_app.actions.rounds import close_preview
from survey_app.cli import main
from survey_app.core.clock import today
from survey_app.core.payloads import VotePayload
from survey_app.core.rules import ConsentRule
from survey_app.core.votes import Choice
from survey_app.store import database
from survey_app.store.enrolment import revoke_device
from survey_app.store.round_changes import open_round
from survey_app.store.votes import record_vote
from survey_app.sync.central import sync_with_central


def vote_and_sync(batch: Field, name: str, compound: str = "NH-001") -> None:
    laptop = batch.laptops[name]
    sync_with_central(store=laptop, central=batch.central)  # learns the round
    record_vote(store=laptop, household=household(laptop, compound, 0), round_no=1,
                choice=Choice.AGREE, signer="户主")  # fmt: skip
    sync_with_central(store=laptop, central=batch.central)


def test_the_preview_names_laptops_without_a_vote_of_the_round(field_batch: Field) -> None:
    for name in ("一号机", "二号机", "三号机", "未登记"):
        field_batch.laptop(name, enrol=name != "未登记")
    sync_with_central(store=field_batch.laptops["二号机"], central=field_batch.central)
    vote_and_sync(field_batch, "一号机")
    vote_and_sync(field_batch, "三号机", compound="NH-002")  # another compound's round
    vote_and_sync(field_batch, "未登记")
    office = field_batch.office
    sync_with_central(store=office, central=field_batch.central)
    preview = close_preview(store=office, compound="NH-001", round_no=1)
    assert preview.silent == ("三号机", "二号机") and preview.early_end is None
    assert close_preview(store=office, compound="NH-002", round_no=1).silent == (
        "一号机", "二号机")  # fmt: skip
    revoke_device(store=office, fingerprint=field_batch.laptops["二号机"].fingerprint)
    assert close_preview(store=office, compound="NH-001", round_no=1).silent == ("三号机",)


def test_round_close_prints_the_warnings(field_batch: Field) -> None:
    field_batch.laptop("二号机")
    office = field_batch.office
    ends = today() + timedelta(days=3)
    open_round(store=office, compound="NH-001", round_no=1, rule=ConsentRule(), ends=ends,
               amend=True)  # fmt: skip
    result = CliRunner().invoke(
        main, ["--db", str(office.path), "round", "close", "--compound", "NH-001", "--round", "1"]
    )
    assert result.exit_code == 0, result.output
    notices = result.stderr.splitlines()
    assert len(notices) == 2, result.stderr
    assert f"截止日期 {ends.isoformat()} 尚未到" in notices[0]
    assert "1 台已登记的笔记本" in notices[1]
    assert notices[1].endswith(field_batch.laptops["二号机"].fingerprint)  # never synced
    assert "已结束" in result.stdout


def test_a_vote_that_counts_nowhere_is_no_sign_a_laptop_has_sent_its_votes(
    field_batch: Field, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tampered laptop's vote for an NH-001 household naming NH-002 counts for neither
    compound (store/assignments.py), so it does not take the laptop off NH-002's list."""
    field_batch.laptop("二号机")
    laptop = field_batch.laptops["二号机"]
    sync_with_central(store=laptop, central=field_batch.central)  # learns the rounds
    home = household(laptop, "NH-001", 0)
    monkeypatch.setattr(database, "check_household_compound", lambda *args: None)
    with laptop.transaction():
        laptop.append(VotePayload(household=home.id, compound="NH-002", round=1,
                                  choice="agree", signer=None, relation="self", channel="door",
                                  note=None, surveyor=None, signature=None,
                                  replaces=()))  # fmt: skip
    sync_with_central(store=laptop, central=field_batch.central)
    office = field_batch.office
    sync_with_central(store=office, central=field_batch.central)
    assert office.db.execute("SELECT count(*) FROM votes WHERE compound = 'NH-002'").fetchone()[0]
    assert close_preview(store=office, compound="NH-002", round_no=1).silent == ("二号机",)
