"""入户调查表: a survey form printed on paper, blank or pre-filled with a household's address and
its current answers, with the household's QR code.

An answered paper form is entered by scanning its code (`SAB|NH-001/3-2-501|Fneeds_survey`, the
ballots' format with the form instead of a round): the search opens the household's survey
page, and the answers are typed in. The questionnaire is drawn from the XLSForm itself, so any
form prints: a group is a section, a select a row of boxes, a number a box, a text lines, and a
skip rule (`relevant`) a "仅当…时填写" line worded from the expression where it is a simple
one. Questions whose choices depend on earlier answers (the three priorities) ask for the
numbers of the items chosen above. A repeat (one entry per person, per room…) is a section of
its own: blank, `BLANK_ENTRIES` blocks to fill and a note to copy the block for more;
pre-filled, one block per entry recorded. A repeat inside a repeat prints its questions once
within each block.

In English (`language="en"`) the form's English labels are used where it has them, each text
falling back to the form's default language, and the printed words are English.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from survey_app.core.errors import NotFound
from survey_app.core.privacy import mask_name
from survey_app.core.qr_texts import make_survey_text
from survey_app.reports.common import spelled_address
from survey_app.reports.sheet import MM, PAGE_HEIGHT, Rendered, Sheet
from survey_app.store.compounds import get_compound
from survey_app.store.database import Store
from survey_app.store.households import Household, get_household, households_of
from survey_app.store.survey_answers import current_survey_answer
from survey_app.xlsform.model import Form, Group, Item, Question, Repeat
from survey_app.xlsform.problems import load_answers
from survey_app.xlsform.session import FormSession, InstancePath
from survey_app.xlsform.xpath.check import references

Kind = Literal["one", "many", "number", "text", "note", "pick"]
PRINTED_TYPES = {
    "select_one": "one",
    "select_multiple": "many",
    "integer": "number",
    "decimal": "number",
    "text": "text",
    "note": "note",
}
BLANK_ENTRIES = 3
"""Blocks printed for a repeat with no entries recorded (a blank form): enough for most
households, with a note to copy the block for more."""

WORDS: dict[str, tuple[str, str]] = {
    "title": ("{title}表", "{title} (questionnaire)"),
    "version": ("表单 {form} 版本 {version}", "Form {form}, version {version}"),
    "compound": ("小区", "Compound"),
    "address": ("地址", "Address"),
    "head": ("户主", "Head"),
    "blank_compound": ("________小区", "______________"),
    "blank_address": ("____幢____单元____室", "Building ____ Unit ____ Room ____"),
    "surveyor": (
        "调查员:____________  调查日期:______年____月____日",
        "Surveyor: ____________  Date: ____-____-____",
    ),
    "answered": ("已录入 {day}(表单版本 {version})", "recorded on {day} (form version {version})"),
    "prefilled": (
        "已按本户{answered}的回答预先填好,如有变化请改正。",
        "Pre-filled with this household's answers {answered}; correct anything that changed.",
    ),
    "instructions": (
        "填写说明:在选中的□内打√;数字写在横线上;注明“仅当…时填写”的题,不符合条件的跳过。"
        "录入:扫描右上角二维码打开本户调查页,照表录入。本表含住户个人信息,录入后交社区统一保管。",
        "How to fill in: tick √ the boxes chosen; write numbers on the line; skip a question "
        "marked 'only if ...' when it does not apply. Entering: scan the QR code at the top right "
        "to open this household's survey page and type the answers in. This form holds "
        "personal information: hand it to the community office once entered.",
    ),
    "signatures": (
        "受访人签字:________________    调查员签字:________________",
        "Respondent's signature: ______________    Surveyor's signature: ______________",
    ),
    "continued": ("(续){address}", "(continued) {address}"),
    "skipped": ("按已录入的回答,本题不需填写", "Does not apply, by the answers recorded"),
    "pick": ("填上面所选项目的编号", "write the numbers of the items chosen above"),
    "maybe": ("视前面的回答,可能不需填写", "may not apply, depending on earlier answers"),
    "only_if": ("仅当{what}时填写", "only if {what}"),
    "and": ("且", " and "),
    "or": ("或", " or "),
    "question": ("第 {n} 题", "Q{n}"),
    "is": ("{ref}选{labels}", "{ref} is {labels}"),
    "is_not": ("{ref}不选{label}", "{ref} is not {label}"),
    "counted": ("上面所选项目数{compare} {n} 项", "{compare} {n} of the items above are chosen"),
    "compare": ("{ref}{compare} {n}", "{ref} is {compare} {n}"),
    "any": ("{ref}有选择", "{ref} has an answer"),
    "chosen": ("{ref}选了{label}", "{ref} includes {label}"),
    "not_chosen": ("{ref}未选{label}", "{ref} does not include {label}"),
    ">": ("大于", "more than"),
    ">=": ("不少于", "at least"),
    "<": ("小于", "less than"),
    "<=": ("不超过", "at most"),
    "entries": ("每项填一栏", "one block each"),
    "entry": ("第 {n} 项", "Entry {n}"),
    "more": ("不够时请照此格式另附纸填写", "For more, copy this block on a separate sheet"),
}


def words(key: str, language: str, **values: object) -> str:
    """A printed phrase in the questionnaire's language (zh unless English)."""
    zh, en = WORDS[key]
    return (en if language.startswith("en") else zh).format(**values)


def _quoted(text: str, language: str) -> str:
    """Chinese quotes in Chinese; straight ones in English (the CJK font sets “” full-width)."""
    return f'"{text}"' if language.startswith("en") else f"“{text}”"


def _bracketed(text: str, language: str) -> str:
    """(仅当…) after Chinese text, ` (only if …)` after English."""
    return f" ({text})" if language.startswith("en") else f"({text})"


@dataclass(frozen=True)
class PaperQuestion:
    number: int
    key: str
    label: str
    kind: Kind
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    """(name, label) of each box; a `pick` question lists none (it takes item numbers)."""
    numbered: bool = False
    """The boxes carry their numbers in the whole choice list (`20 加装电梯`), for a later
    `pick` question to refer to."""
    condition: str = ""
    """仅当…时填写, when the question has a skip rule."""
    marked: frozenset[str] = frozenset()
    value: str = ""
    """The pre-filled answer of a number or text question (or the numbers of a pick)."""
    skipped: bool = False
    """Pre-filled: the current answers make the question not apply."""


@dataclass(frozen=True)
class PaperSection:
    title: str
    questions: tuple[PaperQuestion, ...]
    condition: str = ""
    entries: tuple[tuple[PaperQuestion, ...], ...] = ()
    """A repeat's blocks, one per entry (recorded, or blank to fill); empty for a group."""
    more: bool = False
    """A repeat: the paper says to copy the block for more entries."""


@dataclass(frozen=True)
class PaperForm:
    """One household's questionnaire (or a blank one: no household)."""

    sections: tuple[PaperSection, ...]
    household: str = ""
    address: str = ""
    spelled_address: str = ""
    head: str = ""
    qr_text: str = ""
    answered: str = ""
    """Pre-filled: when and with which form version the answers were recorded."""


@dataclass(frozen=True)
class QuestionnaireBatch:
    title: str
    form_id: str
    version: str
    compound: str
    compound_name: str
    forms: tuple[PaperForm, ...]
    language: str = "zh"


def questionnaires(
    *,
    store: Store,
    form: Form,
    compound: str | None = None,
    household: str | None = None,
    blank: bool = False,
    full_names: bool = False,
    language: str = "zh",
) -> QuestionnaireBatch:
    """One questionnaire per eligible household of `compound`, or for `household` alone;
    pre-filled with their current answers unless `blank`. With neither, one blank form with
    no household (addresses written by hand)."""
    homes = _households(store, compound, household)
    found = get_compound(store=store, code=homes[0].compound) if homes else None
    papers = [_household_form(store, form, h, blank, full_names, language) for h in homes]
    return QuestionnaireBatch(
        title=words("title", language, title=form.settings.form_title),
        form_id=form.form_id,
        version=form.version,
        compound=found.code if found else "",
        compound_name=found.name if found else "",
        forms=tuple(papers) or (PaperForm(paper_sections(form, language=language)),),
        language=language,
    )


def _households(store: Store, compound: str | None, household: str | None) -> list[Household]:
    if household:
        found = get_household(store=store, id=household)
        if found is None:
            compound, _sep, address = household.partition("/")
            raise NotFound(code="unknown_household", compound=compound, address=address)
        return [found]
    if not compound:
        return []
    code = get_compound(store=store, code=compound).code
    homes = [h for h in households_of(store=store, compound=code) if h.eligible]
    if not homes:
        raise NotFound(code="no_households", compound=code)
    return homes


def _household_form(
    store: Store, form: Form, home: Household, blank: bool, full_names: bool, language: str
) -> PaperForm:
    current = None if blank else current_survey_answer(
        store=store, household=home.id, form_id=form.form_id
    )  # fmt: skip
    answers = current.answers if current else None
    answered = (
        words("answered", language, day=current.created_at[:10], version=current.form_version)
        if current
        else ""
    )
    return PaperForm(
        paper_sections(form, answers, language=language),
        household=home.id,
        address=home.address,
        spelled_address=spelled_address(home),
        head=(home.head or "") if full_names else mask_name(home.head),
        qr_text=make_survey_text(home.id, form.form_id),
        answered=answered,
    )


# -- the form as paper --------------------------------------------------------------------


@dataclass
class _Paper:
    """What drawing one form's questions needs: the form, its session, the question numbers,
    whether answers are filled in, and the language."""

    form: Form
    session: FormSession
    numbers: dict[str, int]
    filled: bool
    language: str


def paper_sections(
    form: Form, answers: Mapping[str, Any] | None = None, *, language: str = "zh"
) -> tuple[PaperSection, ...]:
    """The form's printable questions by section, marked with `answers` when given."""
    session = FormSession(form, language=language)
    if answers:
        load_answers(session, answers)
    paper = _Paper(form, session, _numbers(form), answers is not None, language)
    sections: list[PaperSection] = []
    loose: list[PaperQuestion] = []
    for item in form.children:
        if isinstance(item, Repeat):
            if loose:
                sections.append(PaperSection("", tuple(loose)))
                loose = []
            sections.append(_repeat_section(paper, item, ()))
        elif isinstance(item, Group):
            if loose:
                sections.append(PaperSection("", tuple(loose)))
                loose = []
            questions = _questions(paper, item.children, ())
            if questions:
                condition = _condition(paper, item)
                sections.append(PaperSection(form.label(item, language), questions, condition))
            sections += [_repeat_section(paper, r, ()) for r in _repeats_within(item)]
        elif isinstance(item, Question):
            loose += _questions(paper, [item], ())
    if loose:
        sections.append(PaperSection("", tuple(loose)))
    return tuple(sections)


def _repeats_within(group: Group) -> list[Repeat]:
    """The repeats inside a group (not inside another repeat), in order."""
    found: list[Repeat] = []
    for item in group.children:
        if isinstance(item, Repeat):
            found.append(item)
        elif isinstance(item, Group):
            found += _repeats_within(item)
    return found


def _repeat_section(paper: _Paper, repeat: Repeat, path: InstancePath) -> PaperSection:
    """One block per entry recorded; blank blocks when there is none."""
    recorded = paper.session.instance_count(repeat, path) if paper.filled else 0
    if recorded:
        blocks = [
            _questions(paper, repeat.children, (*path, (repeat.key, index)), inside=True)
            for index in range(recorded)
        ]
    else:
        blank = replace(paper, filled=False)
        blocks = [
            _questions(blank, repeat.children, (*path, (repeat.key, index)), inside=True)
            for index in range(BLANK_ENTRIES)
        ]
    label = paper.form.label(repeat, paper.language)
    title = label + _bracketed(words("entries", paper.language), paper.language)
    condition = _condition(paper, repeat)
    return PaperSection(title, (), condition, entries=tuple(blocks), more=True)


def _numbers(form: Form) -> dict[str, int]:
    printed = [q for q in form.questions() if q.type in PRINTED_TYPES and q.type != "note"]
    return {q.key: n for n, q in enumerate(printed, start=1)}


def _questions(
    paper: _Paper, items: list[Item], path: InstancePath, *, inside: bool = False
) -> tuple[PaperQuestion, ...]:
    """The printable questions of `items` (a repeat's own section holds its questions, unless
    `inside` another repeat's block)."""
    found: list[PaperQuestion] = []
    for item in items:
        if isinstance(item, Repeat) and not inside:
            continue
        if isinstance(item, Repeat):
            found += _questions(paper, item.children, (*path, (item.key, 0)), inside=True)
        elif isinstance(item, Group):
            found += _questions(paper, item.children, path, inside=inside)
        elif isinstance(item, Question) and item.type in PRINTED_TYPES:
            found.append(_question(paper, item, path))
    return tuple(found)


def _question(paper: _Paper, question: Question, path: InstancePath) -> PaperQuestion:
    form, session, language = paper.form, paper.session, paper.language
    kind: Kind = PRINTED_TYPES[question.type]  # type: ignore[assignment]
    depends = question.choice_filter is not None and any(
        name != "name" for name in references(question.choice_filter.tree)
    )
    if kind == "one" and depends:
        kind = "pick"
    numbered = question.list_name in _picked_lists(form)
    position = {c.name: n for n, c in enumerate(form.choices_of(question), start=1)}
    in_blank_block = bool(path) and not paper.filled
    offered = form.choices_of(question) if in_blank_block else session.choices(question, path)
    choices = () if kind == "pick" else tuple(
        (c.name, f"{position[c.name]} {form.label(c, language)}" if numbered
         else form.label(c, language))
        for c in offered
    )  # fmt: skip
    skipped = paper.filled and not session.is_relevant(question, path)
    answer = session.answer(question.key, path) if paper.filled and not skipped else None
    return PaperQuestion(
        number=paper.numbers.get(question.key, 0),
        key=question.key,
        label=form.label(question, language),
        kind=kind,
        hint=form.text(question.hints, language) or "",
        choices=choices,
        numbered=numbered,
        condition=_condition(paper, question),
        marked=_marked(answer) if kind in ("one", "many") else frozenset(),
        value=_value(form, question, answer, kind),
        skipped=skipped,
    )


def _picked_lists(form: Form) -> set[str]:
    return {
        q.list_name
        for q in form.questions()
        if q.list_name
        and q.type == "select_one"
        and q.choice_filter is not None
        and any(name != "name" for name in references(q.choice_filter.tree))
    }


def _marked(answer: object) -> frozenset[str]:
    if isinstance(answer, list | tuple):
        return frozenset(str(a) for a in answer)
    return frozenset() if answer in (None, "") else frozenset({str(answer)})


def _value(form: Form, question: Question, answer: object, kind: Kind) -> str:
    if answer in (None, "") or kind in ("one", "many", "note"):
        return ""
    if kind == "pick":
        choices = form.choices_of(question)
        index = next((i for i, c in enumerate(choices, start=1) if c.name == answer), None)
        return f"{index}" if index else str(answer)
    if isinstance(answer, float) and answer.is_integer():
        return str(int(answer))
    return str(answer)


# -- skip rules in words ------------------------------------------------------------------

_EQUALS = re.compile(r"^\$\{(\w+)\}\s*(=|!=)\s*'([^']*)'$")
_COMPARE = re.compile(r"^\$\{(\w+)\}\s*(>=|>|<=|<)\s*(\d+)$")
_ANSWERED = re.compile(r"^count-selected\(\$\{(\w+)\}\)\s*>\s*0$")
_NOT_CHOSEN = re.compile(r"^not\(selected\(\$\{(\w+)\},\s*'([^']*)'\)\)$")
_CHOSEN = re.compile(r"^selected\(\$\{(\w+)\},\s*'([^']*)'\)$")


def _condition(paper: _Paper, item: Item) -> str:
    """`仅当第 9 题选“同意回答”时填写` for a simple skip rule; a general line otherwise."""
    if item.relevant is None:
        return ""
    language = paper.language
    clauses = [_clause(paper, part.strip()) for part in _split(item.relevant.text, "and")]
    if any(c is None for c in clauses):
        return words("maybe", language)
    joined = words("and", language).join(c for c in clauses if c)
    text = words("only_if", language, what=joined)
    if language.startswith("en"):
        return text
    return re.sub(r"(\d)(且|时)", r"\1 \2", text)  # 大于 0 时, not 大于 0时


def _split(text: str, word: str) -> list[str]:
    return re.split(rf"\s+{word}\s+", text.strip())


def _clause(paper: _Paper, text: str) -> str | None:
    form, language = paper.form, paper.language

    def ref(name: str) -> str:
        return _ref(name, paper.numbers, language)

    def choice(name: str, value: str) -> str:
        return _quoted(_choice(form, name, value, language), language)

    alternatives = _split(text, "or")
    if len(alternatives) > 1:
        parsed = [m for a in alternatives if (m := _EQUALS.match(a.strip()))]
        names = {m[1] for m in parsed}
        if len(parsed) < len(alternatives) or len(names) != 1 or any(m[2] != "=" for m in parsed):
            return None
        name = parsed[0][1]
        labels = words("or", language).join(choice(name, m[3]) for m in parsed)
        return words("is", language, ref=ref(name), labels=labels)
    if match := _EQUALS.match(text):
        if match[2] == "=":
            return words("is", language, ref=ref(match[1]), labels=choice(match[1], match[3]))
        return words("is_not", language, ref=ref(match[1]), label=choice(match[1], match[3]))
    if match := _COMPARE.match(text):
        compare = words(match[2], language)
        if _counts_choices(form, match[1]):
            return words("counted", language, compare=compare, n=match[3])
        if match[1] not in paper.numbers:
            return None
        return words("compare", language, ref=ref(match[1]), compare=compare, n=match[3])
    if match := _ANSWERED.match(text):
        return words("any", language, ref=ref(match[1]))
    if match := _CHOSEN.match(text):
        return words("chosen", language, ref=ref(match[1]), label=choice(match[1], match[2]))
    if match := _NOT_CHOSEN.match(text):
        return words("not_chosen", language, ref=ref(match[1]), label=choice(match[1], match[2]))
    return None


def _counts_choices(form: Form, name: str) -> bool:
    """A calculation that counts chosen items (`count-selected(...)`) is worded as such."""
    question = form.item(name)
    calculation = question.calculation if isinstance(question, Question) else None
    return calculation is not None and calculation.text.strip().startswith("count-selected(")


def _ref(name: str, numbers: dict[str, int], language: str) -> str:
    question = next((key for key in numbers if key == name or key.endswith(f"/{name}")), None)
    return words("question", language, n=numbers[question]) if question else _quoted(name, language)


def _choice(form: Form, name: str, value: str, language: str) -> str:
    question = form.item(name)
    if isinstance(question, Question) and question.is_select:
        chosen = next((c for c in form.choices_of(question) if c.name == value), None)
        if chosen:
            return form.label(chosen, language)
    return value


# -- drawing ------------------------------------------------------------------------------

BOX = 3.4 * MM
LINE = 15.0
QR_SIZE = 24 * MM
SIZE = 9.5


def render_questionnaires(batch: QuestionnaireBatch, path: Path) -> Rendered:
    """Every questionnaire of the batch, each starting on a new page."""
    scope = f"{batch.compound_name}({batch.compound})" if batch.compound else ""
    sheet = Sheet(
        path, title=batch.title, footer=f"{batch.title} {scope}".strip(), language=batch.language
    )
    for index, paper in enumerate(batch.forms):
        if index:
            sheet.on_new_page = None  # the next household's first page is not a continuation
            sheet.new_page()
        _draw_form(sheet, batch, paper)
    sheet.on_new_page = None
    return sheet.save()


def _draw_form(sheet: Sheet, batch: QuestionnaireBatch, paper: PaperForm) -> None:
    language = batch.language
    qr = _qr_form(sheet, paper)
    sheet.on_new_page = lambda s: _continued(s, paper, qr, language)
    top = sheet.top
    beside = sheet.width - (QR_SIZE + 10 if paper.qr_text else 0)
    sheet.fitted(sheet.left, top - 16, batch.title, beside, size=16, bold=True)
    version = words("version", language, form=batch.form_id, version=batch.version)
    sheet.text(sheet.left, top - 32, version, size=8.5, grey=0.3)
    if paper.qr_text:
        _place_qr(sheet, qr, sheet.right - QR_SIZE, top - QR_SIZE, 1.0)
        sheet.text(sheet.right - QR_SIZE / 2, top - QR_SIZE - 9, paper.qr_text, size=6,
                   align="center")  # fmt: skip
    y = top - 52
    place = batch.compound_name or words("blank_compound", language)
    address = (
        f"{paper.spelled_address}({paper.address})"
        if paper.household
        else words("blank_address", language)
    )
    caption = 34 if not language.startswith("en") else 64
    for key, value in (("compound", place), ("address", address), ("head", paper.head or "")):
        colon = ": " if language.startswith("en") else ":"
        sheet.text(sheet.left, y, words(key, language) + colon, size=10.5, bold=True)
        sheet.fitted(sheet.left + caption, y, value, beside - caption, size=10.5)
        y -= 16
    sheet.text(sheet.left, y, words("surveyor", language), size=10.5)
    y -= 14
    if paper.answered:
        prefilled = words("prefilled", language, answered=paper.answered)
        sheet.fitted(sheet.left, y, prefilled, beside, size=8.5, grey=0.25)
        y -= 12
    sheet.y = min(y, top - QR_SIZE - 16)
    sheet.paragraph(words("instructions", language), size=8.5, leading=12)
    for section in paper.sections:
        _draw_section(sheet, section, language)
    sheet.ensure(40)
    sheet.skip(22)
    sheet.text(sheet.left, sheet.y, words("signatures", language), size=10.5)


def _qr_form(sheet: Sheet, paper: PaperForm) -> str:
    """The household's QR code drawn once as a PDF form, placed on each of its pages (the
    code is worked out once, and the file holds it once)."""
    if not paper.qr_text:
        return ""
    name = f"qr{len(sheet.texts)}"
    sheet.canvas.beginForm(name)
    sheet.qr(paper.qr_text, 0, 0, QR_SIZE)
    sheet.canvas.endForm()
    return name


def _place_qr(sheet: Sheet, form: str, x: float, y: float, scale: float) -> None:
    c = sheet.canvas
    c.saveState()
    c.translate(x, y)
    c.scale(scale, scale)
    c.doForm(form)
    c.restoreState()


def _continued(sheet: Sheet, paper: PaperForm, qr: str, language: str) -> None:
    """Later pages of one household's form name it, so a loose page is still placed."""
    if not paper.household:
        return
    size = 20 * MM
    _place_qr(sheet, qr, sheet.right - size, PAGE_HEIGHT - 10 * MM - size, size / QR_SIZE)
    continued = words("continued", language, address=paper.spelled_address)
    sheet.text(sheet.left, sheet.top - 6, continued, size=9, grey=0.3)
    sheet.y = min(sheet.y, PAGE_HEIGHT - 10 * MM - size - 6)


def _draw_section(sheet: Sheet, section: PaperSection, language: str) -> None:
    if section.title:
        sheet.ensure(60)
        sheet.skip(6)
        sheet.paragraph(section.title, size=12, bold=True, leading=18)
        if section.condition:
            sheet.paragraph(_bracketed(section.condition, language).strip(), size=8.5, leading=12)
        sheet.line(sheet.left, sheet.y, sheet.right, sheet.y, width=0.5)
        sheet.skip(2)
    for question in section.questions:
        _draw_question(sheet, question, language)
    for number, entry in enumerate(section.entries, start=1):
        sheet.ensure(LINE * 3)
        sheet.skip(4)
        sheet.paragraph(words("entry", language, n=number), size=SIZE + 0.5, bold=True,
                        leading=LINE, indent=4)  # fmt: skip
        for question in entry:
            _draw_question(sheet, question, language)
        sheet.line(sheet.left + 4, sheet.y, sheet.right, sheet.y, width=0.3, dash=[2, 2])
    if section.more:
        sheet.skip(4)
        more = _bracketed(words("more", language), language).strip()
        sheet.paragraph(more, size=8.5, leading=12, indent=4)


def _draw_question(sheet: Sheet, q: PaperQuestion, language: str) -> None:
    if q.kind == "note":
        sheet.paragraph(q.label, size=8.5, leading=12, indent=4)
        return
    sheet.ensure(LINE * 2)
    title = f"{q.number}. {q.label}"
    if q.condition:
        title += _bracketed(q.condition, language)
    sheet.paragraph(title, size=SIZE + 0.5, leading=LINE)
    if q.hint and not q.skipped:
        sheet.paragraph(q.hint, size=7.5, leading=10, indent=14)
    if q.skipped:
        sheet.paragraph(words("skipped", language), size=8, leading=11, indent=14)
    elif q.kind in ("one", "many"):
        _draw_boxes(sheet, q)
    elif q.kind == "number":
        _blank(sheet, q.value, 30 * MM, "")
    elif q.kind == "pick":
        _blank(sheet, q.value, 30 * MM, words("pick", language))
    else:
        _text_lines(sheet, q.value)


def _draw_boxes(sheet: Sheet, q: PaperQuestion) -> None:
    """The choices as boxes, as many to a line as fit; a chosen one is ticked."""
    x, indent = sheet.left + 14, sheet.left + 14
    sheet.ensure(LINE)
    sheet.y -= LINE
    for name, label in q.choices:
        width = BOX + 4 + sheet.measure(label, SIZE) + 12
        if x + width > sheet.right and x > indent:
            sheet.ensure(LINE)
            sheet.y -= LINE
            x = indent
        _box(sheet, x, sheet.y, ticked=name in q.marked)
        sheet.text(x + BOX + 4, sheet.y + 0.5, label, size=SIZE)
        x += width
    sheet.y -= 4


def _box(sheet: Sheet, x: float, y: float, *, ticked: bool) -> None:
    sheet.box(x, y - 0.5, BOX, BOX, width=0.7)
    if ticked:
        c = sheet.canvas
        c.setLineWidth(1.4)
        path = c.beginPath()
        path.moveTo(x + 0.6, y + BOX * 0.5)
        path.lineTo(x + BOX * 0.4, y + 0.4)
        path.lineTo(x + BOX + 1.5, y + BOX + 1.2)
        c.drawPath(path, stroke=1, fill=0)


def _blank(sheet: Sheet, value: str, width: float, note: str) -> None:
    sheet.ensure(LINE)
    sheet.y -= LINE
    x = sheet.left + 14
    sheet.line(x, sheet.y - 1, x + width, sheet.y - 1, width=0.6)
    if value:
        sheet.text(x + 4, sheet.y + 1, value, size=SIZE + 0.5)
    if note:
        sheet.text(x + width + 6, sheet.y + 1, note, size=7.5, grey=0.3)
    sheet.y -= 4


def _text_lines(sheet: Sheet, value: str) -> None:
    lines = sheet.wrap(value, sheet.width - 20, SIZE) if value else []
    for index in range(max(2, len(lines))):
        sheet.ensure(LINE + 2)
        sheet.y -= LINE + 2
        sheet.line(sheet.left + 14, sheet.y - 1, sheet.right, sheet.y - 1, width=0.4,
                   dash=[1, 2])  # fmt: skip
        if index < len(lines):
            sheet.text(sheet.left + 16, sheet.y + 1, lines[index], size=SIZE)
    sheet.y -= 4
