"""Status icons drawn with QPainter: shape and fill differ, so they read in black and white."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

from survey_app.resources import resource_path
from survey_app.ui.base import style

APP_ICON = resource_path("icons", "survey-app.svg")
SIZE = 32


@cache
def status_icon(kind: str) -> QIcon:
    """`not_visited`: hollow grey ring; `visited`: filled blue disc; `conflict`: orange triangle."""
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = QRectF(6, 6, SIZE - 12, SIZE - 12)
    if kind == "conflict":
        color = QColor(style.OUTCOME_COLORS["pending"][0])
        painter.setPen(QPen(color, 2))
        painter.setBrush(QColor(style.OUTCOME_COLORS["pending"][1]))
        triangle = QPolygonF([QPointF(16, 3), QPointF(30, 28), QPointF(2, 28)])
        painter.drawPolygon(triangle)
        painter.drawLine(QPointF(16, 11), QPointF(16, 20))
        painter.drawPoint(QPointF(16, 24))
    elif kind == "visited":
        painter.setPen(QPen(QColor(style.ACCENT), 2))
        painter.setBrush(QColor(style.ACCENT))
        painter.drawEllipse(box)
    else:
        painter.setPen(QPen(QColor(style.NOT_VISITED), 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(box)
    painter.end()
    return QIcon(pixmap)


def app_icon() -> QIcon:
    return QIcon(str(APP_ICON)) if Path(APP_ICON).is_file() else QIcon()
