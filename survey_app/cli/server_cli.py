"""`server init`: a PostgreSQL server as the city's central store; the `--central` value that
names a file or a server, and the server's password when libpq finds none."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from survey_app.cli.base import echo_json, main
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


@main.group()
def server() -> None:
    """A PostgreSQL server as the central store of a city (instead of a central file).

    Example: survey-app server init postgresql://admin@db.example.cn/city
    """


@server.command("init")
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def init(url: str, as_json: bool) -> None:
    """Create (or bring up to date) the server's tables, rights and row-level security; the
    role in the URL becomes the server's admin. Safe to run again.

    Example: survey-app server init postgresql://admin@db.example.cn/city
    """
    from survey_app.actions.server import init_server

    done = with_server_password(url, lambda password: init_server(url=url, password=password))
    if as_json:
        echo_json(done.as_json())
        return
    applied = "、".join(str(n) for n in done.applied) or "无(已是最新)"
    click.echo(f"服务器 {done.server} 已就绪:架构版本 {done.version},本次应用的迁移:{applied}")
