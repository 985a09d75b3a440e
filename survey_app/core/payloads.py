"""One typed payload per record kind: the sync contract between laptops, used to write and read.

Each class holds exactly the keys its kind has always written, with the same JSON types, so
`as_json()` gives the dict that is hashed and stored, byte for byte. `from_json` refuses a key it
does not know, a missing one and a value of the wrong type. Adding a kind is one class here and
its name in `_KINDS`; a key added later gets a default, so records written before it still read.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import NoneType, UnionType
from typing import Any, ClassVar, Self, Union, get_args, get_origin, get_type_hints

from survey_app.core.errors import IntegrityError
from survey_app.core.records import Record, RecordKind


class RecordPayload:
    """What every payload class has: its kind, and its JSON form both ways."""

    __slots__ = ()
    KIND: ClassVar[RecordKind]

    def as_json(self) -> dict[str, Any]:
        """The dict stored in the record (tuples written as JSON lists)."""
        return {
            f.name: _as_json_value(getattr(self, f.name))
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """The payload of a stored record; IntegrityError when its keys or types are not ours."""
        kind = str(cls.KIND)
        if not isinstance(data, Mapping):
            raise IntegrityError(code="payload_not_object", kind=kind)
        fields = _fields(cls)
        unknown = sorted(set(data) - fields.keys())
        if unknown:
            raise IntegrityError(code="payload_unknown_keys", kind=kind, keys=", ".join(unknown))
        missing = sorted(_required(cls) - data.keys())
        if missing:
            raise IntegrityError(code="payload_missing_keys", kind=kind, keys=", ".join(missing))
        for name, value in data.items():
            if not _fits(value, fields[name]):
                raise IntegrityError(code="payload_bad_value", kind=kind, key=name)
        values = {name: _from_json_value(value, fields[name]) for name, value in data.items()}
        return cls(**values)


def _as_json_value(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _from_json_value(value: object, hint: object) -> object:
    return tuple(value) if get_origin(hint) is tuple and isinstance(value, list) else value


_FIELDS: dict[type, dict[str, object]] = {}
_REQUIRED: dict[type, frozenset[str]] = {}


def _fields(cls: type[RecordPayload]) -> dict[str, object]:
    """Each key's declared type (read once per class)."""
    if cls not in _FIELDS:
        hints = get_type_hints(cls)
        _FIELDS[cls] = {f.name: hints[f.name] for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return _FIELDS[cls]


def _required(cls: type[RecordPayload]) -> frozenset[str]:
    """The keys without a default: every key written since the kind began."""
    if cls not in _REQUIRED:
        _REQUIRED[cls] = frozenset(
            f.name
            for f in dataclasses.fields(cls)  # type: ignore[arg-type]
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        )
    return _REQUIRED[cls]


def _fits(value: object, hint: object) -> bool:
    """Whether a JSON value has the type a field declares (a bool is not an int here)."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any:
        return True
    if origin in (Union, UnionType):
        return any(_fits(value, arg) for arg in args)
    if hint in (NoneType, None):
        return value is None
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if origin in (tuple, list):
        return isinstance(value, list) and all(_fits(item, args[0]) for item in value)
    if origin is dict:
        key, item = args
        return isinstance(value, dict) and all(
            _fits(k, key) and _fits(v, item) for k, v in value.items()
        )
    return isinstance(hint, type) and isinstance(value, hint)


@dataclass(frozen=True, slots=True, kw_only=True)
class DevicePayload(RecordPayload):
    """A laptop names itself and its surveyor (again after each change)."""

    KIND: ClassVar[RecordKind] = RecordKind.DEVICE
    id: str
    name: str
    surveyor: str
    public_key: str | None = None
    """The device's Ed25519 public key (hex); its first key-bearing record declares it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EnrolmentPayload(RecordPayload):
    """The office admits a device: by its key `fingerprint` (all its records), or, for a device
    from before signing, by its `device` id (its unsigned records up to `up_to_seq`)."""

    KIND: ClassVar[RecordKind] = RecordKind.ENROLMENT
    role: str
    fingerprint: str | None = None
    device: str | None = None
    up_to_seq: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RevocationPayload(RecordPayload):
    """The office stops counting a device's records after `up_to_seq` (0: none of them)."""

    KIND: ClassVar[RecordKind] = RecordKind.REVOCATION
    fingerprint: str
    up_to_seq: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CompoundPayload(RecordPayload):
    KIND: ClassVar[RecordKind] = RecordKind.COMPOUND
    code: str
    name: str
    district: str | None
    street: str | None
    community: str | None
    built: int | None
    supersedes: tuple[str, ...] = ()
    """The records of this compound in force where it was written (see store/versions.py);
    records written before causal order lack the key and are ordered by their time."""


@dataclass(frozen=True, slots=True, kw_only=True)
class HouseholdPayload(RecordPayload):
    """One roster row; `area` is the floor area as written (a decimal text), `tenure` a Tenure."""

    KIND: ClassVar[RecordKind] = RecordKind.HOUSEHOLD
    id: str
    compound: str
    address: str
    building: str
    unit: str | None
    room: str
    head: str | None
    phone: str | None
    area: str | None
    tenure: str | None
    eligible: bool
    note: str | None
    supersedes: tuple[str, ...] = ()
    """The records of this household in force where it was written (see store/versions.py)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RoundOpenedPayload(RecordPayload):
    """The rule of a round; `starts` and `ends` are ISO dates."""

    KIND: ClassVar[RecordKind] = RecordKind.ROUND_OPENED
    compound: str
    round: int
    threshold_num: int
    threshold_den: int
    inclusive: bool
    double_majority: bool
    starts: str | None
    ends: str | None
    supersedes: tuple[str, ...] = ()
    """The openings of this round in force where it was written: an amendment (new dates, or
    the office settling two concurrent openings) names them (see store/versions.py)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RoundClosedPayload(RecordPayload):
    """The frozen tally: the highest sequence number counted per device, and what it gave.
    Since closes freeze their round, also the rule, the eligible households (sorted ids, and
    their floor areas in the same order under double majority) and every count; closes of
    older versions lack those (None)."""

    KIND: ClassVar[RecordKind] = RecordKind.ROUND_CLOSED
    compound: str
    round: int
    cutoff: dict[str, int]
    fingerprint: str
    eligible: int
    agree: int
    passed: bool
    threshold_num: int | None = None
    threshold_den: int | None = None
    inclusive: bool | None = None
    double_majority: bool | None = None
    eligible_households: tuple[str, ...] | None = None
    eligible_areas: tuple[str | None, ...] | None = None
    disagree: int | None = None
    abstain: int | None = None
    no_response: int | None = None
    pending: int | None = None
    agree_area: str | None = None
    eligible_area: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class VotePayload(RecordPayload):
    """A household's vote; `signature` is a base64 PNG; `replaces` the votes it supersedes."""

    KIND: ClassVar[RecordKind] = RecordKind.VOTE
    household: str
    compound: str
    round: int
    choice: str
    signer: str | None
    relation: str
    channel: str
    note: str | None
    surveyor: str | None
    signature: str | None
    replaces: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SurveyAnswerPayload(RecordPayload):
    """A submission of a form; the answers are the form's own JSON."""

    KIND: ClassVar[RecordKind] = RecordKind.SURVEY_ANSWER
    household: str
    compound: str
    form_id: str
    form_version: str
    answers: dict[str, Any]
    calculated: dict[str, Any]
    metadata: dict[str, Any]
    audit: list[dict[str, str]] | None
    surveyor: str | None
    replaces: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitPayload(RecordPayload):
    """A visit that gave no opinion (`outcome` a core.visits.VisitOutcome), never counted as a
    vote; `round` the round open when it was made (None outside any round); `come_back_on`
    the ISO day agreed for 改日再访; `replaces` the household's visits it follows.
    Personal data: `note` (free text) and `surveyor` (a name); the other fields are not."""

    KIND: ClassVar[RecordKind] = RecordKind.VISIT
    household: str
    compound: str
    round: int | None
    outcome: str
    come_back_on: str | None
    note: str | None
    surveyor: str | None
    replaces: tuple[str, ...]


_KINDS: tuple[type[RecordPayload], ...] = (
    DevicePayload,
    EnrolmentPayload,
    RevocationPayload,
    CompoundPayload,
    HouseholdPayload,
    RoundOpenedPayload,
    RoundClosedPayload,
    VotePayload,
    SurveyAnswerPayload,
    VisitPayload,
)
PAYLOAD_TYPES: dict[RecordKind, type[RecordPayload]] = {cls.KIND: cls for cls in _KINDS}


def payload_type(kind: str) -> type[RecordPayload]:
    """The payload class of a record kind; a kind this version does not know is refused."""
    try:
        return PAYLOAD_TYPES[RecordKind(kind)]
    except (ValueError, KeyError):
        raise IntegrityError(code="payload_unknown_kind", kind=kind) from None


def payload_of(record: Record) -> RecordPayload:
    """The typed payload of a stored record, whatever its kind."""
    cls = payload_type(record.kind)
    try:
        data = json.loads(record.payload)
    except ValueError:
        raise IntegrityError(code="payload_not_object", kind=record.kind) from None
    return cls.from_json(data)
