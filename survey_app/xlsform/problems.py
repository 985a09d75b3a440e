"""What is wrong with the answers of a session: required, constraint, choice, type, relevance."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from survey_app.xlsform.answers import NOT_ANSWERED, AnswerError
from survey_app.xlsform.model import Question, Repeat
from survey_app.xlsform.session import FormSession, InstancePath

MESSAGES = {
    "required": ("此题必答", "this question is required"),
    "constraint": ("答案不符合要求({rule})", "the answer does not meet the rule {rule}"),
    "choice": ("“{value}”不是此题的选项", "{value!r} is not one of this question's choices"),
    "not_relevant": (
        "根据其他回答此题不适用,请不要填写",
        "this question does not apply given the other answers; leave it out",
    ),
    "read_only": ("此题只读,不能填写", "this question is read-only"),
    "unknown": ("表单中没有这个问题", "the form has no question with this name"),
    "type": ("{detail}", "{detail}"),
    "not_answerable": ("{detail}", "{detail}"),
    "range": ("{detail}", "{detail}"),
    "repeat_count": (
        "组数不对:应为 {wanted} 组,填写了 {given} 组",
        "expected {wanted} entries, got {given}",
    ),
    "entries": (
        "重复组应填写为列表,每组一个 {{...}}",
        "expected a list of entries, one {{...}} each",
    ),
    "evaluation": ("表单公式出错:{detail}", "a formula of the form failed: {detail}"),
}


@dataclass(frozen=True)
class Problem:
    key: str
    path: InstancePath
    code: str
    message: str
    row: int | None = None

    @property
    def where(self) -> str:
        """e.g. members[2]/age"""
        return "/".join([*(f"{k}[{i + 1}]" for k, i in self.path), self.key])

    def as_json(self) -> dict[str, object]:
        return {"question": self.where, "code": self.code, "message": self.message, "row": self.row}


def say(code: str, language: str | None, **params: Any) -> str:
    chinese, english = MESSAGES.get(code, ("{detail}", "{detail}"))
    template = chinese if _in_chinese(language) else english
    return template.format(**params)


def _in_chinese(language: str | None) -> bool:
    return (language or "zh").lower().startswith("zh")


def load_answers(
    session: FormSession, given: Mapping[str, Any], path: InstancePath = ()
) -> list[Problem]:
    """Enters `given` (keys -> answers; a repeat key -> list of dicts) and reports what does
    not fit: unknown keys, wrong types, values for calculated questions."""
    with session.changes():
        return _load_level(session, given, path)


def _load_level(
    session: FormSession, given: Mapping[str, Any], path: InstancePath
) -> list[Problem]:
    level = session.level(path)
    problems: list[Problem] = []
    for key, value in given.items():
        item = level.get(key)
        if item is None:
            problems.append(Problem(key, path, "unknown", say("unknown", session.language)))
        elif isinstance(item, Repeat):
            problems += _load_repeat(session, item, value, path)
        else:
            problems += _load_answer(session, key, value, path, item.row)
    return problems


def _load_answer(
    session: FormSession, key: str, value: object, path: InstancePath, row: int
) -> list[Problem]:
    try:
        session.set_answer(key, value, path)
    except AnswerError as error:
        code = error.code if error.code in MESSAGES else "type"
        return [Problem(key, path, code, error.text(session.language), row)]
    return []


def _load_repeat(
    session: FormSession, repeat: Repeat, value: object, path: InstancePath
) -> list[Problem]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        return [Problem(repeat.key, path, "type", say("entries", session.language), repeat.row)]
    problems = []
    existing = len(session.answers_at(path).get(repeat.key) or [])
    for index, instance in enumerate(value):
        if index >= existing:
            session.add_repeat(repeat.key, path)
        problems += _load_level(session, instance, (*path, (repeat.key, index)))
    return problems


def validate(session: FormSession, *, strict: bool = False) -> list[Problem]:
    """Problems of the current answers. `strict` (for submitted files) also refuses answers to
    questions that do not apply and to read-only questions."""
    problems: list[Problem] = []
    for item, path in session.instances(include_groups=True):
        if isinstance(item, Repeat) and strict:
            problems += _extra_instances(session, item, path)
        elif (
            isinstance(item, Question)
            and item.type not in NOT_ANSWERED
            and item.calculation is None
        ):
            problems += _question_problems(session, item, path, strict)
    for (path, key), failure in session.evaluation_errors.items():
        words = failure.words
        detail = words.zh if _in_chinese(session.language) else words.en
        problems.append(
            Problem(key, path, "evaluation", say("evaluation", session.language, detail=detail))
        )
    return problems


def _extra_instances(session: FormSession, repeat: Repeat, path: InstancePath) -> list[Problem]:
    given = len(session.answers_at(path).get(repeat.key) or [])
    wanted = session.instance_count(repeat, path)
    if repeat.repeat_count is None or given <= wanted:
        return []
    message = say("repeat_count", session.language, wanted=wanted, given=given)
    return [Problem(repeat.key, path, "repeat_count", message, repeat.row)]


def _question_problems(
    session: FormSession, question: Question, path: InstancePath, strict: bool
) -> list[Problem]:
    answer = session.answer(question.key, path)
    entered = (path, question.key) in session.entered
    if not session.is_relevant(question, path):
        found = strict and entered and answer is not None
        return [_problem(session, question, path, "not_relevant")] if found else []
    if answer is None:
        required = session.is_required(question, path)
        return [_required(session, question, path)] if required else []
    if strict and entered and session.is_read_only(question, path):
        return [_problem(session, question, path, "read_only")]
    missing = _missing_choices(session, question, path, answer)
    broken = not session.meets_constraint(question, path)
    if missing and not (broken and _in_full_list(session, question, missing)):
        return [_problem(session, question, path, "choice", value=" ".join(missing))]
    return [_constraint(session, question, path)] if broken or missing else []


def _in_full_list(session: FormSession, question: Question, names: list[str]) -> bool:
    """Filtered out rather than misspelt: the constraint's message then says more."""
    every = {choice.name for choice in session.form.choices_of(question)}
    return all(name in every for name in names)


def _missing_choices(
    session: FormSession, question: Question, path: InstancePath, answer: object
) -> list[str]:
    if not question.is_select:
        return []
    chosen = answer if isinstance(answer, list) else [str(answer)]
    return [name for name in chosen if not session.offers(question, name, path)]


def _problem(
    session: FormSession, question: Question, path: InstancePath, code: str, **params: Any
) -> Problem:
    return Problem(question.key, path, code, say(code, session.language, **params), question.row)


def _required(session: FormSession, question: Question, path: InstancePath) -> Problem:
    text = session.form.text(question.required_messages, session.language)
    message = text or say("required", session.language)
    return Problem(question.key, path, "required", message, question.row)


def _constraint(session: FormSession, question: Question, path: InstancePath) -> Problem:
    assert question.constraint is not None
    text = session.form.text(question.constraint_messages, session.language)
    message = text or say("constraint", session.language, rule=question.constraint.text)
    return Problem(question.key, path, "constraint", message, question.row)
