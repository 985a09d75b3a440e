"""Choice lists from the `choices` and `external_choices` sheets."""

from __future__ import annotations

from survey_app.core.vocabulary import Words
from survey_app.xlsform.cells import Place
from survey_app.xlsform.columns import Column, read_header
from survey_app.xlsform.findings import Finding, found
from survey_app.xlsform.model import Choice, ChoiceList
from survey_app.xlsform.rows import RowView
from survey_app.xlsform.workbook import Sheet


def read_choices(sheet: Sheet, key: str, findings: list[Finding]) -> dict[str, ChoiceList]:
    columns, problems = read_header(key, sheet.header)
    findings.extend(problems)
    bases = {column.base for column in columns}
    if sheet.rows and not {"list_name", "name"} <= bases:
        detail = Words(
            "此表需要 list_name 列和 name 列(第 1 行写列标题)",
            "the sheet needs list_name and name columns",
        )
        findings.append(found("error", "missing_column", detail, key, 1))
        return {}
    findings.extend(_header_notices(key, columns))
    lists: dict[str, ChoiceList] = {}
    for row in sheet.rows:
        _add_choice(RowView(key, row, columns), lists, findings)
    filter_columns = tuple(column.header for column in columns)
    for choice_list in lists.values():
        choice_list.columns = filter_columns
    return lists


CHOICE_MEDIA = Words("选项中的图片和声音不会显示", "pictures and sounds in choices are not shown")


def _header_notices(key: str, columns: list[Column]) -> list[Finding]:
    return [
        found("ignored", "media", CHOICE_MEDIA, key, 1, c.header)
        for c in columns
        if c.base in ("media", "image", "audio", "video", "big-image", "big_image")
    ]


def _add_choice(view: RowView, lists: dict[str, ChoiceList], findings: list[Finding]) -> None:
    list_name, name = view.get("list_name"), view.get("name")
    place = Place(view.sheet, view.number, name or None, findings)
    if not list_name or not name:
        missing = "list_name" if not list_name else "name"
        said = Words(f"这个选项没有填写 {missing}", f"the choice has no {missing}")
        place.add("error", "bad_choice", said, missing)
        return
    choice_list = lists.setdefault(list_name, ChoiceList(list_name, [], view.sheet))
    columns = {column.header: view.cell(column) for column in view.columns}
    columns.setdefault("name", name)
    choice = Choice(name, view.texts("label"), view.number, columns)
    if choice_list.choice(name) is not None:
        choice_list.duplicates.append(choice)
    choice_list.choices.append(choice)
