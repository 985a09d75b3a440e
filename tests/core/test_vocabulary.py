"""Every error code raised in the package has a Chinese and an English template, filled only
from the parameters its raise sites pass; every word table covers its enum."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from pathlib import Path

import pytest

from survey_app.core import vocabulary
from survey_app.core.errors import InvalidInput, RefusedAction, SurveyAppError
from survey_app.core.qr_texts import parse_verification_text
from survey_app.core.rules import ConsentRule
from survey_app.core.tally import RoundStatus
from survey_app.core.votes import Choice

PACKAGE = Path(vocabulary.__file__).resolve().parents[1]
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class RaiseSite:
    where: str
    code: str
    params: frozenset[str]


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _error_classes(trees: dict[str, ast.Module]) -> dict[str, tuple[str, bool]]:
    """Error class name → (its code, whether it words its own parameters in `__init__`)."""
    classes: dict[str, tuple[str, bool]] = {"SurveyAppError": ("error", False)}
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef) or node.name in classes:
                    continue
                bases = [b for b in map(_name, node.bases) if b in classes]
                if not bases:
                    continue
                code = classes[bases[0]][0]
                own_init = False
                for item in node.body:
                    if isinstance(item, ast.Assign) and _name(item.targets[0]) == "code":
                        code = ast.literal_eval(item.value)
                    own_init |= isinstance(item, ast.FunctionDef) and item.name == "__init__"
                classes[node.name] = (code, own_init)
                grew = True
    return classes


def _codes(node: ast.expr, function: ast.AST | None) -> set[str]:
    """The codes an expression can give: a literal, either branch of `a if c else b`, or every
    literal assigned to the name in the enclosing function."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _codes(node.body, function) | _codes(node.orelse, function)
    if isinstance(node, ast.Name) and function is not None:
        assigned = [
            a.value
            for a in ast.walk(function)
            if isinstance(a, ast.Assign) and any(_name(t) == node.id for t in a.targets)
        ]
        if assigned:
            return set().union(*(_codes(value, None) for value in assigned))
    raise AssertionError(f"cannot tell the code of {ast.unparse(node)}")


def _sites_in(path: str, tree: ast.Module, classes: dict[str, tuple[str, bool]]) -> list[RaiseSite]:
    sites = []
    owners = {
        id(f): c
        for c in ast.walk(tree)
        if isinstance(c, ast.ClassDef)
        for f in c.body
        if isinstance(f, ast.FunctionDef)
    }
    scopes: list[tuple[ast.AST | None, ast.ClassDef | None]] = [(None, None)]
    scopes += [
        (f, owners.get(id(f)))
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    seen: set[int] = set()
    for function, owner in reversed(scopes):  # innermost first: a call belongs to one function
        for call in ast.walk(function or tree):
            if not isinstance(call, ast.Call) or id(call) in seen:
                continue
            seen.add(id(call))
            name = _name(call.func)
            is_super_init = (
                owner is not None
                and owner.name in classes
                and owner.name != "SurveyAppError"  # the root words its message itself
                and name == "__init__"
                and isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Call)
                and _name(call.func.value.func) == "super"
            )
            if is_super_init and owner is not None:
                default = classes[owner.name][0]
            elif name in classes and not classes[name][1]:
                default = classes[name][0]
            else:
                continue
            assert all(k.arg is not None for k in call.keywords), f"{path}: **params"
            params = frozenset(str(k.arg) for k in call.keywords if k.arg != "code")
            given = [k.value for k in call.keywords if k.arg == "code"]
            codes = _codes(given[0], function) if given else {default}
            where = f"{path}:{call.lineno}"
            sites += [RaiseSite(where, code, params) for code in codes]
    return sites


def raise_sites() -> list[RaiseSite]:
    trees = {
        str(p.relative_to(PACKAGE.parent)): ast.parse(p.read_text(encoding="utf-8"))
        for p in sorted(PACKAGE.rglob("*.py"))
    }
    classes = _error_classes(trees)
    sites = {site for path, tree in trees.items() for site in _sites_in(path, tree, classes)}
    return sorted(sites, key=lambda site: (site.where, site.code))  # one order in every process


SITES = raise_sites()


def test_the_raise_sites_are_found():
    codes = {site.code for site in SITES}
    assert len(codes) >= 65
    assert {"round_not_open", "vanished", "bad_ballot_text", "answers_refused"} <= codes
    assert RaiseSite("survey_app/store/compounds.py:44", "bad_year", frozenset({"year"})) in SITES


@pytest.mark.parametrize("site", SITES, ids=lambda site: f"{site.code}@{site.where}")
def test_every_code_raised_has_templates_filled_from_its_parameters(site: RaiseSite):
    assert site.code in vocabulary.ERRORS, f"{site.where}: no template for {site.code}"
    words = vocabulary.ERRORS[site.code]
    for language, template in (("zh", words.zh), ("en", words.en)):
        missing = vocabulary.placeholders(template) - site.params
        assert not missing, f"{site.where}: {site.code} ({language}) needs {sorted(missing)}"


def test_every_template_is_used_and_the_english_ones_have_no_chinese():
    assert set(vocabulary.ERRORS) == {site.code for site in SITES}
    for code, words in {**vocabulary.ERRORS, **vocabulary.SYNC_REFUSALS}.items():
        assert words.zh and words.en, code
        assert not CHINESE.search(words.en), f"{code}: {words.en}"
        assert CHINESE.search(words.zh), f"{code}: {words.zh}"


def test_an_error_is_worded_in_either_language_from_its_parameters():
    error = RefusedAction(
        code="round_not_open", compound="NH-001", round_no=1, status=RoundStatus.CLOSED
    )
    assert error.message == "NH-001 第1轮征询已结束,不能记录意见"
    assert vocabulary.error_words(error, "en_US") == (
        "Round 1 of NH-001 is closed; no vote can be recorded"
    )
    assert error.params["status"] is RoundStatus.CLOSED


def test_a_nested_reason_is_worded_in_the_same_language():
    with pytest.raises(InvalidInput) as caught:
        parse_verification_text("SA1|NH-001|R1|X9")
    assert caught.value.message == "核验文本 “SA1|NH-001|R1|X9” 无效:无法识别的字段 “X9”"
    assert vocabulary.error_words(caught.value, "en") == (
        "Invalid verification text “SA1|NH-001|R1|X9”: unknown field “X9”"
    )


def test_an_error_without_a_template_keeps_its_own_message():
    foreign = SurveyAppError("written elsewhere", code="not_ours")
    assert vocabulary.error_words(foreign, "en") == "written elsewhere"


@pytest.mark.parametrize("kind", [Choice, *(k for k in vocabulary._TABLES if k is not Choice)])
def test_every_word_table_covers_its_enum(kind: type[Enum]):
    for member in kind:
        assert vocabulary.word(member, "zh") and vocabulary.word(member, "en")
        assert not CHINESE.search(vocabulary.word(member, "en"))


def test_the_rule_in_both_languages():
    strict = ConsentRule(Fraction(2, 3), inclusive=False, double_majority=True)
    assert vocabulary.rule_words(strict) == (
        "同意户数超过应征询户数2/3(不含2/3),且同意户的建筑面积占比同样达到该比例"
    )
    assert vocabulary.rule_words(strict, "en") == (
        "agreeing households more than 2/3 of all eligible households, and the same share of "
        "floor area"
    )
