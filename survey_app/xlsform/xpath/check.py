"""Static checks of a parsed expression: functions, argument counts, references, paths."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

import regex

from survey_app.core.vocabulary import Words
from survey_app.xlsform.xpath.evaluate import choice_name_target
from survey_app.xlsform.xpath.functions import FUNCTIONS, UNSUPPORTED
from survey_app.xlsform.xpath.nodes import (
    Binary,
    Call,
    ColumnName,
    Literal,
    Node,
    Parent,
    Path,
    Ref,
    walk,
)
from survey_app.xlsform.xpath.patterns import compiled, pattern_mistake


@dataclass(frozen=True)
class Issue:
    unsupported: bool  # False: a mistake in the form; True: a feature the app cannot honour
    feature: str
    reason: str
    warning: bool = False  # ODK runs it (with a meaning the author may not intend): a notice
    reason_zh: str = ""

    @property
    def words(self) -> Words:
        """`feature: reason` in both languages."""
        return Words(
            f"{self.feature}:{self.reason_zh or self.reason}", f"{self.feature}: {self.reason}"
        )


def _issue(unsupported: bool, feature: str, reason: Words, *, warning: bool = False) -> Issue:
    return Issue(unsupported, feature, reason.en, warning, reason.zh)


NO_SUCH_QUESTION = Words("没有题目叫这个名字", "no question has this name")
UNSUPPORTED_ZH = {
    "pulldata": "要读取表单附带的 CSV 文件,本应用不支持",
    "instance": "要读取附加数据实例,本应用不支持",
    "current": "要引用附加数据实例,本应用不支持",
    "search": "要查询表单附带的 CSV 文件,本应用不支持",
    "version": "要在填写时读取表单版本,本应用不支持",
    "property": "要读取设备属性,本应用不支持",
    "digest": "要计算密码摘要,本应用不支持",
    "base64-decode": "要解码附带的数据,本应用不支持",
    "encrypt-string": "要加密数据,本应用不支持",
    "area": "要测量地图区域,本应用不支持",
    "distance": "要测量地图区域,本应用不支持",
    "randomize": "要打乱选项顺序,本应用不支持",
    "last": "要用 XPath 节点集,本应用不支持",
    "name": "要用 XPath 节点集,本应用不支持",
    "local-name": "要用 XPath 节点集,本应用不支持",
}


@dataclass(frozen=True)
class Rules:
    is_question: Callable[[str], bool]
    columns: Collection[str] | None = None  # choice columns, for a choice_filter
    in_repeat: bool = False


def check(tree: Node, rules: Rules) -> list[Issue]:
    issues: list[Issue] = []
    for node in walk(tree):
        issues.extend(_check_node(node, rules))
    issues.extend(_misplaced_parents(tree))
    return issues


def references(tree: Node) -> set[str]:
    """The question names an expression reads, including jr:choice-name's quoted one."""
    names = {node.name for node in walk(tree) if isinstance(node, Ref)}
    for node in walk(tree):
        if isinstance(node, Call) and node.function == "jr:choice-name" and len(node.args) == 2:
            target = choice_name_target(node.args[1])
            names |= {target} if target else set()
    return names


def _check_node(node: Node, rules: Rules) -> list[Issue]:
    if isinstance(node, Ref):
        return _check_ref(node, rules)
    if isinstance(node, ColumnName):
        return _check_column(node, rules)
    if isinstance(node, Path):
        said = Words(
            "不支持 XPath 路径;请用 ${题目名} 引用题目",
            "XPath paths are not supported; refer to ${question}",
        )
        return [_issue(True, node.text, said)]
    if isinstance(node, Binary) and node.operator == "|":
        return [_issue(True, "|", Words("不支持节点集合并", "node-set union is not supported"))]
    if isinstance(node, Call):
        return _check_call(node, rules)
    return []


def _check_ref(node: Ref, rules: Rules) -> list[Issue]:
    if rules.is_question(node.name):
        return []
    return [_issue(False, f"${{{node.name}}}", NO_SUCH_QUESTION)]


def _check_column(node: ColumnName, rules: Rules) -> list[Issue]:
    if rules.columns is None and node.name == "null":
        return []  # an empty node-set in XPath, as ODK reads it
    if rules.columns is None and node.name in ("true", "false"):
        said = Words(
            f"这里单写一个名字不是值;请写 {node.name}()",
            f"a bare name is not a value here; write {node.name}()",
        )
        return [_issue(False, node.name, said)]
    if rules.columns is None:
        hint = f"write ${{{node.name}}} to use a question's answer, or quote text: '{node.name}'"
        reason = Words(
            f"ODK 把单写的名字当作指向空处的路径,即空值;要用某题的答案请写 ${{{node.name}}},"
            f"要写文字请加引号:'{node.name}'",
            f"ODK reads a bare name as a path to nothing, that is blank; {hint}",
        )
        return [_issue(False, node.name, reason, warning=True)]
    if node.name in rules.columns:
        return []
    reason = Words(
        "choices 表没有这一列;ODK 按空值读取",
        "the choices sheet has no such column; ODK reads it as blank",
    )
    return [_issue(False, node.name, reason, warning=True)]


def _check_call(node: Call, rules: Rules) -> list[Issue]:
    name = node.function
    if name in UNSUPPORTED:
        return [_issue(True, f"{name}()", Words(UNSUPPORTED_ZH[name], UNSUPPORTED[name]))]
    function = FUNCTIONS.get(name)
    if function is None:
        return [_issue(False, f"{name}()", Words("没有这个函数;请检查拼写", "unknown function"))]
    count = len(node.args)
    if count < function.min_args or (function.max_args is not None and count > function.max_args):
        arity = _arity(function.min_args, function.max_args)
        said = Words(f"应有 {arity.zh},这里写了 {count} 个", f"takes {arity.en}")
        return [_issue(False, f"{name}()", said)]
    return _special_call(node, rules)


def _arity(low: int, high: int | None) -> Words:
    if high == low:
        return Words(f"{low} 个参数", f"{low} argument(s)")
    if high is None:
        return Words(f"至少 {low} 个参数", f"at least {low} arguments")
    return Words(f"{low} 到 {high} 个参数", f"{low} to {high} arguments")


def _special_call(node: Call, rules: Rules) -> list[Issue]:
    name, args = node.function, node.args
    if name == "position":
        return _check_position(node, rules)
    if name == "indexed-repeat" and (
        len(args) % 2 == 0 or not all(isinstance(arg, Ref) for arg in args[0::2][:1] + args[1::2])
    ):
        said = Words(
            "请写作 indexed-repeat(${题目}, ${重复组}, 序号)",
            "write indexed-repeat(${q}, ${repeat}, n)",
        )
        return [_issue(False, "indexed-repeat()", said)]
    if name == "jr:choice-name":
        return _check_choice_name(node, rules)
    if name == "regex" and isinstance(args[1], Literal):
        return _check_pattern(str(args[1].value))
    return []


def _check_position(node: Call, rules: Rules) -> list[Issue]:
    if len(node.args) != 1 or not isinstance(node.args[0], Parent):
        said = Words("只支持 position(..)", "only position(..) is supported")
        return [_issue(True, "position()", said)]
    if not rules.in_repeat:
        said = Words("只在重复组内才有意义", "is only meaningful inside a repeat")
        return [_issue(False, "position(..)", said)]
    return []


def _check_choice_name(node: Call, rules: Rules) -> list[Issue]:
    target = choice_name_target(node.args[1])
    if target is None:
        said = Words(
            "请写作 jr:choice-name(${题目}, '${题目}')", "write jr:choice-name(${q}, '${q}')"
        )
        return [_issue(False, "jr:choice-name()", said)]
    if not rules.is_question(target):
        return [_issue(False, f"${{{target}}}", NO_SUCH_QUESTION)]
    return []


def _check_pattern(pattern: str) -> list[Issue]:
    try:
        compiled(pattern)
    except regex.error as error:
        return [_issue(False, "regex()", pattern_mistake(pattern, error))]
    return []


def _misplaced_parents(tree: Node) -> list[Issue]:
    inside_position = {
        id(arg)
        for node in walk(tree)
        if isinstance(node, Call) and node.function == "position"
        for arg in node.args
    }
    if any(isinstance(n, Parent) and id(n) not in inside_position for n in walk(tree)):
        said = Words("'..' 只能用在 position(..) 里", "'..' is only supported in position(..)")
        return [_issue(True, "..", said)]
    return []
