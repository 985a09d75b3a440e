"""Checks that need the whole form: lists, references, keys, cycles, defaults, or_other."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from survey_app.core.vocabulary import Words
from survey_app.xlsform.answers import AnswerError, normalise, range_bounds
from survey_app.xlsform.cells import Place
from survey_app.xlsform.findings import Finding, found
from survey_app.xlsform.model import (
    Choice,
    ChoiceList,
    Expression,
    Form,
    Group,
    Item,
    Question,
    Repeat,
)
from survey_app.xlsform.xpath.check import Rules, check, references
from survey_app.xlsform.xpath.nodes import Ref, walk

REF_IN_TEXT = re.compile(r"\$\{\s*([^}]*?)\s*\}")
OTHER_LABELS = {"zh": "其他", "": "Other"}


def review(form: Form, findings: list[Finding], refused: set[str] | None = None) -> None:
    """`refused`: names of rows already reported as unusable, so references to them add nothing."""
    _expand_or_other(form)
    _assign_keys(form.children, "")
    names = _name_index(form)
    for name in (refused or set()) - set(names):
        names[name] = []
    for question in form.questions():
        place = Place("survey", question.row, question.name, findings)
        _review_question(form, question, place)
    for item in form.walk():
        _review_expressions(form, item, names, Place("survey", item.row, item.name, findings))
    _find_cycles(form, names, findings)


def expressions_of(item: Item) -> Iterator[tuple[str, Expression]]:
    fields = ["relevant"]
    if isinstance(item, Question):
        fields += ["constraint", "calculation", "choice_filter", "required", "read_only", "default"]
    if isinstance(item, Repeat):
        fields.append("repeat_count")
    for field in fields:
        value = getattr(item, field)
        if isinstance(value, Expression):
            yield field, value


def _review_question(form: Form, question: Question, place: Place) -> None:
    if question.is_select:
        _review_select(form, question, place)
    if question.type == "range":
        _check(place, "parameters", lambda: range_bounds(question))
    if isinstance(question.default, str):
        _check(place, "default", lambda: normalise(question, question.default))


def _check(place: Place, column: str, action: object) -> None:
    try:
        action()  # type: ignore[operator]
    except AnswerError as error:
        place.add("error", "bad_value", Words(error.zh, error.detail), column)


def _review_select(form: Form, question: Question, place: Place) -> None:
    name = question.list_name
    if not name:
        said = Words(
            "选择题的 type 后面要写选项列表名,如 select_one 列表名",
            "the type needs a list name",
        )
        place.add("error", "missing_list", said, "type")
        return
    choice_list = form.list_of(question)
    if choice_list is None:
        sheet = "external_choices" if question.external else "choices"
        said = Words(
            f"{sheet} 表中没有名为 {name} 的列表;请检查 list_name 列的拼写",
            f"the {sheet} sheet has no list {name}",
        )
        place.add("error", "missing_list", said, "type")
        return
    _review_duplicates(form, question, choice_list, place)
    if question.type == "select_multiple":
        spaced = [choice.name for choice in choice_list.choices if " " in choice.name]
        if spaced:
            detail = Words(
                f"多选题的选项 name 不能含空格({spaced[0]!r})",
                f"choice names of a select_multiple cannot contain spaces ({spaced[0]!r})",
            )
            place.add("error", "bad_choice", detail, "type")


def _review_duplicates(
    form: Form, question: Question, choice_list: ChoiceList, place: Place
) -> None:
    if (
        not choice_list.duplicates
        or question.choice_filter
        or form.settings.allow_choice_duplicates
    ):
        return
    twice = choice_list.duplicates[0]
    detail = Words(
        f"列表 {choice_list.name} 中选项 {twice.name!r} 出现了两次(第 {twice.row} 行);"
        "请改名、给列表加筛选(choice_filter),或在 settings 表设置 allow_choice_duplicates",
        f"list {choice_list.name} has the choice {twice.name!r} twice (row {twice.row}); "
        "rename it, filter the list, or set allow_choice_duplicates",
    )
    place.add("error", "duplicate_choice", detail, "type")


def _expand_or_other(form: Form) -> None:
    for question in form.questions():
        base = form.list_of(question)
        if question.or_other and base is not None:
            _add_other(form, question, base)


def _add_other(form: Form, question: Question, base: ChoiceList) -> None:
    """As pyxform does it: `other` joins the list itself (so every select of the list offers
    it, as in ODK), labelled in the languages the list's labels have; and a text question
    `<name>_other` follows, asked when other is chosen."""
    if base.choice("other") is None:
        languages = {key for choice in base.choices for key in choice.labels} or {""}
        labels = {key: OTHER_LABELS.get(key, "Other") for key in sorted(languages)}
        base.choices.append(Choice("other", labels, question.row, {"name": "other"}))
    siblings = question.parent.children if question.parent else form.children
    if any(item.name == f"{question.name}_other" for item in siblings):
        return
    specify = Question(f"{question.name}_other", question.row, parent=question.parent)
    specify.labels = {"": "Specify other."}
    specify.labels |= {lang.key: "请注明" for lang in form.languages if lang.code == "zh"}
    specify.relevant = _selected_other(question.name)
    siblings.insert(siblings.index(question) + 1, specify)


def _selected_other(name: str) -> Expression:
    from survey_app.xlsform.xpath import parse

    text = f"selected(${{{name}}}, 'other')"
    return Expression(text, parse(text))


def _assign_keys(items: list[Item], prefix: str) -> None:
    """Answer keys: the name, or the group path when a name repeats within one repeat level."""
    level = list(_level(items, prefix))
    counts: dict[str, int] = defaultdict(int)
    for item, _ in level:
        counts[item.name] += 1
    for item, path in level:
        item.key = item.name if counts[item.name] == 1 else path
        if isinstance(item, Repeat):
            _assign_keys(item.children, "")


def _level(items: list[Item], prefix: str) -> Iterator[tuple[Item, str]]:
    for item in items:
        path = f"{prefix}{item.name}"
        if isinstance(item, Repeat) or not isinstance(item, Group):
            yield item, path
        else:
            yield from _level(item.children, path + "/")


def _name_index(form: Form) -> dict[str, list[Item]]:
    names: dict[str, list[Item]] = defaultdict(list)
    for item in form.walk():
        names[item.name].append(item)
    return names


def _review_expressions(form: Form, item: Item, names: dict[str, list[Item]], place: Place) -> None:
    for column, expression in expressions_of(item):
        rules = Rules(
            is_question=lambda name: name in names,  # refused rows count: already reported
            columns=_filter_columns(form, item) if column == "choice_filter" else None,
            in_repeat=bool(item.repeats()) or isinstance(item, Repeat),
        )
        for issue in check(expression.tree, rules):
            severity = "unsupported" if issue.unsupported else "error"
            severity = "ignored" if issue.warning else severity
            place.add(severity, "expression", issue.words, column, expression.text)
        _review_refs(references(expression.tree), names, place, column, expression.text)
        _review_siblings(item, expression, place, column)
    for column, texts in _texts_of(item):
        refs = {ref for text in texts.values() for ref in REF_IN_TEXT.findall(text)}
        _review_refs(refs, names, place, column, "", unknown=True)


def _review_siblings(item: Item, expression: Expression, place: Place, column: str) -> None:
    siblings = {other.name for other in (item.parent.children if item.parent else [])}
    for node in walk(expression.tree):
        if isinstance(node, Ref) and node.sibling and item.parent and node.name not in siblings:
            detail = Words(
                f"../{node.name}:同一组里没有这个名字的题目",
                f"../{node.name}: no question of this name in the same group",
            )
            place.add("error", "expression", detail, column, expression.text)


def _texts_of(item: Item) -> Iterator[tuple[str, dict[str, str]]]:
    yield "label", item.labels
    yield "hint", item.hints
    if isinstance(item, Question):
        yield "constraint_message", item.constraint_messages
        yield "required_message", item.required_messages


def _review_refs(
    refs: set[str], names: dict[str, list[Item]], place: Place, column: str, text: str,
    *, unknown: bool = False,
) -> None:  # fmt: skip
    for ref in sorted(refs):
        named = names.get(ref)
        if named is None and unknown:
            said = Words(f"${{{ref}}}:没有题目叫这个名字", f"${{{ref}}}: no question has this name")
            place.add("error", "expression", said, column, text)
        elif named is None or not named:
            continue
        elif len(named) > 1:
            rows = ", ".join(str(item.row) for item in named)
            detail = Words(
                f"${{{ref}}}:有多项叫这个名字(第 {rows} 行),无法确定指哪一项",
                f"${{{ref}}}: several items have this name (rows {rows})",
            )
            place.add("error", "ambiguous_reference", detail, column, text)
        elif type(named[0]) is Group:
            said = Words(f"${{{ref}}} 是一个组,不是题目", f"${{{ref}}} is a group, not a question")
            place.add("error", "expression", said, column, text)


def _filter_columns(form: Form, item: Item) -> tuple[str, ...]:
    choice_list = form.list_of(item) if isinstance(item, Question) else None
    return (*choice_list.columns, "name", "label") if choice_list else ()


def _find_cycles(form: Form, names: dict[str, list[Item]], findings: list[Finding]) -> None:
    graph = {
        item.name: {
            ref
            for field, e in expressions_of(item)
            if field in ("relevant", "calculation")
            for ref in references(e.tree)
        }
        for item in form.walk()
        if len(names[item.name]) == 1
    }
    state: dict[str, int] = {}
    for name in graph:
        cycle = _visit(name, graph, state, [])
        if cycle:
            item = names[cycle[0]][0]
            chain = " -> ".join(f"${{{n}}}" for n in cycle)
            detail = Words(f"循环引用(互相依赖,无法计算):{chain}", f"circular reference: {chain}")
            findings.append(
                found("error", "circular_reference", detail, "survey", item.row, None, item.name)
            )
            return


def _visit(
    name: str, graph: dict[str, set[str]], state: dict[str, int], trail: list[str]
) -> list[str]:
    if state.get(name) == 2 or name not in graph:
        return []
    if state.get(name) == 1:
        return [*trail[trail.index(name) :], name]
    state[name] = 1
    for ref in sorted(graph[name]):
        cycle = _visit(ref, graph, state, [*trail, name])
        if cycle:
            return cycle
    state[name] = 2
    return []
