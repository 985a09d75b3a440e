"""Forms ODK runs load: each case here is one pyxform converts and ODK Validate accepts, which
the reader once refused. Where ODK gives the cell a meaning the author may not intend, the
check lists it (severity "ignored") and the form loads with ODK's meaning."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from survey_app.xlsform import FormSession, Question, check_form, load_form, validate
from survey_app.xlsform.model import Form

MakeForm = Callable[..., Path]
WriteWorkbook = Callable[..., Path]


def question(form: Form, name: str) -> Question:
    item = form.item(name)
    assert isinstance(item, Question), name
    return item


def notices(path: Path) -> list[tuple[str, str | None]]:
    result = check_form(path)
    assert result.ok, [f.message() for f in result.findings]
    return [(f.code, f.column) for f in result.findings]


def test_audit_location_parameters_are_listed_not_refused(make_form: MakeForm) -> None:
    path = make_form(
        [
            ["type", "name", "label", "parameters"],
            ["audit", "audit", "", "location-priority=balanced location-min-interval=60 "
             "location-max-age=120 track-changes=true"],
            ["text", "a", "A", ""],
        ]
    )  # fmt: skip
    assert notices(path) == [("parameter", "parameters")] * 3
    assert question(load_form(path), "audit").parameters["track-changes"] == "true"


def test_a_choice_filter_on_a_note_is_ignored(make_form: MakeForm) -> None:
    path = make_form(
        [
            ["type", "name", "label", "choice_filter"],
            ["note", "n", "N", "x = 1"],
            ["text", "a", "A"],
        ]
    )
    assert notices(path) == [("choice_filter", "choice_filter")]
    assert question(load_form(path), "n").choice_filter is None


def test_mixed_straight_and_curly_quotes_are_one_text(make_form: MakeForm) -> None:
    path = make_form(
        [
            ["type", "name", "label", "relevant"],
            ["text", "a", "A", ""],
            ["note", "b", "B", "${a} = '是’"],
            ["note", "c", "C", "${a} = ‘是'"],
        ]
    )
    assert notices(path) == [("full_width", "relevant")] * 2
    session = FormSession(load_form(path))
    session.set_answer("a", "是")
    form = session.form
    assert session.is_relevant(question(form, "b")) and session.is_relevant(question(form, "c"))


def test_phone_number_is_text_of_digits(make_form: MakeForm) -> None:
    form = load_form(make_form([["type", "name", "label"], ["phone number", "p", "Phone"]]))
    phone = question(form, "p")
    assert phone.type == "text" and phone.constraint is not None
    session = FormSession(form)
    session.set_answer("p", "13800138000")
    assert session.meets_constraint(phone)
    session.set_answer("p", "138-0013")
    assert not session.meets_constraint(phone)


def test_the_only_sheet_is_the_survey_whatever_its_name(
    write_workbook: WriteWorkbook, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "f.xlsx", {"Sheet1": [["type", "name", "label"], ["text", "a", "A"]]}
    )
    assert notices(path) == [("survey_sheet", None)]
    assert question(load_form(path), "a").labels == {"": "A"}


def test_a_bare_name_is_a_blank_value_as_odk_reads_it(make_form: MakeForm) -> None:
    path = make_form(
        [["type", "name", "label", "relevant"], ["text", "a", "A", ""], ["note", "b", "B", "a = 1"]]
    )
    assert notices(path) == [("expression", "relevant")]
    session = FormSession(load_form(path))
    session.set_answer("a", "1")
    assert not session.is_relevant(question(session.form, "b"))


def test_a_bare_name_in_a_choice_filter_without_that_column_is_blank(make_form: MakeForm) -> None:
    path = make_form(
        [["type", "name", "label", "choice_filter"], ["select_one c", "q", "Q", "yes = ''"]],
        choices=[["list_name", "name", "label"], ["c", "x", "X"], ["c", "y", "Y"]],
    )
    assert notices(path) == [("expression", "choice_filter")]
    session = FormSession(load_form(path))
    assert [c.name for c in session.choices(question(session.form, "q"))] == ["x", "y"]


def test_single_colon_language_headers_keep_their_labels(make_form: MakeForm) -> None:
    path = make_form([["type", "name", "label:English", "hint:English"], ["text", "a", "A", "H"]])
    assert notices(path) == []
    form = load_form(path)
    assert form.label(question(form, "a"), "en") == "A"
    assert form.text(question(form, "a").hints, "en") == "H"


def test_every_type_name_pyxform_knows_is_read_or_named_as_unsupported() -> None:
    """The type names come from pyxform's own dictionary (`q int`, `get start time`, `add
    audio prompt` ...): each is read as pyxform reads it, or refused by design with a reason."""
    from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

    from survey_app.xlsform.qtypes import TypeProblem, parse_type

    expected = {"q int": "integer", "get start time": "start", "add note prompt": "note",
                "number of days in last year": "integer", "q picture": "image",
                "add calculate prompt": "calculate", "trigger": "acknowledge"}  # fmt: skip
    unknown = []
    for name, entry in QUESTION_TYPE_DICT.items():
        needs_list = entry.get("control", {}).get("tag") in ("select", "select1")
        try:
            kind = parse_type(f"{name} some_list" if needs_list else name).kind
        except TypeProblem as problem:
            if not problem.unsupported:
                unknown.append(name)
            continue
        assert expected.get(name, kind) == kind, name
    assert unknown == []


def test_types_with_a_constraint_of_their_own(make_form: MakeForm) -> None:
    form = load_form(
        make_form(
            [
                ["type", "name", "label"],
                ["percentage", "p", "P"],
                ["number of days in last month", "d", "D"],
                ["q select1 yn", "s", "S"],
            ],
            choices=[["list_name", "name", "label"], ["yn", "y", "Y"]],
        )
    )
    session = FormSession(form)
    session.set_answer("p", 101)
    session.set_answer("d", 31)
    assert not session.meets_constraint(question(form, "p"))
    assert session.meets_constraint(question(form, "d"))
    assert question(form, "s").type == "select_one" and question(form, "s").list_name == "yn"


def test_column_aliases_are_pyxforms() -> None:
    """Every header alias pyxform reads for a column the app uses means the same here."""
    from pyxform import aliases

    from survey_app.xlsform.columns import parse_header

    meaning = {"bind::readonly": "read_only", "bind::relevant": "relevant", "label": "label",
               "control::appearance": "appearance", "bind::required": "required",
               "bind::constraint": "constraint", "bind::jr:constraintMsg": "constraint_message",
               "bind::calculate": "calculation", "type": "type", "name": "name",
               "control::jr:count": "repeat_count", "bind::jr:requiredMsg": "required_message",
               "title": "form_title", "id_string": "form_id"}  # fmt: skip
    headers = {**aliases.survey_header, **aliases.list_header, **aliases.settings_header}
    for alias, target in headers.items():
        if isinstance(target, str) and target in meaning:
            assert parse_header(0, alias).base == meaning[target], alias


def test_curly_quotes_are_straight_everywhere_as_pyxform_writes_them(make_form: MakeForm) -> None:
    path = make_form(
        [
            ["type", "name", "label", "relevant"],
            ["select_one yn", "a", "是否“同意”", ""],
            ["note", "b", "It’s fine", '${a} = "don’t_know"'],
        ],
        choices=[["list_name", "name", "label"], ["yn", "don’t_know", "‘不知道’"]],
    )
    assert notices(path) == [("full_width", "relevant")]
    form = load_form(path)
    assert question(form, "a").labels == {"": '是否"同意"'}
    assert [(c.name, c.labels) for c in form.choices_of(question(form, "a"))] == [
        ("don't_know", {"": "'不知道'"})
    ]
    session = FormSession(form)
    session.set_answer("a", "don't_know")
    assert session.is_relevant(question(form, "b"))


def test_runs_of_spaces_on_the_survey_sheet_are_one_unless_the_settings_keep_them(
    make_form: MakeForm,
) -> None:
    survey = [["type", "name", "label"], ["text", "a", "两个  空格   三个"]]
    assert question(load_form(make_form(survey)), "a").labels == {"": "两个 空格 三个"}
    kept = make_form(survey, settings=[["form_id", "clean_text_values"], ["f", "no"]])
    assert question(load_form(kept), "a").labels == {"": "两个  空格   三个"}


def test_id_string_and_title_name_the_form(make_form: MakeForm) -> None:
    path = make_form(
        [["type", "name", "label"], ["text", "a", "A"]],
        settings=[["id_string", "title"], ["house_2027", "住户调查"]],
    )
    assert notices(path) == []
    settings = load_form(path).settings
    assert (settings.form_id, settings.form_title) == ("house_2027", "住户调查")


def test_or_other_adds_other_to_the_list_for_every_select(make_form: MakeForm) -> None:
    form = load_form(
        make_form(
            [
                ["type", "name", "label::中文", "label::English"],
                ["select_one colour or_other", "colour", "颜色", "Colour"],
                ["select_multiple colour", "colours", "颜色", "Colours"],
            ],
            choices=[
                ["list_name", "name", "label::中文", "label::English"],
                ["colour", "red", "红", "Red"],
            ],
        )
    )
    other = form.choices_of(question(form, "colours"))[-1]
    assert (other.name, other.labels) == ("other", {"en": "Other", "zh": "其他"})
    session = FormSession(form, language="en")
    session.set_answer("colours", ["red", "other"])
    assert session.label(question(form, "colour_other")) == "Specify other."


def test_a_repeat_count_that_is_not_one_reference_gets_its_own_node(make_form: MakeForm) -> None:
    form = load_form(
        make_form(
            [
                ["type", "name", "label", "repeat_count"],
                ["integer", "n", "N", ""],
                ["begin repeat", "plus", "P", "${n} + 1"],
                ["text", "y", "Y", ""],
                ["end repeat", "", "", ""],
            ]
        )
    )
    assert [item.name for item in form.children] == ["n", "plus_count", "plus"]
    count = question(form, "plus_count")
    assert count.type == "calculate" and count.read_only is True
    session = FormSession(form)
    session.set_answer("n", 2)
    assert session.value(count) == 3
    assert session.finish().calculated["plus_count"] == "3"


def test_a_table_list_is_one_page_of_its_selects(make_form: MakeForm) -> None:
    path = make_form(
        [
            ["type", "name", "label", "appearance"],
            ["begin group", "rate", "评价", "table-list"],
            ["select_one ok", "water", "供水", "minimal"],
            ["end group", "", "", ""],
            ["select_one ok", "after", "之后", ""],
        ],
        choices=[["list_name", "name", "label"], ["ok", "yes", "满意"]],
    )
    assert notices(path) == [("appearance", "appearance")] * 2
    form = load_form(path)
    rate = form.item("rate")
    assert rate is not None and rate.appearance == "field-list"
    assert question(form, "water").appearance == "list-nolabel"
    assert question(form, "after").appearance == ""


def test_parameters_are_read_as_pyxform_reads_them(make_form: MakeForm) -> None:
    form = load_form(
        make_form(
            [
                ["type", "name", "label", "parameters"],
                ["range", "r", "R", "END=5;Step=1"],
                ["range", "plain", "Plain", ""],
            ]
        )
    )
    assert question(form, "r").parameters == {"start": "1", "end": "5", "step": "1"}
    assert question(form, "plain").parameters == {"start": "1", "end": "10", "step": "1"}


def test_yes_and_no_spellings_in_rules_are_true_and_false(make_form: MakeForm) -> None:
    """pyxform writes relevant = FALSE (a boolean cell in Excel) as false(), calculation = yes
    as true(): not a bare name, which would be a path to nothing."""
    path = make_form(
        [
            ["type", "name", "label", "relevant", "calculation", "constraint"],
            ["integer", "hidden", "H", "FALSE", "", "no"],
            ["integer", "shown", "S", "Yes", "", "true"],
            ["calculate", "flag", "", "", "yes", ""],
        ]
    )
    assert notices(path) == []
    form = load_form(path)
    session = FormSession(form)
    assert not session.is_relevant(question(form, "hidden"))
    assert session.is_relevant(question(form, "shown"))
    assert session.value(question(form, "flag")) is True
    session.set_answer("shown", 3)
    assert [p.code for p in validate(session)] == []


def test_jr_message_headers_without_bind_are_not_messages(make_form: MakeForm) -> None:
    """pyxform reads jr:constraintMsg only as bind::jr:constraintMsg; Collect shows none."""
    path = make_form(
        [
            ["type", "name", "label", "constraint", "jr:constraintMsg", "bind::jr:requiredMsg"],
            ["integer", "a", "A", ". > 1", "太小", "必填"],
        ]
    )
    found = [(f.code, f.column) for f in check_form(path).findings]
    assert found == [("unknown_column", "jr:constraintMsg")]
    a = question(load_form(path), "a")
    assert a.constraint_messages == {} and a.required_messages == {"": "必填"}
