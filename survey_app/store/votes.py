"""Recording votes: each vote names the votes it replaces; nothing is edited or deleted."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from survey_app.core.errors import InvalidInput, RefusedAction
from survey_app.core.privacy import ERASED_NAME
from survey_app.core.roster import normalise_phone
from survey_app.core.tally import RoundStatus
from survey_app.core.votes import Channel, Choice, Relation, VoteFact, current_heads
from survey_app.store.assignments import check_assigned, vote_counted_sql
from survey_app.store.database import Store
from survey_app.store.households import Household
from survey_app.store.personal import personal_or_payload
from survey_app.store.rounds import check_round_no, round_state
from survey_app.store.voids import standing_voids


@dataclass(frozen=True)
class OnlineSource:
    """The platform's export row an online vote came from: its digest and its time text."""

    ref: str
    time: str | None


@dataclass(frozen=True)
class VoteRow:
    """A recorded vote as the history and the conflicts list show it."""

    id: str
    household: str
    round_no: int
    choice: Choice
    signer: str | None
    relation: str | None
    channel: str | None
    note: str | None
    surveyor: str | None
    device: str
    device_name: str | None
    seq: int
    created_at: str
    has_signature: bool
    replaces: tuple[str, ...]
    called_by: str | None = None
    called_number: str | None = None
    source_time: str | None = None

    def fact(self) -> VoteFact:
        return VoteFact(
            self.id,
            self.household,
            self.round_no,
            self.choice,
            self.device,
            self.seq,
            self.created_at,
            self.replaces,
        )


def _personal(name: str) -> str:
    """A vote's personal field: none once erased (`e`), else from its personal row or its
    payload (store/personal.py)."""
    return f"iif(e.record_id IS NOT NULL, NULL, {personal_or_payload(name, 'r')})"


_VOTE_COLUMNS = (
    f"v.id, v.household, v.round, v.choice, "
    f"iif(e.record_id IS NOT NULL, '{ERASED_NAME}', {_personal('signer')}), "
    "json_extract(r.payload, '$.relation'), json_extract(r.payload, '$.channel'), "
    f"{_personal('note')}, json_extract(r.payload, '$.surveyor'), "
    f"v.device, d.name, v.seq, v.created_at, {_personal('signature')} IS NOT NULL, v.replaces, "
    "json_extract(r.payload, '$.called_by'), "
    # the number called is personal: beside the record (store/personal.py), or inside a record
    # from before the split
    "coalesce(json_extract(r.payload, '$.called_number'), json_extract(p.fields, "
    "'$.called_number')), "
    "json_extract(r.payload, '$.source_time')"
)
"""What a vote's listing shows beyond what the tallies read (the `votes` table): read from its
record and personal row as it is shown."""
_VOTES_JOINED = (
    "votes v JOIN households h ON h.id = v.household AND h.compound = v.compound "
    "LEFT JOIN devices d ON d.id = v.device JOIN records r ON r.id = v.id "
    "LEFT JOIN personal p ON p.record_id = v.id "
    "LEFT JOIN erased_records e ON e.record_id = v.id"
)
"""A household's votes and a compound's as every tally reads them: those naming the household's
compound (one naming another counts nowhere and is listed by check-file, not here)."""


def _vote_row(row: tuple[object, ...]) -> VoteRow:
    (
        vid,
        household,
        round_no,
        choice,
        signer,
        relation,
        channel,
        note,
        surveyor,
        device,
        device_name,
        seq,
        created_at,
        has_signature,
        replaces,
        called_by,
        called_number,
        source_time,
    ) = row
    return VoteRow(
        id=str(vid),
        household=str(household),
        round_no=int(str(round_no)),
        choice=Choice(str(choice)),
        signer=_text(signer),
        relation=_text(relation),
        channel=_text(channel),
        note=_text(note),
        surveyor=_text(surveyor),
        device=str(device),
        device_name=_text(device_name),
        seq=int(str(seq)),
        created_at=str(created_at),
        has_signature=bool(has_signature),
        replaces=tuple(json.loads(str(replaces or "[]"))),
        called_by=_text(called_by),
        called_number=_text(called_number),
        source_time=_text(source_time),
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def vote_rows(*, store: Store, household: str, round_no: int) -> list[VoteRow]:
    """A household's votes in a round, oldest first: the history a changed vote shows."""
    return _vote_rows_of(store, "v.household = ? AND v.round = ?", [household, round_no],
                         order="v.created_at, v.id")  # fmt: skip


def compound_vote_rows(*, store: Store, compound: str, round_no: int) -> list[VoteRow]:
    """Every vote of a compound's round in one query: each household's together, oldest first
    (as `vote_rows` gives them)."""
    return _vote_rows_of(store, "v.compound = ? AND v.round = ?", [compound, round_no],
                         order="v.household, v.created_at, v.id")  # fmt: skip


def _vote_rows_of(store: Store, where: str, params: list[object], *, order: str) -> list[VoteRow]:
    rows = store.db.execute(
        f"SELECT {_VOTE_COLUMNS} FROM {_VOTES_JOINED} WHERE {where} ORDER BY {order}", params
    ).fetchall()
    return [_vote_row(r) for r in rows]


def round_vote_facts(*, store: Store, compound: str, round_no: int) -> list[VoteFact]:
    """The votes the round counts: those naming the compound, for its households (a vote
    counts only for its household's compound, as the projection's outcomes say)."""
    rows = store.db.execute(
        "SELECT v.id, v.household, v.choice, v.device, v.seq, v.created_at, v.replaces "
        f"FROM votes v WHERE v.compound = ? AND v.round = ? AND {vote_counted_sql('v')}",
        [compound, round_no],
    ).fetchall()
    return [
        VoteFact(hid, household, round_no, Choice(choice), device, seq, created, _replaces(rep))
        for hid, household, choice, device, seq, created, rep in rows
    ]


def _replaces(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text and text != "[]" else ()


def signature_png(*, store: Store, vote_id: str) -> bytes | None:
    row = store.db.execute(
        "SELECT coalesce((SELECT json_extract(p.fields, '$.signature') FROM personal p "
        "WHERE p.record_id = r.id), json_extract(r.payload, '$.signature')) "
        "FROM records r WHERE r.id = ?",
        [vote_id],
    ).fetchone()
    return base64.b64decode(row[0]) if row and row[0] else None


def record_vote(
    *,
    store: Store,
    household: Household,
    round_no: int,
    choice: Choice,
    signer: str | None = None,
    relation: Relation = Relation.SELF,
    channel: Channel = Channel.DOOR,
    note: str | None = None,
    signature_png: bytes | None = None,
    surveyor: str | None = None,
    called_by: str | None = None,
    called_number: str | None = None,
    source: OnlineSource | None = None,
) -> VoteRow:
    """Record a household's vote in an open round, replacing its current vote(s). A vote
    verified by phone names the number called (stored digits only) and who called (the
    surveyor, else this laptop, unless told); an imported online vote its platform row
    (`source`)."""
    check_round_no(round_no)
    check_assigned(store.db, household.compound, store.device_name)
    if not household.eligible:
        raise RefusedAction(code="not_eligible", address=household.address)
    if relation is Relation.PROXY and not (note and note.strip()):
        raise InvalidInput(code="proxy_needs_note")
    surveyor = surveyor if surveyor is not None else store.surveyor or None
    number = normalise_phone(called_number) if channel is Channel.PHONE else None
    caller = (called_by or "").strip() or surveyor or store.device_name or None
    caller = caller if channel is Channel.PHONE else None
    if channel is Channel.PHONE and not number:
        raise InvalidInput(code="phone_vote_needs_number")
    with store.transaction():
        state = round_state(store=store, compound=household.compound, round_no=round_no)
        if state.status is not RoundStatus.OPEN:
            raise RefusedAction(
                code="round_not_open",
                compound=household.compound,
                round_no=round_no,
                status=state.status,
            )
        existing = [
            r.fact() for r in vote_rows(store=store, household=household.id, round_no=round_no)
        ]
        voided = {v.vote for v in standing_voids(
            store=store, household=household.id, round_no=round_no)}  # fmt: skip
        replaces = [v.id for v in current_heads(existing, household.id, voided)]
        from survey_app.core.payloads import VotePayload

        record = store.append(
            VotePayload(
                household=household.id,
                compound=household.compound,
                round=round_no,
                choice=choice.value,
                signer=signer or None,
                relation=relation.value,
                channel=channel.value,
                note=note or None,
                surveyor=surveyor,
                signature=base64.b64encode(signature_png).decode() if signature_png else None,
                replaces=tuple(replaces),
                called_by=caller,
                called_number=number,
                source_ref=source.ref if source else None,
                source_time=source.time if source else None,
            )
        )
    rows = vote_rows(store=store, household=household.id, round_no=round_no)
    return next(r for r in rows if r.id == record.id)
