"""`device`: this laptop's identity; `device enroll` / `revoke`: the office admits laptops."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from survey_app.cli.base import echo_json, main, state
from survey_app.cli.server_access import CentralTarget

CENTRAL = click.option(
    "--central",
    type=CentralTarget(),
    help="Also sync the office's file with this central file (or PostgreSQL server), so the "
    "laptops learn it.",
)


COMPOUNDS = click.option(
    "--compounds",
    help="The compounds the laptop works in, codes separated by commas (NH-001,NH-002), or all.",
)


@main.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def device(ctx: click.Context, as_json: bool) -> None:
    """This database's device: id, name, role and key fingerprint, and its office.

    Read the fingerprint to the office, which enrols it. Example: survey-app device --json
    """
    if ctx.invoked_subcommand is not None:
        return
    from survey_app.actions.devices import identity

    info = identity(store=state().store())
    if as_json:
        echo_json(info.as_json())
        return
    role = "办公室" if info.role == "office" else "入户调查"
    click.echo(f"本机编号 {info.id}  名称 {info.name or '(未设置)'}  角色 {role}")
    click.echo(f"密钥指纹 {info.fingerprint}")
    if not info.authority:
        click.echo("所属办公室 (尚未同步:首次同步时记下中心文件所属办公室)")
    elif info.authority == info.fingerprint:
        click.echo("所属办公室 本机(本机持有办公室密钥)")
    else:
        click.echo(f"所属办公室 密钥指纹 {info.authority}")
        if not info.enrolled:
            click.echo("尚未登记:本机记录的意见不计入统计,请办公室登记上面的密钥指纹")


@device.command()
@click.option("--fingerprint", help="The laptop's key fingerprint, as `survey-app device` shows.")
@click.option(
    "--role", type=click.Choice(["field", "office"]), default="field", show_default=True,
    help="office: may also write compounds, rosters and round rules.",
)  # fmt: skip
@click.option(
    "--before-signing", is_flag=True,
    help="Enrol every device whose records from before signing this file holds.",
)  # fmt: skip
@COMPOUNDS
@CENTRAL
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def enroll(
    fingerprint: str | None,
    role: str,
    before_signing: bool,
    compounds: str | None,
    central: Path | str | None,
    as_json: bool,
) -> None:
    """Count a laptop's records: the office enrols its key fingerprint, and gives it its
    compounds (without --compounds it works in all of them).

    Example: survey-app --db office.db device enroll --central E:/central.db
    --fingerprint 3F2A-91C0-77DE-0A1B-5C9E --compounds NH-001,NH-002
    """
    from survey_app.actions import devices
    from survey_app.core.errors import InvalidInput
    from survey_app.store.assignments import parse_compounds

    store = state().store()
    if before_signing:
        enrolled = devices.enrol_before_signing(
            store=store, central=central, central_passphrase=_passphrase(central),
            server_password=_password(central),
        )  # fmt: skip
        _say(as_json, {"enrolled_devices": enrolled}, f"已登记 {len(enrolled)} 台签名前的设备")
        return
    if not fingerprint:
        raise InvalidInput(code="fingerprint_needed")
    given = None if compounds is None else parse_compounds(compounds)
    password = _password(central)  # asked first: a password missing writes nothing
    written = devices.enrol(
        store=store,
        fingerprint=fingerprint,
        role=role,
        compounds=given,
        central=central,
        central_passphrase=_passphrase(central),
        server_password=password,
    )
    where = f",已写入 {_shown(central)}" if central else ""
    text = f"已登记 {written}({role}){where}"
    if compounds is not None:
        text += f";分配小区 {_compounds_text(given)}"
    data: dict[str, object] = {"fingerprint": written, "role": role}
    if compounds is not None:
        data["compounds"] = _compounds_json(given)
    if isinstance(central, str):
        text += _server_login_text(central, written, data, password)
    _say(as_json, data, text)


def _server_login_text(
    url: str, fingerprint: str, data: dict[str, object], password: str | None
) -> str:
    """The device's login on the server, printed once; a street office syncing with its own
    login may not create roles: the enrolment is done, the admin creates the login."""
    from survey_app.actions.server import enrol_laptop
    from survey_app.core.errors import RefusedAction

    try:
        laptop = enrol_laptop(url=url, fingerprint=fingerprint, password=password)
    except RefusedAction as refused:
        if refused.code != "server_admin_only":
            raise
        data["server_role"] = None
        return ("\n服务器登录未创建(本机的服务器账户不能创建登录):请服务器管理员运行 "
                f"survey-app server login <服务器地址> --fingerprint {fingerprint}")  # fmt: skip
    data["server_role"] = laptop.as_json()
    return f"\n服务器登录(只显示这一次,请交给该电脑的使用人):{laptop.url}  密码 {laptop.password}"


def _shown(central: Path | str) -> str:
    """A central file's path, or a server's name without its password."""
    if isinstance(central, Path):
        return str(central)
    from survey_app.sync.server.connection import display_name

    return display_name(central)


@device.command()
@click.option("--fingerprint", required=True, help="The laptop's key fingerprint.")
@click.option(
    "--compounds", required=True,
    help="Compound codes separated by commas (NH-001,NH-002), or all.",
)  # fmt: skip
@CENTRAL
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def assign(fingerprint: str, compounds: str, central: Path | str | None, as_json: bool) -> None:
    """Change the compounds a laptop works in: at its next sync it receives theirs, and the
    other laptops' records of compounds taken from it are deleted from it.

    Example: survey-app --db office.db device assign --fingerprint 3F2A-91C0-77DE-0A1B-5C9E
    --compounds NH-001,NH-003 --central E:/central.db
    """
    from survey_app.actions import devices
    from survey_app.core.keys import normalise_fingerprint
    from survey_app.store.assignments import parse_compounds

    given = parse_compounds(compounds)
    written = devices.assign(
        store=state().store(),
        fingerprint=fingerprint,
        compounds=given,
        central=central,
        central_passphrase=_passphrase(central),
        server_password=_password(central),
    )
    shown = normalise_fingerprint(fingerprint)
    data: dict[str, object] = {"fingerprint": shown, "compounds": _compounds_json(written)}
    _say(as_json, data, f"已为 {shown} 分配小区 {_compounds_text(written)}")


@device.command("assignments")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def list_assignments(as_json: bool) -> None:
    """The compounds each laptop was given (a laptop not listed works in all of them).

    Example: survey-app --db office.db device assignments
    """
    from survey_app.actions.devices import assignments

    found = assignments(store=state().store())
    if as_json:
        echo_json([a.as_json() for a in found])
        return
    if not found:
        click.echo("尚未给任何电脑分配小区:每台电脑都接收全部小区")
    for a in found:
        click.echo(f"{a.name or a.fingerprint}  指纹 {a.fingerprint}  "
                   f"小区 {_compounds_text(a.compounds)}")  # fmt: skip


def _compounds_json(compounds: Iterable[str] | None) -> list[str] | None:
    return None if compounds is None else sorted(compounds)


def _compounds_text(compounds: Iterable[str] | None) -> str:
    listed = _compounds_json(compounds)
    return "全部" if listed is None else "、".join(listed) or "(无)"


@device.command()
@click.option("--fingerprint", required=True, help="The key fingerprint of the device.")
@click.option(
    "--keep-up-to", type=click.IntRange(0), default=None,
    help="Count its records up to this number (0: none; default: all held now).",
)  # fmt: skip
@CENTRAL
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def revoke(
    fingerprint: str, keep_up_to: int | None, central: Path | str | None, as_json: bool
) -> None:
    """Stop counting a device's later records (a lost laptop, a forged one).

    Example: survey-app --db office.db device revoke --fingerprint 3F2A-91C0-77DE-0A1B-5C9E
    """
    from survey_app.actions import devices

    written = devices.revoke(
        store=state().store(), fingerprint=fingerprint, keep_up_to=keep_up_to, central=central,
        central_passphrase=_passphrase(central), server_password=_password(central),
    )  # fmt: skip
    _say(as_json, {"fingerprint": written, "keep_up_to": keep_up_to}, f"已撤销 {written}")


@device.command()
@click.option(
    "--central", type=click.Path(dir_okay=False, path_type=Path),
    help="The central file: only the records it lacks are issued again (needed once synced).",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def reset(central: Path | None, as_json: bool) -> None:
    """A new identity for a data file restored from a backup or copied to another computer.

    Gives this file a new device id and key, and writes again, under the new identity, every
    record the central file never received; nothing is lost or counted twice. Sync next, and
    ask the office to enrol the new fingerprint.
    Example: survey-app device reset --central E:/central.db
    """
    from survey_app.actions import devices

    done = devices.reset(
        store=state().store(), central=central, central_passphrase=_passphrase(central)
    )
    if as_json:
        echo_json(done.as_json())
        return
    click.echo(f"本机已换用新的身份:设备编号 {done.device}(原 {done.old_device})")
    click.echo(f"重新发出 {done.reissued} 条中心文件没有的记录;"
               f"中心文件已有的 {done.kept} 条仍归原身份,照常计入")  # fmt: skip
    if done.key_kept:
        click.echo(f"本机持有办公室密钥,密钥指纹不变 {done.fingerprint},无需重新登记")
        return
    click.echo(f"新的密钥指纹 {done.fingerprint}")
    click.echo("请办公室登记这个新指纹(survey-app device enroll --fingerprint …),"
               "然后同步:登记之前,新身份记录的意见不计入统计")  # fmt: skip
    click.echo(f"原密钥指纹 {done.old_fingerprint}:如已没有别的电脑以原身份记录"
               "(从备份恢复的情形),办公室可以撤销它;"
               "复制出的另一台电脑仍在用它时不要撤销")  # fmt: skip


@device.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def list_uncounted(as_json: bool) -> None:
    """Devices whose records this file holds but does not count (not enrolled, or revoked).

    Example: survey-app --db office.db device list
    """
    from survey_app.actions.devices import newcomers

    found = newcomers(store=state().store())
    if as_json:
        echo_json([vars(n) for n in found])
        return
    if not found:
        click.echo("没有未计入的设备")
    for n in found:
        click.echo(f"{n.name or n.device}  指纹 {n.fingerprint or '无(签名前)'}  "
                   f"记录 {n.records} 条  意见 {n.votes} 条")  # fmt: skip


def _say(as_json: bool, data: dict[str, object], text: str) -> None:
    if as_json:
        echo_json(data)
    else:
        click.echo(text)


def _password(central: Path | str | None) -> str | None:
    """A server's password when libpq finds none (asked at the terminal), before anything is
    written; None for a central file, or when libpq has its own."""
    from survey_app.cli.server_access import server_password

    return server_password(central) if isinstance(central, str) else None


def _passphrase(central: Path | str | None) -> str | None:
    """The central file's passphrase (SURVEY_APP_CENTRAL_PASSPHRASE or asked) when one is given
    (a server has none: libpq finds its password)."""
    from survey_app.cli import passphrases

    return None if central is None or isinstance(central, str) else passphrases.central(central)
