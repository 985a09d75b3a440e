"""`survey submit`, `survey show` and `needs`: a household's answers, and the needs list."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from survey_app.cli.base import DATA_FILE, echo_json, main, reading_store, state

COMPOUND = click.option("--compound", "compound_code", required=True, help="Compound code.")
HOUSEHOLD = click.option("--household", "address", required=True, help="Address, e.g. 3-2-501.")
FORM = click.option(
    "--form",
    "form_name",
    default="needs_survey",
    show_default=True,
    help="Form: a name in the forms folder, or an .xlsx path.",
)
LANG = click.option("--lang", default="zh", show_default=True, help="zh or en.")
JSON = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")


@main.group("survey")
def survey_group() -> None:
    """Survey answers (入户需求调查): submit a household's answers, or show them.

    Example: survey-app survey show --compound NH-001 --household 3-2-501
    """


@survey_group.command("submit")
@COMPOUND
@HOUSEHOLD
@FORM
@click.option(
    "--answers",
    "answers_file",
    required=True,
    type=click.Path(path_type=Path),
    help='A JSON file: {"question": answer, ...}; a repeat is a list of {...}.',
)
@LANG
@JSON
def survey_submit(
    compound_code: str, address: str, form_name: str, answers_file: Path, lang: str, as_json: bool
) -> None:
    """Check a household's answers against the form (required, rules, types, choices; no
    answers to questions that do not apply) and save them; they replace earlier answers.

    Example: survey-app survey submit --compound NH-001 --household 3-2-501 --answers a.json
    """
    from survey_app.actions.compounds import household_at
    from survey_app.actions.surveys import submit_survey
    from survey_app.needs.library import open_form

    store = state().store()
    household = household_at(store=store, compound=compound_code, address=address)
    form = open_form(form_name, store)
    answers = _read_answers(answers_file)
    saved = submit_survey(
        store=store, form=form, household=household, answers=answers, language=lang
    )
    if as_json:
        echo_json(
            {
                "id": saved.id,
                "household": saved.household,
                "form_id": saved.form_id,
                "form_version": saved.form_version,
                "replaces": list(saved.replaces),
            }
        )
        return
    replaced = f",替换之前的 {len(saved.replaces)} 份" if saved.replaces else ""
    click.echo(f"已保存 {household.id} 的{form.settings.form_title}{replaced}(记录 {saved.id})")


def _read_answers(path: Path) -> dict[str, Any]:
    from survey_app.core.errors import UnreadableFile

    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise UnreadableFile(
            code="answers_unreadable", path=str(path), error=error.strerror
        ) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableFile(code="answers_not_json", path=str(path), error=error) from error
    if isinstance(data, dict) and isinstance(data.get("answers"), dict) and "form_id" in data:
        data = data["answers"]  # the output of `survey show --json`
    if not isinstance(data, dict):
        raise UnreadableFile(code="answers_not_object", path=str(path))
    return data


@survey_group.command("show")
@COMPOUND
@HOUSEHOLD
@FORM
@LANG
@JSON
def survey_show(compound_code: str, address: str, form_name: str, lang: str, as_json: bool) -> None:
    """Show a household's current answers (and how many earlier ones they replace).

    Example: survey-app survey show --compound NH-001 --household 3-2-501 --json
    """
    from survey_app.actions.compounds import household_at
    from survey_app.actions.surveys import survey_answers
    from survey_app.core.clock import shown_time
    from survey_app.core.errors import NotFound
    from survey_app.needs.library import open_form

    store = state().store()
    household = household_at(store=store, compound=compound_code, address=address)
    form = open_form(form_name, store)
    found = survey_answers(store=store, form=form, household=household)
    current = found.current
    if current is None:
        raise NotFound(
            code="not_surveyed", household=household.id, form_title=form.settings.form_title
        )
    if as_json:
        echo_json(
            {
                **_answer_json(current),
                "address": household.address,
                "submissions": found.submissions,
            }
        )
        return
    click.echo(
        f"{household.id}  {form.settings.form_title}  版本 {current.form_version or '-'}  "
        f"{shown_time(current.created_at)}  调查员 {current.surveyor or '-'}  "
        f"第 {found.submissions} 份答卷"
    )
    for line in _answer_lines(form, current.answers, lang):
        click.echo(line)


def _answer_json(answer: Any) -> dict[str, object]:
    return {
        "id": answer.id,
        "household": answer.household,
        "compound": answer.compound,
        "form_id": answer.form_id,
        "form_version": answer.form_version,
        "created_at": answer.created_at,
        "surveyor": answer.surveyor,
        "device": answer.device,
        "replaces": list(answer.replaces),
        "answers": answer.answers,
        "calculated": answer.calculated,
        "metadata": answer.metadata,
    }


def _answer_lines(form: Any, answers: dict[str, Any], language: str) -> Iterator[str]:
    shown = set()
    for question in form.questions():
        if question.key in answers:
            shown.add(question.key)
            value = _shown(form, question, answers[question.key], language)
            yield f"  {form.label(question, language)}: {value}"
    for key in sorted(set(answers) - shown):  # answers to questions no longer in the form
        yield f"  {key}: {json.dumps(answers[key], ensure_ascii=False)}"


def _shown(form: Any, question: Any, value: Any, language: str) -> str:
    if not question.is_select:
        return (
            json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else str(value)
        )
    names = value if isinstance(value, list) else [value]
    labels = {c.name: form.label(c, language) for c in form.choices_of(question)}
    return "、".join(labels.get(str(name), str(name)) for name in names)


@main.command("needs")
@click.option("--compound", "compound_code", help="Compound code.")
@click.option("--all", "all_compounds", is_flag=True, help="Every compound together.")
@FORM
@LANG
@DATA_FILE
@JSON
def needs(
    compound_code: str | None,
    all_compounds: bool,
    form_name: str,
    lang: str,
    data_file: Path | None,
    as_json: bool,
) -> None:
    """The needs list (需求清单): renovation items ranked by the share of surveyed households
    choosing them, the top-three priorities, the household profile (一老一小), co-funding and
    property willingness, lift views by floor, and survey coverage (surveyed / eligible).

    Example: survey-app needs --compound NH-001 --json; survey-app needs --all
    """
    from survey_app.actions.surveys import needs_list
    from survey_app.core.errors import InvalidInput
    from survey_app.needs.library import open_form

    if bool(compound_code) == all_compounds:
        raise InvalidInput(code="needs_scope")
    store = reading_store(data_file)
    report = needs_list(
        store=store,
        form=open_form(form_name, store),
        compound=compound_code,
        language=lang,
    )
    if as_json:
        echo_json(report)
    else:
        from survey_app.cli.needs_text import needs_lines

        for line in needs_lines(report, lang):
            click.echo(line)


@main.command("satisfaction")
@click.option("--compound", "compound_code", required=True, help="Compound code.")
@click.option("--form", "form_name", default="satisfaction_survey", show_default=True,
              help="The satisfaction form: a name in the forms folder, or a file.")  # fmt: skip
@LANG
@DATA_FILE
@JSON
def satisfaction(
    compound_code: str, form_name: str, lang: str, data_file: Path | None, as_json: bool
) -> None:
    """满意度汇总: the renovated items ranked by the residents' satisfaction after the works
    (满意率, mean score), each beside its demand in the needs list; the works' quality, the
    acceptance opinions (业主参与验收) and the items to put right.

    Example: survey-app satisfaction --compound NH-001 --json
    """
    from survey_app.actions.surveys import satisfaction_summary
    from survey_app.needs.library import open_form

    store = reading_store(data_file)
    report = satisfaction_summary(
        store=store,
        form=open_form(form_name, store),
        needs_form=open_form(store=store),
        compound=compound_code,
        language=lang,
    )
    if as_json:
        echo_json(report)
        return
    zh = lang.startswith("zh")
    click.echo(
        f"{'满意度汇总' if zh else 'Satisfaction'}  {report['compound']} {report['name']}  "
        f"{report['surveyed']}/{report['eligible']} ({report['coverage']}%)"
    )
    for rank, item in enumerate(report["items"], start=1):
        demand = "—" if item["demand_rank"] is None else (
            f"{item['demand_share']}% #{item['demand_rank']}"
        )  # fmt: skip
        click.echo(
            f"  {rank:>2}. {item['label']}  {item['satisfied_share']}% ({item['rated']})  "
            f"{'均分' if zh else 'mean'} {item['mean']}  {'需求' if zh else 'demand'} {demand}"
        )
    for key in ("quality", "conduct", "overall"):
        row = report[key]
        click.echo(f"{row['label']}: {row['satisfied_share']}% ({row['rated']}), {row['mean']}")
    opinions = "; ".join(f"{r['label']} {r['households']}" for r in report["acceptance"])
    click.echo(f"{'验收意见' if zh else 'Acceptance'}: {opinions}")
