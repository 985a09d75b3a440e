"""City-scale data for the benchmarks, built with the sample generator and written in bulk.

The records are the ones real work writes (compound, household, round opened/closed, vote);
only the per-record transaction of interactive work is skipped, to build a million votes in
about a minute.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from survey_app.core.ids import compound_code, household_id, new_record_id
from survey_app.core.records import Record
from survey_app.core.sample import SampleCompound, sample_batch
from survey_app.store.database import Store, insert_records, now_utc, open_store
from survey_app.store.projection import project_pending

BATCH = 20_000


class BulkWriter:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.seq = store.next_seq()
        self.head = store.db.execute(
            "SELECT coalesce(max(hash), '') FROM records WHERE device = ? AND seq = ?",
            [store.device_id, self.seq - 1],
        ).fetchone()[0]
        self.pending: list[Record] = []

    def add(self, kind: str, payload: dict[str, Any]) -> str:
        """A signed record, chained to the previous one, as `Store.append` writes it."""
        record = Record.create(
            id=new_record_id(self.store.device_id, self.seq),
            kind=kind,
            device=self.store.device_id,
            seq=self.seq,
            created_at=now_utc(),
            payload=payload,
            prev=self.head,
            key=self.store.signing_key,
        )
        self.seq, self.head = self.seq + 1, record.hash
        self.pending.append(record)
        if len(self.pending) >= BATCH:
            self.flush()
        return record.id

    def flush(self) -> None:
        insert_records(self.store.db, self.pending)
        self.pending.clear()


def household_payloads(compound: SampleCompound) -> Iterator[dict[str, Any]]:
    code = compound_code(compound.code)
    for h in compound.households:
        parts = h.address.split("-")
        yield {
            "id": household_id(code, h.address),
            "compound": code,
            "address": h.address,
            "building": parts[0],
            "unit": parts[1] if len(parts) == 3 else None,
            "room": parts[-1],
            "head": h.head,
            "phone": h.phone,
            "area": h.area,
            "tenure": "owner",
            "eligible": True,
            "note": None,
        }


def vote_payload(home: dict[str, Any], round_no: int, choice: str, replaces: list[str]) -> dict:
    return {
        "household": home["id"],
        "compound": home["compound"],
        "round": round_no,
        "choice": choice,
        "signer": home["head"],
        "relation": "self",
        "channel": "door",
        "note": None,
        "surveyor": "王芳",
        "signature": None,
        "replaces": replaces,
    }


def opened(code: str, round_no: int) -> dict[str, Any]:
    return {
        "compound": code,
        "round": round_no,
        "threshold_num": 4,
        "threshold_den": 5,
        "inclusive": True,
        "double_majority": False,
        "starts": None,
        "ends": None,
    }


def build_city(path: Path, *, compounds: int, households: int, seed: int = 7) -> dict[str, int]:
    """`compounds` compounds of `households` households each; about two votes per household."""
    for old in path.parent.glob(path.name + "*"):
        old.unlink()
    store = open_store(path)
    rng = random.Random(seed)
    batch = sample_batch(
        seed=seed, compounds=compounds, min_households=households, max_households=households
    )
    writer = BulkWriter(store)
    votes = 0
    store.db.execute("BEGIN IMMEDIATE")
    for compound in batch:
        writer.add(
            "compound",
            {
                "code": compound.code,
                "name": compound.name,
                "district": compound.district,
                "street": compound.street,
                "community": compound.community,
                "built": compound.built,
            },
        )
        homes = [(p, writer.add("household", p)) for p in household_payloads(compound)]
        approval = rng.uniform(0.7, 0.98)
        for round_no in (1, 2):
            writer.add("round_opened", opened(compound.code, round_no))
            for home, _ in homes:
                first = "agree" if rng.random() < approval else "disagree"
                vid = writer.add("vote", vote_payload(home, round_no, first, []))
                votes += 1
                if rng.random() < 0.1:
                    writer.add("vote", vote_payload(home, round_no, "agree", [vid]))
                    votes += 1
            if round_no == 1:
                writer.flush()
                writer.add(
                    "round_closed",
                    {
                        "compound": compound.code,
                        "round": 1,
                        "cutoff": {store.device_id: writer.seq - 1},
                        "fingerprint": "bench",
                    },
                )
    writer.flush()
    project_pending(store.db)
    store.db.execute("COMMIT")
    store.close()
    return {"compounds": compounds, "households": compounds * households, "votes": votes}


def build_city_laptop(
    path: Path, *, index: int, office: Store, compounds: int, households: int, seed: int = 11
) -> int:
    """One street office's laptop of the city: its own `compounds` compounds of `households`
    households, enrolled by `office` (as an office device, so its rosters count), round 1
    closed and round 2 open, about 1.1 votes per household and round (a tenth of them
    changed). Returns the votes written."""
    from survey_app.store.enrolment import enrol_device

    for old in path.parent.glob(path.name + "*"):
        old.unlink()
    store = open_store(path, device_name=f"街道-{index:02d}", role="field")
    enrol_device(store=office, fingerprint=store.fingerprint, role="office")
    with store.transaction():
        store.set_meta("authority", office.authority)
    rng = random.Random(seed * 1000 + index)
    batch = sample_batch(seed=seed * 1000 + index, compounds=compounds,
                         min_households=households, max_households=households)  # fmt: skip
    writer = BulkWriter(store)
    votes = 0
    store.db.execute("BEGIN IMMEDIATE")
    for number, compound in enumerate(batch, start=1):
        code = f"C{index:02d}-{number:03d}"
        writer.add("compound", {"code": code, "name": compound.name, "district": compound.district,
                                "street": compound.street, "community": compound.community,
                                "built": compound.built})  # fmt: skip
        homes = [{**p, "id": p["id"].replace(compound_code(compound.code), code, 1),
                  "compound": code} for p in household_payloads(compound)]  # fmt: skip
        for home in homes:
            writer.add("household", home)
        approval = rng.uniform(0.7, 0.98)
        for round_no in (1, 2):  # round 1 closed (its cutoff: this laptop's records so far)
            writer.add("round_opened", opened(code, round_no))
            for home in homes:
                first = "agree" if rng.random() < approval else "disagree"
                vid = writer.add("vote", vote_payload(home, round_no, first, []))
                votes += 1
                if rng.random() < 0.1:
                    writer.add("vote", vote_payload(home, round_no, "agree", [vid]))
                    votes += 1
            if round_no == 1:
                writer.add("round_closed", {"compound": code, "round": 1,
                                            "cutoff": {store.device_id: writer.seq - 1},
                                            "fingerprint": "bench"})  # fmt: skip
    writer.flush()
    project_pending(store.db)
    store.db.execute("COMMIT")
    store.close()
    return votes
