"""The data files: the sample batch's own file, and whether a file holds any data."""

from __future__ import annotations

from pathlib import Path

from survey_app.actions.compounds import save_compound
from survey_app.actions.data_files import demo_db_path, has_compounds, is_demo, opened


def test_the_sample_batch_has_its_own_file_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("SURVEY_APP_DB", raising=False)
    path = demo_db_path()
    assert path.name == "demo.db" and str(tmp_path / "data") in str(path)
    with opened(path) as store:
        assert is_demo(store=store)
    with opened(tmp_path / "survey.db") as store:
        assert not is_demo(store=store)


def test_a_missing_file_holds_nothing_and_is_not_created(tmp_path: Path):
    missing = tmp_path / "none.db"
    assert not has_compounds(path=missing)
    assert not missing.exists()


def test_a_file_holds_data_once_it_has_a_compound(tmp_path: Path):
    path = tmp_path / "laptop.db"
    with opened(path) as store:
        assert not has_compounds(path=path)
        save_compound(store=store, code="NH-001", name="东方新村")
    assert has_compounds(path=path)
