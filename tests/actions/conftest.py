"""A laptop database in tmp_path with one compound, its roster and round 1 open: built with
the actions themselves, as the CLI and the window build it."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey_app.actions.roster import import_roster
from survey_app.actions.rounds import open_round
from survey_app.core.rules import ConsentRule
from survey_app.store.database import Store

ROSTER = """楼栋,单元,室,户主,电话,建筑面积,性质
1,1,101,张伟,13800000101,80.5,自住
1,1,102,王芳,13800000102,72,自住
1,2,101,李娜,13800000201,72,出租
2,1,101,赵磊,13800000202,80.5,自住
10,1,101,陈静,13800000301,65,自住
"""


def write_roster(path: Path, text: str = ROSTER) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    return write_roster(tmp_path / "东方新村.csv")


@pytest.fixture
def surveyed(store: Store, roster: Path) -> Store:
    """NH-001 东方新村 with five households and round 1 open (4/5, inclusive)."""
    import_roster(store=store, path=roster, compound="NH-001", name="东方新村", street="解放街道")
    open_round(store=store, compound="NH-001", round_no=1, rule=ConsentRule())
    return store
