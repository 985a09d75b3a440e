"""XLSForm survey forms: reading them, and filling them in (no Qt; the UI renders from this).

Reading
    form = load_form(path)          # Form, or raises FormRefused (.findings) / UnreadableFile
    result = check_form(path)       # FormCheck: .ok, .form, .findings (never raises for a form)

    A Finding has severity ("error" | "unsupported" | "ignored"), code, sheet, row, column,
    name, text and detail (English; detail_zh the Chinese, said(language) either, and
    message(language) / place(language) the whole line); only "ignored" ones (an appearance,
    a media column) let a form load.

The form
    form.children                   # [Group | Repeat | Question], document order
    form.walk(), form.questions(), form.item(name)
    form.languages                  # [Language(key="zh", name="中文", code="zh"), ...]
    form.label(item_or_choice, "en"), form.text(question.hints, "zh")   # with fallbacks
    form.choices_of(question)       # [Choice(name, labels, columns)] before any choice_filter
    form.settings                   # form_id, form_title, version, default_language

    Group/Repeat: name, key, labels, hints, relevant, appearance ("field-list"), children;
    Repeat.repeat_count. Question: type (text, integer, decimal, date, time, datetime,
    select_one, select_multiple, note, calculate, acknowledge, range, barcode, image,
    geopoint, or metadata start/end/today/deviceid/username/phonenumber/email/
    start-geopoint/audit), name, key, labels, hints, list_name, required, relevant,
    constraint, constraint_messages, required_messages, calculation, default, read_only,
    choice_filter, parameters (range start/end/step), appearance. Expressions are
    Expression(text, tree); required and read_only may also be plain booleans.

Filling in
    session = FormSession(form, device=DeviceProfile(device_id, username), language="zh")
    session.set_answer(key, value, path=())    # normalised answer, or raises AnswerError
    session.add_repeat(key, path) -> index; session.remove_repeat(key, index, path)
    session.instances()                        # (item, path) for every item instance
    session.is_relevant(item, path), session.is_required(q, path),
    session.is_read_only(q, path), session.choices(q, path)   # after choice_filter
    session.value(q, path)                     # calculated values and answers as seen by rules
    session.text_value(q, path)                # the same as text (3, 2.5, true)
    session.label(item, path), session.hint(item, path)       # ${name} filled in
    validate(session) -> [Problem(key, path, code, message)]  # message in session.language
    load_answers(session, {"key": value, "repeat": [{...}, ...]}) -> [Problem]
    session.finish() -> Submission(answers, calculated, metadata, audit)

    An item inside repeats is addressed by path = ((repeat key, 0-based index), ...).
    Answers are keyed by question key: the name, or "group/name" when a name is used in
    several groups of one repeat level. Problem codes: required, constraint, choice, type,
    range, not_relevant, read_only, not_answerable, unknown, repeat_count, evaluation.
"""

from survey_app.xlsform.answers import AnswerError
from survey_app.xlsform.findings import Finding, FormRefused
from survey_app.xlsform.model import Choice, Expression, Form, Group, Question, Repeat
from survey_app.xlsform.problems import Problem, load_answers, validate
from survey_app.xlsform.reader import FormCheck, check_form, load_form
from survey_app.xlsform.session import DeviceProfile, FormSession, Submission

__all__ = [
    "AnswerError",
    "Choice",
    "DeviceProfile",
    "Expression",
    "Finding",
    "Form",
    "FormCheck",
    "FormRefused",
    "FormSession",
    "Group",
    "Problem",
    "Question",
    "Repeat",
    "Submission",
    "check_form",
    "load_answers",
    "load_form",
    "validate",
]
