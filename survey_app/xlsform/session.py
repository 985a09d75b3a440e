"""Filling in a form: answers, relevance, calculations, filtered choices, repeat instances.

Answers are a dict keyed by question key; a repeat's key holds a list of such dicts, one per
instance. An item inside repeats is addressed by an InstancePath: ((repeat key, 0-based index),
...) from the outside in. Every query recomputes lazily from the answers, so the UI can ask
as often as it likes after each change.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from survey_app.core.vocabulary import Words
from survey_app.xlsform.answers import NOT_ANSWERED, Answer, AnswerError, normalise
from survey_app.xlsform.model import Choice, Expression, Form, Group, Item, Question, Repeat
from survey_app.xlsform.xpath.check import references
from survey_app.xlsform.xpath.evaluate import evaluate, evaluate_boolean
from survey_app.xlsform.xpath.scope import EvaluationError
from survey_app.xlsform.xpath.values import (
    NodeSet,
    RepeatedValue,
    Scalar,
    Value,
    first,
    to_boolean,
    to_number,
    to_string,
)

InstancePath = tuple[tuple[str, int], ...]
T = TypeVar("T")
Answers = dict[str, Any]


@dataclass(frozen=True)
class DeviceProfile:
    """What the metadata questions record: this laptop and the surveyor using it."""

    device_id: str = ""
    username: str = ""
    phone_number: str = ""
    email: str = ""


@dataclass
class Submission:
    """A finished form: the relevant answers, the calculated values, the metadata, the audit."""

    answers: Answers
    calculated: Answers
    metadata: dict[str, str]
    audit: list[dict[str, str]] | None = None


@dataclass(frozen=True)
class EvaluationFailure:
    """A formula that failed while the form was filled in: its text, as the form author wrote
    it, and why, in both languages. str() is the English."""

    expression: str
    reason: Words

    @property
    def words(self) -> Words:
        return Words(f"{self.expression}:{self.reason.zh}", f"{self.expression}: {self.reason.en}")

    def __str__(self) -> str:
        return self.words.en


FAILED = (EvaluationError, RecursionError, ValueError, OverflowError)
"""What evaluating a formula can raise: its own errors, and Python's for numbers and dates
out of reach (a ValueError also when a question answered in several repeat instances is
used as one value)."""


def failure_reason(error: Exception) -> Words:
    """Why a formula failed, in both languages; Python's own message only in the English."""
    if isinstance(error, EvaluationError | RepeatedValue):
        return error.words
    if isinstance(error, RecursionError):
        return Words("公式嵌套过深,无法计算", f"the formula is nested too deeply ({error})")
    if isinstance(error, OverflowError):
        return Words("数值超出范围", f"a number is out of range ({error})")
    return Words("数值或日期无法换算", f"a number or date could not be converted ({error})")


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


@dataclass
class FormSession:
    form: Form
    device: DeviceProfile = field(default_factory=DeviceProfile)
    language: str | None = None
    clock: Callable[[], dt.datetime] = local_now
    last_saved: Mapping[str, Any] | None = None  # the answers of the last form saved here
    kept: Mapping[str, Any] | None = None  # calculated values of the submission being edited

    def __post_init__(self) -> None:
        self.started = self.clock()
        self.answers: Answers = {}
        self.entered: set[tuple[InstancePath, str]] = set()
        self.evaluation_errors: dict[tuple[InstancePath, str], EvaluationFailure] = {}
        self._once: dict[tuple[InstancePath, str], Value] = {}
        self._memo: dict[tuple[str, int, InstancePath], Any] = {}
        self._busy: set[tuple[str, int, InstancePath]] = set()
        self._by_name = _unique_names(self.form)
        self._levels: dict[tuple[str, ...], dict[str, Item]] = {}
        self.audit = _new_audit(self.form, self.started)
        self._apply_defaults(self.form.children, ())
        self._fill_counted_repeats()

    # -- answers ---------------------------------------------------------------------------

    def item(self, key: str, path: InstancePath = ()) -> Item:
        """The question or repeat with this answer key at the level of `path`."""
        level = self.level(path)
        if key in level:
            return level[key]
        raise KeyError(key)

    def level(self, path: InstancePath) -> dict[str, Item]:
        """The questions and repeats answered at the level of `path`, by key."""
        repeats = tuple(key for key, _ in path)
        if repeats not in self._levels:
            self._levels[repeats] = _level_items(self.form, path)
        return self._levels[repeats]

    def answer(self, key: str, path: InstancePath = ()) -> Answer:
        return self._container(path).get(key)

    def answers_at(self, path: InstancePath) -> Answers:
        """The answers of one repeat instance (or of the whole form for path ())."""
        return self._container(path)

    def set_answer(self, key: str, value: object, path: InstancePath = ()) -> Answer:
        """Stores `value` (checked and normalised for the question's type); raises
        AnswerError when it does not fit the type, KeyError when no question has the key."""
        question = self.item(key, path)
        if not isinstance(question, Question):
            raise KeyError(key)
        answer = normalise(question, value)
        if question.calculation is not None and answer is not None:
            raise AnswerError("not_answerable", "the form calculates this answer")
        old = self._container(path).get(key)
        self._container(path)[key] = answer
        self.entered.add((path, key))
        self._log("question", _node(path, key), old, answer)
        self._changed()
        return answer

    def add_repeat(self, key: str, path: InstancePath = ()) -> int:
        """Adds an instance (with its defaults) to a repeat; returns its 0-based index."""
        repeat = self.item(key, path)
        if not isinstance(repeat, Repeat):
            raise KeyError(key)
        instances = self._container(path).setdefault(key, [])
        instances.append({})
        index = len(instances) - 1
        self._apply_defaults(repeat.children, (*path, (key, index)))
        self._log("add repeat", _node((*path, (key, index)), ""), None, None)
        self._changed()
        return index

    def remove_repeat(self, key: str, index: int, path: InstancePath = ()) -> None:
        del self._container(path)[key][index]
        self._log("delete repeat", _node((*path, (key, index)), ""), None, None)
        self._changed()

    def _container(self, path: InstancePath) -> Answers:
        container = self.answers
        for key, index in path:
            instances = container.setdefault(key, [])
            while len(instances) <= index:
                instances.append({})
            container = instances[index]
        return container

    @contextmanager
    def changes(self) -> Iterator[None]:
        """Many set_answer calls at once, recomputing once at the end."""
        self._deferred = True
        try:
            yield
        finally:
            self._deferred = False
            self._changed()

    def _changed(self) -> None:
        self._memo.clear()
        self.evaluation_errors.clear()
        if not getattr(self, "_deferred", False):
            self._fill_counted_repeats()

    def _apply_defaults(self, items: list[Item], path: InstancePath) -> None:
        for item in items:
            if isinstance(item, Question) and item.default is not None:
                self._container(path)[item.key] = self._default(item, path)
            elif isinstance(item, Group) and not isinstance(item, Repeat):
                self._apply_defaults(item.children, path)

    def _default(self, question: Question, path: InstancePath) -> Answer:
        default = question.default
        if isinstance(default, Expression):
            default = to_string(self._evaluate(question, path, default, ""))
        try:
            return normalise(question, default)
        except ValueError:
            return None

    def _fill_counted_repeats(self) -> None:
        for path, repeat in list(self._repeat_levels()):
            wanted = self.instance_count(repeat, path)
            instances = self._container(path).setdefault(repeat.key, [])
            while len(instances) < wanted:
                instances.append({})
                self._apply_defaults(repeat.children, (*path, (repeat.key, len(instances) - 1)))
                self._memo.clear()

    def _repeat_levels(self) -> Iterator[tuple[InstancePath, Repeat]]:
        for item, path in self.instances(include_groups=True):
            if isinstance(item, Repeat) and item.repeat_count is not None:
                yield path, item

    # -- structure ---------------------------------------------------------------------------

    def instance_count(self, repeat: Repeat, path: InstancePath = ()) -> int:
        """How many instances the repeat has: its repeat_count, else the instances added."""
        if repeat.repeat_count is None:
            return len(self._container(path).get(repeat.key) or [])
        return self._memoised("count", repeat, path, lambda: self._counted(repeat, path))

    def _counted(self, repeat: Repeat, path: InstancePath) -> int:
        number = to_number(self._evaluate(repeat, path, repeat.repeat_count, 0.0))
        return int(number) if number == number and number > 0 else 0

    def instances(self, *, include_groups: bool = False) -> Iterator[tuple[Item, InstancePath]]:
        """Every item with every instance path it has, in document order."""
        yield from self._instances(self.form.children, (), include_groups)

    def _instances(
        self, items: list[Item], path: InstancePath, include_groups: bool
    ) -> Iterator[tuple[Item, InstancePath]]:
        for item in items:
            if isinstance(item, Repeat):
                yield from self._repeat_instances(item, path, include_groups)
            elif isinstance(item, Group):
                yield from [(item, path)] if include_groups else []
                yield from self._instances(item.children, path, include_groups)
            else:
                yield item, path

    def _repeat_instances(
        self, repeat: Repeat, path: InstancePath, include_groups: bool
    ) -> Iterator[tuple[Item, InstancePath]]:
        if include_groups:
            yield repeat, path
        for index in range(self.instance_count(repeat, path)):
            yield from self._instances(
                repeat.children, (*path, (repeat.key, index)), include_groups
            )

    # -- logic -------------------------------------------------------------------------------

    def is_relevant(self, item: Item, path: InstancePath = ()) -> bool:
        path = path[: _depth(item)]
        return self._memoised("relevant", item, path, lambda: self._relevant(item, path))

    def _relevant(self, item: Item, path: InstancePath) -> bool:
        parent = item.parent
        if parent is not None and not self.is_relevant(parent, path[: _depth(parent)]):
            return False
        if item.relevant is None:
            return True
        return to_boolean(self._evaluate(item, path, item.relevant, True))

    def is_required(self, question: Question, path: InstancePath = ()) -> bool:
        return self._flag(question, path, question.required)

    def is_read_only(self, question: Question, path: InstancePath = ()) -> bool:
        return question.calculation is not None or self._flag(question, path, question.read_only)

    def _flag(self, question: Question, path: InstancePath, flag: bool | Expression) -> bool:
        if isinstance(flag, bool):
            return flag
        return to_boolean(self._evaluate(question, path, flag, False))

    def meets_constraint(self, question: Question, path: InstancePath = ()) -> bool:
        if question.constraint is None or self.answer(question.key, path) is None:
            return True
        return to_boolean(self._evaluate(question, path, question.constraint, True))

    def choices(self, question: Question, path: InstancePath = ()) -> list[Choice]:
        """The question's choices after its choice_filter."""
        every = self.form.choices_of(question)
        if question.choice_filter is None:
            return every

        def compute() -> list[Choice]:
            return [choice for choice in every if self._keeps(question, path, choice)]

        if not references(question.choice_filter.tree) and not path:
            fixed = self.form.fixed_choices
            if question.key not in fixed:
                fixed[question.key] = compute()
            return fixed[question.key]
        return self._memoised("choices", question, path, compute)

    def offers(self, question: Question, name: str, path: InstancePath = ()) -> bool:
        """Whether the choice `name` is among the question's choices after its filter."""
        named = [c for c in self.form.choices_of(question) if c.name == name]
        if question.choice_filter is None:
            return bool(named)
        return any(self._keeps(question, path, choice) for choice in named)

    def _keeps(self, question: Question, path: InstancePath, choice: Choice) -> bool:
        assert question.choice_filter is not None
        scope = _Scope(self, question, path, choice)
        try:
            return evaluate_boolean(question.choice_filter.tree, scope)
        except FAILED as error:
            self._failed(path, question.key, question.choice_filter, error)
            return True

    def value(self, question: Question, path: InstancePath = ()) -> Scalar:
        """What an expression sees for ${question}: blank when it is not relevant."""
        if not self.is_relevant(question, path):
            return ""
        if question.calculation is not None:
            return self._memoised("calc", question, path, lambda: self._calculate(question, path))
        if question.type in NOT_ANSWERED:
            return self.metadata().get(question.type, "")
        return _typed(question, self.answer(question.key, path))

    def text_value(self, question: Question, path: InstancePath = ()) -> str:
        """value() as text, as a note or a read-only row shows it (3, 2.5, true, 2026-01-05)."""
        return to_string(self.value(question, path))

    def _calculate(self, question: Question, path: InstancePath) -> Scalar:
        """A calculated value keeps its type, as ODK Collect stores it: a number stays a
        number (a calculated 0 is false), true/false a boolean; NaN and "" are blank."""
        assert question.calculation is not None
        result = self._evaluate(question, path, question.calculation, "")
        try:
            return stored_value(result)
        except ValueError as error:  # a repeated value
            self._failed(path, question.key, question.calculation, error)
            return ""

    def _evaluate(
        self, item: Item, path: InstancePath, expr: Expression | None, fallback: Value
    ) -> Value:
        if expr is None:
            return fallback
        try:
            return evaluate(expr.tree, _Scope(self, item, path))
        except FAILED as error:
            self._failed(path, item.key, expr, error)
            return fallback

    def _failed(self, path: InstancePath, key: str, expr: Expression, error: Exception) -> None:
        self.evaluation_errors[(path, key)] = EvaluationFailure(expr.text, failure_reason(error))

    def _memoised(self, kind: str, item: Item, path: InstancePath, compute: Callable[[], T]) -> T:
        key = (kind, id(item), path)
        if key in self._memo:
            return cast(T, self._memo[key])
        if key in self._busy:
            raise EvaluationError(
                Words(
                    f"循环引用(互相依赖,无法计算):经过 {item.name}",
                    f"circular reference through {item.name}",
                )
            )
        self._busy.add(key)
        try:
            self._memo[key] = compute()
        finally:
            self._busy.discard(key)
        return cast(T, self._memo[key])

    # -- references ----------------------------------------------------------------------------

    def lookup(self, name: str, context: InstancePath) -> Value:
        target = self._by_name.get(name)
        if target is None:
            raise EvaluationError(
                Words(
                    f"${{{name}}} 没有对应唯一的题目(没有这道题,或有多道题同名)",
                    f"${{{name}}} names no single question",
                )
            )
        paths, fanned = self._target_paths(target, context)
        if isinstance(target, Repeat):
            return NodeSet(tuple("" for p in paths for _ in range(self.instance_count(target, p))))
        if not isinstance(target, Question):
            raise EvaluationError(Words(f"${{{name}}} 是分组,不是题目", f"${{{name}}} is a group"))
        values = tuple(self.value(target, p) for p in paths)
        return NodeSet(values) if fanned else values[0]

    def _target_paths(self, target: Item, context: InstancePath) -> tuple[list[InstancePath], bool]:
        paths: list[InstancePath] = [()]
        matching, fanned = True, False
        for level, repeat in enumerate(target.repeats()):
            if matching and level < len(context) and context[level][0] == repeat.key:
                paths = [(*p, context[level]) for p in paths]
                continue
            matching, fanned = False, True
            paths = [
                (*p, (repeat.key, i)) for p in paths for i in range(self.instance_count(repeat, p))
            ]
        return paths, fanned

    def indexed(self, name: str, indexes: list[tuple[str, int]], context: InstancePath) -> Value:
        target = self._by_name.get(name)
        if not isinstance(target, Question):
            raise EvaluationError(
                Words(
                    f"indexed-repeat():${{{name}}} 不是题目",
                    f"indexed-repeat(): ${{{name}}} is not a question",
                )
            )
        given = {self._by_name[r].key if r in self._by_name else r: i - 1 for r, i in indexes}
        path: InstancePath = ()
        for level, repeat in enumerate(target.repeats()):
            index = given.get(repeat.key, context[level][1] if level < len(context) else 0)
            if not 0 <= index < self.instance_count(repeat, path):
                return ""
            path = (*path, (repeat.key, index))
        return self.value(target, path)

    def once(self, question: Item, path: InstancePath, compute: Callable[[], Value]) -> Value:
        """once(): the value the question already has, else `compute()`. As in ODK Collect,
        a blank (or NaN) result is not kept: once() tries again until it has a value."""
        key = (path, question.key)
        if key in self._once:
            return self._once[key]
        kept = _kept_value(self.kept, path, question.key)
        if kept not in (None, ""):
            self._once[key] = kept
            return self._once[key]
        value = compute()
        if not _blank(value):
            self._once[key] = value
        return value

    def last_saved_value(self, name: str) -> Value:
        target = self._by_name.get(name)
        if not isinstance(target, Question) or not self.last_saved:
            return ""
        return _typed(target, self.last_saved.get(target.key))

    # -- texts ---------------------------------------------------------------------------------

    def label(self, item: Item | Choice, path: InstancePath = ()) -> str:
        """The label in the session language, with ${name} replaced by the answers."""
        return self.fill_in(self.form.label(item, self.language), path)

    def hint(self, item: Item, path: InstancePath = ()) -> str:
        return self.fill_in(self.form.text(item.hints, self.language), path)

    def fill_in(self, text: str, path: InstancePath) -> str:
        def value_of(match: re.Match[str]) -> str:
            try:
                return to_string(self.lookup(match.group(1).strip(), path))
            except (EvaluationError, ValueError):  # no such question, or a repeated one
                return match.group(0)

        return re.sub(r"\$\{([^}]*)\}", value_of, text)

    def choice_label(self, name: str, choice_name: str) -> str:
        question = self._by_name.get(name)
        if not isinstance(question, Question) or not question.is_select:
            return ""
        choice = next((c for c in self.form.choices_of(question) if c.name == choice_name), None)
        return self.form.label(choice, self.language) if choice else ""

    # -- metadata, audit, finishing -------------------------------------------------------------

    def begin_at(self, when: dt.datetime) -> None:
        """The form began at `when` (a draft's first entry, or a reopened draft's start): the
        `start` and `today` metadata and the audit's first event say so."""
        self.started = when
        if self.audit and self.audit[0].get("event") == "form start":
            self.audit[0]["start"] = when.isoformat()

    def metadata(self, finished: dt.datetime | None = None) -> dict[str, str]:
        end = finished or self.clock()
        values = {
            "start": self.started.isoformat(),
            "end": end.isoformat(),
            "today": self.started.date().isoformat(),
            "deviceid": self.device.device_id,
            "username": self.device.username,
            "phonenumber": self.device.phone_number,
            "email": self.device.email,
            "start-geopoint": "",  # a laptop has no location fix; ODK also leaves it blank then
        }
        return values

    def _log(self, event: str, node: str, old: Answer, new: Answer) -> None:
        if self.audit is None:
            return
        entry = {"event": event, "node": node, "start": self.clock().isoformat()}
        if _tracks_changes(self.form) and event == "question":
            entry |= {"old-value": _audit_text(old), "new-value": _audit_text(new)}
        self.audit.append(entry)

    def finish(self) -> Submission:
        """The answers to keep: only relevant ones, with calculated values and metadata."""
        finished = self.clock()
        self._log("form save", "", None, None)
        answers: Answers = {}
        calculated: Answers = {}
        for item, path in self.instances():
            assert isinstance(item, Question)
            if self.is_relevant(item, path):
                self._keep(item, path, answers, calculated)
        known = self.metadata(finished)
        metadata = {q.key: known[q.type] for q in self.form.questions() if q.type in known}
        return Submission(answers, calculated, metadata, self.audit)

    def _keep(
        self, question: Question, path: InstancePath, answers: Answers, calculated: Answers
    ) -> None:
        if question.calculation is not None:
            _put(calculated, path, question.key, saved_text(self.value(question, path)))
        elif question.type not in NOT_ANSWERED:
            answer = self.answer(question.key, path)
            if answer is not None:
                _put(answers, path, question.key, answer)


class _Scope:
    """What one expression of one item sees."""

    def __init__(
        self, session: FormSession, item: Item, path: InstancePath, choice: Choice | None = None
    ) -> None:
        self.session, self.item, self.path, self.choice = session, item, path, choice

    def lookup(self, name: str) -> Value:
        return self.session.lookup(name, self.path)

    def last_saved(self, name: str) -> Value:
        return self.session.last_saved_value(name)

    def current(self) -> Value:
        if not isinstance(self.item, Question) or self.choice is not None:
            return ""
        return _typed(self.item, self.session.answer(self.item.key, self.path))

    def column(self, name: str) -> Value:
        return self.choice.columns.get(name, "") if self.choice is not None else ""

    def position(self) -> int:
        """position(..): the place of the parent node among its siblings. The parent of a
        question directly in a repeat is that repeat's instance; a group's place is 1."""
        parent = self.item.parent
        if parent is None:
            raise EvaluationError(
                Words("position(..) 只在重复组内才有意义", "position(..) outside a repeat")
            )
        if isinstance(parent, Repeat):
            return dict(self.path)[parent.key] + 1
        return 1

    def indexed(self, field: str, indexes: list[tuple[str, int]]) -> Value:
        return self.session.indexed(field, indexes, self.path)

    def choice_label(self, question: str, choice: str) -> str:
        return self.session.choice_label(question, choice)

    def once(self, compute: Callable[[], Value]) -> Value:
        return self.session.once(self.item, self.path, compute)

    def now(self) -> dt.datetime:
        return self.session.clock()


def _blank(value: Value) -> bool:
    if isinstance(value, NodeSet):
        return not value.items or all(_blank(item) for item in value.items)
    return (isinstance(value, float) and math.isnan(value)) or to_string(value) == ""


def stored_value(result: Value) -> Scalar:
    """A calculation's result as ODK Collect stores it: NaN and "" blank, types kept."""
    value = first(result)
    if isinstance(value, float) and math.isnan(value):
        return ""
    return value


def saved_text(value: Scalar) -> str:
    """A calculated value as saved: a date-time in full, everything else as XPath text."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return to_string(value)


def _typed(question: Question, answer: Answer) -> Scalar:
    """An answer as expressions see it: numbers, dates, space-separated choices, text."""
    if answer is None:
        return ""
    if question.type in ("integer", "decimal", "range"):
        return float(answer)  # type: ignore[arg-type]
    if question.type == "date":
        return dt.date.fromisoformat(str(answer))
    if question.type == "datetime":
        return dt.datetime.fromisoformat(str(answer))
    if isinstance(answer, list):
        return " ".join(answer)
    return str(answer)


def _depth(item: Item) -> int:
    return len(item.repeats()) + (1 if isinstance(item, Repeat) else 0)


def _unique_names(form: Form) -> dict[str, Item]:
    counts: dict[str, int] = {}
    for item in form.walk():
        counts[item.name] = counts.get(item.name, 0) + 1
    return {item.name: item for item in form.walk() if counts[item.name] == 1}


def _level_items(form: Form, path: InstancePath) -> dict[str, Item]:
    items = form.children
    for key, _ in path:
        repeat = _flatten(items).get(key)
        if not isinstance(repeat, Repeat):
            raise KeyError(key)
        items = repeat.children
    return _flatten(items)


def _flatten(items: list[Item]) -> dict[str, Item]:
    found: dict[str, Item] = {}
    for item in items:
        if isinstance(item, Group) and not isinstance(item, Repeat):
            found |= _flatten(item.children)
        else:
            found[item.key] = item
    return found


def _node(path: InstancePath, key: str) -> str:
    parts = [f"{k}[{i + 1}]" for k, i in path] + ([key] if key else [])
    return "/" + "/".join(parts)


def _new_audit(form: Form, started: dt.datetime) -> list[dict[str, str]] | None:
    if not any(q.type == "audit" for q in form.questions()):
        return None
    return [{"event": "form start", "node": "", "start": started.isoformat()}]


def _tracks_changes(form: Form) -> bool:
    audit = next((q for q in form.questions() if q.type == "audit"), None)
    return audit is not None and audit.parameters.get("track-changes", "").lower() == "true"


def _audit_text(answer: Answer) -> str:
    if answer is None:
        return ""
    return " ".join(answer) if isinstance(answer, list) else str(answer)


def _put(tree: Answers, path: InstancePath, key: str, value: Any) -> None:
    container = tree
    for repeat_key, index in path:
        instances = container.setdefault(repeat_key, [])
        while len(instances) <= index:
            instances.append({})
        container = instances[index]
    container[key] = value


def _kept_value(kept: Mapping[str, Any] | None, path: InstancePath, key: str) -> Any:
    container: Any = kept or {}
    for repeat_key, index in path:
        instances = container.get(repeat_key) or []
        if index >= len(instances):
            return None
        container = instances[index]
    return container.get(key)
