"""Which devices' records count in this file: the `trust` table, derived from the records.

A file pins one authority, the fingerprint of the office key that started the batch (meta
`authority`): an office file pins its own key; a laptop pins the central file's at its first
sync and refuses another later. The authority's devices are office devices; an office device's
`enrolment` records admit other devices (by key fingerprint, as `field` or `office`), its
`revocation` records stop counting a device's records after a given sequence number (0: none of
them, which is how the office rejects a device). A file's own device always counts its own
records here (so a laptop shows the votes it took), until it is revoked.

A file that has not pinned an authority yet (a laptop from before signing that has not synced
since) counts every device's records from before signing, as it did before, and no one else's
signed records but its own.

Records of devices not in the table are kept and synced like any other, and counted nowhere.
Only office devices' compound, roster, round and enrolment records count.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from survey_app.core.keys import fingerprint_of
from survey_app.store import driver

CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS trust (
    device TEXT PRIMARY KEY, role TEXT NOT NULL, up_to_seq INTEGER
)
"""
AUTHORITY_KEY = "authority"
OFFICE = "office"
FIELD = "field"


@dataclass(frozen=True)
class Standing:
    """A device's place in this file: its role, and the last of its records that counts."""

    role: str
    up_to_seq: int | None = None

    def bounded(self, seq: int | None) -> Standing:
        if seq is None:
            return self
        limit = seq if self.up_to_seq is None else min(seq, self.up_to_seq)
        return Standing(self.role, limit)


def authority(db: driver.Connection, schema: str = "main") -> str:
    row = db.execute(f"SELECT value FROM {schema}.meta WHERE key = ?", [AUTHORITY_KEY]).fetchone()
    return str(row[0]) if row and row[0] else ""


def declared_keys(db: driver.Connection, schema: str = "main") -> dict[str, str]:
    """Each device's public key: the one its first key-bearing device record declares (a device
    speaks only for itself; a later record naming another key changes nothing)."""
    rows = db.execute(
        f"SELECT device, json_extract(payload, '$.public_key') FROM {schema}.records "
        "WHERE kind = 'device' AND json_extract(payload, '$.id') = device "
        "AND json_extract(payload, '$.public_key') IS NOT NULL ORDER BY device, seq"
    ).fetchall()
    keys: dict[str, str] = {}
    for device, key in rows:
        keys.setdefault(str(device), str(key))
    return keys


def device_fingerprints(db: driver.Connection, schema: str = "main") -> dict[str, str]:
    return {d: _fingerprint(k) for d, k in declared_keys(db, schema).items()}


def _fingerprint(key: str) -> str:
    try:
        return fingerprint_of(key)
    except ValueError:
        return ""


def compute_trust(db: driver.Connection, own: str | None) -> dict[str, Standing]:
    pinned = authority(db)
    fingerprints = device_fingerprints(db)
    if not pinned:
        trust = _before_signing(db)
    else:
        trust = {d: Standing(OFFICE) for d, fp in fingerprints.items() if fp == pinned}
        trust = _admitted(db, trust, fingerprints, pinned)
    if own and not pinned:
        trust[own] = Standing(FIELD)
    elif own:  # all of its own records, whatever part of them an enrolment bounds
        trust[own] = _wider(trust.get(own), Standing(FIELD))
    if own and pinned and fingerprints.get(own) != pinned:
        revocations = _office_records(db, "revocation")
        trust[own] = trust[own].bounded(_revoked(revocations, fingerprints, trust).get(own))
    return trust


def _before_signing(db: driver.Connection) -> dict[str, Standing]:
    rows = db.execute(
        "SELECT device, max(seq) FROM records WHERE signature IS NULL GROUP BY device"
    ).fetchall()
    return {str(d): Standing(OFFICE, int(seq)) for d, seq in rows}


OfficeRecords = list[tuple[str, int, dict[str, object]]]


def _office_records(db: driver.Connection, kind: str) -> OfficeRecords:
    rows = db.execute(
        "SELECT device, seq, payload FROM records WHERE kind = ? ORDER BY device, seq", [kind]
    ).fetchall()
    return [(str(d), int(s), json.loads(p)) for d, s, p in rows]


def _counts(trust: dict[str, Standing], device: str, seq: int) -> bool:
    standing = trust.get(device)
    if standing is None or standing.role != OFFICE:
        return False
    return standing.up_to_seq is None or seq <= standing.up_to_seq


def _admitted(
    db: driver.Connection,
    authorities: dict[str, Standing],
    fingerprints: dict[str, str],
    pinned: str,
) -> dict[str, Standing]:
    """The authority's devices, and every device an office device admitted, to a fixpoint
    (an office device enrolled by the authority may enrol others)."""
    enrolments = _office_records(db, "enrolment")
    revocations = _office_records(db, "revocation")
    trust = dict(authorities)
    while True:
        admitted = dict(authorities)
        for writer, seq, data in enrolments:
            if not _counts(trust, writer, seq):
                continue
            role = OFFICE if data.get("role") == OFFICE else FIELD
            # by key: all its records; by id (a device from before signing): its unsigned
            # records up to the number given, and never more
            limit = None if data.get("fingerprint") else _int(data.get("up_to_seq")) or 0
            for device in _enrolled_devices(data, fingerprints):
                if device in authorities:
                    continue
                before = admitted.get(device)
                standing = Standing(role, limit)
                admitted[device] = _wider(before, standing)
        revoked = _revoked(revocations, fingerprints, trust)
        admitted = {
            d: s.bounded(revoked.get(d)) if fingerprints.get(d) != pinned else s
            for d, s in admitted.items()
        }
        if admitted == trust:
            return trust
        trust = admitted


def _enrolled_devices(data: dict[str, object], fingerprints: dict[str, str]) -> list[str]:
    fingerprint = data.get("fingerprint")
    if fingerprint:
        return [d for d, fp in fingerprints.items() if fp == fingerprint]
    device = data.get("device")
    return [str(device)] if device else []


def _wider(before: Standing | None, after: Standing) -> Standing:
    if before is None:
        return after
    role = OFFICE if OFFICE in (before.role, after.role) else FIELD
    if before.up_to_seq is None or after.up_to_seq is None:
        return Standing(role)
    return Standing(role, max(before.up_to_seq, after.up_to_seq))


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, int) else None


def _revoked(
    revocations: OfficeRecords, fingerprints: dict[str, str], trust: dict[str, Standing]
) -> dict[str, int]:
    """Each revoked device's last counted sequence number, by the revocations that count."""
    bounds: dict[str, int] = {}
    for writer, seq, data in revocations:
        if not _counts(trust, writer, seq):
            continue
        limit = _int(data.get("up_to_seq")) or 0
        for device in _enrolled_devices(data, fingerprints):
            bounds[device] = min(limit, bounds.get(device, limit))
    return bounds


def read_trust(db: driver.Connection) -> dict[str, Standing]:
    rows = db.execute("SELECT device, role, up_to_seq FROM trust").fetchall()
    return {str(d): Standing(str(r), None if s is None else int(s)) for d, r, s in rows}


def refresh_trust(db: driver.Connection, own: str | None) -> dict[str, Standing] | None:
    """Recompute the table; when it changed, the standing each device had before (None when
    nothing changed)."""
    trust = compute_trust(db, own)
    before = read_trust(db)
    if trust == before:
        return None
    db.execute("DELETE FROM trust")
    db.executemany(
        "INSERT INTO trust (device, role, up_to_seq) VALUES (?, ?, ?)",
        [(d, s.role, s.up_to_seq) for d, s in trust.items()],
    )
    return before


def only_widened(before: dict[str, Standing], after: dict[str, Standing]) -> list[str] | None:
    """The devices that now count more than before, when no device counts less (else None)."""
    widened = []
    for device in before.keys() | after.keys():
        old, new = before.get(device), after.get(device)
        if old == new:
            continue
        if new is None or (old is not None and not _covers(new, old)):
            return None
        widened.append(device)
    return widened


def _covers(new: Standing, old: Standing) -> bool:
    if old.role == OFFICE and new.role != OFFICE:
        return False
    return new.up_to_seq is None or (old.up_to_seq is not None and new.up_to_seq >= old.up_to_seq)


def own_device(db: driver.Connection) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
    return str(row[0]) if row else None


@dataclass(frozen=True)
class Newcomer:
    """A device whose records this file holds but does not count (all or some of them)."""

    device: str
    name: str
    fingerprint: str
    records: int
    votes: int
    counted_up_to: int | None
    revoked: bool = False
    """The office revoked it (with keep_up_to 0: rejected); enrolling it again changes nothing."""


def uncounted_devices(db: driver.Connection) -> list[Newcomer]:
    """Devices with records beyond what the trust table counts, for the office to decide."""
    rows = db.execute(
        "SELECT r.device, count(*), sum(r.kind = 'vote'), t.up_to_seq, t.device IS NOT NULL "
        "FROM records r LEFT JOIN trust t ON t.device = r.device "
        "WHERE t.device IS NULL OR r.seq > t.up_to_seq GROUP BY r.device"
    ).fetchall()
    names = dict(db.execute("SELECT id, name FROM devices").fetchall())
    fingerprints = device_fingerprints(db)
    revoked = _revoked(_office_records(db, "revocation"), fingerprints, read_trust(db))
    return [
        Newcomer(
            device=str(d),
            name=str(names.get(d) or ""),
            fingerprint=fingerprints.get(str(d), ""),
            records=int(n),
            votes=int(v or 0),
            counted_up_to=None if not known else int(bound),
            revoked=str(d) in revoked,
        )
        for d, n, v, bound, known in rows
    ]
