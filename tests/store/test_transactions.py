"""One user action, one transaction: nested steps read what earlier steps wrote, and a
failure anywhere leaves nothing."""

from __future__ import annotations

import pytest

from survey_app.store.compounds import find_compound, list_compounds, save_compound


def test_a_nested_step_reads_what_the_step_before_wrote(store):
    with store.transaction():
        save_compound(store=store, code="NH-001", name="东方新村")
        assert find_compound(store=store, code="NH-001").name == "东方新村"
        save_compound(store=store, code="NH-001", name="东方新村(东区)")
        assert find_compound(store=store, code="NH-001").name == "东方新村(东区)"
    assert [c.name for c in list_compounds(store=store)] == ["东方新村(东区)"]


def test_a_failure_after_nested_steps_leaves_nothing(store):
    with pytest.raises(RuntimeError), store.transaction():
        save_compound(store=store, code="NH-001", name="东方新村")
        raise RuntimeError("power cut")
    assert list_compounds(store=store) == []
    assert (
        store.db.execute("SELECT count(*) FROM records WHERE kind = 'compound'").fetchone()[0] == 0
    )
