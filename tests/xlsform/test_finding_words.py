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

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "xlsforms"
CORPUS = [
    *sorted(SHARED.glob("*.xlsx")),
    *sorted((SHARED / "pyxform").glob("*.xlsx")),
    *sorted((ROOT / "forms").rglob("*.xlsx")),
]
needs_corpus = pytest.mark.skipif(not SHARED.is_dir(), reason=f"no XLSForm corpus at {SHARED}")
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
        detail = detail.replace(part, " ")
    return QUOTED.sub(" ", detail)


@pytest.fixture(scope="module")
def corpus_findings() -> list[Finding]:
    return [finding for path in CORPUS for finding in check_form(path).findings]


@needs_corpus
def test_the_corpus_gives_many_kinds_of_finding(corpus_findings: list[Finding]) -> None:
    codes = {finding.code for finding in corpus_findings}
    assert len(codes) >= 15, codes  # the checks below test something


@needs_corpus
def test_every_finding_of_the_corpus_is_worded_in_chinese(corpus_findings: list[Finding]) -> None:
    for finding in corpus_findings:
        chinese = finding.said("zh")
        assert finding.detail_zh and CJK.search(chinese), (finding.code, chinese)
        leftover = ENGLISH_RUN.search(without_form_content(finding, chinese))
        assert leftover is None, (finding.code, chinese, leftover)


@needs_corpus
def test_english_details_quote_chinese_only_from_the_form(corpus_findings: list[Finding]) -> None:
    for finding in corpus_findings:
        english = without_form_content(finding, finding.said("en"))
        assert not CJK.search(english), (finding.code, finding.detail)
        assert finding.said("en") == finding.detail


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
