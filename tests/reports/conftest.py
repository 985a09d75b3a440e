"""A sample batch to print from (fixtures); the PDF reading helpers are in report_checks."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from survey_app.store.database import Store, open_store
from survey_app.store.sample import write_sample


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    store = open_store(path)
    write_sample(store=store, seed=2027)
    store.close()
    return path


@pytest.fixture
def db(sample_db: Path, tmp_path: Path) -> Path:
    """A copy of the sample database that a test may change."""
    path = tmp_path / "survey.db"
    shutil.copy(sample_db, path)
    return path


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    opened = open_store(db)
    yield opened
    opened.close()
