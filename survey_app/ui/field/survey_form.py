"""A form session drawn as widgets: groups as sections, repeats as rows to add and remove,
questions shown and hidden live by `relevant`, choices filtered, calculations and messages
(required, constraint, type) inline in the session's language."""

from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from survey_app.ui.field.survey_fields import FieldEditor, make_editor
from survey_app.xlsform import FormSession, Group, Problem, Question, Repeat, validate
from survey_app.xlsform.answers import NOT_ANSWERED, AnswerError
from survey_app.xlsform.model import Item
from survey_app.xlsform.session import InstancePath

Place = tuple[InstancePath, str]
"""A question instance: its repeat path and its key."""


def place_text(place: Place) -> str:
    path, key = place
    return json.dumps({"key": key, "path": [list(step) for step in path]}, ensure_ascii=False)


def place_from_text(text: str | None) -> Place | None:
    if not text:
        return None
    try:
        value = json.loads(text)
        path = tuple((str(k), int(i)) for k, i in value["path"])
        return path, str(value["key"])
    except (ValueError, KeyError, TypeError):
        return None


@dataclass
class QuestionRow:
    question: Question
    path: InstancePath
    frame: QFrame
    label: QLabel
    hint: QLabel
    editor: FieldEditor | None
    value: QLabel | None
    error: QLabel
    type_error: str | None = None


@dataclass
class Section:
    item: Group
    path: InstancePath
    frame: QFrame
    title: QLabel


class SurveyForm(QWidget):
    edited = Signal()
    """The surveyor changed an answer or added/removed a repeat row."""
    focused = Signal(str)
    """A question got the keyboard focus (its place, as text)."""

    def __init__(self, session: FormSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.show_required = False
        self.rows: dict[Place, QuestionRow] = {}
        self.sections: list[Section] = []
        self.repeat_buttons: dict[Place, QPushButton] = {}
        self.remove_buttons: dict[Place, QPushButton] = {}
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 4, 12, 12)
        self.body: QWidget | None = None
        self._focused: str | None = None
        self._editing: QuestionRow | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus)
        self.rebuild()

    # -- building ---------------------------------------------------------------------
    def rebuild(self) -> None:
        """Draw the form again (after repeat rows were added or removed)."""
        focus = self.focused_place()
        if self.body is not None:
            self.body.deleteLater()
        self.rows, self.sections, self.repeat_buttons, self.remove_buttons = {}, [], {}, {}
        self.body = QWidget()
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self._draw(self.session.form.children, (), layout)
        layout.addStretch(1)
        self.layout_.addWidget(self.body)
        self.body.show()
        self._structure = self.structure()
        self.refresh()
        if focus is not None:
            self.focus_place(focus)

    def structure(self) -> tuple[tuple[str, InstancePath, int], ...]:
        """How many rows each repeat has: when it changes, the form is drawn again."""
        return tuple(
            (item.key, path, self.session.instance_count(item, path))
            for item, path in self.session.instances(include_groups=True)
            if isinstance(item, Repeat)
        )

    def _draw(self, items: list[Item], path: InstancePath, layout: QVBoxLayout) -> None:
        for item in items:
            if isinstance(item, Repeat):
                self._draw_repeat(item, path, layout)
            elif isinstance(item, Group):
                self._draw_group(item, path, layout)
            elif isinstance(item, Question) and self._shown(item):
                self._draw_question(item, path, layout)

    def _shown(self, question: Question) -> bool:
        if question.type in NOT_ANSWERED - {"note", "calculate"}:
            return False
        return question.type != "calculate" or bool(question.labels)

    def _draw_group(self, group: Group, path: InstancePath, layout: QVBoxLayout) -> QVBoxLayout:
        frame = QFrame()
        frame.setObjectName("section")
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(10, 6, 10, 8)
        title = QLabel()
        title.setObjectName("sectionTitle")
        title.setWordWrap(True)
        inner.addWidget(title)
        self.sections.append(Section(group, path, frame, title))
        layout.addWidget(frame)
        if not isinstance(group, Repeat):
            self._draw(group.children, path, inner)
        return inner

    def _draw_repeat(self, repeat: Repeat, path: InstancePath, layout: QVBoxLayout) -> None:
        inner = self._draw_group(repeat, path, layout)
        counted = repeat.repeat_count is not None
        for index in range(self.session.instance_count(repeat, path)):
            instance = (*path, (repeat.key, index))
            box = QFrame()
            box.setObjectName("repeatRow")
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(8, 4, 8, 6)
            header = QHBoxLayout()
            header.addWidget(QLabel(self.tr("第 {n} 组").format(n=index + 1)))
            header.addStretch(1)
            if not counted:
                remove = QPushButton(self.tr("删除这一组"))
                remove.clicked.connect(
                    lambda _c=False, k=repeat.key, i=index, p=path: self.remove_row(k, i, p)
                )
                header.addWidget(remove)
                self.remove_buttons[(instance, repeat.key)] = remove
            box_layout.addLayout(header)
            self._draw(repeat.children, instance, box_layout)
            inner.addWidget(box)
        if not counted:
            add = QPushButton(self.tr("+ 添加一组"))
            add.clicked.connect(lambda _c=False, k=repeat.key, p=path: self.add_row(k, p))
            inner.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
            self.repeat_buttons[(path, repeat.key)] = add

    def _draw_question(self, question: Question, path: InstancePath, layout: QVBoxLayout) -> None:
        frame = QFrame()
        frame.setObjectName("question")
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(0, 2, 0, 2)
        inner.setSpacing(2)
        label = QLabel()
        label.setObjectName("questionLabel")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        hint = QLabel()
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        editor = None if question.type == "calculate" else make_editor(question)
        value = QLabel() if question.type == "calculate" else None
        error = QLabel()
        error.setObjectName("error")
        error.setWordWrap(True)
        for widget in (label, hint, editor, value, error):
            if widget is not None:
                inner.addWidget(widget)
        row = QuestionRow(question, path, frame, label, hint, editor, value, error)
        frame.setProperty("surveyPlace", place_text((path, question.key)))
        if editor is not None:
            label.setBuddy(editor.focus_target())
            editor.changed.connect(lambda r=row: self._on_edit(r))
            editor.finished.connect(self.refresh)
            if isinstance(editor.focus_target(), QLineEdit):
                editor.focus_target().installEventFilter(self)
        self.rows[(path, question.key)] = row
        layout.addWidget(frame)

    # -- editing ----------------------------------------------------------------------
    def _on_edit(self, row: QuestionRow) -> None:
        assert row.editor is not None
        key, path = row.question.key, row.path
        try:
            self.session.set_answer(key, row.editor.value(), path)
            row.type_error = None
        except AnswerError as error:
            row.type_error = error.text(self.session.language)
            self.session.set_answer(key, None, path)
        self._focused = place_text((path, key))
        self._editing = row
        try:
            self._after_change()
        finally:
            self._editing = None

    def add_row(self, key: str, path: InstancePath = ()) -> int:
        index = self.session.add_repeat(key, path)
        self._after_change()
        return index

    def remove_row(self, key: str, index: int, path: InstancePath = ()) -> None:
        self.session.remove_repeat(key, index, path)
        self._after_change()

    def _after_change(self) -> None:
        if self.structure() != self._structure:
            self.rebuild()
        else:
            self.refresh()
        self.edited.emit()

    # -- showing the state --------------------------------------------------------------
    def problems(self) -> dict[Place, Problem]:
        found: dict[Place, Problem] = {}
        for problem in validate(self.session):
            found.setdefault((problem.path, problem.key), problem)
        return found

    def refresh(self) -> None:
        session = self.session
        problems = self.problems()
        for section in self.sections:
            section.frame.setVisible(session.is_relevant(section.item, section.path))
            section.title.setText(session.label(section.item, section.path))
        for place, row in self.rows.items():
            self._refresh_row(place, row, problems.get(place))

    def _refresh_row(self, place: Place, row: QuestionRow, problem: Problem | None) -> None:
        session, question, path = self.session, row.question, row.path
        relevant = session.is_relevant(question, path)
        row.frame.setVisible(relevant)
        if not relevant:
            return
        required = question.type not in NOT_ANSWERED and session.is_required(question, path)
        mark = ' <span style="color:#c62828">*</span>' if required else ""
        label = session.label(question, path).replace("&", "&amp;").replace("<", "&lt;")
        row.label.setText(f"<b>{label}</b>{mark}")
        hint = session.hint(question, path)
        row.hint.setText(hint)
        row.hint.setVisible(bool(hint))
        if row.value is not None:
            row.value.setText(session.text_value(question, path))
        if row.editor is not None:
            if question.is_select:
                choices = session.choices(question, path)
                row.editor.set_choices([(c.name, session.label(c, path)) for c in choices])
            if row.type_error is None and row is not self._editing:
                row.editor.set_value(session.answer(question.key, path))
            row.editor.setEnabled(not session.is_read_only(question, path))
        message = self._type_error(row) or self._message(problem)
        row.error.setText(message or "")
        row.error.setVisible(bool(message))

    def _type_error(self, row: QuestionRow) -> str | None:
        """Shown once the surveyor left the field, not while a number is half typed."""
        if row.type_error is None or row.editor is None:
            return None
        typing = row.editor.focus_target().hasFocus() and not self.show_required
        return None if typing else row.type_error

    def _message(self, problem: Problem | None) -> str | None:
        if problem is None or (problem.code == "required" and not self.show_required):
            return None
        return problem.message

    def retranslate(self) -> None:
        self.rebuild()

    # -- places and focus ---------------------------------------------------------------
    def _on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        widget = new
        while widget is not None and widget is not self:
            place = widget.property("surveyPlace")
            if place:
                self._focused = str(place)
                self.focused.emit(str(place))
                return
            widget = widget.parentWidget()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QLineEdit)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.focusNextChild()
            return True
        return super().eventFilter(watched, event)

    def focused_place(self) -> Place | None:
        return place_from_text(self._focused)

    def place_text(self) -> str | None:
        """The question last focused or edited, as kept with a draft."""
        return self._focused

    def focus_place(self, place: Place) -> QWidget | None:
        row = self.rows.get(place)
        if row is None or row.editor is None:
            return None
        target = row.editor.focus_target()
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focused = place_text(place)
        return target

    def first_problem(self) -> Place | None:
        shown = [p for p, problem in self.problems().items() if problem]
        order = list(self.rows)
        shown.sort(key=lambda p: order.index(p) if p in order else len(order))
        return shown[0] if shown else None
