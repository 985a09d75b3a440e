"""One editor per question type of the forms engine: each gives its answer as the engine reads
it (text, number, choice names ...) and says when the surveyor changed it."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QDate, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QWidget,
)

from survey_app.ui.base.layouts import clear_layout
from survey_app.xlsform import Question
from survey_app.xlsform.answers import range_bounds

ChoiceItems = list[tuple[str, str]]
"""(choice name, label) in the order shown."""
LONG_LIST = 14
NO_DATE = QDate(1900, 1, 1)


class FieldEditor(QWidget):
    """An editor for one question; `changed` fires on each edit by the surveyor."""

    changed = Signal()
    finished = Signal()
    """The surveyor left the editor (type errors are shown from then on)."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def value(self) -> object:
        raise NotImplementedError

    def set_value(self, value: object) -> None:
        raise NotImplementedError

    def set_choices(self, choices: ChoiceItems) -> None:
        """Only select editors have choices."""

    def focus_target(self) -> QWidget:
        return self

    def retranslate(self) -> None:
        """Editors with words of their own put them in the current language."""


class LineEditor(FieldEditor):
    PATTERNS: ClassVar[dict[str, str]] = {
        "integer": r"[-+]?\d*",
        "decimal": r"[-+]?\d*[.]?\d*",
        "range": r"[-+]?\d*[.]?\d*",
    }

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.edit = QLineEdit()
        self.edit.setMinimumHeight(32)
        pattern = self.PATTERNS.get(question.type)
        if pattern:
            self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern)))
            self.edit.setMaximumWidth(220)
            self.layout_.addWidget(self.edit)
            self.layout_.addStretch(1)
        else:
            self.layout_.addWidget(self.edit)
        self.edit.textEdited.connect(lambda _text: self.changed.emit())
        self.edit.editingFinished.connect(self.finished)
        self.retranslate()

    def retranslate(self) -> None:
        placeholders = {
            "integer": self.tr("整数"),
            "decimal": self.tr("数字"),
            "time": self.tr("时:分,如 09:30"),
            "datetime": self.tr("如 2027-03-01T09:30"),
            "geopoint": self.tr("纬度 经度,如 30.75 120.76"),
            "barcode": self.tr("扫描或输入条码"),
        }
        self.edit.setPlaceholderText(placeholders.get(self.question.type, ""))

    def value(self) -> object:
        return self.edit.text()

    def set_value(self, value: object) -> None:
        text = "" if value is None else str(value)
        if self.edit.text() != text:
            self.edit.setText(text)

    def focus_target(self) -> QWidget:
        return self.edit


class MultilineEditor(FieldEditor):
    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(72)
        self.layout_.addWidget(self.edit)
        self.edit.textChanged.connect(self._on_text)
        self._setting = False

    def _on_text(self) -> None:
        if not self._setting:
            self.changed.emit()

    def value(self) -> object:
        return self.edit.toPlainText()

    def set_value(self, value: object) -> None:
        text = "" if value is None else str(value)
        if self.edit.toPlainText() != text:
            self._setting = True
            self.edit.setPlainText(text)
            self._setting = False

    def focus_target(self) -> QWidget:
        return self.edit


class DateEditor(FieldEditor):
    """A calendar; the earliest date stands for "not answered" and shows blank."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setMinimumDate(NO_DATE)
        self.edit.setSpecialValueText(" ")
        self.edit.setDate(NO_DATE)
        self.edit.setMinimumHeight(32)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self._clear)
        self.layout_.addWidget(self.edit)
        self.layout_.addWidget(self.clear_button)
        self.layout_.addStretch(1)
        self.edit.dateChanged.connect(lambda _date: self.changed.emit())
        self.retranslate()

    def retranslate(self) -> None:
        self.clear_button.setText(self.tr("清除"))

    def _clear(self) -> None:
        self.edit.setDate(NO_DATE)

    def value(self) -> object:
        date = self.edit.date()
        return None if date == NO_DATE else date.toString(Qt.DateFormat.ISODate)

    def set_value(self, value: object) -> None:
        date = QDate.fromString(str(value), Qt.DateFormat.ISODate) if value else NO_DATE
        if date.isValid() and date != self.edit.date():
            self.edit.blockSignals(True)
            self.edit.setDate(date)
            self.edit.blockSignals(False)

    def focus_target(self) -> QWidget:
        return self.edit


class ChoiceEditor(FieldEditor):
    """select_one as big radio buttons (a drop-down for long lists); select_multiple as
    check boxes. The choices may change as other answers change (choice_filter)."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.multiple = question.type == "select_multiple"
        self.choices: ChoiceItems = []
        self.chosen: list[str] = []
        self.container = QWidget()
        self.grid = QGridLayout(self.container)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(18)
        self.layout_.addWidget(self.container, 1)
        self.group: QButtonGroup | None = None
        self.combo: QComboBox | None = None
        self.clear_button = QPushButton()
        self.clear_button.setFlat(True)
        self.clear_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clear_button.clicked.connect(self._clear)
        self.clear_button.setVisible(not self.multiple)
        self.layout_.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignTop)
        self.retranslate()

    def retranslate(self) -> None:
        self.clear_button.setText(self.tr("清除"))

    def set_choices(self, choices: ChoiceItems) -> None:
        if choices == self.choices:
            return
        self.choices = list(choices)
        clear_layout(self.grid)
        self.group, self.combo = None, None
        if not self.multiple and len(choices) > LONG_LIST:
            self._build_combo()
        else:
            self._build_buttons()
        self._show_chosen()

    def _build_combo(self) -> None:
        combo = QComboBox()
        combo.setMinimumHeight(32)
        combo.addItem("", None)
        for name, label in self.choices:
            combo.addItem(label, name)
        combo.activated.connect(lambda _index: self._on_combo())
        self.grid.addWidget(combo, 0, 0)
        self.combo = combo

    def _build_buttons(self) -> None:
        longest = max((len(label) for _, label in self.choices), default=0)
        columns = 1 if longest > 28 else 2 if longest > 12 else 3 if longest > 6 else 4
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        for index, (name, label) in enumerate(self.choices):
            button: QAbstractButton = QCheckBox(label) if self.multiple else QRadioButton(label)
            button.setProperty("choice", name)
            button.setMinimumHeight(30)
            self.group.addButton(button)
            self.grid.addWidget(button, index // columns, index % columns)
        self.group.buttonClicked.connect(self._on_button)

    def _on_button(self, button: QAbstractButton) -> None:
        name = str(button.property("choice"))
        if self.multiple:
            self.chosen = [n for n, _ in self.choices if self._button(n).isChecked()] + [
                c for c in self.chosen if c not in dict(self.choices)
            ]
        else:
            self.chosen = [name] if button.isChecked() else []
            self._show_chosen()
        self.changed.emit()

    def _on_combo(self) -> None:
        assert self.combo is not None
        name = self.combo.currentData()
        self.chosen = [str(name)] if name else []
        self.changed.emit()

    def _clear(self) -> None:
        if self.chosen:
            self.chosen = []
            self._show_chosen()
            self.changed.emit()

    def _button(self, name: str) -> QAbstractButton:
        assert self.group is not None
        return next(b for b in self.group.buttons() if b.property("choice") == name)

    def _show_chosen(self) -> None:
        if self.combo is not None:
            index = self.combo.findData(self.chosen[0]) if self.chosen else 0
            self.combo.setCurrentIndex(max(index, 0))
        if self.group is not None:
            for button in self.group.buttons():
                button.setChecked(button.property("choice") in self.chosen)
        self.clear_button.setEnabled(bool(self.chosen))

    def value(self) -> object:
        if self.multiple:
            return list(self.chosen)
        return self.chosen[0] if self.chosen else None

    def set_value(self, value: object) -> None:
        if isinstance(value, list):
            chosen = [str(v) for v in value]
        else:
            chosen = [] if value in (None, "") else [str(value)]
        if chosen != self.chosen:
            self.chosen = chosen
            self._show_chosen()

    def focus_target(self) -> QWidget:
        if self.combo is not None:
            return self.combo
        if self.group is not None and self.group.buttons():
            return self.group.buttons()[0]
        return self


class AcknowledgeEditor(FieldEditor):
    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.box = QCheckBox()
        self.box.setMinimumHeight(30)
        self.layout_.addWidget(self.box)
        self.layout_.addStretch(1)
        self.box.clicked.connect(lambda _checked: self.changed.emit())
        self.retranslate()

    def retranslate(self) -> None:
        self.box.setText(self.tr("确认(OK)"))

    def value(self) -> object:
        return "OK" if self.box.isChecked() else None

    def set_value(self, value: object) -> None:
        self.box.setChecked(value == "OK")

    def focus_target(self) -> QWidget:
        return self.box


class RangeEditor(FieldEditor):
    """A slider from the range's start to end; unanswered until the surveyor moves it."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.start, self.end, self.step = range_bounds(question)
        steps = max(1, round(abs(self.end - self.start) / abs(self.step)))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, steps)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setMinimumWidth(260)
        self.shown = QLabel()
        self.shown.setMinimumWidth(60)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self._clear)
        self.answered = False
        for widget in (self.slider, self.shown, self.clear_button):
            self.layout_.addWidget(widget)
        self.layout_.addStretch(1)
        self.slider.valueChanged.connect(self._on_slide)
        self.retranslate()

    def retranslate(self) -> None:
        self.clear_button.setText(self.tr("清除"))
        self._show()

    def _number(self) -> float:
        direction = 1 if self.end >= self.start else -1
        return self.start + direction * self.slider.value() * abs(self.step)

    def _on_slide(self, _position: int) -> None:
        self.answered = True
        self._show()
        self.changed.emit()

    def _clear(self) -> None:
        self.answered = False
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        number = self._number()
        text = str(int(number)) if float(number).is_integer() else f"{number:g}"
        self.shown.setText(text if self.answered else self.tr("未选"))

    def value(self) -> object:
        return self._number() if self.answered else None

    def set_value(self, value: object) -> None:
        self.slider.blockSignals(True)
        self.answered = value is not None
        if value is not None:
            position = round((float(str(value)) - self.start) / self.step)
            self.slider.setValue(abs(position))
        self.slider.blockSignals(False)
        self._show()

    def focus_target(self) -> QWidget:
        return self.slider


class ImageEditor(FieldEditor):
    """A photo chosen from the laptop; the answer is its file name."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.button = QPushButton()
        self.name = QLabel()
        self.file = ""
        self.layout_.addWidget(self.button)
        self.layout_.addWidget(self.name, 1)
        self.button.clicked.connect(self._choose)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(self.tr("选择照片…"))

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择照片"), "", self.tr("照片 (*.jpg *.jpeg *.png *.heic *.webp)")
        )
        if path:
            self.set_value(path)
            self.changed.emit()

    def value(self) -> object:
        return self.file or None

    def set_value(self, value: object) -> None:
        self.file = "" if value is None else str(value)
        self.name.setText(self.file)

    def focus_target(self) -> QWidget:
        return self.button


def make_editor(question: Question) -> FieldEditor | None:
    """The editor for a question, or None for one that is only shown (a note)."""
    kind = question.type
    if kind == "note":
        return None
    if kind in ("select_one", "select_multiple"):
        return ChoiceEditor(question)
    if kind == "date":
        return DateEditor(question)
    if kind == "acknowledge":
        return AcknowledgeEditor(question)
    if kind == "range":
        return RangeEditor(question)
    if kind == "image":
        return ImageEditor(question)
    if kind == "text" and "multiline" in question.appearance:
        return MultilineEditor(question)
    return LineEditor(question)
