"""Laptops that sync with a server in the tests."""

from __future__ import annotations

from urllib.parse import quote

from sync_helpers import Field

from survey_app.store.database import Store, open_store
from survey_app.store.enrolment import enrol_device
from survey_app.sync.central import SyncReport
from survey_app.sync.server.roles import enrol_laptop
from survey_app.sync.server.sync import sync_with_server


def laptop_url(admin_url: str, store: Store) -> str:
    """Enrol the laptop with the office (its record goes to the server) and give it a role;
    the URL it syncs with, password included."""
    role = enrol_laptop(admin_url, store.fingerprint)
    user, rest = role.url.removeprefix("postgresql://").split("@", 1)
    return f"postgresql://{user}:{quote(role.password)}@{rest}"


def server_laptop(batch: Field, admin_url: str, name: str) -> tuple[Store, str]:
    store = open_store(batch.root / f"{name}.db", device_name=name, surveyor="调查员",
                       role="field")  # fmt: skip
    enrol_device(store=batch.office, fingerprint=store.fingerprint)
    sync_with_server(store=batch.office, url=admin_url)
    batch.laptops[name] = store
    return store, laptop_url(admin_url, store)


def sync(store: Store, url: str, *, receive: bool = True) -> SyncReport:
    return sync_with_server(store=store, url=url, receive=receive)
