"""Structural differential test: the reader reads a form as pyxform does, question by question.

For every form of ../shared/xlsforms (and its pyxform/ fixtures), the shipped forms in forms/,
and small forms written here for the rules a corpus may lack, that both pyxform's
workbook_to_json and the reader accept, both readings become one outline (tests/xlsform/
structure.py) and are compared: the items in order with their nesting; per question its name,
type, labels, hints, constraint and required messages per language, required, relevant,
constraint, calculation, default, read_only, appearance, choice_filter, parameters and list;
per repeat its repeat_count; every choice list (names in order, labels per language, extra
columns such as `category` or a filter's column); and the settings (form_id, title, version,
default_language). A difference is a reader bug, unless it is listed in DELIBERATE with its
reason; a listed difference that no longer occurs fails too, so the list stays true.

    python -m tests.xlsform.test_pyxform_structure     # the totals, for the README
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from survey_app.xlsform import check_form
from tests.xlsform.conftest import SHARED_FORMS, Rows, write_workbook
from tests.xlsform.generated_forms import form_name, generated_form
from tests.xlsform.structure import Comparison, compare, from_pyxform, from_reader

SHIPPED = Path(__file__).resolve().parents[2] / "forms"


@dataclass(frozen=True)
class Deliberate:
    form: str  # a file name pattern
    where: str  # a regular expression for the item path (or "settings", "choices <list>/...")
    what: str  # the compared field
    reason: str
    always: bool = True  # must occur in each matching form (a generated form may lack it)

    def covers(self, form: str, where: str, what: str) -> bool:
        return (
            fnmatch.fnmatch(form, self.form)
            and re.fullmatch(self.where, where) is not None
            and what == self.what
        )


TABLE_LIST = "the app shows a table-list group as one page of its questions (field-list, "
TABLE_LIST += "as pyxform makes it); pyxform also adds "
DELIBERATE = [
    Deliberate(
        "table_list_and_counts.xlsx",
        r"rate/reserved_name_for_field_list_labels_\d+",
        "present",
        TABLE_LIST + "a select of the first list with appearance `label`, the table's header "
        "row in ODK; on a laptop each question shows its own choices, so it is not added",
    ),
    Deliberate(
        "table_list_and_counts.xlsx",
        r"rate/generated_table_list_label_\d+",
        "present",
        TABLE_LIST + "a note holding the group's label and hint (ODK's table has no title); the "
        "app keeps them on the group, the page's title",
    ),
    Deliberate("table_list_and_counts.xlsx", "rate", "labels", TABLE_LIST + "(the same note)"),
    Deliberate("table_list_and_counts.xlsx", "rate", "hints", TABLE_LIST + "(the same note)"),
    *(
        Deliberate("generated_*.xlsx", where, what, f"as above, in a generated form: {why}", False)
        for where, what, why in [
            (r"(.*/)?tablelist\d+/reserved_name_for_field_list_labels_\d+", "present", "table"),
            (r"(.*/)?tablelist\d+/generated_table_list_label_\d+", "present", "table-list"),
            (r"(.*/)?tablelist\d+", "labels", "table-list"),
            (r"(.*/)?tablelist\d+", "hints", "table-list"),
        ]
    ),
    *(
        Deliberate("generated_*_zh.xlsx", where, "labels", "as above: 其他, 请注明", False)
        for where in [r"choices list\d/other", r"(.*/)?q\d+_other"]
    ),
    Deliberate(
        "XLSForm__pyxform__xl_date_ambiguous_v1.xlsx",
        "current_date",
        "default",
        "a cell typed as an Excel date is its ISO date (1900-01-01), the value a date question "
        "takes in XForms; pyxform writes Python's text of a date-time (1900-01-01 00:00:00)",
    ),
    Deliberate(
        "excel_dates.xlsx",
        "settings",
        "version",
        "a date-time cell is written in ISO 8601 (2026-05-01T08:30:00), as XForms writes "
        "date-times; pyxform writes Python's text of it (2026-05-01 08:30:00)",
    ),
    Deliberate(
        "excel_dates.xlsx",
        "visit",
        "default",
        "a cell typed as an Excel date is its ISO date, as a date default must be in XForms",
    ),
    Deliberate(
        "or_other_chinese.xlsx",
        "choices colour/other",
        "labels",
        "the choice `other` that or_other adds is 其他 in Chinese (pyxform: Other in every "
        "language); its name, other, is the same",
    ),
    Deliberate(
        "or_other_chinese.xlsx",
        "colour_other",
        "labels",
        "the question or_other adds is labelled 请注明 in Chinese (pyxform: Specify other.)",
    ),
]


# --- the forms ------------------------------------------------------------------------------


def _corpus() -> list[Path]:
    shared = sorted(SHARED_FORMS.rglob("*.xlsx")) if SHARED_FORMS.is_dir() else []
    return [*shared, *sorted(SHIPPED.rglob("*.xlsx"))]


WRITTEN: dict[str, dict[str, Rows]] = {
    # Curly quotes anywhere and runs of spaces on the survey sheet, as pyxform cleans them.
    "quotes_and_spaces.xlsx": {
        "survey": [
            ["type", "name", "label", "hint", "relevant", "constraint_message"],
            ["select_one yn", "a", "你同意“改造”吗?", "  two  spaces  ", "", ""],
            ["text", "b", "It’s  ‘quoted’", "", "${a} = '是’", "不能  为空"],
            ["integer", "c", "C", "", "${a}=‘no_idea’", ""],
        ],
        "choices": [
            ["list_name", "name", "label"],
            ["yn", "是", "是"],
            ["yn", "don’t_know", "“不知道”  说不清"],
        ],
    },
    "spaces_kept.xlsx": {
        "survey": [["type", "name", "label"], ["text", "a", "two  spaces"]],
        "settings": [["form_id", "clean_text_values"], ["kept", "no"]],
    },
    # id_string and title are pyxform's own names of form_id and form_title.
    "id_string_and_title.xlsx": {
        "survey": [["type", "name", "label"], ["text", "a", "A"]],
        "settings": [["id_string", "title", "version"], ["house_2027", "住户调查", "3"]],
    },
    # A default language: the plain column is that language.
    "default_language.xlsx": {
        "survey": [
            ["type", "name", "label", "label::English (en)", "hint::中文", "constraint_message"],
            ["integer", "n", "人数", "People", "填数字", "太多"],
        ],
        "settings": [["form_id", "default_language"], ["lang", "中文"]],
    },
    "or_other_chinese.xlsx": {
        "survey": [
            ["type", "name", "label::中文", "label::English"],
            ["select_one colour or_other", "colour", "颜色", "Colour"],
            ["select_multiple colour", "colours", "颜色", "Colours"],
        ],
        "choices": [
            ["list_name", "name", "label::中文", "label::English"],
            ["colour", "red", "红", "Red"],
        ],
    },
    "or_other_plain.xlsx": {
        "survey": [
            ["type", "name", "label"],
            ["select one from kinds or specify other", "kind", "Kind"],
            ["select_one kinds", "again", "Again"],
        ],
        "choices": [["list name", "name", "label"], ["kinds", "a", "A"], ["kinds", "b", "B"]],
    },
    "parameters_and_flags.xlsx": {
        "survey": [
            ["type", "name", "label", "parameters", "required", "read_only", "appearance"],
            ["range", "r1", "R1", "end=5", "yes", "", "rating"],
            ["range", "r2", "R2", "Start=0;END=100, step=5", "TRUE", "no", ""],
            ["range", "r3", "R3", "", "1", "false", ""],
            ["text", "t", "T", "", "T", "${r1} > 2", "multiline  numbers"],
            ["text", "u", True, "", True, False, ""],
            ["text", "v", "V", "", "yEs", "TRUE", ""],
            ["audit", "audit", "", "track-changes=TRUE", "", "", ""],
        ],
    },
    # table-list: one page; a repeat_count other than one reference gets its own node.
    "table_list_and_counts.xlsx": {
        "survey": [
            ["type", "name", "label", "hint", "appearance", "repeat_count"],
            ["begin group", "rate", "评价", "每项一行", "table-list", ""],
            ["select_one ok", "water", "供水", "", "", ""],
            ["select_one ok", "power", "供电", "", "minimal", ""],
            ["end group", "", "", "", "", ""],
            ["select_one ok", "after", "之后", "", "", ""],
            ["integer", "n", "人数", "", "", ""],
            ["begin repeat", "fixed", "三次", "", "", "3"],
            ["text", "x", "X", "", "", ""],
            ["end repeat", "", "", "", "", ""],
            ["begin repeat", "plus", "多一次", "", "", "${n} + 1"],
            ["text", "y", "Y", "", "", ""],
            ["end repeat", "", "", "", "", ""],
            ["begin repeat", "each", "每人", "", "", "${n}"],
            ["text", "z", "Z", "", "", ""],
            ["end repeat", "", "", "", "", ""],
        ],
        "choices": [["list_name", "name", "label"], ["ok", "yes", "满意"], ["ok", "no", "不满意"]],
    },
    "nesting_and_metadata.xlsx": {
        "survey": [
            ["type", "name", "label", "repeat_count", "calculation", "default", "choice_filter"],
            ["start", "start", "ignored", "", "", "", ""],
            ["phone number", "phone", "电话", "", "", "", ""],
            ["begin group", "home", "住户", "", "", "", ""],
            ["integer", "people", "人数", "", "", "2", ""],
            ["begin repeat", "person", "每人", "${people}", "", "", ""],
            ["text", "who", "姓名", "", "", "", ""],
            ["select_one items", "item", "项目", "", "", "", "category = 'basic'"],
            ["calculate", "twice", "", "", "${people} * 2", "", ""],
            ["end repeat", "", "", "", "", "", ""],
            ["note", "", "谢谢", "", "", "", ""],
            ["end group", "", "", "", "", "", ""],
            ["date", "when", "日期", "", "", "today()", ""],
        ],
        "choices": [
            ["list_name", "name", "label", "category", "image"],
            ["items", "water", "供水", "basic", "water.png"],
            ["items", "lift", "加装电梯", "upgrade", ""],
        ],
    },
}


def _excel_dates(path: Path) -> Path:
    """Cells typed as Excel dates and date-times, as WPS saves a date the author typed."""
    import datetime as dt

    return write_workbook(
        path,
        {
            "survey": [
                ["type", "name", "label", "default"],
                ["date", "visit", "走访日期", dt.datetime(2026, 5, 1)],
            ],
            "settings": [["form_id", "version"], ["dates", dt.datetime(2026, 5, 1, 8, 30)]],
        },
    )


# --- comparing one form ---------------------------------------------------------------------


def pyxform_reading(path: Path, keep: bool = False) -> dict[str, Any] | None:
    """pyxform's workbook_to_json, or None when pyxform refuses the form. With `keep` (the
    corpus: a big form takes seconds) kept in the temp folder by the file's content and
    pyxform's version; forms written by the test differ in every run, and are not kept."""
    import pyxform
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import parse_file_to_json

    digest = hashlib.sha256(path.read_bytes() + pyxform.__version__.encode()).hexdigest()
    kept = Path(tempfile.gettempdir()) / "survey-app-tests" / "pyxform-json" / f"{digest}.json"
    if keep and kept.is_file():
        reading: dict[str, Any] | None = json.loads(kept.read_text(encoding="utf-8"))
        return reading
    try:
        reading = parse_file_to_json(str(path), warnings=[])
    except PyXFormError:
        reading = None
    if not keep:
        return reading
    kept.parent.mkdir(parents=True, exist_ok=True)
    partial = kept.with_suffix(f".{os.getpid()}.part")
    partial.write_text(json.dumps(reading, ensure_ascii=False), encoding="utf-8")
    partial.replace(kept)
    return reading


def compared(path: Path, keep: bool = False) -> tuple[Comparison | None, str]:
    """The comparison of both readings, or None and why the form is not compared."""
    check = check_form(path)
    if check.form is None or not check.ok:
        return None, "the reader refuses it (by design, or a mistake; see test_corpus)"
    reference = pyxform_reading(path, keep)
    if reference is None:
        return None, "pyxform refuses it"
    return compare(from_reader(check.form), from_pyxform(reference)), ""


def unexplained(name: str, comparison: Comparison) -> tuple[list[str], list[Deliberate]]:
    """Differences no DELIBERATE entry covers, and the entries for this form that matched
    nothing."""
    entries = [d for d in DELIBERATE if fnmatch.fnmatch(name, d.form)]
    used: set[int] = set()
    left = []
    for where, what, ours, theirs in comparison.differences:
        covering = [i for i, d in enumerate(entries) if d.covers(name, where, what)]
        used.update(covering)
        if not covering:
            left.append(f"{where} {what}: reader {ours!r}, pyxform {theirs!r}")
    return left, [d for i, d in enumerate(entries) if i not in used and d.always]


def check_one(path: Path, keep: bool = False) -> Comparison | None:
    comparison, why = compared(path, keep)
    if comparison is None:
        print(f"\n{path.name}: not compared: {why}")
        return None
    left, stale = unexplained(path.name, comparison)
    print(
        f"\n{path.name}: {comparison.questions} questions, {comparison.choices} choices, "
        f"{comparison.fields} fields compared; {len(comparison.differences)} differences, "
        f"{len(comparison.differences) - len(left)} deliberate"
    )
    assert not left, "\n".join(left[:40])
    assert not stale, f"listed as deliberate but not found: {stale}"
    return comparison


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_the_reader_reads_each_form_as_pyxform(path: Path) -> None:
    check_one(path, keep=True)


@pytest.mark.parametrize("name", [*sorted(WRITTEN), "excel_dates.xlsx"])
def test_the_reader_reads_written_forms_as_pyxform(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name == "excel_dates.xlsx":
        _excel_dates(path)
    else:
        write_workbook(path, WRITTEN[name])
    comparison = check_one(path)
    assert comparison is not None, "both must accept the written forms"
    assert comparison.fields > 0


GENERATED = 60


def test_the_reader_reads_generated_forms_as_pyxform(tmp_path: Path) -> None:
    """Seeded random forms (tests/xlsform/generated_forms.py, seeds 0..59): every one both
    accept is compared; most must be accepted by both, or the test proves little."""
    outcomes: dict[str, int] = {}
    for seed in range(GENERATED):
        path = write_workbook(tmp_path / form_name(seed), generated_form(seed))
        comparison, why = compared(path)
        outcomes[why or "compared"] = outcomes.get(why or "compared", 0) + 1
        if comparison is not None:
            left, _ = unexplained(path.name, comparison)
            assert not left, f"seed {seed}: " + "\n".join(left[:20])
    print(f"\ngenerated forms, seeds 0..{GENERATED - 1}: {outcomes}")
    assert outcomes.get("compared", 0) >= GENERATED * 3 // 4, outcomes


def test_a_difference_is_found(make_form: Callable[..., Path]) -> None:
    """The comparison sees a changed label, a lost language, a moved question and a changed
    choice list (the test can fail)."""
    path = make_form(
        [
            ["type", "name", "label::中文", "label::English"],
            ["begin group", "g", "组", "Group"],
            ["select_one yn", "a", "甲", "A"],
            ["end group", "", "", ""],
            ["text", "b", "乙", "B"],
        ],
        choices=[["list_name", "name", "label::中文"], ["yn", "yes", "是"], ["yn", "no", "否"]],
    )
    reference = pyxform_reading(path)
    assert reference is not None
    form = check_form(path).form
    assert form is not None
    assert compare(from_reader(form), from_pyxform(reference)).differences == []
    group = reference["children"][0]
    group["children"][0]["label"]["English"] = "Changed"
    group["children"][0]["label"].pop("中文")
    reference["children"].insert(0, reference["children"].pop(1))
    reference["choices"]["yn"].reverse()
    found = {
        (where, what)
        for where, what, _, _ in compare(from_reader(form), from_pyxform(reference)).differences
    }
    assert found == {
        ("g/a", "labels"),
        ("outline", "order"),
        ("choices yn", "names in order"),
    }


def _totals() -> None:
    forms = questions = choices = fields = differences = unlisted = 0
    with tempfile.TemporaryDirectory() as folder:
        paths = _corpus()
        for name, sheets in WRITTEN.items():
            paths.append(write_workbook(Path(folder) / name, sheets))
        paths.append(_excel_dates(Path(folder) / "excel_dates.xlsx"))
        for seed in range(GENERATED):
            paths.append(write_workbook(Path(folder) / form_name(seed), generated_form(seed)))
        for path in paths:
            comparison, why = compared(path)
            if comparison is None:
                print(f"{path.name}: not compared: {why}")
                continue
            forms += 1
            questions += comparison.questions
            choices += comparison.choices
            fields += comparison.fields
            differences += len(comparison.differences)
            left, _ = unexplained(path.name, comparison)
            unlisted += len(left)
    print(
        f"{forms} forms compared, {questions} questions, {choices} choices, {fields} fields; "
        f"{differences} differences, {unlisted} of them not listed as deliberate"
    )


if __name__ == "__main__":
    _totals()
