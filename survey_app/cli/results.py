"""`tally` and `rank`: the figures a committee posts and a project manager ranks by."""

from __future__ import annotations

from pathlib import Path

import click

from survey_app.cli.base import DATA_FILE, echo_json, main, reading_store
from survey_app.cli.tables import echo_table


@main.command()
@click.option("--compound", "compound_code", required=True, help="Compound code.")
@click.option("--round", "round_no", required=True, type=click.IntRange(1, 2))
@DATA_FILE
@click.option("--json", "as_json", is_flag=True, help="Print the tally as JSON.")
def tally(compound_code: str, round_no: int, data_file: Path | None, as_json: bool) -> None:
    """The tally of a round: counts over ALL eligible households, the rate, the verdict.

    Example: survey-app tally --compound NH-001 --round 1 --file /media/usb/中心.db --json
    """
    from survey_app.core.tally import RoundStatus
    from survey_app.core.vocabulary import VERDICTS, area_words, rule_words, word
    from survey_app.store.compounds import get_compound
    from survey_app.store.tallies import compute_tally, tally_json

    store = reading_store(data_file)
    found = get_compound(store=store, code=compound_code)
    data = tally_json(store=store, compound=found.code, round_no=round_no)
    if as_json:
        echo_json(data)
        return
    result = compute_tally(store=store, compound=found.code, round_no=round_no)
    c = result.counts
    click.echo(f"{found.code} {found.name} 第{round_no}轮征询({word(result.status)})")
    click.echo(f"规则:{rule_words(result.rule)}")
    if result.status is RoundStatus.CLOSED and not data["frozen"]:
        click.echo("注意:本轮由旧版本结束,未保存应征询户名单(未冻结),按当前名册统计")
    echo_table(
        ["应征询", "同意", "不同意", "弃权", "未表态", "待核实", "逾期", "同意率"],
        [
            [
                c.eligible,
                c.agree,
                c.disagree,
                c.abstain,
                c.no_response,
                c.pending,
                result.late,
                f"{result.rate}%",
            ]
        ],
    )
    if result.rule.double_majority:
        click.echo(area_words(result))
    if result.passed:
        click.echo(f"结论:{VERDICTS['passed'].zh}")
    elif result.needed:
        click.echo(f"结论:{VERDICTS['short'].zh.format(needed=result.needed)}")
    else:
        click.echo(f"结论:{VERDICTS['short_area'].zh.format(area=result.area_needed)}")
    if data["fingerprint"]:
        click.echo(f"指纹 SHA-256 {data['fingerprint']}")


@main.command()
@click.option("--round", "round_no", default=1, show_default=True, type=click.IntRange(1, 2))
@DATA_FILE
@click.option("--json", "as_json", is_flag=True, help="Print the ranking as JSON.")
def rank(round_no: int, data_file: Path | None, as_json: bool) -> None:
    """Rank the compounds by approval rate: passed first, deferred (暂缓改造) last.

    Example: survey-app rank --round 1 --json
    """
    from survey_app.core.ranking import Standing
    from survey_app.core.vocabulary import word
    from survey_app.store.tallies import ranking_json

    items = ranking_json(store=reading_store(data_file), round_no=round_no)
    if as_json:
        echo_json(items)
        return
    echo_table(
        ["名次", "编码", "小区", "应征询", "同意", "同意率", "状态"],
        [
            [
                i["position"],
                i["compound"],
                i["name"],
                i["eligible"],
                i["agree"],
                f"{i['rate']}%",
                word(Standing(str(i["status"]))),
            ]
            for i in items
        ],
    )
