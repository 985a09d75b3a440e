"""Issue #17 item 1: every form-check finding is worded in Chinese and in English.

The Chinese detail says what is wrong (and what to write) without an untranslated English
sentence; the English detail has no Chinese but the form's own content it quotes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from survey_app.cli import main
from survey_app.xlsform.findings import Finding
from survey_app.xlsform.reader import check_form
from tests.xlsform.conftest import SHARED_FORMS, write_workbook

ROOT = Path(__file__).resolve().parents[2]
SHARED = SHARED_FORMS
CORPUS = [
    *sorted(SHARED.glob("*.xlsx")),
    *sorted((SHARED / "pyxform").glob("*.xlsx")),
    *sorted((ROOT / "forms").rglob("*.xlsx")),
]
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
ENGLISH_RUN = re.compile(r"[A-Za-z][\w\-]*(?:[ ,;]+[A-Za-z][\w\-]*){2,}")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\$\{[^}]*\}|‘[^’]*’|“[^”]*”")


def without_form_content(finding: Finding, detail: str) -> str:
    """The detail without what it quotes of the form: cell text, names, headers, titles."""
    for part in sorted(
        {p for p in (finding.text, finding.name, finding.column, finding.sheet) if p},
        key=len,
        reverse=True,
    ):
        detail = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", " ", detail)
    return QUOTED.sub(" ", detail)


def assert_bilingual(findings: list[Finding]) -> None:
    for finding in findings:
        chinese = finding.said("zh")
        assert finding.detail_zh and CJK.search(chinese), (finding.code, chinese)
        leftover = ENGLISH_RUN.search(without_form_content(finding, chinese))
        assert leftover is None, (finding.code, chinese, leftover)
        english = without_form_content(finding, finding.said("en"))
        assert not CJK.search(english), (finding.code, finding.detail)
        assert finding.said("en") == finding.detail


HEAD = ["type", "name", "label"]
# Mistakes a person makes in Excel, for the findings the corpus does not give.
MISTAKES: dict[str, dict[str, list[list[object]]]] = {
    "missing_sheet": {"questions": [HEAD, ["text", "a", "A"]], "notes": [["x"]]},
    "missing_type_column": {"survey": [["name", "label"], ["a", "A"]]},
    "groups": {
        "survey": [
            HEAD,
            ["end group", "", ""],
            ["begin group", "g", "G"],
            ["end repeat", "", ""],
            ["begin repeat", "r", "R"],
            ["text", "a", "A"],
        ]
    },
    "names": {
        "survey": [
            HEAD,
            ["text", "a", "A"],
            ["text", "a", "A again"],
            ["text", "two words", "B"],
            ["text", "", "no name"],
            ["", "c", "no type"],
            ["calculate", "d", ""],
        ]
    },
    "selects": {
        "survey": [
            HEAD,
            ["select_one", "s", "S"],
            ["select_one nope", "t", "T"],
            ["select_multiple colours", "u", "U"],
            ["select_one twice", "v", "V"],
            ["txet", "w", "W"],
        ],
        "choices": [
            ["list_name", "name", "label"],
            ["colours", "dark red", "Dark red"],
            ["twice", "x", "X"],
            ["twice", "x", "X again"],
            ["", "y", "Y"],
            ["colours", "", "Z"],
        ],
    },
    "choices_without_columns": {
        "survey": [HEAD, ["text", "a", "A"]],
        "choices": [["list", "label"], ["l", "L"]],
    },
    "expressions": {
        "survey": [
            [*HEAD, "relevant", "calculation", "constraint", "required", "default"],
            ["integer", "a", "A", "${a} == 1", "", ". > 0 && . < 9", "", "${b} + 1"],
            ["calculate", "b", "", "", "${c} + 1", "", "", ""],
            ["calculate", "c", "", "", "${b} + 1", "", "", ""],
            ["integer", "d", "D", "${nobody} = 1", "", "regex(., '[')", "", ""],
            ["integer", "e", "E", "", "", "round(.)", "maybe", ""],
            ["begin group", "g", "G", "", "", "", "", ""],
            ["integer", "f", "F ${g}", "${g} = 1", "", "unknown(.)", "", ""],
            ["integer", "h", "H", "position(..) = 1", "", "", "", ""],
            ["end group", "", "", "", "", "", "", ""],
            ["integer", "i", "I", "../j = 1", "", "pulldata('a', 'b', 'c', 'd')", "", ""],
            ["text", "k", "K", "", "concat('a', 'b'", "", "", ""],
            ["text", "m", "M", "", "", "", "", "${a b}"],
            ["integer", "n", "N", "", "", ". ＝ 1", "", ""],
        ]
    },
    "columns": {
        "survey": [
            ["type", "name", "label", "label", "hint:English", "constraint_mesage", "trigger"],
            ["text", "a", "A", "A", "h", "m", "${a}"],
            ["range", "b", "B", "", "", "", ""],
        ],
        "settings": [["form_titel", "version"], ["T", "1"]],
    },
    "values": {
        "survey": [
            [*HEAD, "parameters", "default", "appearance", "choice_filter"],
            ["range", "a", "A", "start=1 end=5 step=0", "", "", ""],
            ["integer", "b", "B", "", "many", "search('x')", ""],
            ["text", "c", "C", "", "", "", "x = 1"],
            ["audit", "audit", "", "location-priority=high identify-user=true", "", "", ""],
        ]
    },
}


@pytest.mark.parametrize("sheets", list(MISTAKES.values()), ids=list(MISTAKES))
def test_every_mistake_is_worded_in_both_languages(
    tmp_path: Path, sheets: dict[str, list[list[object]]]
) -> None:
    findings = check_form(write_workbook(tmp_path / "mistakes.xlsx", sheets)).findings
    assert [f for f in findings if f.blocks_loading]
    assert_bilingual(findings)


def test_the_mistakes_cover_the_finding_codes(tmp_path: Path) -> None:
    codes = {
        finding.code
        for key, sheets in MISTAKES.items()
        for finding in check_form(write_workbook(tmp_path / f"{key}.xlsx", sheets)).findings
    }
    wanted = {
        "missing_sheet", "missing_column", "unopened_group", "mismatched_group",
        "unclosed_group", "duplicate_name", "bad_name", "missing_type", "missing_calculation",
        "missing_list", "bad_choice", "duplicate_choice", "question_type", "bad_expression",
        "expression", "circular_reference", "bad_flag", "bad_value", "unknown_column",
        "duplicate_column", "column", "appearance", "parameter", "choice_filter",
    }  # fmt: skip
    assert wanted <= codes, wanted - codes


def test_an_unreadable_file_is_worded_in_both_languages(tmp_path: Path) -> None:
    text = tmp_path / "form.xlsx"
    text.write_text("type,name\n", encoding="utf-8")
    for path in (text, tmp_path / "missing.xlsx"):
        finding = check_form(path).findings[0]
        assert finding.code == "unreadable_file"
        assert CJK.search(finding.said("zh")) and not CJK.search(finding.said("en"))


@pytest.fixture(scope="module")
def corpus_findings() -> list[Finding]:
    return [finding for path in CORPUS for finding in check_form(path).findings]


def test_the_corpus_gives_many_kinds_of_finding(corpus_findings: list[Finding]) -> None:
    codes = {finding.code for finding in corpus_findings}
    assert len(codes) >= 15, codes  # the checks below test something


def test_every_finding_of_the_corpus_is_worded_in_both_languages(
    corpus_findings: list[Finding],
) -> None:
    assert_bilingual(corpus_findings)


def test_message_and_place_follow_the_language() -> None:
    finding = Finding(
        "error", "expression", "${b}: no question has this name", "survey", 3, "relevant",
        "a", "${b} = 1", "${b}:没有题目叫这个名字",
    )  # fmt: skip
    assert finding.place() == "survey row 3 relevant"
    assert finding.place("zh") == "survey 第 3 行 relevant"
    assert finding.message("en") == (
        "error survey row 3 relevant: a: ${b}: no question has this name [${b} = 1]"
    )
    assert (
        finding.message("zh")
        == "错误 survey 第 3 行 relevant: a: ${b}:没有题目叫这个名字 [${b} = 1]"
    )
    shown = finding.as_json()
    assert (shown["message"], shown["message_zh"]) == (finding.detail, finding.detail_zh)


def test_form_check_speaks_the_chosen_language(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label", "calculation"])
    sheet.append(["calculate", "badcalc", "", "concat(${x}, 'a)"])
    sheet.append(["text", "x", "X", ""])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    runner = CliRunner()
    chinese = runner.invoke(main, ["form", "check", str(path)])
    english = runner.invoke(main, ["form", "check", "--lang", "en", str(path)])
    assert chinese.exit_code == english.exit_code == 1
    assert '错误 survey 第 2 行 calculation: badcalc: 第 14 个字符处不应出现 "\'"' in chinese.output
    assert "引号里的文字没有用引号结束" in chinese.output
    assert 'row 2 calculation: badcalc: unexpected "\'" at character 14' in english.output
    assert "bad.xlsx: 不能使用 — 1 个问题" in chinese.output
    assert "bad.xlsx: REFUSED — 1 problem(s)" in english.output
    assert not CJK.search(english.output)
    report = json.loads(runner.invoke(main, ["form", "check", "--json", str(path)]).output)
    problem = report["problems"][0]
    assert problem["message"].startswith('unexpected "\'" at character 14')
    assert problem["message_zh"].startswith("第 14 个字符处")


def test_the_ignored_list_of_a_loading_form_speaks_the_chosen_language(tmp_path: Path) -> None:
    sheets = {"survey": [[*HEAD, "appearance"], ["integer", "rooms", "间数", "minimal"]]}
    path = write_workbook(tmp_path / "form.xlsx", sheets)
    runner = CliRunner()
    chinese = runner.invoke(main, ["form", "check", str(path)]).output
    english = runner.invoke(main, ["form", "check", "--lang", "en", str(path)]).output
    assert "忽略(不影响回答)1 项:" in chinese
    assert "survey appearance: 外观 'minimal' 在本应用中不改变显示效果(第 2 行)" in chinese
    assert "form.xlsx: 可以使用 — " in chinese and "  不支持的功能:无" in chinese
    assert "  问题 1 个(说明 0,计算 0,元数据 0)" in chinese
    assert "ignored (changes no answer): 1" in english
    assert "survey appearance: appearance 'minimal' is not shown differently (rows 2)" in english
    assert not CJK.search(english)


def test_a_refused_form_is_refused_in_both_languages(tmp_path: Path) -> None:
    from survey_app.core.vocabulary import error_words
    from survey_app.xlsform import FormRefused, load_form

    rows = [
        HEAD,
        *(
            [
                "integer",
                f"q{n}",
                "Q",
            ]
            for n in range(5)
        ),
    ]
    sheets = {"survey": [[*HEAD, "relevant"], *([*row, "${nobody}"] for row in rows[1:])]}
    with pytest.raises(FormRefused) as refused:
        load_form(write_workbook(tmp_path / "refused.xlsx", sheets))
    chinese, english = error_words(refused.value, "zh"), error_words(refused.value, "en")
    assert "survey 第 2 行 relevant: q0: ${nobody}:没有题目叫这个名字" in chinese
    assert chinese.endswith("(另有 2 项)") and "more" not in chinese
    assert "survey row 2 relevant: q0: ${nobody}: no question has this name" in english
    assert english.endswith(" (+2 more)") and not CJK.search(english)
