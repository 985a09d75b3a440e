"""Office fixtures: a small sample batch (closed, open and deferred rounds) shared by a module."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from survey_app.store.database import open_store
from survey_app.store.sample import write_sample


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("office-sample") / "sample.db"
    store = open_store(path)
    write_sample(store=store, compounds=8, min_households=20, max_households=50)
    store.close()
    return path


@pytest.fixture
def sample_db(sample_template: Path, tmp_path: Path) -> Path:
    """A private copy: tests may write to it."""
    target = tmp_path / "sample.db"
    shutil.copyfile(sample_template, target)
    return target
