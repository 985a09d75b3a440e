"""The form as the app uses it: a tree of groups, repeats and questions, plus choice lists."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from survey_app.xlsform.findings import Finding
from survey_app.xlsform.languages import Language, pick_text
from survey_app.xlsform.xpath.nodes import Node

Texts = dict[str, str]  # language key ("" = the column without a language) -> text


@dataclass(frozen=True)
class Expression:
    text: str
    tree: Node = field(repr=False, compare=False)


@dataclass
class Choice:
    name: str
    labels: Texts
    row: int
    columns: dict[str, str] = field(default_factory=dict, repr=False)  # for choice_filter


@dataclass
class ChoiceList:
    name: str
    choices: list[Choice]
    sheet: str = "choices"
    columns: tuple[str, ...] = ()
    duplicates: list[Choice] = field(default_factory=list)  # names seen before in the list

    def choice(self, name: str) -> Choice | None:
        return next((choice for choice in self.choices if choice.name == name), None)


@dataclass(eq=False)
class Item:
    """What groups, repeats and questions share."""

    name: str
    row: int
    labels: Texts = field(default_factory=dict)
    hints: Texts = field(default_factory=dict)
    relevant: Expression | None = None
    appearance: str = ""
    key: str = ""  # the answer key: the name, or a path when the name repeats in other groups
    parent: Group | None = field(default=None, repr=False)
    _repeats: list[Repeat] | None = field(default=None, init=False, repr=False, compare=False)

    def ancestors(self) -> Iterator[Group]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def repeats(self) -> list[Repeat]:
        """The repeats this item sits in, outermost first (the tree is fixed once read)."""
        if self._repeats is None:
            ancestors = reversed(list(self.ancestors()))
            self._repeats = [node for node in ancestors if isinstance(node, Repeat)]
        return self._repeats


@dataclass(eq=False)
class Question(Item):
    type: str = "text"
    list_name: str | None = None
    or_other: bool = False
    external: bool = False  # select_one_external: the list is on the external_choices sheet
    required: bool | Expression = False
    required_messages: Texts = field(default_factory=dict)
    constraint: Expression | None = None
    constraint_messages: Texts = field(default_factory=dict)
    calculation: Expression | None = None
    default: str | Expression | None = None
    read_only: bool | Expression = False
    choice_filter: Expression | None = None
    parameters: dict[str, str] = field(default_factory=dict)

    @property
    def is_select(self) -> bool:
        return self.type in ("select_one", "select_multiple")


@dataclass(eq=False)
class Group(Item):
    children: list[Item] = field(default_factory=list, repr=False)


@dataclass(eq=False)
class Repeat(Group):
    repeat_count: Expression | None = None


@dataclass
class Settings:
    form_id: str
    form_title: str
    version: str = ""
    default_language: str = ""
    allow_choice_duplicates: bool = False
    clean_text_values: bool = True  # runs of spaces on the survey sheet are one, as in pyxform


@dataclass(eq=False)
class Form:
    settings: Settings
    children: list[Item]
    choice_lists: dict[str, ChoiceList]  # the choices sheet
    languages: list[Language]
    external_lists: dict[str, ChoiceList] = field(default_factory=dict)  # external_choices
    notices: list[Finding] = field(default_factory=list)  # ignored extras, listed by form check
    source: str = ""
    fixed_choices: dict[str, list[Choice]] = field(default_factory=dict, repr=False)
    """Choices of questions whose choice_filter reads no answer, worked out once."""

    @property
    def form_id(self) -> str:
        return self.settings.form_id

    @property
    def version(self) -> str:
        return self.settings.version

    def walk(self) -> Iterator[Item]:
        """Every group, repeat and question in document order."""
        yield from _walk(self.children)

    def questions(self) -> list[Question]:
        return [item for item in self.walk() if isinstance(item, Question)]

    def item(self, name: str) -> Item | None:
        """The item with this name (the first, when a name is used in several groups)."""
        return next((item for item in self.walk() if item.name == name), None)

    def list_of(self, question: Question) -> ChoiceList | None:
        lists = self.external_lists if question.external else self.choice_lists
        return lists.get(question.list_name or "")

    def choices_of(self, question: Question) -> list[Choice]:
        """All the choices of a select question (before any choice_filter)."""
        choice_list = self.list_of(question)
        return choice_list.choices if choice_list else []

    def text(self, texts: Texts, language: str | None = None) -> str:
        """A label, hint or message in `language` (a code such as zh, or a column name)."""
        wanted = [language or "", self.settings.default_language]
        return pick_text(texts, wanted, self.languages)

    def label(self, item: Item | Choice, language: str | None = None) -> str:
        return self.text(item.labels, language) or item.name


def _walk(items: list[Item]) -> Iterator[Item]:
    for item in items:
        yield item
        if isinstance(item, Group):
            yield from _walk(item.children)
