"""Fixtures of the sync tests; the helpers live in sync_helpers.py (a unique module name)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_helpers import Field, set_up_office, write_roster


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return write_roster(tmp_path / "名册.csv", 24)


@pytest.fixture
def field_batch(tmp_path: Path, roster: Path) -> Iterator[Field]:
    batch = Field(tmp_path, tmp_path / "U盘" / "中心.db", set_up_office(tmp_path / "office.db",
                                                                         roster))  # fmt: skip
    batch.central.parent.mkdir()
    yield batch
    batch.close()
