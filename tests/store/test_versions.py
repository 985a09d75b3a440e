"""Which compound, roster row and round opening is in force: what the records supersede decides,
whatever their dates and whatever order and batches they arrive in."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import pytest

from survey_app.core.ids import new_record_id
from survey_app.core.payloads import EnrolmentPayload
from survey_app.core.records import Record
from survey_app.store.database import Store, insert_records, open_store
from survey_app.store.projection import project_pending

DEVICES = ("a", "b", "c")
KEYS = {
    "compound": ["C-1", "C-2"],
    "household": ["C-1/1-101", "C-1/1-201", "C-2/3-1-501"],
    "round_opened": [("C-1", 1), ("C-2", 1), ("C-2", 2)],
}
RULES = [(4, 5, True, False), (2, 3, True, False), (8, 10, False, False), (4, 5, True, True)]


def payload_for(kind: str, key: object, rng: random.Random) -> dict[str, object]:
    if kind == "compound":
        return {"code": key, "name": rng.choice(["东方新村", "解放小区", "新华里"]),
                "district": None, "street": None, "community": None,
                "built": rng.choice([None, 1985, 1990])}  # fmt: skip
    if kind == "household":
        compound, _, address = str(key).partition("/")
        parts = address.split("-")
        return {"id": key, "compound": compound, "address": address, "building": parts[0],
                "unit": parts[1] if len(parts) == 3 else None, "room": parts[-1],
                "head": rng.choice(["张三", "李四", None]), "phone": None,
                "area": rng.choice(["60.5", "72"]), "tenure": None,
                "eligible": rng.random() < 0.7, "note": None}  # fmt: skip
    compound, round_no = key  # type: ignore[misc]
    num, den, inclusive, double = rng.choice(RULES)
    return {"compound": compound, "round": round_no, "threshold_num": num,
            "threshold_den": den, "inclusive": inclusive, "double_majority": double,
            "starts": None, "ends": rng.choice([None, "2027-03-31", "2027-04-30"])}  # fmt: skip


def random_records(rng: random.Random) -> list[Record]:
    """Several office devices write versions of each key: some from before causal order (no
    `supersedes`), the others superseding what their writer had seen (a random set of the
    versions written so far), with dates that say nothing about the order."""
    seqs = dict.fromkeys(DEVICES, 0)
    records = []
    for kind, keys in KEYS.items():
        for key in keys:
            written: list[str] = []
            for _ in range(rng.randint(1, 7)):
                device = rng.choice(DEVICES)
                seqs[device] += 1
                payload = payload_for(kind, key, rng)
                if rng.random() < 0.75:
                    payload["supersedes"] = rng.sample(written, k=rng.randint(0, len(written)))
                year = rng.choice(["2000", "2027", "2030"])
                record = Record.before_signing(
                    id=new_record_id(device, seqs[device]), kind=kind, device=device,  # type: ignore[arg-type]
                    seq=seqs[device],
                    created_at=f"{year}-0{rng.randint(1, 9)}-01T00:00:00.000000Z",
                    payload=payload,
                )  # fmt: skip
                records.append(record)
                written.append(record.id)
    return records


def office_file(path: Path) -> Store:
    store = open_store(path)
    with store.transaction():
        for device in DEVICES:  # devices from before signing, enrolled as office by their id
            store.append(EnrolmentPayload(device=device, role="office", up_to_seq=10**6))
    return store


def receive(store: Store, records: list[Record], rng: random.Random) -> None:
    """The records in the given order, projected in random batches (several syncs)."""
    store.db.execute("BEGIN IMMEDIATE")
    for record in records:
        insert_records(store.db, [record])
        if rng.random() < 0.3:
            project_pending(store.db)
    project_pending(store.db)
    store.db.execute("COMMIT")


def tables(store: Store) -> dict[str, list[tuple[object, ...]]]:
    queries = {
        "compounds": "SELECT * FROM compounds ORDER BY code",
        "households": "SELECT * FROM households ORDER BY id",
        "rounds": "SELECT * FROM rounds ORDER BY compound, round",
        "versions": "SELECT * FROM versions ORDER BY kind, key, record_id",
    }
    return {name: store.db.execute(sql).fetchall() for name, sql in queries.items()}


def expected_in_force(records: list[Record]) -> dict[tuple[str, str], str]:
    """The rule written out plainly: per key, the versions nobody supersedes; causal ones first,
    among them the strictest rule for a round, then the smallest id; among versions from
    before causal order the latest date (the earliest for a round opening)."""
    import json

    by_key: dict[tuple[str, str], list[tuple[Record, dict[str, object]]]] = {}
    for r in records:
        p = json.loads(r.payload)
        key = p["code"] if r.kind == "compound" else p.get("id") or f"{p['compound']}#{p['round']}"
        by_key.setdefault((r.kind, str(key)), []).append((r, p))
    chosen = {}
    for (kind, key), versions in by_key.items():
        superseded = {s for _, p in versions for s in p.get("supersedes", [])}  # type: ignore[attr-defined]
        heads = [(r, p) for r, p in versions if r.id not in superseded]
        causal = [(r, p) for r, p in heads if "supersedes" in p]
        if causal and kind == "round_opened":
            r, _ = min(causal, key=lambda v: (
                -Fraction(v[1]["threshold_num"], v[1]["threshold_den"]),  # type: ignore[arg-type]
                v[1]["inclusive"], not v[1]["double_majority"], v[0].id))  # fmt: skip
        elif causal:
            r, _ = min(causal, key=lambda v: v[0].id)
        elif kind == "round_opened":
            r, _ = min(heads, key=lambda v: (v[0].created_at, v[0].id))
        else:
            r, _ = max(heads, key=lambda v: (v[0].created_at, v[0].id))
        chosen[(kind, key)] = r.id
    return chosen


def in_force(store: Store) -> dict[tuple[str, str], str]:
    rows = store.db.execute(
        "SELECT 'compound', code, record_id FROM compounds UNION ALL "
        "SELECT 'household', id, record_id FROM households UNION ALL "
        "SELECT 'round_opened', compound || '#' || round, opened_record FROM rounds"
    )
    return {(kind, key): rid for kind, key, rid in rows}


@pytest.mark.parametrize("seed", range(30))
def test_the_version_in_force_depends_on_the_records_alone(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    records = random_records(rng)
    whole = office_file(tmp_path / "whole.db")
    receive(whole, records, rng)
    assert in_force(whole) == expected_in_force(records)
    for n in range(3):
        shuffled = rng.sample(records, k=len(records))
        store = office_file(tmp_path / f"shuffled{n}.db")
        receive(store, shuffled, rng)
        assert tables(store) == tables(whole)


def compound_record(device: str, created_at: str, name: str, supersedes: list[str]) -> Record:
    payload = payload_for("compound", "C-1", random.Random(1))
    return Record.before_signing(
        id=new_record_id(device, 1), kind="compound", device=device, seq=1,  # type: ignore[arg-type]
        created_at=created_at, payload=payload | {"name": name, "supersedes": supersedes},
    )  # fmt: skip


def test_a_version_that_arrives_after_the_one_superseding_it_never_wins(tmp_path: Path) -> None:
    old = compound_record("a", "2030-01-01T00:00:00.000000Z", "旧名", [])
    new = compound_record("b", "2000-01-01T00:00:00.000000Z", "新名", [old.id])
    store = office_file(tmp_path / "o.db")
    receive(store, [new], random.Random(0))
    receive(store, [old], random.Random(0))
    assert store.db.execute("SELECT name, record_id FROM compounds").fetchall() == [
        ("新名", new.id)
    ]
