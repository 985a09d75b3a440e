"""A form in words: the summary `form check` prints and the outline `form show` prints."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from survey_app.core.vocabulary import Words, is_english
from survey_app.xlsform.answers import NOT_ANSWERED
from survey_app.xlsform.findings import Finding
from survey_app.xlsform.model import Expression, Form, Group, Item, Question, Repeat
from survey_app.xlsform.qtypes import METADATA_TYPES
from survey_app.xlsform.reader import FormCheck
from survey_app.xlsform.session import FormSession
from survey_app.xlsform.xpath.check import references


def summary(form: Form) -> dict[str, object]:
    questions = form.questions()
    groups = [item for item in form.walk() if type(item) is Group]
    repeats = [item for item in form.walk() if isinstance(item, Repeat)]
    lists = [*form.choice_lists.values(), *form.external_lists.values()]
    return {
        "form_id": form.form_id,
        "title": form.settings.form_title,
        "version": form.version,
        "default_language": form.settings.default_language,
        "languages": [{"key": lang.key, "name": lang.name} for lang in form.languages],
        "questions": sum(1 for q in questions if q.type not in NOT_ANSWERED),
        "notes": sum(1 for q in questions if q.type == "note"),
        "calculations": sum(1 for q in questions if q.type == "calculate"),
        "metadata": sum(1 for q in questions if q.type in METADATA_TYPES),
        "groups": len(groups),
        "repeats": len(repeats),
        "deepest_nesting": max((len(list(item.ancestors())) for item in form.walk()), default=0),
        "choice_lists": len(lists),
        "choices": sum(len(choice_list.choices) for choice_list in lists),
    }


def check_report(result: FormCheck) -> dict[str, object]:
    return {
        "file": str(result.source),
        "ok": result.ok,
        "form": summary(result.form) if result.ok and result.form else None,
        "problems": [finding.as_json() for finding in result.problems],
        "ignored": [finding.as_json() for finding in result.findings if not finding.blocks_loading],
    }


def check_lines(result: FormCheck, language: str = "zh") -> Iterator[str]:
    name = result.source.name
    if not result.ok or result.form is None:
        count = len(result.problems)
        yield Words(
            f"{name}: 不能使用 — {count} 个问题", f"{name}: REFUSED — {count} problem(s)"
        ).text(language)
        for finding in result.problems:
            yield "  " + finding.message(language)
        return
    facts = summary(result.form)
    facts["version"] = facts["version"] or "-"
    chinese = not is_english(language)
    lines = SUMMARY_ZH if chinese else SUMMARY_EN
    for line in lines:
        yield line.format_map(
            facts | {"name": name, "languages": _languages(result.form, language)}
        )
    yield from _ignored_lines([f for f in result.findings if not f.blocks_loading], language)


SUMMARY_ZH = (
    "{name}: 可以使用 — {title}(form_id {form_id},版本 {version})",
    "  问题 {questions} 个(说明 {notes},计算 {calculations},元数据 {metadata})",
    "  组 {groups} 个,重复组 {repeats} 个,最深嵌套 {deepest_nesting} 层",
    "  语言:{languages}",
    "  选项列表 {choice_lists} 个(共 {choices} 个选项)",
    "  不支持的功能:无",
)
SUMMARY_EN = (
    "{name}: OK — {title} (form_id {form_id}, version {version})",
    "  questions {questions} (notes {notes}, calculations {calculations}, metadata {metadata})",
    "  groups {groups}, repeats {repeats}, deepest nesting {deepest_nesting}",
    "  languages {languages}",
    "  choice lists {choice_lists} ({choices} choices)",
    "  unsupported features: none",
)


def _languages(form: Form, language: str | None = "en") -> str:
    chinese = not is_english(language)
    names = ", ".join(f"{lang.name}" for lang in form.languages) or (
        "(标签未标明语言)" if chinese else "(labels without a language)"
    )
    default = form.settings.default_language
    if not default:
        return names
    return names + (f";默认 {default}" if chinese else f"; default {default}")


def _ignored_lines(findings: list[Finding], language: str = "zh") -> Iterator[str]:
    if not findings:
        return
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        where = " ".join(part for part in (finding.sheet, finding.column) if part)
        grouped[f"{where}: {finding.said(language)}"].append(finding)
    count = len(findings)
    yield Words(f"  忽略(不影响回答){count} 项:", f"  ignored (changes no answer): {count}").text(
        language
    )
    for what, group in grouped.items():
        rows = sorted({f.row for f in group if f.row})
        shown = ", ".join(str(row) for row in rows[:12]) + (" ..." if len(rows) > 12 else "")
        at = Words(f"(第 {shown} 行)", f" (rows {shown})").text(language)
        yield f"    {what.strip()}" + (at if rows else "")


def outline(form: Form, language: str | None = None) -> Iterator[str]:
    """The form as indented text: groups, questions with their type, rules and choices."""
    settings = form.settings
    yield f"{settings.form_title}  [form_id {settings.form_id}, version {settings.version or '-'}]"
    yield f"languages: {_languages(form)}"
    yield ""
    yield from _items(form, form.children, language, 0)


def _items(form: Form, items: list[Item], language: str | None, depth: int) -> Iterator[str]:
    pad = "  " * depth
    for item in items:
        if isinstance(item, Group):
            kind = "repeat" if isinstance(item, Repeat) else "group"
            yield f"{pad}[{kind} {item.name}] {form.label(item, language)}  (row {item.row})"
            yield from _rules(item, pad + "    ")
            yield from _items(form, item.children, language, depth + 1)
        elif isinstance(item, Question):
            yield from _question(form, item, language, pad)


def _question(form: Form, question: Question, language: str | None, pad: str) -> Iterator[str]:
    kind = question.type + (f" {question.list_name}" if question.list_name else "")
    kind += " or_other" if question.or_other else ""
    flags = ", required" if question.required is True else ""
    label = "" if question.type in METADATA_TYPES else form.label(question, language)
    yield f"{pad}- {question.key} ({kind}{flags}) {label}  (row {question.row})"
    hint = form.text(question.hints, language)
    if hint:
        yield f"{pad}    hint: {hint}"
    yield from _rules(question, pad + "    ")
    if question.constraint is not None:
        message = form.text(question.constraint_messages, language)
        yield f"{pad}    constraint: {question.constraint.text}" + (
            f" — {message}" if message else ""
        )
    if question.is_select:
        yield f"{pad}    " + _choices_line(form, question, language)


def _choices_line(form: Form, question: Question, language: str | None) -> str:
    choices = form.choices_of(question)
    rule = question.choice_filter
    if rule is not None and references(rule.tree):
        return f"choices: {len(choices)} from list {question.list_name}, as filtered"
    if rule is not None:
        session = FormSession(form, language=language)
        choices = session.choices(question)
    shown = " | ".join(f"{c.name} {form.label(c, language)}" for c in choices[:30])
    more = f" | ... ({len(choices)} in all)" if len(choices) > 30 else ""
    return f"choices: {shown}{more}"


def _rules(item: Item, pad: str) -> Iterator[str]:
    for column in (
        "relevant",
        "required",
        "calculation",
        "choice_filter",
        "default",
        "repeat_count",
    ):
        value = getattr(item, column, None)
        if isinstance(value, Expression):
            yield f"{pad}{column}: {value.text}"
        elif column == "default" and value:
            yield f"{pad}default: {value}"
