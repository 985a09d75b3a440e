"""An on-screen signature pad: mouse, pen (tablet) or finger (touch); saved as a PNG."""

from __future__ import annotations

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

INK = QColor("#0d1b4c")
PEN_WIDTH = 3.0
EXPORT_SCALE = 2
"""The PNG is drawn at twice the widget size, so it stays sharp when printed."""


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[QPointF]] = []
        self._drawing = False
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(280, 130)
        self.placeholder = ""

    def sizeHint(self) -> QSize:
        return QSize(440, 170)

    # -- what it holds -------------------------------------------------------
    def is_empty(self) -> bool:
        return not any(len(stroke) > 0 for stroke in self._strokes)

    def stroke_count(self) -> int:
        return len(self._strokes)

    def strokes(self) -> list[list[tuple[float, float]]]:
        """The strokes as drawn, in the pad's coordinates (kept with a vote draft)."""
        return [[(p.x(), p.y()) for p in stroke] for stroke in self._strokes if stroke]

    def set_strokes(self, strokes: list[list[tuple[float, float]]]) -> None:
        """Show strokes kept earlier (a restored draft); not a change by the signer."""
        self._drawing = False
        self._strokes = [[QPointF(x, y) for x, y in stroke] for stroke in strokes if stroke]
        self.update()

    def clear(self) -> None:
        if self._strokes:
            self._strokes = []
            self.update()
            self.changed.emit()

    def to_image(self) -> QImage:
        size = self.size() * EXPORT_SCALE
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.scale(EXPORT_SCALE, EXPORT_SCALE)
        self._paint_strokes(painter)
        painter.end()
        return image

    def to_png(self) -> bytes | None:
        """The signature as PNG bytes, or None when nothing was drawn."""
        if self.is_empty():
            return None
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.to_image().save(buffer, "PNG")  # type: ignore[call-overload]
        buffer.close()
        return bytes(data.data())

    # -- drawing -------------------------------------------------------------
    def begin_stroke(self, point: QPointF) -> None:
        self._drawing = True
        self._strokes.append([point])
        self.update()

    def extend_stroke(self, point: QPointF) -> None:
        if self._drawing and self._strokes:
            self._strokes[-1].append(point)
            self.update()

    def end_stroke(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin_stroke(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.extend_stroke(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.end_stroke()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self.begin_stroke(event.position())
        elif kind == QEvent.Type.TabletMove and event.pressure() > 0:
            self.extend_stroke(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self.end_stroke()
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)
            self._touch(event)
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        points = event.points()
        if not points:
            return
        point = points[0].position()
        if event.type() == QEvent.Type.TouchBegin:
            self.begin_stroke(point)
        elif event.type() == QEvent.Type.TouchUpdate:
            self.extend_stroke(point)
        else:
            self.extend_stroke(point)
            self.end_stroke()
        event.accept()

    # -- painting ------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#9e9e9e"), 1, Qt.PenStyle.DashLine))
        baseline = self.height() * 0.75
        painter.drawLine(QPointF(16, baseline), QPointF(self.width() - 16, baseline))
        painter.setPen(QPen(QColor("#bdbdbd"), 1))
        painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        if self.is_empty() and self.placeholder:
            painter.setPen(QColor("#9e9e9e"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
        self._paint_strokes(painter)
        painter.end()

    def _paint_strokes(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(
            INK,
            PEN_WIDTH,
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
        painter.setPen(pen)
        for stroke in self._strokes:
            if len(stroke) == 1:
                painter.drawPoint(stroke[0])
                continue
            path = QPainterPath(stroke[0])
            for point in stroke[1:]:
                path.lineTo(point)
            painter.drawPath(path)
