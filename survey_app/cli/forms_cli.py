"""`survey-app form check` and `survey-app form show`: is an XLSForm usable, and what it asks."""

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
