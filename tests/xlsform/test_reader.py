"""Reading XLSForm workbooks: every type, every column, the quirks of hand-edited files."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from survey_app.xlsform.findings import Finding, FormRefused
from survey_app.xlsform.model import Expression, Form, Group, Question, Repeat
from survey_app.xlsform.reader import check_form, load_form

MakeForm = Callable[..., Path]
WriteWorkbook = Callable[..., Path]
HEADER = ["type", "name", "label"]


def problems(path: Path) -> list[Finding]:
    return check_form(path).problems


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [f.message() for f in findings]
    return findings[0]


def question(form: Form, name: str) -> Question:
    item = form.item(name)
    assert isinstance(item, Question), name
    return item


# -- types ---------------------------------------------------------------------------------

SIMPLE_TYPES = [
    "text",
    "integer",
    "decimal",
    "date",
    "time",
    "datetime",
    "note",
    "acknowledge",
    "barcode",
    "image",
    "geopoint",
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "phonenumber",
    "email",
    "audit",
]


@pytest.mark.parametrize("type_name", SIMPLE_TYPES)
def test_each_simple_type_is_read(make_form: MakeForm, type_name: str) -> None:
    form = load_form(make_form([HEADER, [type_name, "q", "Q"]]))
    assert question(form, "q").type == type_name


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("dateTime", "datetime"),
        (" end ", "end"),
        ("gps", "geopoint"),
        ("imei", "deviceid"),
        ("trigger", "acknowledge"),
        ("int", "integer"),
        ("hidden", "calculate"),
    ],
)
def test_type_spellings(make_form: MakeForm, written: str, meant: str) -> None:
    calculation = "1" if meant == "calculate" else ""
    form = load_form(make_form([[*HEADER, "calculation"], [written, "q", "Q", calculation]]))
    assert question(form, "q").type == meant


def test_calculate_needs_a_calculation(make_form: MakeForm) -> None:
    path = make_form(
        [[*HEADER, "calculation"], ["calculate", "c", "", "1 + 1"], ["calculate", "d"]]
    )
    finding = only(problems(path))
    assert (finding.code, finding.row, finding.name) == ("missing_calculation", 3, "d")
    form = check_form(path).form
    assert form is not None and question(form, "c").calculation == Expression("1 + 1", None)  # type: ignore[arg-type]


def test_selects_with_lists_or_other_and_external_choices(make_form: MakeForm) -> None:
    path = make_form(
        [
            HEADER,
            ["select_one yn", "a", "A"],
            ["select_multiple  yn", "b", "B"],
            ["select_one yn or_other", "c", "C"],
            ["select_one_external towns", "town", "Town"],
            ["select one from yn", "d", "D"],
        ],
        choices=[["list name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]],
        external_choices=[["list_name", "name", "label"], ["towns", "hz", "Hangzhou"]],
    )
    form = load_form(path)
    assert question(form, "a").type == "select_one" and question(form, "a").list_name == "yn"
    assert question(form, "b").type == "select_multiple"
    assert [c.name for c in form.choices_of(question(form, "c"))] == ["yes", "no", "other"]
    specify = question(form, "c_other")
    assert specify.type == "text" and specify.relevant is not None
    assert specify.relevant.text == "selected(${c}, 'other')"
    assert question(form, "town").external
    assert [c.name for c in form.choices_of(question(form, "town"))] == ["hz"]
    assert question(form, "d").type == "select_one"


def test_missing_list_is_an_error(make_form: MakeForm) -> None:
    path = make_form([HEADER, ["select_one nope", "a", "A"]], choices=[["list_name", "name"]])
    finding = only(problems(path))
    assert (finding.sheet, finding.row, finding.column, finding.name) == ("survey", 2, "type", "a")
    assert "no list nope" in finding.detail


def test_range_reads_its_parameters(make_form: MakeForm) -> None:
    path = make_form([[*HEADER, "parameters"], ["range", "r", "R", "start=0 end=10 step=2"]])
    assert question(load_form(path), "r").parameters == {"start": "0", "end": "10", "step": "2"}
    bad = make_form([[*HEADER, "parameters"], ["range", "r", "R", "start=0 end=10 step=0"]])
    assert "non-zero step" in only(problems(bad)).detail


@pytest.mark.parametrize(
    ("type_name", "reason"),
    [
        ("audio", "audio recording"),
        ("video", "video recording"),
        ("file", "file attachments"),
        ("geotrace", "map lines"),
        ("geoshape", "map shapes"),
        ("rank colours", "ranking"),
        ("select_one_from_file towns.csv", "CSV/XML/GeoJSON"),
        ("simserial", "SIM card"),
        ("begin loop over rooms", "loops"),
    ],
)
def test_unsupported_types_are_reported_by_row_and_name(
    make_form: MakeForm, type_name: str, reason: str
) -> None:
    path = make_form([HEADER, ["text", "ok", "OK"], [type_name, "bad", "Bad"]])
    finding = only(problems(path))
    assert (finding.severity, finding.row, finding.name) == ("unsupported", 3, "bad")
    assert reason in finding.detail
    with pytest.raises(FormRefused, match="row 3"):
        load_form(path)


def test_unknown_type_is_an_error(make_form: MakeForm) -> None:
    finding = only(problems(make_form([HEADER, ["txet", "a", "A"]])))
    assert finding.severity == "error" and "unknown question type 'txet'" in finding.detail


# -- groups and repeats ----------------------------------------------------------------------


def test_groups_nest_six_deep_with_both_spellings(make_form: MakeForm) -> None:
    rows = [HEADER]
    for depth in range(6):
        rows.append(["begin group" if depth % 2 else "begin_group", f"g{depth}", f"G{depth}"])
    rows.append(["text", "deep", "Deep"])
    for depth in range(6):
        rows.append(["end_group" if depth % 2 else "end group", "", ""])
    form = load_form(make_form(rows))
    deep = question(form, "deep")
    assert [g.name for g in deep.ancestors()] == [f"g{d}" for d in reversed(range(6))]


def test_repeats_with_repeat_count(make_form: MakeForm) -> None:
    path = make_form(
        [
            [*HEADER, "repeat_count"],
            ["integer", "n", "N", ""],
            ["begin repeat", "people", "People", "${n}"],
            ["integer", "age", "Age", ""],
            ["end repeat", "", "", ""],
        ]
    )
    form = load_form(path)
    people = form.item("people")
    assert isinstance(people, Repeat) and people.repeat_count is not None
    assert [c.name for c in people.children] == ["age"]
    assert question(form, "age").repeats() == [people]


@pytest.mark.parametrize(
    ("rows", "code", "row"),
    [
        ([["begin group", "g", "G"], ["text", "a", "A"]], "unclosed_group", 2),
        ([["text", "a", "A"], ["end group", "", ""]], "unopened_group", 3),
        ([["begin repeat", "r", "R"], ["end group", "", ""]], "mismatched_group", 3),
        ([["text", "a", "A"], ["text", "a", "A again"]], "duplicate_name", 3),
        ([["text", "", "No name"]], "bad_name", 2),
        ([["text", "two words", "A"]], "bad_name", 2),
        ([["", "a", "A"]], "missing_type", 2),
    ],
)
def test_structure_mistakes(
    make_form: MakeForm, rows: list[list[str]], code: str, row: int
) -> None:
    finding = only(problems(make_form([HEADER, *rows])))
    assert (finding.code, finding.row) == (code, row)


def test_same_name_in_two_groups_gets_path_keys(make_form: MakeForm) -> None:
    path = make_form(
        [
            HEADER,
            ["begin group", "wheat", "Wheat"],
            ["integer", "price", "Price"],
            ["end group", "", ""],
            ["begin group", "maize", "Maize"],
            ["integer", "price", "Price"],
            ["end group", "", ""],
        ]
    )
    form = load_form(path)
    assert [q.key for q in form.questions()] == ["wheat/price", "maize/price"]
    ambiguous = make_form([[*HEADER, "relevant"], *path_rows_with_reference()])
    assert only(problems(ambiguous)).code == "ambiguous_reference"


def path_rows_with_reference() -> list[list[str]]:
    return [
        ["begin group", "g1", "G1", ""],
        ["integer", "price", "Price", ""],
        ["end group", "", "", ""],
        ["begin group", "g2", "G2", ""],
        ["integer", "price", "Price", ""],
        ["end group", "", "", ""],
        ["text", "why", "Why", "${price} > 10"],
    ]


def test_note_without_name_gets_one(make_form: MakeForm) -> None:
    form = load_form(make_form([HEADER, ["note", "", "Welcome"]]))
    assert form.questions()[0].name == "generated_note_name_2"


# -- columns -------------------------------------------------------------------------------

ALL_COLUMNS = [
    "type",
    "name",
    "label",
    "label::zh",
    "hint",
    "hint::zh",
    "required",
    "required_message",
    "relevant",
    "constraint",
    "constraint_message",
    "calculation",
    "default",
    "read_only",
    "choice_filter",
    "repeat_count",
    "appearance",
]


def test_every_column_is_read(make_form: MakeForm) -> None:
    path = make_form(
        [
            ALL_COLUMNS,
            ["integer", "n", "N", "数", "Hint", "提示", "", "", "", "", "", "", "", "", "", "", ""],
            [
                "select_one yn",
                "q",
                "Q",
                "问",
                "H",
                "示",
                "yes",
                "Please answer",
                "${n} > 0",
                ". != 'no'",
                "Not no",
                "",
                "yes",
                "${n} > 5",
                "cf = 'a'",
                "",
                "minimal",
            ],
            ["begin repeat", "r", "R", "", "", "", "", "", "", "", "", "", "", "", "", "${n}", ""],
            ["calculate", "c", "", "", "", "", "", "", "", "", "", "${n} * 2", "", "", "", "", ""],
            ["end repeat", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ],
        choices=[
            ["list_name", "name", "label", "cf"],
            ["yn", "yes", "Yes", "a"],
            ["yn", "no", "No", "b"],
        ],
    )
    form = load_form(path)
    q = question(form, "q")
    assert q.labels == {"": "Q", "zh": "问"} and q.hints == {"": "H", "zh": "示"}
    assert q.required is True and q.required_messages == {"": "Please answer"}
    assert q.relevant is not None and q.relevant.text == "${n} > 0"
    assert q.constraint is not None and q.constraint_messages == {"": "Not no"}
    assert q.default == "yes" and q.appearance == "minimal"
    assert isinstance(q.read_only, Expression) and q.read_only.text == "${n} > 5"
    assert q.choice_filter is not None and q.choice_filter.text == "cf = 'a'"
    assert question(form, "c").calculation is not None
    repeat = form.item("r")
    assert isinstance(repeat, Repeat) and repeat.repeat_count is not None
    assert [f.detail for f in form.notices] == ["appearance 'minimal' is not shown differently"]


@pytest.mark.parametrize("written", ["yes", "Yes", "TRUE", "true", "true()", "1", True, 1])
def test_required_in_every_spelling(make_form: MakeForm, written: object) -> None:
    form = load_form(make_form([[*HEADER, "required"], ["text", "a", "A", written]]))
    assert question(form, "a").required is True


@pytest.mark.parametrize("written", ["no", "FALSE", "0", "", False])
def test_not_required(make_form: MakeForm, written: object) -> None:
    form = load_form(make_form([[*HEADER, "required"], ["text", "a", "A", written]]))
    assert question(form, "a").required is False


def test_required_as_an_expression_or_a_typo(make_form: MakeForm) -> None:
    form = load_form(make_form([[*HEADER, "required"], ["text", "a", "A", "${a} != 'x'"]]))
    assert isinstance(question(form, "a").required, Expression)


@pytest.mark.parametrize("written", ["yse", "T", "y", "是"])
def test_required_as_a_bare_word_is_no_with_a_warning(make_form: MakeForm, written: str) -> None:
    """pyxform passes a bare word through as an XPath path to no node: ODK Collect reads
    required = T as not required. The form loads, and the check says so."""
    form = load_form(make_form([[*HEADER, "required"], ["text", "a", "A", written]]))
    assert question(form, "a").required is False
    (notice,) = [f for f in form.notices if f.code == "bad_flag"]
    assert (notice.severity, notice.column, notice.text) == ("ignored", "required", written)


def test_bad_expression_names_row_column_and_text(make_form: MakeForm) -> None:
    path = make_form([[*HEADER, "relevant"], ["text", "a", "A", ""], ["text", "b", "B", "${a} =="]])
    finding = only(problems(path))
    assert (finding.sheet, finding.row, finding.column, finding.name) == (
        "survey",
        3,
        "relevant",
        "b",
    )
    assert finding.text == "${a} =="
    assert "character" in finding.detail


def test_unknown_reference_and_unsupported_function(make_form: MakeForm) -> None:
    path = make_form(
        [[*HEADER, "calculation"], ["calculate", "c", "", "pulldata('f', 'a', 'b', ${zz})"]]
    )
    found = {(f.severity, f.detail.split(":")[0]) for f in problems(path)}
    assert found == {("unsupported", "pulldata()"), ("error", "${zz}")}


def test_search_appearance_is_unsupported(make_form: MakeForm) -> None:
    path = make_form(
        [[*HEADER, "appearance"], ["select_one yn", "a", "A", "search('towns')"]],
        choices=[["list_name", "name", "label"], ["yn", "yes", "Yes"]],
    )
    finding = only(problems(path))
    assert (finding.severity, finding.column) == ("unsupported", "appearance")


def test_references_in_labels_are_checked(make_form: MakeForm) -> None:
    path = make_form([HEADER, ["text", "a", "A"], ["note", "n", "You said ${a} and ${b}"]])
    assert only(problems(path)).detail == "${b}: no question has this name"


def test_circular_calculations_are_refused(make_form: MakeForm) -> None:
    path = make_form(
        [
            [*HEADER, "calculation"],
            ["calculate", "a", "", "${b} + 1"],
            ["calculate", "b", "", "${a}"],
        ]
    )
    assert only(problems(path)).code == "circular_reference"


def test_trigger_and_bind_columns_are_refused(make_form: MakeForm) -> None:
    path = make_form([[*HEADER, "trigger", "bind::odk:length"], ["text", "a", "A", "${a}", "10"]])
    assert {f.column for f in problems(path)} == {"trigger", "bind::odk:length"}


# -- languages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "key", "name"),
    [
        ("label::zh", "zh", "zh"),
        ("label::Chinese (zh)", "zh", "Chinese"),
        ("label::中文 (zh)", "zh", "中文"),
        ("label::English(en)", "en", "English"),
        ("label::English (en)", "en", "English"),
        ("label::English", "en", "English"),
        ("label::english", "en", "english"),
        ("label::العربية", "ar", "العربية"),
        ("label::Igbo", "ig", "Igbo"),
        ("label::Klingon", "klingon", "Klingon"),
    ],
)
def test_language_headers(make_form: MakeForm, header: str, key: str, name: str) -> None:
    form = load_form(make_form([["type", "name", header], ["text", "a", "文字"]]))
    assert [(lang.key, lang.name) for lang in form.languages] == [(key, name)]
    assert question(form, "a").labels == {key: "文字"}


def test_labels_in_a_requested_language_with_fallbacks(make_form: MakeForm) -> None:
    path = make_form(
        [
            ["type", "name", "label::中文 (zh)", "label::English (en)"],
            ["text", "a", "人数", "People"],
            ["text", "b", "只有中文", ""],
        ],
        settings=[["default_language"], ["中文 (zh)"]],
    )
    form = load_form(path)
    a, b = question(form, "a"), question(form, "b")
    assert form.label(a, "en") == "People" and form.label(a, "English") == "People"
    assert form.label(a, "zh") == "人数" and form.label(a) == "人数"
    assert form.label(b, "en") == "只有中文"


def test_duplicate_columns_are_an_error(make_form: MakeForm) -> None:
    finding = only(
        problems(make_form([["type", "name", "label", "label"], ["text", "a", "A", "B"]]))
    )
    assert (finding.code, finding.row) == ("duplicate_column", 1)


# -- settings ------------------------------------------------------------------------------


def test_settings_are_read(make_form: MakeForm) -> None:
    path = make_form(
        [HEADER, ["text", "a", "A"]],
        settings=[
            ["form_id", "form_title", "version", "default_language"],
            ["needs", "需求调查", 2024091201.0, "zh"],
        ],
    )
    settings = load_form(path).settings
    assert (settings.form_id, settings.form_title, settings.version) == (
        "needs",
        "需求调查",
        "2024091201",
    )
    assert settings.default_language == "zh"


def test_without_settings_the_file_name_is_the_id(make_form: MakeForm) -> None:
    form = load_form(make_form([HEADER, ["text", "a", "A"]], name="my_form.xlsx"))
    assert (form.form_id, form.settings.form_title, form.version) == ("my_form", "my_form", "")


def test_unknown_settings_column_suggests_the_right_one(make_form: MakeForm) -> None:
    path = make_form([HEADER, ["text", "a", "A"]], settings=[["form_tittle"], ["X"]])
    notice = only(check_form(path).form.notices)  # type: ignore[union-attr]
    assert notice.severity == "ignored" and "did you mean form_title" in notice.detail


# -- hand-edited workbooks -----------------------------------------------------------------


def test_quirks_of_hand_edited_workbooks(make_form: MakeForm) -> None:
    path = make_form(
        [
            ["priority", " Type ", "NAME", "Label", "required", "Constraint Message"],
            [1, "text", "a", "A", True, ""],
            [],
            [2, " begin_group ", "g", "G", "", ""],
            [3, "integer", "b", 42, "TRUE", ""],
            [4, "end group", "", "", "", ""],
            [None, None, None, None, "yes", None],
        ],
        choices=[["list name", "name", "label"], ["n", 1, "One"], ["n", 2.0, "Two"]],
        README=[["This sheet explains the form"]],
    )
    result = check_form(path)
    assert result.ok, [f.message() for f in result.problems]
    form = result.form
    assert form is not None
    assert [q.name for q in form.questions()] == ["a", "b"]
    assert question(form, "b").labels == {"": "42"} and question(form, "b").required is True
    assert [c.name for c in form.choice_lists["n"].choices] == ["1", "2"]
    codes = sorted(f.code for f in form.notices)
    assert codes == ["extra_sheet", "unknown_column", "untyped_row"]


def test_sheet_names_are_case_insensitive(tmp_path: Path, write_workbook: WriteWorkbook) -> None:
    path = write_workbook(
        tmp_path / "f.xlsx",
        {
            "SURVEY": [HEADER, ["select_one yn", "a", "A"]],
            "Choices": [["list_name", "name"], ["yn", "y"]],
        },
    )
    assert load_form(path).choice_lists["yn"].choices[0].name == "y"


def _with_formula_results(path: Path, results: dict[str, str]) -> Path:
    """Gives formula cells a saved result, as Excel does when it saves."""
    with zipfile.ZipFile(path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    sheet = contents["xl/worksheets/sheet1.xml"].decode()
    for cell, value in results.items():
        sheet = re.sub(
            rf'<c r="{cell}"><f>(.*?)</f><v\s*/>',
            rf'<c r="{cell}" t="str"><f>\1</f><v>{value}</v>',
            sheet,
        )
    contents["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    return path


def test_formulas_give_their_saved_result(make_form: MakeForm) -> None:
    path = make_form([HEADER, ["text", '=LOWER("NAME")', "A"]])
    finding = problems(path)[0]  # the blank name it leaves is reported too
    assert (finding.code, finding.sheet, finding.column) == ("uncached_formula", "survey", "B2")
    form = load_form(_with_formula_results(path, {"B2": "name"}))
    assert form.questions()[0].name == "name"


def test_files_that_are_not_forms(
    tmp_path: Path, make_form: MakeForm, write_workbook: WriteWorkbook
) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook")
    assert "not an Excel .xlsx workbook" in only(problems(text)).detail
    assert "no such file" in only(problems(tmp_path / "missing.xlsx")).detail
    other = write_workbook(tmp_path / "other.xlsx", {"Sheet1": [["a"]], "Sheet2": [["b"]]})
    assert "no sheet named survey" in only(problems(other)).detail
    alone = write_workbook(tmp_path / "alone.xlsx", {"Sheet1": [["a"]]})  # read as the survey
    assert "no type column" in only(problems(alone)).detail
    no_type = make_form([["name", "label"], ["a", "A"]])
    assert "no type column" in only(problems(no_type)).detail


def test_choice_mistakes(make_form: MakeForm) -> None:
    path = make_form(
        [HEADER, ["select_one yn", "a", "A"], ["select_multiple spaced", "b", "B"]],
        choices=[
            ["list_name", "name", "label"],
            ["yn", "y", "Y"],
            ["yn", "y", "Y again"],
            ["yn", "", "No name"],
            ["spaced", "two words", "X"],
        ],
    )
    codes = sorted((f.code, f.row) for f in problems(path))
    assert codes == [("bad_choice", 3), ("bad_choice", 4), ("duplicate_choice", 2)]


def test_duplicate_choices_are_fine_behind_a_filter(make_form: MakeForm) -> None:
    path = make_form(
        [[*HEADER, "choice_filter"], ["select_one d", "a", "A", "county = '1'"]],
        choices=[
            ["list_name", "name", "label", "county"],
            ["d", 4, "Here", 1],
            ["d", 4, "There", 2],
        ],
    )
    assert check_form(path).ok


def test_group_items_are_groups_and_field_list_is_honoured(make_form: MakeForm) -> None:
    rows = [[*HEADER, "appearance"], ["begin group", "g", "G", "field-list"], ["end group"]]
    form = load_form(make_form(rows))
    group = form.item("g")
    assert isinstance(group, Group) and group.appearance == "field-list"
    assert form.notices == []
