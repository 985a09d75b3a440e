"""The office admits laptops by their key fingerprint, and stops counting them (see trust)."""

from __future__ import annotations

from survey_app.core.errors import InvalidInput
from survey_app.core.keys import normalise_fingerprint
from survey_app.store.database import Store
from survey_app.store.trust import FIELD, OFFICE, device_fingerprints, uncounted_devices


def enrol_device(*, store: Store, fingerprint: str, role: str = FIELD) -> str:
    """Count the records of the device whose key has this fingerprint, as `field` or `office`.
    The device need not have synced yet: its records count wherever this enrolment reaches."""
    if role not in (OFFICE, FIELD):
        raise InvalidInput(code="bad_role", role=role)
    from survey_app.core.payloads import EnrolmentPayload

    written = normalise_fingerprint(fingerprint)
    with store.transaction():
        store.append(EnrolmentPayload(fingerprint=written, role=role))
    return written


def enrol_before_signing(*, store: Store) -> list[str]:
    """One step for a file from before signing: enrol every device whose records this office
    file holds but does not count, by key when the device has one, else its unsigned records
    up to the last one here. Returns the devices enrolled."""
    from survey_app.core.payloads import EnrolmentPayload

    newcomers = [d for d in uncounted_devices(store.db) if d.counted_up_to is None]
    keys = device_fingerprints(store.db)
    with store.transaction():
        for newcomer in newcomers:
            if fingerprint := keys.get(newcomer.device):
                payload = EnrolmentPayload(fingerprint=fingerprint, role=FIELD)
            else:
                last = store.db.execute(
                    "SELECT max(seq) FROM records WHERE device = ? AND signature IS NULL",
                    [newcomer.device],
                ).fetchone()[0]
                payload = EnrolmentPayload(
                    device=newcomer.device, role=FIELD, up_to_seq=int(last or 0)
                )
            store.append(payload)
    return [n.device for n in newcomers]


def revoke_device(*, store: Store, fingerprint: str, keep_up_to: int | None = None) -> str:
    """Stop counting a device's records after `keep_up_to` (default: what this file holds of
    it now; 0 counts none of them, which is how the office rejects a device)."""
    written = normalise_fingerprint(fingerprint)
    devices = [d for d, fp in device_fingerprints(store.db).items() if fp == written]
    if keep_up_to is None and not devices:
        keep_up_to = 0  # a key this file has never seen: none of its records will count
    if keep_up_to is None:
        row = store.db.execute(
            f"SELECT coalesce(max(seq), 0) FROM records WHERE device IN "
            f"({', '.join('?' * len(devices))})",
            devices,
        ).fetchone()
        keep_up_to = int(row[0])
    from survey_app.core.payloads import RevocationPayload

    with store.transaction():
        store.append(RevocationPayload(fingerprint=written, up_to_seq=keep_up_to))
    return written
