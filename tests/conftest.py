"""Shared fixtures: a fresh laptop database per test, and a compound with a small roster."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from survey_app.core import clock
from survey_app.store.compounds import save_compound
from survey_app.store.database import Store, open_store


@pytest.fixture(autouse=True)
def times_shown_as_chosen_by_the_test() -> Iterator[None]:
    """The window's time-zone choice lasts for the process; each test starts without one."""
    yield
    clock.choose(None)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "laptop.db", device_name="测试-01", surveyor="王芳")
    yield opened
    opened.close()


@pytest.fixture
def compound(store: Store) -> str:
    save_compound(store=store, code="NH-001", name="东方新村", street="解放街道")
    return "NH-001"


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding=encoding)
    return path
