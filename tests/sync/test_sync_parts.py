"""The pieces: the fast record hash, the transfer plan, and help on every command."""

from __future__ import annotations

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from survey_app.cli import main
from survey_app.core.records import content_hash
from survey_app.store.sequences import SequenceSummary
from survey_app.sync.plan import Transfer, transfer_plan
from survey_app.sync.union import record_hash

text = st.text(max_size=40)


@given(text, text, text, st.integers(min_value=-(2**62), max_value=2**62), text, text)
def test_the_fast_record_hash_is_the_core_content_hash(id, kind, device, seq, created, payload):  # type: ignore[no-untyped-def]
    expected = content_hash(
        id=id, kind=kind, device=device, seq=seq, created_at=created, payload=payload
    )
    assert record_hash(id, kind, device, seq, created, payload) == expected


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
