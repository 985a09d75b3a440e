"""`sync`, `conflicts`, `check-file` and `export`: the central file and what comes out of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from survey_app.cli.base import DATA_FILE, echo_json, main, reading_store, state
from survey_app.cli.server_access import CentralTarget, with_server_password
from survey_app.cli.tables import echo_table


@main.command()
@click.option(
    "--central",
    required=True,
    type=CentralTarget(),
    help="The central file on a USB stick or shared folder (created when missing), or a "
    "PostgreSQL server (postgresql://user@host/db, see `survey-app server`).",
)
@click.option(
    "--send-only",
    is_flag=True,
    help="Only add this file's records to the central file; receive nothing (collecting files).",
)
@click.option(
    "--from-file",
    "from_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With a server: unite this central file with it instead of this laptop's file (the "
    "file's records into the server, the server's into the file; created when missing).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def sync(central: Path | str, send_only: bool, from_file: Path | None, as_json: bool) -> None:
    """Sync this laptop with the central file: records go both ways, nothing counted twice.

    Safe to repeat, to interrupt and to run from two laptops at once. Households whose votes
    from two laptops disagree are reported as conflicts (see `survey-app conflicts`).
    Example: survey-app sync --central /media/usb/南湖区2027.survey.db
    (a server: survey-app sync --central postgresql://laptop_city_3f2a@db.example.cn/city;
    an office's central file into the city server and back:
    survey-app sync --central postgresql://admin@db.example.cn/city --from-file E:/central.db)
    """
    from survey_app.actions.sync import sync_with_central
    from survey_app.cli import passphrases

    if from_file is not None:
        _unite(central, from_file, receive=not send_only, as_json=as_json)
        return
    store = state().store()
    if isinstance(central, str):
        server = central
        report = with_server_password(server, lambda password: sync_with_central(
            store=store, central=server, receive=not send_only, server_password=password
        ))  # fmt: skip
    else:
        report = sync_with_central(
            store=store, central=central, receive=not send_only,
            central_passphrase=passphrases.central(central),
        )  # fmt: skip
    if as_json:
        echo_json(report.as_json())
    else:
        made = "(新建)" if report.created else ""
        where = "服务器" if isinstance(central, str) else f"中心文件{made}"
        click.echo(
            f"同步完成:发送 {report.sent} 条,接收 {report.received} 条;"
            f"{where}共 {report.central_records} 条记录"
        )
        if report.recovered_own:
            click.echo(
                f"本机数据文件曾从备份恢复:已从中心文件取回本机的 {report.recovered_own} 条记录"
            )
        if report.removed:
            click.echo(
                f"办公室已调整本机的小区:已删除不再分配给本机的小区的 {report.removed} 条"
                "其他电脑的记录(本机自己的记录保留)"
            )
        if report.conflicts:
            click.echo(
                f"有 {report.conflicts} 户意见冲突待核实,"
                "请运行 survey-app conflicts 查看并重新入户确认"
            )
    for gap in report.gaps:
        ranges = "、".join(f"{a}–{b}" if a != b else str(a) for a, b in gap.ranges)
        click.echo(
            f"警告:设备 {gap.name} 的记录缺少 {gap.missing} 条(序号 {ranges}),"
            "请找回该电脑同步,或运行 survey-app check-file 检查",
            err=True,
        )
    if not as_json:
        _tell_rule_conflicts(store)
    _warn_about_clock(store)


def _replicated(url: str) -> Path:
    from survey_app.actions.server import replica_path, replicate_server
    from survey_app.cli import passphrases

    path = replica_path(url)
    passphrase = passphrases.central(path)
    with_server_password(url, lambda password: replicate_server(
        url=url, passphrase=passphrase, password=password))  # fmt: skip
    return path


def _unite(central: Path | str, path: Path, *, receive: bool, as_json: bool) -> None:
    from survey_app.actions.server import unite_file_with_server
    from survey_app.cli import passphrases
    from survey_app.core.errors import InvalidInput

    if not isinstance(central, str):
        raise InvalidInput(code="from_file_needs_server", path=str(path))
    passphrase = passphrases.central(path)
    done = with_server_password(central, lambda password: unite_file_with_server(
        path=path, url=central, passphrase=passphrase, receive=receive, password=password
    ))  # fmt: skip
    if as_json:
        echo_json(done.as_json())
        return
    made = "(新建)" if done.created else ""
    click.echo(
        f"中心文件{made} {path} 与服务器已合并:送入服务器 {done.sent} 条,"
        f"取回 {done.received} 条;文件共 {done.records} 条记录"
    )


def _tell_rule_conflicts(store: Any) -> None:
    from survey_app.actions.rule_conflicts import rule_conflicts

    found = rule_conflicts(store=store)
    if found:
        click.echo(f"有 {len(found)} 处规则/名册冲突待办公室处理,请运行 survey-app conflicts 查看")


def _warn_about_clock(store: Any) -> None:
    from survey_app.actions.sync import clock_check
    from survey_app.core.vocabulary import clock_warning_words

    warning = clock_check(store=store)
    if warning:
        words = clock_warning_words(
            warning.code, device=warning.device, newest=warning.newest, days=warning.days
        )
        click.echo(f"警告:{words}", err=True)


@main.command()
@click.option("--compound", "compound_code", help="Only this compound, e.g. NH-001.")
@DATA_FILE
@click.option("--json", "as_json", is_flag=True, help="Print the conflicts as JSON.")
@click.option(
    "--keep",
    "keep_record",
    metavar="RECORD",
    help="Settle a rule/roster conflict by keeping this version (on an office laptop).",
)
def conflicts(
    compound_code: str | None, data_file: Path | None, as_json: bool, keep_record: str | None
) -> None:
    """List households whose votes from two laptops disagree (待核实), with the competing votes,
    and office records (compound, roster row, round rule) written without seeing each other.

    Visit the household again and record its vote on a laptop that has synced both: the new
    vote replaces both and resolves the conflict once synced. A rule/roster conflict ends when
    the office saves the compound, imports the roster or opens the round again, or keeps one
    version with --keep RECORD.
    Example: survey-app conflicts --compound NH-001
    """
    from survey_app.actions.rule_conflicts import keep_version, rule_conflicts
    from survey_app.actions.votes import conflicts as list_conflicts

    if keep_record:
        kept = keep_version(store=state().store(), record_id=keep_record)
        click.echo(f"已保留记录 {keep_record} 的内容(新记录 {kept}),同步后冲突解除")
        return
    store = reading_store(data_file)
    found = list_conflicts(store=store, compound=compound_code)
    rules = rule_conflicts(store=store, compound=compound_code)
    if as_json:
        echo_json([{"kind": "vote", **c.as_json()} for c in found] + [r.as_json() for r in rules])
        return
    if not found:
        click.echo("没有意见冲突")
    else:
        _echo_vote_conflicts(found)
    if rules:
        _echo_rule_conflicts(rules)


def _echo_vote_conflicts(found: list[Any]) -> None:
    from survey_app.core.vocabulary import word

    click.echo(f"{len(found)} 户意见冲突待核实:")
    rows = [
        [c.compound, c.address, f"第{c.round_no}轮", word(v.choice), v.signer or "",
         v.surveyor or "", v.device_name or v.device, _time(v.created_at)]
        for c in found
        for v in c.votes
    ]  # fmt: skip
    echo_table(["小区", "地址", "轮次", "意见", "签字人", "调查员", "设备", "时间"], rows)


_RULE_KIND_ZH = {"compound": "小区", "household": "名册", "round_opened": "规则"}


def _echo_rule_conflicts(rules: list[Any]) -> None:
    from survey_app.core.vocabulary import version_words

    click.echo(f"{len(rules)} 处规则/名册冲突,待办公室处理:")
    rows = [
        [c.compound, _RULE_KIND_ZH[c.kind], c.subject, version_words(v.says, c.differs),
         v.device_name or v.device, _time(v.created_at), "✓" if v.in_force else "",
         v.record_id]
        for c in rules
        for v in c.versions
    ]  # fmt: skip
    echo_table(["小区", "类别", "对象", "内容", "设备", "时间", "现行", "记录"], rows)
    click.echo(
        "办公室重新保存小区、重新导入名册或重新开始本轮(round open),"
        "或运行 survey-app conflicts --keep 记录 保留其中一条;同步后冲突解除"
    )


def _time(utc_text: str) -> str:
    from survey_app.core.clock import shown_time

    return shown_time(utc_text)


@main.command("check-file")
@click.argument("path", type=CentralTarget())
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def check_file_command(path: Path | str, as_json: bool) -> None:
    """Check a laptop's or the central file: SQLite structure, schema, hashes, sequences.

    Reads the whole file and changes nothing; exits with 1 when something is wrong.
    Example: survey-app check-file /media/usb/南湖区2027.survey.db
    (a server: its local copy is brought up to date, every record checked as it arrives, and
    then checked whole: survey-app check-file postgresql://admin@db.example.cn/city)
    """
    from survey_app.actions.sync import check_file
    from survey_app.cli import passphrases

    if isinstance(path, str):
        path = _replicated(path)
        passphrase = passphrases.central(path)
    else:
        passphrase = passphrases.any_file(path)
    report = check_file(path=path, passphrase=passphrase)
    if as_json:
        echo_json(report.as_json())
    else:
        what = {"laptop": "本机数据文件", "central": "中心文件"}.get(report.role, "数据文件")
        if report.ok:
            click.echo(f"{path}:{what}完好,{report.records} 条记录,来自 {report.devices} 台设备")
        else:
            click.echo(f"{path}:发现 {len(report.problems)} 个问题")
        for problem in report.problems:
            click.echo(f"  问题:{problem.message}")
        for note in report.notes:
            click.echo(f"  提示:{note.message}")
    if not report.ok:
        click.get_current_context().exit(1)


@main.command()
@click.option(
    "--xlsx",
    "xlsx_path",
    type=click.Path(path_type=Path),
    help="Excel workbook (a folder: named 征询数据-含个人信息-DATE.xlsx in it).",
)
@click.option("--csv", "csv_dir", type=click.Path(path_type=Path), help="Folder for CSV files.")
@click.option(
    "--masked", is_flag=True, help="For sharing: names masked, no phones, notes or free text."
)
@DATA_FILE
def export(
    xlsx_path: Path | None, csv_dir: Path | None, masked: bool, data_file: Path | None
) -> None:
    """Export compounds with both rounds' tallies, households, votes and survey answers.

    Sheets (or CSV files): 说明 (what the file holds, who exported it, when, from which file),
    小区汇总, 住户, 意见, 需求调查. They contain names and phone numbers (个人信息): keep them
    safe; --masked writes a copy to share (names masked as on the notice, no phones, notes or
    typed-in answers). Files are readable by their owner only.
    Example: survey-app export --file 中心.db --xlsx 征询数据-含个人信息.xlsx
    """
    from survey_app.actions.sync import export_data
    from survey_app.core.clock import today
    from survey_app.core.errors import InvalidInput
    from survey_app.sync.export import export_file_name

    if not xlsx_path and not csv_dir:
        raise InvalidInput(code="no_target")
    if xlsx_path is not None and xlsx_path.is_dir():
        name = export_file_name(masked=masked, day=today().isoformat(), suffix=".xlsx")
        xlsx_path = xlsx_path / name
    lines: list[ProgressLine] = []

    def progress_for(target: Path) -> ProgressLine:
        lines.append(ProgressLine(f"正在导出 {target}:"))
        return lines[-1]

    try:
        written = export_data(
            store=reading_store(data_file),
            xlsx=xlsx_path,
            csv_folder=csv_dir,
            masked=masked,
            progress_for=progress_for,
        )
    finally:
        for line in lines:
            line.end()
    care = "已脱敏,可用于分享" if masked else "含个人信息,请妥善保管"
    for exported in written:
        sizes = ",".join(f"{sheet} {n} 行" for sheet, n in exported.rows.items())
        click.echo(f"已导出 {exported.target}:{sizes}({care})")


class ProgressLine:
    """ "正在导出 …: 12000/50000 行(24%)" on stderr, rewritten in place once per percent."""

    def __init__(self, what: str) -> None:
        self.what, self.shown, self.ended = what, -1, False

    def __call__(self, done: int, total: int) -> None:
        percent = done * 100 // total if total else 100
        if percent != self.shown:
            self.shown = percent
            click.echo(f"\r{self.what}{done}/{total} 行({percent}%)", err=True, nl=False)

    def end(self) -> None:
        if self.shown >= 0 and not self.ended:
            self.ended = True
            click.echo("", err=True)
