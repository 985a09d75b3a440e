"""`compound`, `roster` and `household` commands."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from survey_app.cli.base import echo_json, main, state
from survey_app.cli.tables import echo_table


@main.group()
def compound() -> None:
    """Compounds (小区) of the batch."""


@compound.command("add")
@click.option("--code", required=True, help="Short stable code, e.g. NH-001.")
@click.option("--name", required=True, help="Name, e.g. 东方新村.")
@click.option("--district", help="区, e.g. 南湖区.")
@click.option("--street", help="街道, e.g. 解放街道.")
@click.option("--community", help="社区, e.g. 东方社区.")
@click.option("--built", type=int, help="Year the compound was built.")
def compound_add(
    code: str,
    name: str,
    district: str | None,
    street: str | None,
    community: str | None,
    built: int | None,
) -> None:
    """Add a compound, or update its details.

    Example: survey-app compound add --code NH-001 --name 东方新村 --street 解放街道
    """
    from survey_app.actions.compounds import save_compound

    saved = save_compound(
        store=state().store(),
        code=code,
        name=name,
        district=district,
        street=street,
        community=community,
        built=built,
    )
    click.echo(f"已保存小区 {saved.code} {saved.name}")


@compound.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def compound_list(as_json: bool) -> None:
    """List the compounds with their household counts.

    Example: survey-app compound list --json
    """
    from survey_app.actions.compounds import compound_summaries

    items = [
        {
            "code": s.compound.code,
            "name": s.compound.name,
            "district": s.compound.district,
            "street": s.compound.street,
            "community": s.compound.community,
            "built": s.compound.built,
            "households": s.households,
        }
        for s in compound_summaries(store=state().store())
    ]
    if as_json:
        echo_json(items)
        return
    echo_table(
        ["编码", "名称", "区", "街道", "社区", "建成", "户数"],
        [list(i.values()) for i in items],
    )


@main.group()
def roster() -> None:
    """Rosters (住户名册) from the community grid office."""


@roster.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--compound", "compound_code", required=True, help="Compound code, e.g. NH-001.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def roster_import(file: Path, compound_code: str, as_json: bool) -> None:
    """Import a roster (.xlsx or .csv, Chinese or English headers) into a compound.

    Bad rows are reported with their row number and reason; the good rows import.
    Importing the same file again changes nothing.
    Example: survey-app roster import 东方新村名册.xlsx --compound NH-001
    """
    from survey_app.actions.roster import import_roster

    report = import_roster(store=state().store(), path=file, compound=compound_code)
    if as_json:
        echo_json(report.as_json())
        return
    click.echo(
        f"导入 {report.imported} 户,未变化 {report.unchanged} 户,有误 {len(report.errors)} 行"
        + (f",跳过表尾 {len(report.skipped)} 行" if report.skipped else "")
    )
    for error in report.errors:
        click.echo(f"  第 {error.row} 行:{error.reason}")
    for skipped in report.skipped:
        click.echo(f"  第 {skipped.row} 行:{skipped.reason}")
    for round_no in report.closed_rounds:
        click.echo(f"第{round_no}轮已结束:本次名册只影响之后开始的征询")
    for round_no in report.unfrozen_closed_rounds:
        click.echo(f"第{round_no}轮由旧版本结束,未保存应征询名单:本次名册会改变其统计")


@main.group()
def household() -> None:
    """Households (户) of a compound."""


@household.command("list")
@click.option("--compound", "compound_code", required=True, help="Compound code.")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def household_list(compound_code: str, as_json: bool) -> None:
    """List a compound's households in address order.

    Example: survey-app household list --compound NH-001
    """
    from survey_app.actions.compounds import compound_households

    households = compound_households(store=state().store(), compound=compound_code)
    if as_json:
        echo_json([asdict(h) for h in households])
        return
    echo_table(
        ["地址", "户主", "电话", "面积", "性质", "应征询"],
        [
            [h.address, h.head, h.phone, h.area, tenure_zh(h.tenure), "是" if h.eligible else "否"]
            for h in households
        ],
    )


@household.command("erase")
@click.option("--compound", "compound_code", required=True, help="Compound code.")
@click.option("--address", required=True, help="The household's address, e.g. 3-1-201.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def household_erase(compound_code: str, address: str, yes: bool, as_json: bool) -> None:
    """Erase a household's personal data (office only): names, phones, signature images and
    free-text notes. The household stays on the roster and its votes still count; every copy
    loses the data at its next sync.

    Example: survey-app household erase --compound NH-001 --address 3-1-201 --yes
    """
    from survey_app.actions.erasure import erase_at_address

    if not yes and not as_json:
        click.confirm(f"删除 {compound_code} {address} 的个人信息(不可恢复)?", abort=True)
    report = erase_at_address(store=state().store(), compound=compound_code, address=address)
    if as_json:
        echo_json(report.as_json())
        return
    click.echo(
        f"已删除 {report.address} 的个人信息({report.records} 条记录);其他电脑下次同步时删除"
    )


def tenure_zh(value: str | None) -> str:
    from survey_app.core.roster import Tenure
    from survey_app.core.vocabulary import word

    return word(Tenure(value)) if value else ""
