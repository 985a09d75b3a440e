"""Every payload key the SQL reads is a field of a payload class (of its own kind where the SQL
names one), so renaming a field without the SQL fails here instead of projecting NULL; and every
record the real writers make reads back as its typed payload, byte for byte."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from survey_app.core.keys import SigningKey
from survey_app.core.payloads import (
    PAYLOAD_TYPES,
    PERSONAL_KEY,
    RecordPayload,
    payload_of,
    personal_digest,
    split_payload,
)
from survey_app.core.records import Record, RecordKind, canonical_json
from survey_app.core.visits import VisitOutcome
from survey_app.store.assignments import assign_compounds
from survey_app.store.database import Store
from survey_app.store.enrolment import enrol_device, revoke_device
from survey_app.store.erasure import erase_household
from survey_app.store.forms import publish_form
from survey_app.store.households import households_of
from survey_app.store.projection import PROJECTORS
from survey_app.store.sample import write_sample
from survey_app.store.survey_answers import record_survey_answer
from survey_app.store.visits import record_visit
from survey_app.store.voids import void_vote

SCANNED_PACKAGES = ("store", "sync", "reports", "needs", "actions")
PAYLOAD_KEY = re.compile(
    r"json_extract\(\s*(?:\w+\.)?payload\s*,\s*'\$\.(\w+)"
    r"|(?:\w+\.)?payload\s*->>?\s*'\$?\.?(\w+)'",
    re.IGNORECASE,
)
KIND_NAMED = re.compile(r"kind\s*=\s*'(\w+)'")


def _fields(cls: type[RecordPayload]) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]


ALL_FIELDS = set().union(*map(_fields, PAYLOAD_TYPES.values())) | {PERSONAL_KEY}
"""`personal`: the digest of a record's personal part, in the stored form of a payload."""


def payload_keys(sql: str) -> set[str]:
    return {a or b for a, b in PAYLOAD_KEY.findall(sql)}


def unknown_keys(sql: str, kind: str | None = None) -> set[str]:
    """The payload keys `sql` reads that no payload class has (or, of a named kind, that
    its class lacks)."""
    record_kinds = {str(k) for k in RecordKind}  # an outcome's kind ('pending') is no record's
    kinds = {kind} if kind else set(KIND_NAMED.findall(sql)) & record_kinds
    known = _fields(PAYLOAD_TYPES[RecordKind(kinds.pop())]) if len(kinds) == 1 else ALL_FIELDS
    return payload_keys(sql) - known


def _modules() -> Iterator[ModuleType]:
    for package in SCANNED_PACKAGES:
        root = importlib.import_module(f"survey_app.{package}")
        yield root
        for info in pkgutil.walk_packages(root.__path__, f"{root.__name__}."):
            yield importlib.import_module(info.name)


def sql_texts() -> list[tuple[str, str, str | None]]:
    """(where, text, kind): each module's source (its literal SQL), its module-level strings
    (the SQL built from templates such as projection's `_cols`), and each projector's SQL with
    the kind it runs for."""
    found: list[tuple[str, str, str | None]] = []
    for module in _modules():
        found.append((module.__name__, Path(inspect.getfile(module)).read_text("utf-8"), None))
        found += [
            (f"{module.__name__}.{name}", value, None)
            for name, value in vars(module).items()
            if isinstance(value, str)
        ]
    for name, projector in PROJECTORS.items():
        bound = inspect.getclosurevars(projector).nonlocals
        if isinstance(bound.get("sql"), str) and isinstance(bound.get("kind"), str):
            found.append((f"PROJECTORS[{name!r}]", bound["sql"], bound["kind"]))
    return found


SQL = sql_texts()


def test_the_scan_finds_the_projections_sql():
    keys = set().union(*(payload_keys(text) for _where, text, _kind in SQL))
    assert {"signature", "replaces", "cutoff", "threshold_num", "form_id", "surveyor"} <= keys
    assert {"id", "district", "tenure", "eligible", "double_majority"} <= keys  # via _cols
    assert sum(kind is not None for _where, _text, kind in SQL) >= 6


def test_every_payload_key_read_in_sql_is_a_payload_field():
    unknown = {
        where: sorted(keys) for where, text, kind in SQL if (keys := unknown_keys(text, kind))
    }
    assert not unknown, f"payload keys no payload class has: {unknown}"


def test_a_misspelt_or_misplaced_key_is_caught():
    assert unknown_keys("SELECT json_extract(payload, '$.housheold') FROM records") == {"housheold"}
    assert unknown_keys("SELECT json_extract(r.payload,'$.signature') FROM records r") == set()
    assert unknown_keys("SELECT payload ->> '$.choise' FROM records WHERE kind = 'vote'") == {
        "choise"
    }
    assert unknown_keys("SELECT json_extract(payload, '$.cutoff') WHERE kind = 'vote'") == {
        "cutoff"
    }
    assert unknown_keys("SELECT json_extract(payload, '$.cutoff')", "round_closed") == set()


def _records(store: Store) -> list[Record]:
    rows = store.db.execute(
        "SELECT id, kind, device, seq, created_at, payload, hash, prev, signature FROM records "
        "ORDER BY seq"
    ).fetchall()
    return [Record(*row) for row in rows]


def test_every_record_of_the_sample_batch_reads_as_its_typed_payload(store: Store):
    write_sample(store=store, seed=5, compounds=3, min_households=20, max_households=40)
    household = households_of(store=store, compound="NH-001")[0]
    record_survey_answer(
        store=store, household=household, form_id="needs", form_version="1",
        answers={"roof": "漏水"}, audit=[{"event": "form start"}],
    )  # fmt: skip
    (open_vote,) = store.db.execute(
        "SELECT v.id FROM votes v JOIN rounds r ON r.compound = v.compound AND r.round = v.round "
        "WHERE r.closed_record IS NULL ORDER BY v.id LIMIT 1"
    ).fetchone()
    void_vote(store=store, vote_id=open_vote, reason="记错户")
    record_visit(store=store, household=household, outcome=VisitOutcome.VACANT, note="空房")
    laptop = SigningKey.generate().fingerprint
    enrol_device(store=store, fingerprint=laptop)
    assign_compounds(store=store, fingerprint=laptop, compounds=["NH-001"])
    revoke_device(store=store, fingerprint=laptop, keep_up_to=0)
    erase_household(store=store, household=households_of(store=store, compound="NH-002")[0])
    publish_form(store=store, form_id="needs_survey", version="2027.9", title="需求调查",
                 file_name="needs_survey.xlsx", workbook=b"PK\x03\x04 a workbook")  # fmt: skip
    records = _records(store)
    assert {r.kind for r in records} == set(RecordKind)
    for record in records:
        row = store.db.execute(
            "SELECT salt, fields FROM personal WHERE record_id = ?", [record.id]
        ).fetchone()
        payload = payload_of(record, row[1] if row else None)
        assert record.kind == payload.KIND
        stored, part = split_payload(payload)
        if part is None:  # a kind without personal data: the hashed text, unchanged
            assert canonical_json(payload.as_json()) == record.payload
            continue
        # the hashed text is the public part and the digest of the personal row, whose salt
        # is the record's own; without the row (erased) the public part still reads
        data = json.loads(record.payload)
        assert {k: v for k, v in data.items() if k != PERSONAL_KEY} == {
            k: v for k, v in stored.items() if k != PERSONAL_KEY
        }
        if row is not None:
            assert personal_digest(row[0], row[1]) == data[PERSONAL_KEY]
            assert row[1] == part.text
