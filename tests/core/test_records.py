"""Records signed and chained in bulk (a roster import) are the records written one by one."""

from __future__ import annotations

import pytest

from survey_app.core import keys
from survey_app.core.ids import DeviceId, RecordId
from survey_app.core.keys import SIGNED_ON_TWO_CORES, SigningKey, signature_is_valid
from survey_app.core.records import Record

KEY = SigningKey.generate()


def one_by_one(count: int, prev: str) -> list[Record]:
    records = []
    for n in range(count):
        record = Record.create(
            id=RecordId(f"r{n}"), kind="household", device=DeviceId("d1"), seq=7 + n,
            created_at="2027-01-02T03:04:05.000000Z", payload={"id": f"h{n}", "head": "曾乐"},
            prev=prev, key=KEY,
        )  # fmt: skip
        records.append(record)
        prev = record.hash
    return records


@pytest.mark.parametrize("count", [0, 1, 3, SIGNED_ON_TWO_CORES + 1])
def test_a_chain_of_records_is_each_record_created_in_turn(count):
    chained = Record.chain(
        ids=[RecordId(f"r{n}") for n in range(count)], kind="household", device=DeviceId("d1"),
        seq=7, created_at="2027-01-02T03:04:05.000000Z",
        payloads=[{"id": f"h{n}", "head": "曾乐"} for n in range(count)], prev="abc", key=KEY,
    )  # fmt: skip
    assert chained == one_by_one(count, "abc")
    assert all(signature_is_valid(KEY.public_key, r.hash, r.signature) for r in chained)


def test_texts_signed_on_two_threads_are_signed_in_order(monkeypatch):
    messages = [f"{n:064x}" for n in range(SIGNED_ON_TWO_CORES * 2 + 1)]
    monkeypatch.setattr(keys, "usable_cores", lambda: 2)
    assert KEY.sign_many(messages) == [KEY.sign(m) for m in messages]
    monkeypatch.setattr(keys, "usable_cores", lambda: 1)
    assert KEY.sign_many(messages[:5]) == [KEY.sign(m) for m in messages[:5]]


def test_the_cores_counted_are_those_the_process_may_use(monkeypatch):
    """A process limited to one core (taskset, a container) signs in turn on one thread."""
    monkeypatch.setattr(keys.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(keys.os, "sched_getaffinity", lambda _pid: {3}, raising=False)
    assert keys.usable_cores() == 1
    started = []
    monkeypatch.setattr(keys.threading, "Thread", lambda *a, **k: started.append(k) or None)
    messages = [f"{n:064x}" for n in range(SIGNED_ON_TWO_CORES * 2)]
    assert KEY.sign_many(messages) == [KEY.sign(m) for m in messages]
    assert started == []


def test_without_cpu_affinity_the_computers_cores_are_counted(monkeypatch):
    """Windows and macOS have no affinity call: the computer's count is all there is."""
    monkeypatch.delattr(keys.os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(keys.os, "cpu_count", lambda: 4)
    assert keys.usable_cores() == 4
    monkeypatch.setattr(keys.os, "cpu_count", lambda: None)
    assert keys.usable_cores() == 1


def test_a_failure_on_the_second_thread_reaches_the_caller(monkeypatch):
    """A text the second thread cannot sign fails the whole list, as signing in turn would."""
    monkeypatch.setattr(keys, "usable_cores", lambda: 2)
    messages = ["a"] * SIGNED_ON_TWO_CORES + ["\ud800"]  # a lone surrogate: no UTF-8
    with pytest.raises(UnicodeEncodeError):
        KEY.sign_many(messages)
