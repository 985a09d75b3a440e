"""The `--central` / `--file` value that names a file or a server, and the server's password
when libpq finds none (URI, PGPASSWORD, ~/.pgpass)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from survey_app.core.errors import UnreadableFile

T = TypeVar("T")


class CentralTarget(click.ParamType):  # type: ignore[type-arg]
    """A central file's path, or a server's libpq URI kept as typed."""

    name = "FILE|postgresql://…"

    def convert(self, value: Any, param: Any, ctx: Any) -> Path | str:
        from survey_app.sync.server import is_server

        if isinstance(value, Path) or not is_server(value):
            return Path(value)
        return str(value)


def with_server_password(url: str, call: Callable[[str | None], T]) -> T:
    """Call with libpq's own password (URI, PGPASSWORD, ~/.pgpass); when it has none and a
    person is at the terminal, ask once and call again."""
    try:
        return call(None)
    except UnreadableFile as error:
        if error.code != "server_password_needed" or not sys.stdin.isatty():
            raise
    from survey_app.sync.server.connection import display_name

    typed = click.prompt(f"服务器 {display_name(url)} 的密码", hide_input=True, err=True)
    return call(str(typed))


def server_password(url: str) -> str | None:
    """The password to give every operation on this server: None when libpq finds its own,
    else the one typed at the terminal (one connection, opened and closed, finds out)."""
    from survey_app.sync.server.connection import connect

    def reach(password: str | None) -> str | None:
        connect(url, password=password).close()
        return password

    return with_server_password(url, reach)
