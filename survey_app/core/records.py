"""Immutable records: every fact a laptop writes (vote, roster row, round change...).

Each record has a globally unique id, the id of the device that wrote it, that device's
sequence number, and a SHA-256 content hash over all of it. Sync is a union of records.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from survey_app.core.ids import DeviceId, RecordId


class RecordKind(StrEnum):
    DEVICE = "device"
    COMPOUND = "compound"
    HOUSEHOLD = "household"
    ROUND_OPENED = "round_opened"
    ROUND_CLOSED = "round_closed"
    VOTE = "vote"
    SURVEY_ANSWER = "survey_answer"


def canonical_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(
    *, id: str, kind: str, device: str, seq: int, created_at: str, payload: str
) -> str:
    """SHA-256 over every field, one per line; the payload (canonical JSON) comes last, and the
    fields before it never contain a newline, so the text is unambiguous."""
    body = f"{id}\n{kind}\n{device}\n{seq}\n{created_at}\n{payload}"
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Record:
    id: RecordId
    kind: str
    device: DeviceId
    seq: int
    created_at: str
    payload: str
    hash: str

    @classmethod
    def create(
        cls,
        *,
        id: RecordId,
        kind: str,
        device: DeviceId,
        seq: int,
        created_at: str,
        payload: dict[str, Any],
    ) -> Record:
        text = canonical_json(payload)
        digest = content_hash(
            id=id, kind=kind, device=device, seq=seq, created_at=created_at, payload=text
        )
        return cls(id, kind, device, seq, created_at, text, digest)

    def data(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.payload)
        return value

    def hash_is_valid(self) -> bool:
        expected = content_hash(
            id=self.id,
            kind=self.kind,
            device=self.device,
            seq=self.seq,
            created_at=self.created_at,
            payload=self.payload,
        )
        return expected == self.hash
