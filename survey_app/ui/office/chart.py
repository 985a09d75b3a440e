"""The approval rate over time, day by day, against the threshold line, drawn with QPainter."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from survey_app.core.timeline import DayApproval
from survey_app.ui.base import style

MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 46, 16, 14, 30


class ApprovalChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[DayApproval] = []
        self.threshold = 0.8
        self.empty_text = ""
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(520, 240)

    def set_days(self, days: list[DayApproval], threshold: float) -> None:
        self.days, self.threshold = list(days), threshold
        self.update()

    def points(self) -> list[QPointF]:
        plot = self.plot_rect()
        n = len(self.days)
        return [
            QPointF(
                plot.left() + (plot.width() * i / (n - 1) if n > 1 else plot.width() / 2),
                plot.bottom() - plot.height() * (d.agree / d.eligible if d.eligible else 0),
            )
            for i, d in enumerate(self.days)
        ]

    def plot_rect(self) -> QRectF:
        return QRectF(
            MARGIN_LEFT,
            MARGIN_TOP,
            self.width() - MARGIN_LEFT - MARGIN_RIGHT,
            self.height() - MARGIN_TOP - MARGIN_BOTTOM,
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        plot = self.plot_rect()
        painter.setPen(QPen(QColor("#e0e0e0"), 1))
        for pct in (0, 25, 50, 75, 100):
            y = plot.bottom() - plot.height() * pct / 100
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor("#616161"))
            painter.drawText(
                QRectF(0, y - 8, MARGIN_LEFT - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{pct}%",
            )
            painter.setPen(QPen(QColor("#e0e0e0"), 1))
        y = plot.bottom() - plot.height() * self.threshold
        painter.setPen(QPen(QColor(style.THRESHOLD), 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        if not self.days:
            painter.setPen(QColor("#616161"))
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        points = self.points()
        painter.setPen(QPen(QColor(style.ACCENT), 3))
        painter.drawPolyline(QPolygonF(points))
        painter.setBrush(QColor(style.ACCENT))
        for point in points:
            painter.drawEllipse(point, 3.5, 3.5)
        painter.setPen(QColor("#424242"))
        labels = {0, len(self.days) - 1, len(self.days) // 2}
        for i in sorted(labels):
            left = min(max(points[i].x() - 50, 0.0), self.width() - 100.0)  # stay on the widget
            painter.drawText(
                QRectF(left, plot.bottom() + 4, 100, 20),
                Qt.AlignmentFlag.AlignCenter,
                self.days[i].day[5:],
            )
        last = points[-1]
        painter.setPen(QColor(style.ACCENT))
        painter.drawText(
            QRectF(last.x() - 70, last.y() - 22, 66, 18),
            Qt.AlignmentFlag.AlignRight,
            f"{self.days[-1].rate}%",
        )
        painter.end()
