"""`init` and `demo`: set up this laptop's database, or fill it with a sample batch."""

from __future__ import annotations

from pathlib import Path

import click

from survey_app.cli.base import echo_json, main, state


@main.command()
@click.option("--device", "device_name", help="A name for this laptop, e.g. 解放街道-01.")
@click.option("--surveyor", help="The surveyor's name, recorded with each vote.")
@click.option(
    "--office", is_flag=True,
    help="The office's database: it holds the key that enrols laptops (the batch's authority).",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def init(device_name: str | None, surveyor: str | None, office: bool, as_json: bool) -> None:
    """Create the database (or update this laptop's name and surveyor). A new database is a
    field laptop, which learns its office at its first sync; `--office` makes the office's.

    Example: survey-app init --device 解放街道-01 --surveyor 王芳
    """
    from survey_app.cli import passphrases
    from survey_app.core.errors import RefusedAction
    from survey_app.store.database import default_db_path, open_store
    from survey_app.store.encryption import is_encrypted

    path = state().db_path or default_db_path()
    existed = path.exists()
    store = open_store(path, device_name=device_name, surveyor=surveyor,
                       role="office" if office else "field",
                       passphrase=passphrases.laptop(path))  # fmt: skip
    if existed and office and store.role != "office":
        raise RefusedAction(code="not_made_office", path=str(store.path))
    info = {
        "db": str(store.path),
        "device": store.device_id,
        "device_name": store.device_name,
        "surveyor": store.surveyor,
        "role": store.role,
        "fingerprint": store.fingerprint,
        "encrypted": is_encrypted(store.path),
    }
    if as_json:
        echo_json(info)
    else:
        click.echo(f"数据文件 {info['db']}")
        click.echo(f"本机编号 {info['device']}  名称 {info['device_name'] or '(未设置)'}")
        click.echo(f"调查员   {info['surveyor'] or '(未设置)'}")
        click.echo(f"角色     {'办公室' if store.role == 'office' else '入户调查'}")
        click.echo(f"密钥指纹 {info['fingerprint']}")
        if info["encrypted"]:
            click.echo("已加密   请记住口令:忘记口令,本机尚未同步的记录将无法找回")
        else:
            click.echo("未加密   运行 survey-app encrypt 加密本文件(丢失电脑时保护住户信息)")


@main.command()
@click.option("--seed", default=2027, show_default=True, help="Random seed: same seed, same batch.")
@click.option("--compounds", default=8, show_default=True, type=click.IntRange(1, 5000))
@click.option("--min-households", default=100, show_default=True, type=click.IntRange(1, 20000))
@click.option("--max-households", default=800, show_default=True, type=click.IntRange(1, 20000))
@click.option("--votes/--no-votes", default=True, show_default=True, help="Also record votes.")
@click.option(
    "--surveys/--no-surveys", default=True, show_default=True, help="Also record needs surveys."
)
def demo(
    seed: int, compounds: int, min_households: int, max_households: int, votes: bool, surveys: bool
) -> None:
    """Fill the database with a sample batch of compounds, rosters and (optionally) votes
    and needs surveys.

    With votes, round 1 is closed for all but the last two compounds, and round 2 is under
    way where round 1 passed. Example: survey-app --db demo.db demo --compounds 20
    """
    from survey_app.actions.demo import make_demo
    from survey_app.store.encryption import is_encrypted

    store = state().store(plain_if_new=True)
    batch = make_demo(
        store=store,
        seed=seed,
        compounds=compounds,
        min_households=min_households,
        max_households=max_households,
        votes=votes,
        surveys=surveys,
    )
    click.echo(f"已生成示例数据:{batch.compounds} 个小区,{batch.households} 户 → {store.path}")
    if not is_encrypted(store.path):
        click.echo("示例数据文件未加密(只含虚构的住户,不要在其中录入真实数据)")
    if surveys:
        click.echo(f"已录入 {batch.surveyed} 户的入户需求调查")


@main.command()
@click.option(
    "--db", "path", type=click.Path(dir_okay=False, path_type=Path),
    help="The plain data file to encrypt: a laptop's or a central file (default: --db of the "
    "command line, or this laptop's).",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def encrypt(path: Path | None, as_json: bool) -> None:
    """Encrypt a plain data file in place (a laptop's: SURVEY_APP_PASSPHRASE; a central file:
    SURVEY_APP_CENTRAL_PASSPHRASE; or typed twice). A cut-off run leaves the plain file or
    the encrypted one, never neither. Close the app that has the file open first.

    Example: survey-app encrypt --db E:/central.db
    """
    from survey_app.actions.data_files import check_encryptable
    from survey_app.actions.data_files import encrypt as encrypt_action
    from survey_app.cli import passphrases
    from survey_app.store.database import default_db_path

    path = path or state().db_path or default_db_path()
    role = check_encryptable(path=path)
    if role == "central":
        passphrase = passphrases.new_passphrase(
            passphrases.CENTRAL_VARIABLE,
            prompt="中心文件的新口令 New passphrase of the central file",
        )
    else:
        passphrase = passphrases.new_passphrase(
            passphrases.LAPTOP_VARIABLE, prompt="数据文件的新口令 New passphrase"
        )
    done = encrypt_action(path=path, passphrase=passphrase)
    if as_json:
        echo_json(done.as_json())
        return
    what = "中心文件" if done.role == "central" else "本机数据文件"
    click.echo(f"已加密{what} {done.path}({done.records} 条记录);请记住口令,忘记将无法打开")
