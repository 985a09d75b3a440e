"""Builds the tree of groups, repeats and questions from the rows of the survey sheet."""

from __future__ import annotations

import re

from survey_app.core.vocabulary import Words
from survey_app.xlsform import cells
from survey_app.xlsform.cells import Place
from survey_app.xlsform.columns import Column
from survey_app.xlsform.extras import review_row
from survey_app.xlsform.findings import Finding, found
from survey_app.xlsform.model import Group, Item, Question, Repeat
from survey_app.xlsform.qtypes import (
    METADATA_TYPES,
    ParsedType,
    TypeProblem,
    built_in_constraint,
    parse_type,
)
from survey_app.xlsform.rows import RowView
from survey_app.xlsform.workbook import Sheet

CONTENT = {
    "name", "label", "hint", "relevant", "constraint", "calculation", "default", "required",
    "choice_filter", "repeat_count", "appearance",
}  # fmt: skip
SINGLE_REFERENCE = re.compile(r"\$\{[^{}\s]+\}")
TABLE_LIST = "table-list"
RANGE_DEFAULTS = {"start": "1", "end": "10", "step": "1"}
EXPRESSIONS = ("relevant", "constraint", "calculation", "choice_filter", "repeat_count")


class SurveyBuilder:
    def __init__(self, sheet: Sheet, columns: list[Column], findings: list[Finding]) -> None:
        self.sheet = sheet
        self.columns = columns
        self.findings = findings
        self.root: list[Item] = []
        self.open: list[tuple[Group, int]] = []  # groups and repeats not yet closed, with rows
        self.refused_names: set[str] = set()  # rows already reported: refer to them quietly
        self.table_list = False  # inside a table-list group, until the next end row (pyxform)

    def build(self) -> list[Item]:
        for row in self.sheet.rows:
            self._row(RowView("survey", row, self.columns))
        for group, opened in self.open:
            kind = "repeat" if isinstance(group, Repeat) else "group"
            detail = Words(
                f"begin {kind} 没有用 end {kind} 结束;请在组的最后一题之后加一行 end {kind}",
                f"begin {kind} is never closed with end {kind}",
            )
            self.findings.append(
                found("error", "unclosed_group", detail, "survey", opened, "type", group.name)
            )
        return self.root

    def _row(self, view: RowView) -> None:
        type_text = view.get("type")
        place = Place("survey", view.number, view.get("name") or None, self.findings)
        if not type_text:
            self._untyped(view, place)
            return
        try:
            parsed = parse_type(type_text)
        except TypeProblem as problem:
            severity = "unsupported" if problem.unsupported else "error"
            place.add(severity, "question_type", problem.words, "type", type_text)
            self.refused_names.add(view.get("name"))
            return
        if parsed.kind.startswith("end_"):
            self.table_list = False
            self._close(parsed.kind, place)
        else:
            self._open_or_add(parsed, view, place)

    def _untyped(self, view: RowView, place: Place) -> None:
        if view.get("name") or view.texts("label"):
            said = Words(
                "这一行填了 name 或 label,但没有填 type(题型)",
                "the row has a name or label but no type",
            )
            place.add("error", "missing_type", said, "type")
        elif view.filled(CONTENT):
            detail = Words(
                "这一行没有 type、name 或 label,已跳过",
                "the row has no type, name or label; skipped",
            )
            place.add("ignored", "untyped_row", detail, view.filled(CONTENT)[0].header)

    def _close(self, kind: str, place: Place) -> None:
        wanted = Repeat if kind == "end_repeat" else Group
        if not self.open:
            end = kind.replace("_", " ")
            said = Words(f"{end} 前面没有对应的 begin 行", f"{end} closes nothing")
            place.add("error", "unopened_group", said, "type")
            return
        group, row = self.open[-1]
        if (wanted is Repeat) != isinstance(group, Repeat):
            opened = "begin repeat" if isinstance(group, Repeat) else "begin group"
            end = kind.replace("_", " ")
            detail = Words(
                f"{end} 结束的是第 {row} 行的 {opened},两者不配对",
                f"{end} closes the {opened} of row {row}",
            )
            place.add("error", "mismatched_group", detail, "type")
        self.open.pop()

    def _open_or_add(self, parsed: ParsedType, view: RowView, place: Place) -> None:
        item = self._item(parsed, view, place)
        if item is None:
            return
        place.name = item.name
        review_row(view, place, parsed.kind)
        siblings = self.open[-1][0].children if self.open else self.root
        item.parent = self.open[-1][0] if self.open else None
        if any(sibling.name == item.name for sibling in siblings):
            said = Words(
                "同一组里已有同名的题目或组;请改用另一个 name",
                "another item in this group has this name",
            )
            place.add("error", "duplicate_name", said, "name")
        if isinstance(item, Repeat) and item.repeat_count is not None:
            self._count_node(item, siblings, place)
        siblings.append(item)
        if isinstance(item, Group):
            self.open.append((item, view.number))
        if isinstance(item, Question) and item.is_select and self.table_list:
            item.appearance = "list-nolabel"
        elif isinstance(item, Group) and TABLE_LIST in item.appearance.split():
            self.table_list = True
            words = [word for word in item.appearance.split() if word != TABLE_LIST]
            item.appearance = " ".join(["field-list", *words])

    def _count_node(self, repeat: Repeat, siblings: list[Item], place: Place) -> None:
        """As pyxform does: a repeat_count other than one reference becomes a calculate
        `<repeat>_count` just before the repeat (ODK saves it), and the repeat counts that."""
        count = repeat.repeat_count
        if count is None or SINGLE_REFERENCE.fullmatch(count.text.strip()):
            return
        name = f"{repeat.name}_count"
        node = Question(name, repeat.row, type="calculate", calculation=count, read_only=True)
        node.parent = repeat.parent
        if any(sibling.name == name for sibling in siblings):
            detail = Words(
                f"{name} 是 pyxform 给这个重复组的组数起的名字;请改用另一个 name",
                f"{name} is the name pyxform gives this repeat's count",
            )
            place.add("error", "duplicate_name", detail, "name")
        siblings.append(node)
        repeat.repeat_count = cells.expression(place, "repeat_count", f"${{{name}}}")

    def _item(self, parsed: ParsedType, view: RowView, place: Place) -> Item | None:
        name = view.get("name")
        if not name and parsed.kind == "note":
            name = f"generated_note_name_{view.number}"
        if not cells.is_valid_name(name):
            detail = (
                Words("这一行没有填 name", "the row has no name")
                if not name
                else Words(
                    "name 必须以字母开头,且不能有空格",
                    "a name must start with a letter and have no spaces",
                )
            )
            place.add("error", "bad_name", detail, "name", name)
            return None
        if parsed.kind in ("begin_group", "begin_repeat"):
            return self._group(parsed.kind, name, view, place)
        return self._question(parsed, name, view, place)

    def _group(self, kind: str, name: str, view: RowView, place: Place) -> Group:
        group = Repeat(name, view.number) if kind == "begin_repeat" else Group(name, view.number)
        self._common(group, view, place)
        if isinstance(group, Repeat) and view.get("repeat_count"):
            group.repeat_count = cells.expression(place, "repeat_count", view.get("repeat_count"))
        return group

    def _common(self, item: Item, view: RowView, place: Place) -> None:
        item.labels = view.texts("label")
        item.hints = view.texts("hint")
        item.appearance = " ".join(view.get("appearance").split())
        if view.get("relevant"):
            item.relevant = cells.expression(place, "relevant", view.get("relevant"))

    def _question(self, parsed: ParsedType, name: str, view: RowView, place: Place) -> Question:
        question = Question(name, view.number, type=parsed.kind, list_name=parsed.list_name)
        question.or_other, question.external = parsed.or_other, parsed.external
        self._common(question, view, place)
        self._logic(question, view, place)
        if parsed.kind in METADATA_TYPES and parsed.kind != "audit":
            question.labels, question.hints = {}, {}
        return question

    def _logic(self, question: Question, view: RowView, place: Place) -> None:
        question.required = cells.flag(place, "required", view.get("required"))
        question.read_only = cells.flag(place, "read_only", view.get("read_only"))
        question.required_messages = view.texts("required_message")
        question.constraint_messages = view.texts("constraint_message")
        question.parameters = cells.parameters(view.get("parameters"))
        if question.type == "range":  # pyxform's defaults, written into the form as ODK has it
            question.parameters = RANGE_DEFAULTS | question.parameters
        question.default = cells.default_value(place, view.get("default"))
        for column in ("constraint", "calculation", "choice_filter"):
            if column == "choice_filter" and view.get(column) and not question.is_select:
                detail = Words(
                    "只有选择题的选项才能筛选;此处已忽略,与 ODK 相同",
                    "only a select question's choices are filtered; ignored here, as in ODK",
                )
                place.add("ignored", "choice_filter", detail, column, view.get(column))
            elif view.get(column):
                setattr(question, column, cells.expression(place, column, view.get(column)))
        built_in = built_in_constraint(view.get("type"))
        if built_in and question.constraint is None:
            question.constraint = cells.expression(place, "constraint", built_in)
        if question.type == "calculate" and not view.get("calculation"):
            said = Words(
                "calculate 行必须在 calculation 列填写公式", "a calculate row needs a calculation"
            )
            place.add("error", "missing_calculation", said, "calculation")
