"""One typed payload per record kind: the sync contract between laptops, used to write and read.

Each class holds exactly the keys its kind has always written, with the same JSON types, so
`as_json()` gives the dict that is hashed and stored, byte for byte. `from_json` refuses a key it
does not know, a missing one and a value of the wrong type. Adding a kind is one class here and
its name in `_KINDS`; a key added later gets a default, so records written before it still read.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from types import NoneType, UnionType
from typing import Any, ClassVar, Self, Union, get_args, get_origin, get_type_hints

from survey_app.core.errors import IntegrityError
from survey_app.core.records import Record, RecordKind, canonical_json


class RecordPayload:
    """What every payload class has: its kind, and its JSON form both ways."""

    __slots__ = ()
    KIND: ClassVar[RecordKind]
    LEFT_OUT_WHEN_NONE: ClassVar[frozenset[str]] = frozenset()
    """Keys added later that only some records need: written only when set, so the records
    that do not need them keep the JSON they always had (and older versions read them)."""

    def as_json(self) -> dict[str, Any]:
        """The dict stored in the record (tuples written as JSON lists)."""
        left_out = self.LEFT_OUT_WHEN_NONE
        stored: dict[str, Any] = {}
        for name in _field_names(type(self)):
            value = getattr(self, name)
            if value is None and name in left_out:
                continue
            stored[name] = list(value) if isinstance(value, tuple) else value
        return stored

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


def _from_json_value(value: object, hint: object) -> object:
    """A JSON list read into a field typed as a tuple (or as a tuple or None) is a tuple."""
    hints = get_args(hint) if get_origin(hint) in (Union, UnionType) else (hint,)
    as_tuple = any(get_origin(h) is tuple for h in hints)
    return tuple(value) if as_tuple and isinstance(value, list) else value


_FIELDS: dict[type, dict[str, object]] = {}
_REQUIRED: dict[type, frozenset[str]] = {}
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type[RecordPayload]) -> tuple[str, ...]:
    """The keys of a payload class in their order (read once per class: a roster import
    writes ten thousand payloads)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        fields = dataclasses.fields(cls)  # type: ignore[arg-type]
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields)
    return names


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
class AssignmentPayload(RecordPayload):
    """The office gives the laptop whose key has this fingerprint the compounds it works in
    (`compounds` None: all of them); `supersedes` names the assignments of that fingerprint in
    force where it was written, so the one in force comes from the records, not from clocks."""

    KIND: ClassVar[RecordKind] = RecordKind.ASSIGNMENT
    fingerprint: str
    compounds: tuple[str, ...] | None
    supersedes: tuple[str, ...] = ()


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
    LEFT_OUT_WHEN_NONE: ClassVar[frozenset[str]] = frozenset({"edited_by"})
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
    edited_by: str | None = None
    """Who on the office's staff edited the row in the office window; roster rows lack it. Kept
    in the signed payload as a vote's `surveyor` is: it names staff, not the household, so an
    erasure leaves it. Personal data of the kind: `head`, `phone`, `note`."""


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
    LEFT_OUT_WHEN_NONE: ClassVar[frozenset[str]] = frozenset(
        {"called_by", "called_number", "source_ref", "source_time"}
    )
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
    called_by: str | None = None
    """Channel `phone` (电话核实): who called the owner (personal data)."""
    called_number: str | None = None
    """Channel `phone`: the number called, digits only (personal data; masked in print)."""
    source_ref: str | None = None
    """Channel `online`: a digest of the platform's export row, so a re-import adds nothing."""
    source_time: str | None = None
    """Channel `online`: when the platform says the owner voted, as it wrote it (shown only)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteVoidPayload(RecordPayload):
    """A vote voided (作废), e.g. recorded on the wrong household: it no longer counts, and the
    history shows it struck through. Only the device that recorded the vote or an office device
    may void it; a void by anyone else is ignored where read (store/voids.py). Personal data:
    `reason` (free text) and `surveyor` (a name)."""

    KIND: ClassVar[RecordKind] = RecordKind.VOTE_VOID
    vote: str
    household: str
    compound: str
    round: int
    reason: str
    surveyor: str | None


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
class ErasurePayload(RecordPayload):
    """The office erases a household's personal data: the personal part of every record of the
    household written up to this one (by its time), and of the records it names (`records`:
    those the office held)."""

    KIND: ClassVar[RecordKind] = RecordKind.ERASURE
    household: str
    compound: str
    records: tuple[str, ...]


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


@dataclass(frozen=True, slots=True, kw_only=True)
class FormPayload(RecordPayload):
    """The office publishes a survey form (an XLSForm) to every laptop of the batch: the
    workbook itself, base64, with its SHA-256 (hex) and what its settings sheet says."""

    KIND: ClassVar[RecordKind] = RecordKind.FORM
    form_id: str
    version: str
    title: str
    file_name: str
    sha256: str
    workbook: str


_KINDS: tuple[type[RecordPayload], ...] = (
    DevicePayload,
    EnrolmentPayload,
    RevocationPayload,
    AssignmentPayload,
    CompoundPayload,
    HouseholdPayload,
    RoundOpenedPayload,
    RoundClosedPayload,
    VotePayload,
    SurveyAnswerPayload,
    ErasurePayload,
    VoteVoidPayload,
    VisitPayload,
    FormPayload,
)
PAYLOAD_TYPES: dict[RecordKind, type[RecordPayload]] = {cls.KIND: cls for cls in _KINDS}


def payload_type(kind: str) -> type[RecordPayload]:
    """The payload class of a record kind; a kind this version does not know is refused."""
    try:
        return PAYLOAD_TYPES[RecordKind(kind)]
    except (ValueError, KeyError):
        raise IntegrityError(code="payload_unknown_kind", kind=kind) from None


def payload_of(record: Record, personal: str | None = None) -> RecordPayload:
    """The typed payload of a stored record, whatever its kind, with its personal part
    (`personal`: the fields' JSON text, None when erased or never held)."""
    cls = payload_type(record.kind)
    try:
        data = json.loads(record.payload)
        fields = None if personal is None else json.loads(personal)
    except ValueError:
        raise IntegrityError(code="payload_not_object", kind=record.kind) from None
    return cls.from_json(merge_payload(record.kind, data, fields))


# -- the personal part ------------------------------------------------------------------------
#
# A record's signed payload keeps its public fields and, under `personal`, the digest of its
# personal part: sha256(salt || canonical JSON of the personal fields), with a random 128-bit
# salt per record, so a phone number cannot be guessed from the digest once the salt is gone.
# The fields and the salt are kept beside the record (store/personal.py), checked against the
# digest wherever they are copied, and deleted when the office erases the household. Records
# written before the split hold their personal values inside the signed payload (no `personal`
# key) and read as they always did.

PERSONAL_KEY = "personal"
PERSONAL_FIELDS: dict[RecordKind, tuple[str, ...]] = {
    RecordKind.HOUSEHOLD: ("head", "phone", "note"),
    RecordKind.VOTE: ("signer", "note", "signature", "called_number"),
    RecordKind.VISIT: ("note",),
}
"""The personal fields of the kinds that have them as top-level keys."""
PERSONAL_METADATA = ("username", "phonenumber", "email")
"""Survey metadata that names a person or a phone (the answers' free text is named by the form)."""
SPLIT_KINDS = frozenset({*PERSONAL_FIELDS, RecordKind.SURVEY_ANSWER})


@dataclass(frozen=True, slots=True)
class PersonalPart:
    """The personal fields of one record and the salt of their digest."""

    salt: str
    text: str
    """The fields, as canonical JSON."""

    @property
    def digest(self) -> str:
        return personal_digest(self.salt, self.text)


def personal_digest(salt: str, text: str) -> str:
    """sha256(salt bytes || UTF-8 text), hex; '' for a salt that is not hex (never matches)."""
    try:
        salt_bytes = bytes.fromhex(salt)
    except ValueError:
        return ""
    return hashlib.sha256(salt_bytes + text.encode("utf-8")).hexdigest()


def _names_free_text(value: object, free: frozenset[str]) -> bool:
    """A repeat (a list of instances) holding a free-text answer anywhere inside."""
    if isinstance(value, list):
        return any(_names_free_text(item, free) for item in value)
    if isinstance(value, dict):
        return any(k in free or _names_free_text(v, free) for k, v in value.items())
    return False


def split_payload(
    typed: RecordPayload, *, free_answers: frozenset[str] = frozenset()
) -> tuple[dict[str, Any], PersonalPart | None]:
    """The stored (signed) form of a payload and its personal part; `free_answers` names the
    form's free-text questions (their answers are personal). Kinds without personal fields
    are stored whole."""
    full = typed.as_json()
    if typed.KIND not in SPLIT_KINDS:
        return full, None
    fields: dict[str, Any]
    if typed.KIND is RecordKind.SURVEY_ANSWER:
        answers, metadata = dict(full["answers"]), dict(full["metadata"])
        fields = {
            "answers": {
                k: answers.pop(k)
                for k in list(answers)
                if k in free_answers or _names_free_text(answers[k], free_answers)
            },
            "metadata": {k: metadata.pop(k) for k in PERSONAL_METADATA if k in metadata},
        }
        full["answers"], full["metadata"] = answers, metadata
    else:
        # a key left out when None (a door vote has no number called) stays out
        fields = {k: full.pop(k) for k in PERSONAL_FIELDS[typed.KIND] if k in full}
    part = PersonalPart(secrets.token_hex(16), canonical_json(fields))
    full[PERSONAL_KEY] = part.digest
    return full, part


def merge_payload(
    kind: str, stored: Mapping[str, Any], fields: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The full payload (what `from_json` reads) of a stored one and its personal fields;
    without them (erased) the personal fields read as None and free answers as unanswered.
    A record written before the split is its own full payload."""
    if not isinstance(stored, Mapping) or PERSONAL_KEY not in stored:
        return stored  # type: ignore[return-value]  # from_json refuses what is no object
    data = dict(stored)
    del data[PERSONAL_KEY]
    fields = fields or {}
    if kind == RecordKind.SURVEY_ANSWER:
        for key in ("answers", "metadata"):
            extra = fields.get(key)
            if isinstance(data.get(key), dict) and isinstance(extra, dict):
                data[key] = {**data[key], **extra}
    elif kind in PERSONAL_FIELDS:
        left_out = PAYLOAD_TYPES[RecordKind(kind)].LEFT_OUT_WHEN_NONE
        for key in PERSONAL_FIELDS[RecordKind(kind)]:
            if key not in left_out or fields.get(key) is not None:
                data[key] = fields.get(key)
    return data


def has_personal_inside(kind: str, stored: Mapping[str, Any]) -> bool:
    """Whether a record from before the split holds personal values in its signed payload
    (they can then not be erased without breaking its hash)."""
    if PERSONAL_KEY in stored or kind not in SPLIT_KINDS:
        return False
    if kind == RecordKind.SURVEY_ANSWER:
        metadata = stored.get("metadata") or {}
        answers = stored.get("answers") or {}
        return any(metadata.get(k) for k in PERSONAL_METADATA) or any(
            isinstance(v, str | list) and v for v in answers.values()
        )
    return any(stored.get(k) is not None for k in PERSONAL_FIELDS[RecordKind(kind)])
