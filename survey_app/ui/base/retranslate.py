"""Widgets that re-word themselves: Qt sends every widget a LanguageChange event when a
translator is installed, so switching the language needs no restart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

# mypy sees the widget the mixin is combined with; at run time it stays a plain mixin, so
# that PySide6 finds changeEvent on the Python class and calls the Qt widget's after it.
if TYPE_CHECKING:
    _Widget = QWidget
else:
    _Widget = object


class Retranslating(_Widget):
    """Listed first among the bases (`class Page(Retranslating, QWidget)`); `retranslate()`
    sets every text and runs again on each change of language."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
