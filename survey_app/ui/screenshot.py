"""`--screenshot FILE.png --view NAME`: render the window (or one view) offscreen to a PNG."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from survey_app.core.tally import RoundStatus
from survey_app.core.votes import Choice
from survey_app.store.compounds import list_compounds
from survey_app.store.households import households_of
from survey_app.store.rounds import round_state
from survey_app.store.votes import round_vote_facts
from survey_app.ui.field.confirm_vote import ConfirmVoteDialog
from survey_app.ui.field.first_run import FirstRunDialog
from survey_app.ui.field.survey_fields import ChoiceEditor
from survey_app.ui.field.vote_panel import VotePanel
from survey_app.ui.main_window import MainWindow


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def compound_with_round(window: MainWindow, status: RoundStatus) -> tuple[str, int] | None:
    """The first compound with a round in this state (the later round preferred)."""
    store = window.workspace.store
    for compound in list_compounds(store=store):
        for round_no in (2, 1):
            if round_state(store=store, compound=compound.code, round_no=round_no).status is status:
                return compound.code, round_no
    return None


def showcase_household(
    window: MainWindow, status: RoundStatus = RoundStatus.OPEN
) -> tuple[str, int]:
    """A household worth showing: in a round in this state, with a changed vote if any."""
    store = window.workspace.store
    found = compound_with_round(window, status)
    if found is None:
        first = list_compounds(store=store)[0].code
        return households_of(store=store, compound=first)[0].id, 1
    compound, round_no = found
    facts = round_vote_facts(store=store, compound=compound, round_no=round_no)
    changed = sorted(f.household for f in facts if f.replaces)
    if changed:
        return changed[0], round_no
    voted = sorted(f.household for f in facts)
    return (voted[0] if voted else households_of(store=store, compound=compound)[0].id), round_no


def draw_sample_signature(panel: VotePanel) -> None:
    """A made-up signature, drawn through the pad's own stroke API."""
    pad = panel.signature_pad
    w, h = pad.width(), pad.height()
    strokes = [
        [(0.12, 0.62), (0.16, 0.35), (0.2, 0.7), (0.25, 0.4), (0.3, 0.66)],
        [(0.36, 0.45), (0.42, 0.45), (0.39, 0.3), (0.39, 0.72), (0.34, 0.68)],
        [(0.5, 0.35), (0.48, 0.7), (0.56, 0.5), (0.62, 0.7), (0.6, 0.35)],
        [(0.68, 0.6), (0.74, 0.38), (0.8, 0.62), (0.86, 0.42), (0.9, 0.58)],
    ]
    for stroke in strokes:
        pad.begin_stroke(QPointF(stroke[0][0] * w, stroke[0][1] * h))
        for x, y in stroke[1:]:
            pad.extend_stroke(QPointF(x * w, y * h))
        pad.end_stroke()


def _open_showcase(window: MainWindow, status: RoundStatus = RoundStatus.OPEN) -> VotePanel:
    household, round_no = showcase_household(window, status)
    window.open_household(household, round_no=round_no)
    return window.household_page.vote_panels[round_no]


def _fill_vote(window: MainWindow) -> VotePanel:
    panel = _open_showcase(window)
    settle()
    panel.choose(Choice.AGREE)
    panel.note_edit.setText("本人签字确认")
    draw_sample_signature(panel)
    panel.draft_timer.stop()  # a picture, not a vote in progress: no draft is kept
    return panel


def _view_main(window: MainWindow) -> list[QWidget]:
    window.show_progress()
    return []


def _view_household(window: MainWindow) -> list[QWidget]:
    _open_showcase(window)
    return []


def _view_vote(window: MainWindow) -> list[QWidget]:
    _fill_vote(window)
    return []


def _view_confirm(window: MainWindow) -> list[QWidget]:
    panel = _fill_vote(window)
    pending = panel.pending_vote()
    assert pending is not None
    dialog = ConfirmVoteDialog(pending, window)
    dialog.show()
    return [dialog]


def _view_closed(window: MainWindow) -> list[QWidget]:
    _open_showcase(window, RoundStatus.CLOSED)
    return []


def _view_search(window: MainWindow) -> list[QWidget]:
    window.show_progress()
    window.search.setText("王")
    window.search.search()
    popup = window.search.popup()
    return [popup] if popup.isVisible() else []


def _view_survey(window: MainWindow) -> list[QWidget]:
    """A survey under way: skip logic opened a section, and one answer breaks a rule."""
    _open_showcase(window)
    page = window.household_page
    page.show_page("survey")
    survey = page.survey_view.survey
    if survey is None or "residents" not in {key for _path, key in survey.rows}:
        return []
    for key, text in (("residents", "2"), ("elderly", "3")):
        field = survey.rows[((), key)].editor
        edit = field.focus_target() if field else None
        assert isinstance(edit, QLineEdit)
        edit.setText(text)
        edit.textEdited.emit(text)
    editor = survey.rows[((), "respondent")].editor
    assert isinstance(editor, ChoiceEditor)
    editor.set_value("head")
    editor.changed.emit()
    page.survey_view.save_timer.stop()
    return []


def _view_page(page: str) -> Callable[[MainWindow], list[QWidget]]:
    def view(window: MainWindow) -> list[QWidget]:
        _open_showcase(window)
        window.household_page.show_page(page)
        return []

    return view


def _view_first_run(window: MainWindow) -> list[QWidget]:
    dialog = FirstRunDialog(window)
    dialog.show()
    return [dialog]


STANDALONE = {"first-run"}
"""Views shown before any window exists: the dialog is rendered on its own."""

VIEWS: dict[str, Callable[[MainWindow], list[QWidget]]] = {
    "main": _view_main,
    "household": _view_household,
    "vote": _view_vote,
    "confirm": _view_confirm,
    "closed": _view_closed,
    "search": _view_search,
    "survey": _view_survey,
    "profile": _view_page("profile"),
    "first-run": _view_first_run,
}


def take_screenshot(window: MainWindow, view: str, path: Path, size: tuple[int, int]) -> QPixmap:
    window.resize(*size)
    window.show()
    settle()
    extra = VIEWS[view](window)
    settle()
    popup = window.search.popup()
    if view in STANDALONE:
        pixmap = extra[0].grab()
        path.parent.mkdir(parents=True, exist_ok=True)
        pixmap.save(str(path), "PNG")
        return pixmap
    for widget in extra:
        if widget is not popup:
            widget.adjustSize()
            frame = widget.frameGeometry()
            centre = window.geometry().center()
            widget.move(centre - QPoint(frame.width() // 2, frame.height() // 2))
        settle()
    pixmap = window.grab()
    painter = QPainter(pixmap)
    if _dims(extra, window):
        painter.fillRect(pixmap.rect(), QColor(0, 0, 0, 70))
    for widget in extra:
        top_left = window.mapFromGlobal(widget.mapToGlobal(QPoint(0, 0)))
        painter.drawPixmap(top_left, widget.grab())
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    pixmap.save(str(path), "PNG")
    return pixmap


def _dims(extra: list[QWidget], window: MainWindow) -> bool:
    """Dialogs dim the window behind them; the search popup does not."""
    return any(w is not window.search.popup() for w in extra)


def _add_office_views() -> None:
    from survey_app.ui.office.screens import OFFICE_VIEWS

    VIEWS.update(OFFICE_VIEWS)


_add_office_views()
