"""`vote void` and `vote import`: correcting a vote, and an online platform's results."""

from __future__ import annotations

from pathlib import Path

import click

from survey_app.cli.base import echo_json, state
from survey_app.cli.rounds import COMPOUND, HOUSEHOLD, ROUND, vote_group


@vote_group.command("void")
@COMPOUND
@HOUSEHOLD
@ROUND
@click.option("--reason", required=True, help="Why (作废原因), e.g. 记错户,应为 3-2-502.")
@click.option("--vote", "vote_id", help="The vote's id, when the household has several in force.")
@click.option("--json", "as_json", is_flag=True, help="Print the void as JSON.")
def vote_void(
    compound_code: str,
    address: str,
    round_no: int,
    reason: str,
    vote_id: str | None,
    as_json: bool,
) -> None:
    """Void (作废) a vote recorded by mistake, e.g. on the wrong household: it stays in the
    history, struck through, and no tally counts it. A surveyor voids votes this laptop
    recorded; the office any vote. The round must be open.

    Example: survey-app vote void --compound NH-001 --household 3-2-501 --round 1
             --reason "记错户,应为 3-2-502"
    """
    from survey_app.actions.compounds import household_at
    from survey_app.actions.votes import void_household_vote

    store = state().store()
    target = household_at(store=store, compound=compound_code, address=address)
    void = void_household_vote(
        store=store, household=target, round_no=round_no, reason=reason, vote_id=vote_id
    )
    if as_json:
        echo_json({
            "id": void.id, "vote": void.vote, "household": target.id, "address": target.address,
            "round": round_no, "reason": void.reason, "surveyor": void.surveyor,
            "device": void.device, "device_name": void.device_name, "time": void.created_at,
        })  # fmt: skip
    else:
        click.echo(f"已作废 {target.address} 第{round_no}轮意见 {void.vote}:{void.reason}")


@vote_group.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@COMPOUND
@ROUND
@click.option("--dry-run", is_flag=True, help="List what would be imported; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def vote_import(
    path: Path, compound_code: str, round_no: int, dry_run: bool, as_json: bool
) -> None:
    """Import an online platform's vote export (e.g. 邻礼通 事项表决 .xlsx/.csv) as votes of
    channel 线上. Each row's address and owner name must match the roster; rows that do not
    (no such address, another name, an unknown choice, a household not eligible) are listed
    with their row numbers and nothing is imported from them. One transaction; importing the
    same file again imports nothing twice.

    Example: survey-app vote import 表决结果.xlsx --compound NH-001 --round 1 --dry-run
    """
    from survey_app.actions.online_votes import import_online_votes
    from survey_app.core.vocabulary import import_reason_words

    report = import_online_votes(
        store=state().store(), path=path, compound=compound_code, round_no=round_no,
        dry_run=dry_run,
    )  # fmt: skip
    if as_json:
        echo_json(report.as_json())
        return
    verb = "将导入" if dry_run else "已导入"
    click.echo(f"{verb} {report.imported_count} 条线上意见;已导入过 {len(report.already)} 条;"
               f"未匹配 {len(report.unmatched)} 行")  # fmt: skip
    for row in report.matched:
        click.echo(f"  第{row.row}行 {row.address} {row.name} → {row.choice_word}")
    for bad in report.unmatched:
        click.echo(f"  第{bad.row}行 未导入:{import_reason_words(bad.reason, bad.detail)}")
