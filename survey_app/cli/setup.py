"""`init` and `demo`: set up this laptop's database, or fill it with a sample batch."""

from __future__ import annotations

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
    from survey_app.core.errors import RefusedAction
    from survey_app.store.database import open_store

    path = state().db_path
    existed = path is not None and path.exists()
    store = open_store(path, device_name=device_name, surveyor=surveyor,
                       role="office" if office else "field")  # fmt: skip
    if existed and office and store.role != "office":
        raise RefusedAction(code="not_made_office", path=str(store.path))
    info = {
        "db": str(store.path),
        "device": store.device_id,
        "device_name": store.device_name,
        "surveyor": store.surveyor,
        "role": store.role,
        "fingerprint": store.fingerprint,
    }
    if as_json:
        echo_json(info)
    else:
        click.echo(f"数据文件 {info['db']}")
        click.echo(f"本机编号 {info['device']}  名称 {info['device_name'] or '(未设置)'}")
        click.echo(f"调查员   {info['surveyor'] or '(未设置)'}")
        click.echo(f"角色     {'办公室' if store.role == 'office' else '入户调查'}")
        click.echo(f"密钥指纹 {info['fingerprint']}")


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

    store = state().store()
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
    if surveys:
        click.echo(f"已录入 {batch.surveyed} 户的入户需求调查")
