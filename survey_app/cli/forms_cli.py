"""`survey-app form check|show|publish|list`: is an XLSForm usable, what it asks, and the
forms published to the batch."""

from __future__ import annotations

from pathlib import Path

import click

from survey_app.cli.base import echo_json, main


@main.group()
def form() -> None:
    """XLSForm survey forms (.xlsx): check that the app can use one, or print it as text.

    FILE is an .xlsx file, or the name of a form in the app's forms folder (needs_survey).

    Example: survey-app form check forms/needs_survey.xlsx
    """


def form_file(file: Path) -> Path:
    """FILE itself; a bare name that is no file here (`needs_survey`) is the form of that name
    in the forms folder, so the shipped form is found from any directory."""
    from survey_app.core.errors import NotFound
    from survey_app.needs.library import find_form

    if file.exists() or file.suffix or len(file.parts) > 1:
        return file
    try:
        return find_form(file.name)
    except NotFound:
        return file


@form.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--lang", default="zh", show_default=True, help="Language of the messages (zh/en).")
def check(file: Path, as_json: bool, lang: str) -> None:
    """Check FILE: print a summary (questions, groups, repeats, languages) or, when the app
    cannot use the form, every problem by sheet, row and name. Exit code 1 when refused.

    Example: survey-app form check needs_survey --json
    """
    from survey_app.xlsform.describe import check_lines, check_report
    from survey_app.xlsform.reader import check_form

    result = check_form(form_file(file))
    if as_json:
        echo_json(check_report(result))
    else:
        for line in check_lines(result, lang):
            click.echo(line)
    if not result.ok:
        raise SystemExit(1)


@form.command("show")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", default=None, help="Language of the labels (zh, en, ...).")
def show(file: Path, lang: str | None) -> None:
    """Print the form FILE as readable text: groups, questions, rules and choices.

    Example: survey-app form show forms/needs_survey.xlsx --lang en
    """
    from survey_app.xlsform.describe import outline
    from survey_app.xlsform.reader import load_form

    for line in outline(load_form(form_file(file)), lang):
        click.echo(line)


@form.command("publish")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def publish(file: Path, as_json: bool) -> None:
    """Publish FILE to the batch (office only): a new version of a form (a higher version on
    its settings sheet) or a further form. It goes into this data file as a signed office
    record; the central file and every laptop receive it at their next sync, and new answers
    record the version they were made with.

    Example: survey-app form publish needs_survey_2027.3.xlsx
    """
    from survey_app.actions.forms import publish_form_file
    from survey_app.cli.base import state

    published = publish_form_file(store=state().store(), path=file)
    if as_json:
        echo_json(published.as_json())
    else:
        click.echo(
            f"已发布 {published.form_id} 版本 {published.version}({published.title}),"
            "同步后各笔记本电脑即可使用"
        )


@form.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def list_forms(as_json: bool) -> None:
    """The forms surveyors can fill in: shipped ones and those the office published, each in
    the version in force, and every version known here (shipped, earlier, published: when, by
    which device) with the households whose current answers were made with it.

    Example: survey-app form list --json
    """
    from dataclasses import asdict

    from survey_app.actions.forms import form_versions
    from survey_app.cli.base import state
    from survey_app.needs.library import available_forms
    from survey_app.store.forms import published_forms

    store = state().store(writing=False)
    forms = available_forms(store)
    versions = published_forms(store=store, every_version=True)
    known = form_versions(store=store)
    if as_json:
        echo_json(
            {
                "forms": [
                    {"form_id": f.form_id, "version": f.version, "title": f.settings.form_title}
                    for f in forms
                ],
                "published": [p.as_json() for p in versions],
                "versions": [asdict(v) for v in known],
            }
        )
        return
    for f in forms:
        click.echo(f"{f.form_id}  版本 {f.version}  {f.settings.form_title}")
    for v in known:
        state_word = "使用中" if v.in_force else SOURCES.get(v.source, v.source)
        published = f"  {v.published_at} {v.device_name or v.device}" if v.published_at else ""
        click.echo(f"  {v.form_id} {v.version}  {state_word}  已答 {v.households} 户{published}")


SOURCES = {"shipped": "随软件", "earlier": "早期版本", "published": "已发布", "unknown": "本机没有"}
