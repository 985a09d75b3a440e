"""Laptops, an office and a central file for the sync tests (fixtures in conftest.py)."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from survey_app.core.rules import ConsentRule
from survey_app.store.compounds import save_compound
from survey_app.store.database import Store, open_store
from survey_app.store.enrolment import enrol_device
from survey_app.store.households import Household, households_of
from survey_app.store.roster_import import import_roster
from survey_app.store.round_changes import open_round
from survey_app.store.tallies import tally_json
from survey_app.sync.central import sync_with_central

COMPOUNDS = ("NH-001", "NH-002")


def write_roster(path: Path, households: int) -> Path:
    lines = ["楼栋,单元,室,户主,电话,建筑面积,性质"]
    for i in range(households):
        building, unit, room = 1 + i // 12, 1 + (i // 6) % 2, 101 + 100 * ((i % 6) // 2) + i % 2
        lines.append(f"{building},{unit},{room},住户{i:03d},1380000{i:04d},{60 + i % 40}.5,自住")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def set_up_office(path: Path, roster: Path, passphrase: str | None = None) -> Store:
    """The street office's laptop: compounds, rosters, round 1 open in both compounds."""
    office = open_store(path, device_name="街道办公室", surveyor="周主任", passphrase=passphrase)
    for code, name in zip(COMPOUNDS, ("东方新村", "解放小区"), strict=True):
        save_compound(store=office, code=code, name=name, street="解放街道")
        import_roster(store=office, path=roster, compound=code)
        open_round(store=office, compound=code, round_no=1, rule=ConsentRule())
    return office


@dataclass
class Field:
    """One batch in the field: an office laptop, surveyors' laptops, one central file."""

    root: Path
    central: Path
    office: Store
    laptops: dict[str, Store] = field(default_factory=dict)

    def laptop(
        self,
        name: str,
        surveyor: str = "调查员",
        *,
        enrol: bool = True,
        passphrase: str | None = None,
        central_passphrase: str | None = None,
    ) -> Store:
        """A field laptop, enrolled by the office (by its key fingerprint) unless told not."""
        store = open_store(self.root / f"{name}.db", device_name=name, surveyor=surveyor,
                           role="field", passphrase=passphrase)  # fmt: skip
        if enrol:  # as `device enroll --central`: the enrolment goes into the central file
            enrol_device(store=self.office, fingerprint=store.fingerprint)
            sync_with_central(
                store=self.office, central=self.central, central_passphrase=central_passphrase
            )
        self.laptops[name] = store
        return store

    def close(self) -> None:
        for store in [self.office, *self.laptops.values()]:
            store.close()


def household(store: Store, compound: str, index: int) -> Household:
    return households_of(store=store, compound=compound)[index]


def record_set(path: Path) -> frozenset[tuple[str, str]]:
    """(id, hash) of every record in a file, read without changing it."""
    if not path.exists():
        return frozenset()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return frozenset(conn.execute("SELECT id, hash FROM records").fetchall())
    finally:
        conn.close()


def file_bytes(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def all_tallies(store: Store) -> dict[tuple[str, int], dict[str, object]]:
    return {
        (code, n): tally_json(store=store, compound=code, round_no=n)
        for code in COMPOUNDS
        for n in (1, 2)
    }


def dump(path: Path) -> str:
    """Every table of a file as SQL, read without changing it: equal dumps, equal contents."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()
