"""A PostgreSQL server as the central store: prepare it, give a laptop its role."""

from __future__ import annotations

import hashlib
from pathlib import Path

from survey_app.store.database import Store, default_data_dir
from survey_app.sync import files
from survey_app.sync.server import roles, with_file
from survey_app.sync.server.connection import display_name


def init_server(*, url: str, password: str | None = None) -> roles.ServerInit:
    """Create or update the server's schema; the connecting role is its admin."""
    return roles.init_server(url, password=password)


def enrol_laptop(*, url: str, fingerprint: str, password: str | None = None) -> roles.LaptopRole:
    """The laptop's own login role on the server (its password is shown once)."""
    return roles.enrol_laptop(url, fingerprint, password=password)


def disable_laptop(*, url: str, fingerprint: str, password: str | None = None) -> bool:
    """A revoked laptop's role may no longer log in; False when it had none on this server."""
    return roles.disable_laptop(url, fingerprint, password=password)


def unite_file_with_server(
    *, path: Path, url: str, passphrase: str | None = None, receive: bool = True,
    password: str | None = None,
) -> with_file.FileUnion:  # fmt: skip
    """An office's central file and the city server: the union both ways (or only into it)."""
    return with_file.unite_file_with_server(
        path=path, url=url, passphrase=passphrase, receive=receive, password=password
    )


def replica_path(url: str) -> Path:
    """This computer's copy of a server (a central file, one per server and database)."""
    name = display_name(url)
    tag = hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    return default_data_dir() / "servers" / f"{tag}.central.db"


def open_server_for_reading(
    *, url: str, passphrase: str | None = None, password: str | None = None
) -> Store:
    """The server read through its local copy: the copy first takes what it lacks (every record
    checked as in any sync; with nothing new, one summary query), then is opened for reading,
    so the figures are the ones the same records give in a file."""
    path = replicate_server(url=url, passphrase=passphrase, password=password)
    return files.open_for_reading(path, passphrase)


def replicate_server(
    *, url: str, passphrase: str | None = None, password: str | None = None
) -> Path:
    """Bring this computer's copy of the server up to date; returns where it is."""
    path = replica_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    with_file.replicate_server(path=path, url=url, passphrase=passphrase, password=password)
    return path
