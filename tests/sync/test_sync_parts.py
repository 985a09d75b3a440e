"""The pieces: the record hash in SQL, the transfer plan, and help on every command."""

from __future__ import annotations

from click.testing import CliRunner

from survey_app.cli import main
from survey_app.core.ids import DeviceId, RecordId
from survey_app.core.keys import SigningKey
from survey_app.core.records import Record
from survey_app.store.sequences import SequenceSummary
from survey_app.sync.plan import Transfer, transfer_plan
from survey_app.sync.union import record_hash


def test_the_sql_hash_function_agrees_with_the_records_written() -> None:
    fields = {"id": RecordId("r1"), "kind": "vote", "device": DeviceId("d1"), "seq": 7,
              "created_at": "2027-03-01T08:00:00.000000Z",
              "payload": {"choice": "同意"}}  # fmt: skip
    old = Record.before_signing(**fields)  # type: ignore[arg-type]
    assert record_hash("r1", "vote", "d1", 7, old.created_at, old.payload, None) == old.hash
    assert record_hash("r1", "vote", "d1", 8, old.created_at, old.payload, None) != old.hash
    signed = Record.create(**fields, prev="ab" * 32, key=SigningKey.generate())  # type: ignore[arg-type]
    assert record_hash("r1", "vote", "d1", 7, old.created_at, old.payload, "ab" * 32) == signed.hash
    assert record_hash("r1", "vote", "d1", 7, old.created_at, old.payload, "cd" * 32) != signed.hash
    assert signed.hash != old.hash


def test_the_plan_sends_what_the_other_side_lacks() -> None:
    whole = SequenceSummary(records=10, first=1, last=10, digest=5)
    shorter = SequenceSummary(records=4, first=1, last=4, digest=3)
    holed = SequenceSummary(records=3, first=1, last=4, digest=2)
    source = {"a": whole, "b": whole, "c": whole, "d": shorter}
    target = {"b": whole, "c": shorter, "d": holed}
    assert transfer_plan(source, target) == [
        Transfer("a", 0),
        Transfer("c", 4),
        Transfer("d", 0, full=True),
    ]
    assert transfer_plan(target, source) == []


def test_every_sync_command_has_help_with_an_example() -> None:
    for command in ("sync", "conflicts", "check-file", "export"):
        result = CliRunner().invoke(main, [command, "-h"])
        assert result.exit_code == 0 and "Example" in result.output, command
