"""Rule and roster conflicts (规则/名册冲突): two office records for the same compound, roster
row or round opening, written without seeing each other (neither supersedes the other), that
say different things.

Until the office settles it, store/versions.py applies a clock-free pick (the strictest rule
for a round). The office settles it by writing a record that supersedes every version: saving
the compound again, importing the roster again, opening the round again (`round open`), or
keeping one of the versions as it is (`conflicts --keep RECORD`, or the office window).
A closed round's rule is frozen in its close, so its openings are no conflict any more.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from survey_app.core.errors import NotFound, RefusedAction
from survey_app.core.ids import split_household_id
from survey_app.core.payloads import payload_type
from survey_app.core.tally import RoundStatus
from survey_app.store.database import Store
from survey_app.store.personal import full_payload
from survey_app.store.rounds import round_state
from survey_app.store.versions import (
    COMPOUND,
    HOUSEHOLD,
    ROUND_OPENED,
    current_versions,
    keys_in_dispute,
)

KINDS = (COMPOUND, HOUSEHOLD, ROUND_OPENED)
_KEY_FIELDS = {COMPOUND: {"code"}, HOUSEHOLD: {"id", "compound"}, ROUND_OPENED: {"compound"}}
_NOT_SAID = {"supersedes"}


@dataclass(frozen=True)
class RuleVersion:
    """One of the competing records, and what it says (its payload without its key)."""

    record_id: str
    device: str
    device_name: str | None
    created_at: str
    says: dict[str, Any]
    in_force: bool
    """The version the tables apply until the office settles the conflict."""

    def as_json(self) -> dict[str, object]:
        return {
            "record": self.record_id,
            "device": self.device,
            "device_name": self.device_name,
            "time": self.created_at,
            "in_force": self.in_force,
            "says": self.says,
        }


@dataclass(frozen=True)
class RuleConflict:
    kind: str
    """`compound`, `household` or `round_opened`."""
    compound: str
    subject: str
    """What the records speak of: the compound code, the household's address, or the round."""
    household: str | None
    round_no: int | None
    differs: tuple[str, ...]
    """The keys the versions disagree on."""
    versions: tuple[RuleVersion, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "kind": {ROUND_OPENED: "round"}.get(self.kind, self.kind),
            "compound": self.compound,
            "subject": self.subject,
            "household": self.household,
            "round": self.round_no,
            "differs": list(self.differs),
            "versions": [v.as_json() for v in self.versions],
        }


_HEADS = """
SELECT r.id, r.device, d.name, r.created_at, r.payload, coalesce(c.record_id, h.record_id,
       o.opened_record) = r.id, (SELECT p.fields FROM personal p WHERE p.record_id = r.id)
FROM versions v JOIN records r ON r.id = v.record_id
LEFT JOIN devices d ON d.id = r.device
LEFT JOIN compounds c ON v.kind = 'compound' AND c.code = v.key
LEFT JOIN households h ON v.kind = 'household' AND h.id = v.key
LEFT JOIN rounds o ON v.kind = 'round_opened'
     AND o.compound || '#' || o.round = v.key
WHERE v.kind = ? AND v.key = ? AND v.head
ORDER BY r.created_at, r.id
"""


def _versions(store: Store, kind: str, key: str) -> list[RuleVersion]:
    rows = store.db.execute(_HEADS, [kind, key]).fetchall()
    hidden = _KEY_FIELDS[kind] | _NOT_SAID
    return [
        RuleVersion(
            record_id=str(rid),
            device=str(device),
            device_name=None if name is None else str(name),
            created_at=str(created_at),
            says={k: v for k, v in full_payload(kind, payload, fields).items() if k not in hidden},
            in_force=bool(in_force),
        )
        for rid, device, name, created_at, payload, in_force, fields in rows
    ]


def _differs(versions: list[RuleVersion]) -> tuple[str, ...]:
    keys = sorted({k for v in versions for k in v.says})
    return tuple(k for k in keys if len({json.dumps(v.says.get(k)) for v in versions}) > 1)


def _conflict(store: Store, kind: str, key: str) -> RuleConflict | None:
    versions = _versions(store, kind, key)
    differs = _differs(versions)
    if not differs:
        return None  # the same words written twice (two offices importing one roster)
    if kind == COMPOUND:
        return RuleConflict(kind, key, key, None, None, differs, tuple(versions))
    if kind == HOUSEHOLD:
        code, address = split_household_id(key)
        row = store.db.execute("SELECT address FROM households WHERE id = ?", [key]).fetchone()
        subject = str(row[0]) if row else address
        return RuleConflict(kind, code, subject, key, None, differs, tuple(versions))
    compound, _, round_text = key.rpartition("#")
    state = round_state(store=store, compound=compound, round_no=int(round_text))
    if state.status is RoundStatus.CLOSED and state.frozen:
        return None  # its close froze the rule: later openings change nothing
    return RuleConflict(
        kind, compound, f"第{round_text}轮", None, int(round_text), differs, tuple(versions)
    )


def list_rule_conflicts(*, store: Store, compound: str | None = None) -> list[RuleConflict]:
    """Every unsettled conflict between office records, by compound, kind and subject."""
    found = []
    for kind, key in keys_in_dispute(store.db, KINDS):
        conflict = _conflict(store, kind, key)
        if conflict and (compound is None or conflict.compound == compound):
            found.append(conflict)
    order = {kind: place for place, kind in enumerate(KINDS)}
    return sorted(found, key=lambda c: (c.compound, order[c.kind], c.subject))


def keep_version(*, store: Store, record_id: str) -> str:
    """Settle a conflict by keeping one version as it is: the same words again, written by
    this (office) laptop and superseding every version in force here. Returns the new id."""
    with store.transaction():
        row = store.db.execute(
            "SELECT kind, key FROM versions WHERE record_id = ? AND head", [record_id]
        ).fetchone()
        if row is None:
            raise NotFound(code="no_version_in_force", record=record_id)
        kind, key = str(row[0]), str(row[1])
        if kind == ROUND_OPENED:
            compound, _, round_text = key.rpartition("#")
            state = round_state(store=store, compound=compound, round_no=int(round_text))
            if state.status is RoundStatus.CLOSED:
                raise RefusedAction(
                    code="round_already_opened",
                    compound=compound,
                    round_no=int(round_text),
                    status=state.status,
                )
        payload, fields = store.db.execute(
            "SELECT payload, (SELECT p.fields FROM personal p WHERE p.record_id = r.id) "
            "FROM records r WHERE r.id = ?",
            [record_id],
        ).fetchone()
        kept = payload_type(kind).from_json(full_payload(kind, payload, fields))
        again = dataclasses.replace(  # type: ignore[type-var]
            kept, supersedes=current_versions(store=store, kind=kind, key=key)
        )
        return str(store.append(again).id)
