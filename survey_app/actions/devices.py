"""This laptop's identity, and the office admitting laptops into the batch (enrolment)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from survey_app.core.errors import RefusedAction, SurveyAppError
from survey_app.store import enrolment
from survey_app.store.assignments import (
    Scope,
    assign_compounds,
    assignments_in_force,
    device_names_by_fingerprint,
    enrolled_fingerprints,
)
from survey_app.store.database import Store
from survey_app.store.location import take_copied_notice
from survey_app.store.trust import FIELD, Newcomer, compute_trust, uncounted_devices

if TYPE_CHECKING:  # sync is imported by the actions that sync, not by the window's start
    from survey_app.sync.identity_reset import ResetReport


@dataclass(frozen=True)
class Identity:
    """What `survey-app device` shows: this file's device and the office it answers to."""

    id: str
    name: str
    role: str
    fingerprint: str
    authority: str
    enrolled: bool

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id, "name": self.name, "role": self.role, "fingerprint": self.fingerprint,
            "authority": self.authority, "enrolled": self.enrolled,
        }  # fmt: skip


def identity(*, store: Store) -> Identity:
    # the file's own device always counts in its own file: ask whether the office admitted it
    admitted = store.device_id in compute_trust(store.db, None)
    return Identity(store.device_id, store.device_name, store.role, store.fingerprint,
                    store.authority, admitted)  # fmt: skip


def enrol(
    *,
    store: Store,
    fingerprint: str,
    role: str = "field",
    compounds: Sequence[str] | None = None,
    central: Path | str | None = None,
    central_passphrase: str | None = None,
    server_password: str | None = None,
) -> str:
    """Enrol a laptop's key, and give it `compounds` when named (one transaction); with
    `central`, the decision goes into the central file at once (a two-way sync of the
    office's file)."""
    with store.transaction():
        written = enrolment.enrol_device(store=store, fingerprint=fingerprint, role=role)
        if compounds is not None:
            assign_compounds(store=store, fingerprint=written, compounds=compounds)
    _carry(store, central, central_passphrase, server_password)
    return written


def assign(
    *,
    store: Store,
    fingerprint: str,
    compounds: Sequence[str] | None,
    central: Path | str | None = None,
    central_passphrase: str | None = None,
    server_password: str | None = None,
) -> Scope:
    """Give a laptop the compounds it works in (None: all); it receives them, and no others,
    from its next sync (see sync/scope.py)."""
    given = assign_compounds(store=store, fingerprint=fingerprint, compounds=compounds)
    _carry(store, central, central_passphrase, server_password)
    return given


@dataclass(frozen=True)
class Assignment:
    fingerprint: str
    name: str
    compounds: tuple[str, ...] | None

    def as_json(self) -> dict[str, object]:
        listed = None if self.compounds is None else list(self.compounds)
        return {"fingerprint": self.fingerprint, "name": self.name, "compounds": listed}


def assignments(*, store: Store) -> list[Assignment]:
    """Every field laptop the office enrolled or gave compounds, with the compounds it works in
    (None: all, which is what a laptop never given any does)."""
    names = device_names_by_fingerprint(store.db)
    given = assignments_in_force(store.db)
    enrolled = {fp for fp, role in enrolled_fingerprints(store.db).items() if role == FIELD}
    return [Assignment(fp, names.get(fp, ""), _sorted(given.get(fp)))
            for fp in sorted(enrolled | set(given))]  # fmt: skip


def _sorted(scope: Scope) -> tuple[str, ...] | None:
    return None if scope is None else tuple(sorted(scope))


def enrol_before_signing(
    *, store: Store, central: Path | str | None = None, central_passphrase: str | None = None,
    server_password: str | None = None,
) -> list[str]:  # fmt: skip
    devices = enrolment.enrol_before_signing(store=store)
    _carry(store, central, central_passphrase, server_password)
    return devices


def revoke(
    *,
    store: Store,
    fingerprint: str,
    keep_up_to: int | None = None,
    central: Path | str | None = None,
    central_passphrase: str | None = None,
    server_password: str | None = None,
) -> str:
    written = enrolment.revoke_device(store=store, fingerprint=fingerprint, keep_up_to=keep_up_to)
    _carry(store, central, central_passphrase, server_password)
    if isinstance(central, str):  # a server: the laptop's role may no longer log in
        from survey_app.sync.server.roles import disable_laptop

        disable_laptop(central, written, password=server_password)
    return written


def _carry(
    store: Store, central: Path | str | None, central_passphrase: str | None,
    server_password: str | None = None,
) -> None:  # fmt: skip
    """Take the office's decision, already written in its file, into the central file; when
    that fails, say that the decision is kept and only the central file lacks it."""
    if central is None:
        return
    from survey_app.sync import central as central_file

    try:
        if isinstance(central, str):  # a server (sync/server/); its password from libpq
            from survey_app.sync.server.sync import sync_with_server

            sync_with_server(store=store, url=central, password=server_password)
        else:
            central_file.sync_with_central(
                store=store, central=central, central_passphrase=central_passphrase
            )
    except SurveyAppError as error:
        raise RefusedAction(
            code="decision_not_carried", file=str(store.path), central=str(central),
            reason=error.message,
        ) from error  # fmt: skip


def newcomers(*, store: Store) -> list[Newcomer]:
    """Devices whose records this file holds and does not count, for the office to decide."""
    return uncounted_devices(store.db)


def reset(
    *, store: Store, central: Path | None = None, central_passphrase: str | None = None
) -> ResetReport:
    """A new identity for a file restored from a backup or copied to another computer; its
    records the central file never received are issued again under it (see
    sync/identity_reset.py). The office then enrols the new fingerprint."""
    from survey_app.sync.identity_reset import reset_identity

    return reset_identity(store=store, central=central, central_passphrase=central_passphrase)


def copied_notice(*, store: Store, language: str | None = "zh") -> str | None:
    """Said once when this file was last used on another computer (a copy, maybe a clone)."""
    return take_copied_notice(store, language)
