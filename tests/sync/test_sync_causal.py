"""Order without clocks: an office laptop whose clock is wrong neither wins nor loses by its
dates; what each record supersedes decides, and concurrent office records are a conflict the
office sees and settles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from sync_helpers import Field, household

from survey_app.cli import main
from survey_app.core.errors import NotFound
from survey_app.core.rules import ConsentRule
from survey_app.store import database
from survey_app.store.compounds import find_compound, save_compound
from survey_app.store.database import Store, open_store
from survey_app.store.enrolment import enrol_device
from survey_app.store.roster_import import import_roster
from survey_app.store.round_changes import open_round
from survey_app.store.rounds import round_state
from survey_app.sync.central import sync_with_central
from survey_app.sync.rule_conflicts import keep_version, list_rule_conflicts


@contextmanager
def clock(monkeypatch: pytest.MonkeyPatch, now: str) -> Iterator[None]:
    """This process's clock reads `now` while a laptop writes."""
    with monkeypatch.context() as patch:
        patch.setattr(database, "now_utc", lambda: now)
        yield


def office_laptop(batch: Field, name: str) -> Store:
    """A second office laptop, enrolled by the office with the office role."""
    store = open_store(batch.root / f"{name}.db", device_name=name, role="field")
    enrol_device(store=batch.office, fingerprint=store.fingerprint, role="office")
    sync_all(batch, batch.office, store)
    assert store.role == "office"
    return store


def sync_all(batch: Field, *stores: Store) -> None:
    for _ in range(2):
        for store in stores:
            sync_with_central(store=store, central=batch.central)


def cli(*args: str) -> list[dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def edited_roster(roster: Path, path: Path) -> Path:
    path.write_text(roster.read_text("utf-8").replace("住户000", "改名户"), encoding="utf-8")
    return path


def test_an_office_laptop_with_its_clock_in_2000_does_not_lower_the_offices_rule(
    field_batch: Field, roster: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = field_batch.office
    save_compound(store=office, code="NH-003", name="新华里")
    import_roster(store=office, path=roster, compound="NH-003")
    old_clock = office_laptop(field_batch, "旧钟")
    surveyor = field_batch.laptop("F")
    open_round(store=office, compound="NH-003", round_no=1, rule=ConsentRule())
    with clock(monkeypatch, "2000-01-01T00:00:00.000000Z"):  # has not seen the office's yet
        open_round(store=old_clock, compound="NH-003", round_no=1,
                   rule=ConsentRule(Fraction(1, 2)))  # fmt: skip
    sync_all(field_batch, old_clock, office, surveyor)
    for store in (office, old_clock, surveyor):
        assert round_state(store=store, compound="NH-003", round_no=1).rule == ConsentRule()
    told = CliRunner().invoke(
        main, ["--db", str(office.path), "sync", "--central", str(field_batch.central)]
    )
    assert "有 1 处规则/名册冲突" in told.stdout

    (conflict,) = list_rule_conflicts(store=office)
    assert (conflict.kind, conflict.compound, conflict.round_no) == ("round_opened", "NH-003", 1)
    assert {"threshold_num", "threshold_den"} <= set(conflict.differs)
    by_device = {v.device_name: v for v in conflict.versions}
    assert by_device.keys() == {"街道办公室", "旧钟"}
    assert by_device["街道办公室"].in_force and not by_device["旧钟"].in_force
    assert by_device["旧钟"].created_at.startswith("2000-")
    assert by_device["旧钟"].says["threshold_num"] * 2 == by_device["旧钟"].says["threshold_den"]
    listed = cli("conflicts", "--file", str(field_batch.central), "--json")
    (shown,) = [c for c in listed if c["kind"] == "round"]
    assert (shown["compound"], shown["round"], len(shown["versions"])) == ("NH-003", 1, 2)
    text = CliRunner().invoke(main, ["--db", str(office.path), "conflicts"]).output
    assert "1 处规则/名册冲突" in text and "旧钟" in text and "50%" in text and "80%" in text

    # the office settles it by opening the round again: that opening supersedes both
    open_round(store=office, compound="NH-003", round_no=1, rule=ConsentRule())
    sync_all(field_batch, office, old_clock, surveyor)
    for store in (office, old_clock, surveyor):
        assert list_rule_conflicts(store=store) == []
        assert round_state(store=store, compound="NH-003", round_no=1).rule == ConsentRule()


def test_the_pick_between_concurrent_openings_does_not_follow_their_dates(
    field_batch: Field, roster: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = field_batch.office
    second = office_laptop(field_batch, "二号")
    for early, late in (("2000", "2031"), ("2031", "2000")):
        code = f"NH-{early}"
        save_compound(store=office, code=code, name="新华里")
        sync_all(field_batch, office, second)
        with clock(monkeypatch, f"{early}-01-01T00:00:00.000000Z"):
            open_round(store=office, compound=code, round_no=1, rule=ConsentRule())
        with clock(monkeypatch, f"{late}-01-01T00:00:00.000000Z"):
            open_round(store=second, compound=code, round_no=1, rule=ConsentRule(Fraction(2, 3)))
        sync_all(field_batch, office, second)
        for store in (office, second):  # the stricter rule applies until the office settles
            assert round_state(store=store, compound=code, round_no=1).rule == ConsentRule()


def test_a_laptop_three_years_ahead_does_not_outlast_the_offices_next_import(
    field_batch: Field, roster: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = field_batch.office
    ahead = office_laptop(field_batch, "快钟")
    surveyor = field_batch.laptop("F")
    with clock(monkeypatch, "2030-06-01T00:00:00.000000Z"):
        report = import_roster(store=ahead, path=edited_roster(roster, tmp_path / "改.csv"),
                               compound="NH-001")  # fmt: skip
    assert report.imported == 1
    sync_all(field_batch, ahead, office, surveyor)
    assert household(surveyor, "NH-001", 0).head == "改名户"  # it superseded the office's row
    told = CliRunner().invoke(
        main, ["--db", str(surveyor.path), "sync", "--central", str(field_batch.central)]
    )
    assert told.exit_code == 0 and "同步完成" in told.stdout
    assert "快钟" in told.stderr and "早" in told.stderr  # its clock, or 快钟's, is off
    assert import_roster(store=office, path=roster, compound="NH-001").imported == 1
    sync_all(field_batch, office, ahead, surveyor)
    for store in (office, ahead, surveyor):
        assert household(store, "NH-001", 0).head == "住户000"
        assert list_rule_conflicts(store=store) == []


def test_concurrent_roster_and_compound_edits_are_listed_and_settled(
    field_batch: Field, roster: Path, tmp_path: Path
) -> None:
    office = field_batch.office
    second = office_laptop(field_batch, "二号")
    import_roster(store=second, path=edited_roster(roster, tmp_path / "改.csv"), compound="NH-001")
    save_compound(store=second, code="NH-002", name="解放新村")
    save_compound(store=office, code="NH-002", name="解放小区二期")
    (roster_text := tmp_path / "又.csv").write_text(
        roster.read_text("utf-8").replace("住户000", "另一户主"), encoding="utf-8"
    )
    import_roster(store=office, path=roster_text, compound="NH-001")
    sync_all(field_batch, office, second)
    for store in (office, second):
        found = list_rule_conflicts(store=store)
        assert [(c.kind, c.compound, c.differs) for c in found] == [
            ("household", "NH-001", ("head",)),
            ("compound", "NH-002", ("name",)),
        ]
    by_kind = {c.kind: c for c in list_rule_conflicts(store=office)}
    assert by_kind["household"].subject == household(office, "NH-001", 0).address
    assert {v.says["head"] for v in by_kind["household"].versions} == {"改名户", "另一户主"}

    # settled: the compound by saving it again, the roster row by keeping one version
    save_compound(store=office, code="NH-002", name="解放小区")
    kept = next(v for v in by_kind["household"].versions if v.says["head"] == "改名户")
    listed = CliRunner().invoke(
        main, ["--db", str(office.path), "conflicts", "--keep", kept.record_id]
    )
    assert listed.exit_code == 0 and "已保留" in listed.output
    sync_all(field_batch, office, second)
    for store in (office, second):
        assert list_rule_conflicts(store=store) == []
        assert household(store, "NH-001", 0).head == "改名户"
        found = find_compound(store=store, code="NH-002")
        assert found is not None and found.name == "解放小区"
    with pytest.raises(NotFound):  # that version is superseded now
        keep_version(store=office, record_id=kept.record_id)
