"""Immutable records: every fact a laptop writes (vote, roster row, round change...).

Each record has a globally unique id, the id of the device that wrote it, that device's
sequence number, and a SHA-256 content hash over all of it. Since signing began, a record also
names the hash of its device's previous record (`prev`, '' for a device's first), so each
device's records form a chain, and carries the device's Ed25519 signature of its hash: a record
deleted, altered, reordered or inserted breaks the chain, and no one without the device's key
can extend it. Records written before signing have neither (`prev` and `signature` NULL).
Sync is a union of records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from survey_app.core.ids import DeviceId, RecordId
from survey_app.core.keys import SigningKey


class RecordKind(StrEnum):
    DEVICE = "device"
    ENROLMENT = "enrolment"
    REVOCATION = "revocation"
    ASSIGNMENT = "assignment"
    COMPOUND = "compound"
    HOUSEHOLD = "household"
    ROUND_OPENED = "round_opened"
    ROUND_CLOSED = "round_closed"
    VOTE = "vote"
    SURVEY_ANSWER = "survey_answer"
    ERASURE = "erasure"
    VOTE_VOID = "vote_void"
    VISIT = "visit"
    FORM = "form"


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
"""What `json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))` uses,
made once: a roster import encodes two texts per household."""


def canonical_json(value: object) -> str:
    return _CANONICAL.encode(value)


OFFICE_KINDS = frozenset(
    {
        RecordKind.COMPOUND,
        RecordKind.HOUSEHOLD,
        RecordKind.ROUND_OPENED,
        RecordKind.ROUND_CLOSED,
        RecordKind.ENROLMENT,
        RecordKind.REVOCATION,
        RecordKind.ERASURE,
        RecordKind.ASSIGNMENT,
        RecordKind.FORM,
    }
)
"""What only an office device may write: compounds, rosters, round rules, who is enrolled,
which compounds each laptop works in, the erasure of a household's personal data, and the
survey forms (a new version of a form, or a further form for the batch)."""


def content_hash(
    *,
    id: str,
    kind: str,
    device: str,
    seq: int,
    created_at: str,
    payload: str,
    prev: str | None = None,
) -> str:
    """SHA-256 over every field, one per line; the payload (canonical JSON) comes last, and the
    fields before it never contain a newline, so the text is unambiguous. A record from before
    signing (`prev` None) keeps the hash it was written with."""
    chain = "" if prev is None else f"{prev}\n"
    body = f"{id}\n{kind}\n{device}\n{seq}\n{created_at}\n{chain}{payload}"
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
    prev: str | None = None
    signature: str | None = None

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
        prev: str,
        key: SigningKey,
    ) -> Record:
        """A signed record, chained to its device's previous one (`prev`: its hash)."""
        text = canonical_json(payload)
        digest = content_hash(
            id=id, kind=kind, device=device, seq=seq, created_at=created_at, payload=text,
            prev=prev,
        )  # fmt: skip
        return cls(id, kind, device, seq, created_at, text, digest, prev, key.sign(digest))

    @classmethod
    def chain(
        cls,
        *,
        ids: Sequence[RecordId],
        kind: str,
        device: DeviceId,
        seq: int,
        created_at: str,
        payloads: Sequence[dict[str, Any]],
        prev: str,
        key: SigningKey,
    ) -> list[Record]:
        """Signed records of one kind, numbered from `seq`, each chained to the one before
        (the first to `prev`): what `create` gives for each in turn. The hashes are computed in
        turn, as each names the one before; their signatures, which nothing in the chain
        depends on, then all at once (`SigningKey.sign_many`)."""
        texts = [canonical_json(payload) for payload in payloads]
        links = [prev]
        for offset, (id, text) in enumerate(zip(ids, texts, strict=True)):
            digest = content_hash(
                id=id, kind=kind, device=device, seq=seq + offset, created_at=created_at,
                payload=text, prev=links[-1],
            )  # fmt: skip
            links.append(digest)
        signatures = key.sign_many(links[1:])
        return [
            cls(id, kind, device, seq + offset, created_at, text, digest, before, signature)
            for offset, (id, text, digest, before, signature) in enumerate(
                zip(ids, texts, links[1:], links[:-1], signatures, strict=True)
            )
        ]

    @classmethod
    def before_signing(
        cls,
        *,
        id: RecordId,
        kind: str,
        device: DeviceId,
        seq: int,
        created_at: str,
        payload: dict[str, Any],
    ) -> Record:
        """A record as versions before signing wrote it: no chain link, no signature."""
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
            prev=self.prev,
        )
        return expected == self.hash
