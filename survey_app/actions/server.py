"""A PostgreSQL server as the central store: prepare it, give a laptop its role."""

from __future__ import annotations

from pathlib import Path

from survey_app.sync.server import roles, with_file


def init_server(*, url: str, password: str | None = None) -> roles.ServerInit:
    """Create or update the server's schema; the connecting role is its admin."""
    return roles.init_server(url, password=password)


def enrol_laptop(*, url: str, fingerprint: str, password: str | None = None) -> roles.LaptopRole:
    """The laptop's own login role on the server (its password is shown once)."""
    return roles.enrol_laptop(url, fingerprint, password=password)


def unite_file_with_server(
    *, path: Path, url: str, passphrase: str | None = None, receive: bool = True,
    password: str | None = None,
) -> with_file.FileUnion:  # fmt: skip
    """An office's central file and the city server: the union both ways (or only into it)."""
    return with_file.unite_file_with_server(
        path=path, url=url, passphrase=passphrase, receive=receive, password=password
    )
