"""The signature pad: mouse, pen and touch strokes; stored with the vote as a PNG."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from survey_app.core.votes import Choice
from survey_app.store.votes import signature_png, vote_rows
from survey_app.ui.field.confirm_vote import ConfirmVoteDialog
from survey_app.ui.field.signature_pad import EXPORT_SCALE, INK, SignaturePad


def pad(qtbot) -> SignaturePad:
    widget = SignaturePad()
    qtbot.addWidget(widget)
    widget.resize(400, 160)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def mouse(widget, kind, x, y, buttons=Qt.MouseButton.LeftButton):
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind, QPointF(x, y), widget.mapToGlobal(QPointF(x, y)), button, buttons,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def draw_with_mouse(widget, points):
    mouse(widget, QEvent.Type.MouseButtonPress, *points[0])
    for x, y in points[1:]:
        mouse(widget, QEvent.Type.MouseMove, x, y)
    mouse(widget, QEvent.Type.MouseButtonRelease, *points[-1], Qt.MouseButton.NoButton)


def ink_pixels(image: QImage) -> int:
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixelColor(x, y).lightness() < 128
    )


def test_mouse_strokes_make_a_png(qtbot):
    widget = pad(qtbot)
    assert widget.is_empty() and widget.to_png() is None
    with qtbot.waitSignal(widget.changed):
        draw_with_mouse(widget, [(20, 80), (120, 40), (220, 120), (360, 60)])
    assert widget.stroke_count() == 1
    image = QImage.fromData(widget.to_png(), "PNG")
    assert (image.width(), image.height()) == (400 * EXPORT_SCALE, 160 * EXPORT_SCALE)
    assert ink_pixels(image) > 50
    assert image.pixelColor(1, 1).name() == "#ffffff"


def test_moving_without_a_button_draws_nothing(qtbot):
    widget = pad(qtbot)
    mouse(widget, QEvent.Type.MouseMove, 50, 50, Qt.MouseButton.NoButton)
    assert widget.is_empty()


def test_touch_strokes(qtbot):
    widget = pad(qtbot)
    device = QTest.createTouchDevice()
    QTest.touchEvent(widget, device).press(0, QPoint(30, 30))
    QTest.touchEvent(widget, device).move(0, QPoint(150, 90))
    QTest.touchEvent(widget, device).move(0, QPoint(300, 40))
    QTest.touchEvent(widget, device).release(0, QPoint(300, 40))
    assert widget.stroke_count() == 1
    assert ink_pixels(widget.to_image()) > 30


def test_pen_strokes(qtbot):
    widget = pad(qtbot)
    pen = QPointingDevice.primaryPointingDevice()

    def tablet(kind, x, y, pressure):
        event = QTabletEvent(
            kind, pen, QPointF(x, y), widget.mapToGlobal(QPointF(x, y)), pressure, 0.0, 0.0, 0.0,
            0.0, 0.0, Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
        )  # fmt: skip
        QApplication.sendEvent(widget, event)

    tablet(QEvent.Type.TabletPress, 40, 100, 0.6)
    tablet(QEvent.Type.TabletMove, 200, 30, 0.7)
    tablet(QEvent.Type.TabletMove, 350, 120, 0.5)
    tablet(QEvent.Type.TabletRelease, 350, 120, 0.0)
    assert widget.stroke_count() == 1
    assert ink_pixels(widget.to_image()) > 30


def test_clear(qtbot):
    widget = pad(qtbot)
    draw_with_mouse(widget, [(20, 20), (200, 100)])
    with qtbot.waitSignal(widget.changed):
        widget.clear()
    assert widget.is_empty()


def test_the_signature_is_stored_with_the_vote(qtbot, window, store, monkeypatch):
    shown = []
    monkeypatch.setattr(
        ConfirmVoteDialog, "ask", classmethod(lambda cls, parent, vote: shown.append(vote) or True)
    )
    window.open_household("NH-001/1-1-102", round_no=1)
    panel = window.household_page.vote_panels[1]
    panel.choice_buttons[Choice.AGREE].click()
    draw_with_mouse(panel.signature_pad, [(20, 60), (100, 20), (180, 90)])
    drawn = panel.signature_pad.to_png()
    panel.record_button.click()
    assert shown[0].signature_png == drawn
    row = vote_rows(store=store, household="NH-001/1-1-102", round_no=1)[0]
    assert row.has_signature
    assert signature_png(store=store, vote_id=row.id) == drawn
    assert panel.signature_pad.is_empty()
    assert "✍" in panel.history_model.data(panel.history_model.index(0, 2))


def test_the_confirm_step_shows_the_signature(qtbot, window, store):
    window.open_household("NH-001/1-1-102", round_no=1)
    panel = window.household_page.vote_panels[1]
    panel.choice_buttons[Choice.DISAGREE].click()
    panel.note_edit.setText("住户在门口签字")
    draw_with_mouse(panel.signature_pad, [(20, 60), (100, 20), (180, 90)])
    dialog = ConfirmVoteDialog(panel.pending_vote(), window)
    qtbot.addWidget(dialog)
    assert "✗ 不同意" in dialog.choice_label.text()
    assert dialog.signer_label.text() == "王芳(本人)"
    assert dialog.channel_label.text() == "入户"
    assert dialog.note_label.text() == "住户在门口签字"
    assert not dialog.signature.pixmap().isNull()
    assert not dialog.replacing.isVisibleTo(dialog)
    assert dialog.confirm_button.isDefault()
    assert INK.name() == "#0d1b4c"
