"""`round open`, `round close`, `vote` and `visit`."""

from __future__ import annotations

from datetime import date, datetime

import click

from survey_app.cli.base import main, state

ROUND = click.option("--round", "round_no", required=True, type=click.IntRange(1, 2))
COMPOUND = click.option("--compound", "compound_code", required=True, help="Compound code.")


@main.group("round")
def round_group() -> None:
    """Consent rounds (征询轮次): open with a rule, close to freeze the tally."""


@round_group.command("open")
@COMPOUND
@ROUND
@click.option("--threshold", default="80%", show_default=True, help="80%, 4/5, 0.8, 2/3 ...")
@click.option("--strict", is_flag=True, help="超过: strictly more than the threshold.")
@click.option("--double-majority", is_flag=True, help="Also require the same share of area.")
@click.option("--starts", type=click.DateTime(["%Y-%m-%d"]), help="Start date, YYYY-MM-DD.")
@click.option("--ends", type=click.DateTime(["%Y-%m-%d"]), help="End date, YYYY-MM-DD.")
def round_open(
    compound_code: str,
    round_no: int,
    threshold: str,
    strict: bool,
    double_majority: bool,
    starts: datetime | None,
    ends: datetime | None,
) -> None:
    """Open a round with its rule (default: agree ≥ 80% of all eligible households).

    Round 2 opens only after round 1 closed and passed.
    Example: survey-app round open --compound NH-001 --round 1 --threshold 80% --ends 2027-03-31
    """
    from survey_app.actions.rounds import open_round
    from survey_app.core.rules import ConsentRule, parse_threshold
    from survey_app.core.vocabulary import rule_words

    rule = ConsentRule(parse_threshold(threshold), not strict, double_majority)
    opened = open_round(
        store=state().store(),
        compound=compound_code,
        round_no=round_no,
        rule=rule,
        starts=_day(starts),
        ends=_day(ends),
    )
    click.echo(f"{opened.compound} 第{round_no}轮征询已开始:{rule_words(rule)}")


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


@round_group.command("close")
@COMPOUND
@ROUND
def round_close(compound_code: str, round_no: int) -> None:
    """Close a round: freeze its tally and store the fingerprint of its votes.

    Votes that arrive later (by a late sync) are kept and shown as late, never counted.
    Warns (on stderr) when the announced end date is not reached and names the enrolled
    laptops that have sent no vote of this round.
    Example: survey-app round close --compound NH-001 --round 1
    """
    from survey_app.actions.rounds import close_preview, close_round
    from survey_app.core.clock import today

    store = state().store()
    preview = close_preview(store=store, compound=compound_code, round_no=round_no)
    if preview.early_end:
        click.echo(
            f"注意 Notice: 本轮公布的截止日期 {preview.early_end} 尚未到(今天 "
            f"{today().isoformat()}) / the announced end date is not reached yet",
            err=True,
        )
    if preview.silent:
        click.echo(
            f"注意 Notice: {len(preview.silent)} 台已登记的笔记本还没有本轮的意见同步到本机,"
            f"可能还有未同步的意见 / enrolled laptops with no vote of this round here: "
            f"{'、'.join(preview.silent)}",
            err=True,
        )
    closed = close_round(store=store, compound=compound_code, round_no=round_no)
    tally = closed.tally
    verdict = "达到通过比例" if tally.passed else "未达到通过比例 → 暂缓改造"
    click.echo(
        f"{closed.state.compound} 第{round_no}轮征询已结束:同意 {tally.counts.agree} / "
        f"应征询 {tally.counts.eligible} 户({tally.rate}%),{verdict}"
    )
    click.echo(f"指纹 SHA-256 {closed.state.fingerprint}")


class VoteGroup(click.Group):
    """`vote --compound …` records a vote (its `record` command); `vote void …`, `vote import …`
    are the other commands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["record", *args]
        return super().parse_args(ctx, args)


@main.group("vote", cls=VoteGroup)
def vote_group() -> None:
    """Votes (意见): record one (`vote --compound … --household … --choice …`, the same as
    `vote record …`), void one recorded by mistake (`vote void`), import an online platform's
    results (`vote import`)."""


HOUSEHOLD = click.option(
    "--household", "address", required=True, help="Address, e.g. 3-2-501 or 3幢2单元501室."
)


@vote_group.command("record")
@COMPOUND
@HOUSEHOLD
@ROUND
@click.option("--choice", required=True, help="agree|disagree|abstain (同意/不同意/弃权).")
@click.option("--signer", help="Who signed (default: nobody named).")
@click.option("--relation", default="self", show_default=True, help="self|family|proxy.")
@click.option(
    "--channel", default="door", show_default=True, help="door|paper|meeting|phone|online."
)
@click.option("--note", help="Note; a proxy needs the 委托书 details here.")
@click.option("--called-number", help="Channel phone (电话核实): the number called.")
@click.option("--called-by", help="Channel phone: who called (default: this laptop's surveyor).")
def vote(
    compound_code: str,
    address: str,
    round_no: int,
    choice: str,
    signer: str | None,
    relation: str,
    channel: str,
    note: str | None,
    called_number: str | None,
    called_by: str | None,
) -> None:
    """Record a household's vote in an open round (a new vote replaces the earlier one).

    Example: survey-app vote --compound NH-001 --household 3-2-501 --round 1 --choice 同意
    Example: survey-app vote --compound NH-001 --household 3-2-501 --round 1 --choice 同意
             --channel phone --called-number 13800000101
    """
    from survey_app.actions.compounds import household_at
    from survey_app.actions.votes import record_vote
    from survey_app.core.vocabulary import word
    from survey_app.core.votes import parse_channel, parse_choice, parse_relation

    store = state().store()
    target = household_at(store=store, compound=compound_code, address=address)
    recorded = record_vote(
        store=store,
        household=target,
        round_no=round_no,
        choice=parse_choice(choice),
        signer=signer,
        relation=parse_relation(relation),
        channel=parse_channel(channel),
        note=note,
        called_number=called_number,
        called_by=called_by,
    )
    replaced = f"(替换此前 {len(recorded.replaces)} 条意见)" if recorded.replaces else ""
    click.echo(f"已记录 {target.address} 第{round_no}轮意见:{word(recorded.choice)}{replaced}")


@main.command()
@COMPOUND
@click.option(
    "--household", "address", required=True, help="Address, e.g. 3-2-501 or 3幢2单元501室."
)
@click.option(
    "--outcome",
    required=True,
    help="not_home|come_back|refused|vacant (无人在家/改日再访/拒绝入户/空置).",
)
@click.option(
    "--come-back", type=click.DateTime(["%Y-%m-%d"]), help="改日再访: the day agreed, YYYY-MM-DD."
)
@click.option("--round", "round_no", type=click.IntRange(1, 2),
              help="The round (default: the one open now; none when none is).")  # fmt: skip
@click.option("--note", help="Note (personal data: kept, never printed).")
@click.option("--json", "as_json", is_flag=True, help="Print the recorded visit as JSON.")
def visit(
    compound_code: str,
    address: str,
    outcome: str,
    come_back: datetime | None,
    round_no: int | None,
    note: str | None,
    as_json: bool,
) -> None:
    """Record a visit that gave no opinion; it is never counted as a vote.

    Example: survey-app visit --compound NH-001 --household 3-2-501 --outcome 改日再访
    --come-back 2027-04-02
    """
    from survey_app.actions.compounds import household_at
    from survey_app.actions.visits import record_visit
    from survey_app.cli.base import echo_json
    from survey_app.core.visits import parse_visit_outcome
    from survey_app.core.vocabulary import word

    store = state().store()
    target = household_at(store=store, compound=compound_code, address=address)
    recorded = record_visit(
        store=store,
        household=target,
        outcome=parse_visit_outcome(outcome),
        come_back_on=_day(come_back),
        note=note,
        round_no=round_no,
    )
    if as_json:
        echo_json({**recorded.as_json(), "address": target.address})
        return
    back = f",约定 {recorded.come_back_on} 再访" if recorded.come_back_on else ""
    within = f"第{recorded.round_no}轮" if recorded.round_no else "(不在征询轮次内)"
    click.echo(f"已记录 {target.address} {within}走访:{word(recorded.outcome)}{back}")
