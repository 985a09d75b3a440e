"""The typed payloads: one per record kind, the same JSON both ways, and a stored payload that is
not ours (an unknown, missing or wrongly typed key) refused with words."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest

from survey_app.core.errors import IntegrityError
from survey_app.core.ids import DeviceId, RecordId
from survey_app.core.payloads import (
    PAYLOAD_TYPES,
    AssignmentPayload,
    CompoundPayload,
    DevicePayload,
    EnrolmentPayload,
    ErasurePayload,
    FormPayload,
    HouseholdPayload,
    RecordPayload,
    RevocationPayload,
    RoundClosedPayload,
    RoundOpenedPayload,
    SurveyAnswerPayload,
    VisitPayload,
    VotePayload,
    VoteVoidPayload,
    payload_of,
)
from survey_app.core.records import Record, RecordKind, canonical_json
from survey_app.core.vocabulary import error_words

A_VOTE: dict[str, Any] = {
    "household": "NH-001/3-2-501", "compound": "NH-001", "round": 1, "choice": "agree",
    "signer": "张伟", "relation": "self", "channel": "door", "note": None, "surveyor": "王芳",
    "signature": None,
}  # fmt: skip
"""A vote's fields, from which each example vote differs where its channel needs."""

EXAMPLES: list[RecordPayload] = [
    DevicePayload(id="d-1", name="测试-01", surveyor=""),
    DevicePayload(id="d-1", name="测试-01", surveyor="", public_key="ab" * 32),
    EnrolmentPayload(fingerprint="3F2A-91C0-77DE-0A1B-5C9E", role="field"),
    EnrolmentPayload(device="d-2", role="office", up_to_seq=40),
    RevocationPayload(fingerprint="3F2A-91C0-77DE-0A1B-5C9E", up_to_seq=0),
    AssignmentPayload(
        fingerprint="3F2A-91C0-77DE-0A1B-5C9E", compounds=("NH-001", "NH-002"), supersedes=("r1",)
    ),
    CompoundPayload(
        code="NH-001", name="东方新村", district=None, street="解放街道", community=None, built=1988
    ),
    HouseholdPayload(
        id="NH-001/3-2-501",
        compound="NH-001",
        address="3-2-501",
        building="3",
        unit="2",
        room="501",
        head="张伟",
        phone="13800000101",
        area="85.6",
        tenure="owner",
        eligible=False,
        note=None,
    ),
    RoundOpenedPayload(
        compound="NH-001",
        round=1,
        threshold_num=2,
        threshold_den=3,
        inclusive=True,
        double_majority=False,
        starts="2027-03-01",
        ends=None,
    ),
    RoundClosedPayload(
        compound="NH-001",
        round=1,
        cutoff={"d-1": 41, "d-2": 7},
        fingerprint="ab" * 32,
        eligible=120,
        agree=81,
        passed=True,
    ),
    VotePayload(
        **A_VOTE | {"round": 2, "choice": "同意", "signature": "iVBORw0="}, replaces=("r-1", "r-2")
    ),
    VotePayload(
        **A_VOTE | {"channel": "phone"}, replaces=(), called_by="王芳", called_number="13800000101"
    ),
    VotePayload(
        **A_VOTE | {"channel": "online", "surveyor": "周主任"},
        replaces=(),
        source_ref="ab" * 32,
        source_time="2027-03-01 10:00",
    ),
    VoteVoidPayload(
        vote="r-1",
        household="NH-001/3-2-501",
        compound="NH-001",
        round=1,
        reason="记错户",
        surveyor="王芳",
    ),
    SurveyAnswerPayload(
        household="NH-001/3-2-501",
        compound="NH-001",
        form_id="needs",
        form_version="2027-01",
        answers={"roof": "漏水", "floors": 6, "items": ["a", "b"]},
        calculated={"score": 3.5},
        metadata={"start": "2027-03-01T09:00:00"},
        audit=[{"event": "form start"}],
        surveyor=None,
        replaces=(),
    ),
    ErasurePayload(household="NH-001/3-2-501", compound="NH-001", records=("r-1", "r-2")),
    VisitPayload(
        household="NH-001/3-2-501",
        compound="NH-001",
        round=1,
        outcome="come_back",
        come_back_on="2027-04-02",
        note="晚上在家",
        surveyor="王芳",
        replaces=("v-1",),
    ),
    FormPayload(
        form_id="needs_survey",
        version="2027.3",
        title="老旧小区改造入户需求调查",
        file_name="needs_survey.xlsx",
        sha256="ab" * 32,
        workbook="UEsDBA==",
    ),
]


def _record(kind: str, data: object) -> Record:
    return Record(RecordId("r-9"), kind, DeviceId("d-1"), 1, "2027-01-01T00:00:00.000000Z",
                  canonical_json(data), "0" * 64)  # fmt: skip


def _refusal(cls: type[RecordPayload], data: dict[str, Any]) -> IntegrityError:
    with pytest.raises(IntegrityError) as caught:
        cls.from_json(data)
    return caught.value


def test_every_record_kind_has_one_payload_class():
    assert set(PAYLOAD_TYPES) == set(RecordKind)
    assert {type(p) for p in EXAMPLES} == set(PAYLOAD_TYPES.values())
    for kind, cls in PAYLOAD_TYPES.items():
        assert cls.KIND is kind
        assert dataclasses.is_dataclass(cls)
    assert not any(hasattr(p, "__dict__") for p in EXAMPLES)  # slots all the way up


@pytest.mark.parametrize("payload", EXAMPLES, ids=lambda p: str(p.KIND))
def test_a_payload_reads_back_as_it_was_written(payload: RecordPayload):
    data = payload.as_json()
    assert type(payload).from_json(data) == payload
    assert payload_of(_record(payload.KIND, data)) == payload
    unset = {k for k in payload.LEFT_OUT_WHEN_NONE if getattr(payload, k) is None}
    assert set(data) == {f.name for f in dataclasses.fields(payload)} - unset  # type: ignore[arg-type]


def test_the_json_keeps_the_types_written_before_payloads_were_typed():
    vote = next(p for p in EXAMPLES if isinstance(p, VotePayload))
    assert vote.as_json()["replaces"] == ["r-1", "r-2"]
    assert canonical_json(vote.as_json()) == canonical_json(
        {"household": "NH-001/3-2-501", "compound": "NH-001", "round": 2, "choice": "同意",
         "signer": "张伟", "relation": "self", "channel": "door", "note": None,
         "surveyor": "王芳", "signature": "iVBORw0=", "replaces": ["r-1", "r-2"]}
    )  # fmt: skip
    phone = next(p for p in EXAMPLES if isinstance(p, VotePayload) and p.channel == "phone")
    assert phone.as_json()["called_number"] == "13800000101"
    assert "source_ref" not in phone.as_json()
    closed = next(p for p in EXAMPLES if isinstance(p, RoundClosedPayload))
    assert closed.as_json()["cutoff"] == {"d-1": 41, "d-2": 7}


def test_payloads_are_frozen_and_keyword_only():
    device = DevicePayload(id="d-1", name="甲", surveyor="王芳")
    with pytest.raises(dataclasses.FrozenInstanceError):
        device.name = "乙"  # type: ignore[misc]
    with pytest.raises(TypeError):
        DevicePayload("d-1", "甲", "王芳")  # type: ignore[misc]


def test_an_unknown_key_is_refused_and_named():
    data = {**EXAMPLES[0].as_json(), "nmae": "甲", "extra": 1}
    error = _refusal(DevicePayload, data)
    assert error.code == "payload_unknown_keys"
    assert (
        error.message
        == "device 记录含有未知的字段 extra, nmae:记录可能由更新版本的本应用写入,或被改动过"
    )
    assert "unknown fields extra, nmae" in error_words(error, "en")


def test_a_missing_key_is_refused_and_named():
    data = next(p for p in EXAMPLES if isinstance(p, VotePayload)).as_json()
    del data["replaces"], data["choice"]
    error = _refusal(VotePayload, data)
    assert error.code == "payload_missing_keys"
    assert error_words(error, "en") == (
        "A vote record lacks the fields choice, replaces: it is incomplete or was altered"
    )


@pytest.mark.parametrize(
    ("cls", "key", "value"),
    [
        (VotePayload, "round", "1"),
        (VotePayload, "round", True),
        (VotePayload, "replaces", "r-1"),
        (VotePayload, "replaces", [1]),
        (VotePayload, "signer", 5),
        (HouseholdPayload, "eligible", 1),
        (CompoundPayload, "built", 1988.0),
        (RoundClosedPayload, "cutoff", {"d-1": "41"}),
        (RoundClosedPayload, "cutoff", [["d-1", 41]]),
        (SurveyAnswerPayload, "answers", ["漏水"]),
        (SurveyAnswerPayload, "audit", [{"event": 3}]),
    ],
)
def test_a_value_of_the_wrong_type_is_refused(cls: type[RecordPayload], key: str, value: object):
    example = next(p for p in EXAMPLES if isinstance(p, cls))
    error = _refusal(cls, {**example.as_json(), key: value})
    assert (error.code, error.params["key"]) == ("payload_bad_value", key)


def test_a_payload_that_is_no_object_or_of_an_unknown_kind_is_refused():
    with pytest.raises(IntegrityError) as caught:
        payload_of(_record("vote", ["同意"]))
    assert caught.value.code == "payload_not_object"
    with pytest.raises(IntegrityError) as caught:
        payload_of(_record("ghost", {}))
    assert (
        caught.value.message == "未知的记录类型 “ghost”:记录可能由更新版本的本应用写入,或被改动过"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _LaterDevicePayload(RecordPayload):
    """How a key is added later (as the device's public key will be): with a default."""

    KIND: ClassVar[RecordKind] = RecordKind.DEVICE
    id: str
    name: str
    surveyor: str
    public_key: str | None = None


def test_a_key_added_later_with_a_default_still_reads_the_records_written_before_it():
    old = EXAMPLES[0].as_json()
    assert _LaterDevicePayload.from_json(old).public_key is None
    assert _LaterDevicePayload.from_json({**old, "public_key": "ab"}).public_key == "ab"
    assert _refusal(_LaterDevicePayload, {"id": "d-1"}).code == "payload_missing_keys"
