"""`server init`: a PostgreSQL server as the city's central store."""

from __future__ import annotations

import click

from survey_app.cli.base import echo_json, main
from survey_app.cli.server_access import with_server_password


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


@server.command("login")
@click.argument("url")
@click.option("--fingerprint", required=True, help="The device's key fingerprint.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def login(url: str, fingerprint: str, as_json: bool) -> None:
    """Create (or create anew: the old password stops working) the login role of a device an
    office enrolled, and print its password once. The admin does this for the laptops a
    street office enrolled, which syncs with a login of its own.

    Example: survey-app server login postgresql://admin@db.example.cn/city
    --fingerprint 3F2A-91C0-77DE-0A1B-5C9E
    """
    from survey_app.actions.server import enrol_laptop

    made = with_server_password(
        url, lambda password: enrol_laptop(url=url, fingerprint=fingerprint, password=password)
    )
    if as_json:
        echo_json(made.as_json())
        return
    click.echo(f"服务器登录(只显示这一次,请交给该电脑的使用人):{made.url}  密码 {made.password}")
