"""Progress where the surveyor works: agree count against eligible households with the
threshold line, and per building the households not yet reached."""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from survey_app.actions.progress import RoundProgress
from survey_app.core.rules import percent_text
from survey_app.core.tally import RoundStatus, Tally
from survey_app.ui.base import style
from survey_app.ui.base.retranslate import Retranslating
from survey_app.ui.base.words import (
    round_name,
    round_state_text,
    round_topic,
    rule_text,
    visit_text,
)
from survey_app.ui.models.progress import (
    BUILDING_ROLE,
    FIRST_UNREACHED_ROLE,
    BuildingProgressModel,
)


class ThresholdBar(QWidget):
    """Agreeing households as a filled bar over all eligible ones, the threshold as a red line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agree = 0
        self.eligible = 0
        self.threshold = 0.8
        self.threshold_label = "80%"
        self.setMinimumHeight(22)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(300, 26)

    def set_values(self, agree: int, eligible: int, threshold: float, label: str) -> None:
        self.agree, self.eligible, self.threshold, self.threshold_label = (
            agree,
            eligible,
            threshold,
            label,
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_width = painter.fontMetrics().horizontalAdvance(self.threshold_label) + 6
        bar = QRectF(0, 4, self.width() - 1, self.height() - 9)
        painter.setPen(QPen(QColor("#9e9e9e"), 1))
        painter.setBrush(QColor("#eeeeee"))
        painter.drawRoundedRect(bar, 3, 3)
        if self.eligible:
            filled = QRectF(bar)
            filled.setWidth(bar.width() * min(1.0, self.agree / self.eligible))
            painter.setBrush(QColor(style.OUTCOME_COLORS["agree"][0]))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(filled, 3, 3)
        x = bar.left() + bar.width() * self.threshold
        painter.setPen(QPen(QColor(style.THRESHOLD), 3))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        label_x = x - label_width - 4 if x + label_width + 4 > self.width() else x + 4
        label = QRectF(label_x, bar.top() + 1, label_width, bar.height() - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(label, 2, 2)
        painter.setPen(QColor(style.THRESHOLD))
        painter.drawText(label, Qt.AlignmentFlag.AlignCenter, self.threshold_label)
        painter.end()


def headline(progress: RoundProgress) -> str:
    """`已同意 118 / 157 户,还需 8 户达到 80%` and its variants."""
    tally, state = progress.tally, progress.state
    c, rule = tally.counts, tally.rule
    pct = percent_text(rule.threshold)
    if state.status is RoundStatus.NOT_OPENED:
        text = QCoreApplication.translate("Progress", "{round}尚未开始")
        return text.format(round=round_name(progress.round_no))
    if state.status is RoundStatus.CLOSED:
        return _closed(tally, pct)
    base = QCoreApplication.translate("Progress", "已同意 {agree} / {eligible} 户")
    return base.format(agree=c.agree, eligible=c.eligible) + _outcome(tally, pct)


def _closed(tally: Tally, pct: str) -> str:
    c = tally.counts
    if tally.passed:
        text = QCoreApplication.translate("Progress", "已结束:同意 {agree} / {eligible} 户,通过")
    else:
        text = QCoreApplication.translate(
            "Progress", "已结束:同意 {agree} / {eligible} 户,未达到 {pct} → 暂缓改造"
        )
    return text.format(agree=c.agree, eligible=c.eligible, pct=pct)


class Progress(QObject):
    """The translation context of the progress wording. Counts are worded by `self.tr`:
    the lupdate of PySide6 6.11 reads the 4th argument of `QCoreApplication.translate` as
    Qt 4's encoding and would drop the plural form of these messages."""

    def still_needed(self, n: int, *, inclusive: bool) -> str:
        if inclusive:
            return self.tr(",还需 %n 户达到 {pct}", "", n)
        return self.tr(",还需 %n 户超过 {pct}", "", n)


def _outcome(tally: Tally, pct: str) -> str:
    inclusive = tally.rule.inclusive
    if tally.passed:
        if inclusive:
            return QCoreApplication.translate("Progress", ",已达到 {pct}").format(pct=pct)
        return QCoreApplication.translate("Progress", ",已超过 {pct}").format(pct=pct)
    n = tally.needed
    if n:
        return Progress().still_needed(n, inclusive=inclusive).format(pct=pct)
    text = QCoreApplication.translate("Progress", ",户数已够,面积占比 {area}% 未达到 {pct}")
    return text.format(area=tally.area_rate, pct=pct)


def counts_line(tally: Tally) -> str:
    c = tally.counts
    line = QCoreApplication.translate(
        "Progress", "同意率 {rate}% · 不同意 {disagree} · 弃权 {abstain} · 未表态 {none}"
    ).format(rate=tally.rate, disagree=c.disagree, abstain=c.abstain, none=c.no_response)
    if c.pending:
        pending = QCoreApplication.translate("Progress", " · ⚠ 待核实 {pending}")
        line += pending.format(pending=c.pending)
    if tally.late:
        late = QCoreApplication.translate("Progress", " · 逾期 {late}(不计入)")
        line += late.format(late=tally.late)
    if tally.rule.double_majority:
        line += "\n" + area_line(tally)
    return line


def area_line(tally: Tally) -> str:
    """Under double majority: the agreeing floor area, its share, and what is still needed."""
    line = QCoreApplication.translate(
        "Progress", "同意户建筑面积 {agree} / {eligible} ㎡,占 {rate}%"
    ).format(agree=tally.agree_area_text, eligible=tally.eligible_area_text, rate=tally.area_rate)
    if tally.rule.passes_area(tally.agree_area, tally.eligible_area):
        return line + QCoreApplication.translate("Progress", ",面积已达到")
    if tally.rule.inclusive:
        needed = QCoreApplication.translate("Progress", ",还需同意面积 {area} ㎡")
    else:
        needed = QCoreApplication.translate("Progress", ",同意面积还需超过 {area} ㎡")
    return line + needed.format(area=tally.area_needed)


def visits_line(progress: RoundProgress) -> str:
    """`未表态中:无人在家 5 · 改日再访 2 …` — visits are never opinions, so apart from the tally."""
    counts = [(outcome, n) for outcome, n in progress.visits.items() if n]
    if not counts:
        return ""
    parts = " · ".join(f"{visit_text(outcome)} {n}" for outcome, n in counts)
    return QCoreApplication.translate("Progress", "未表态中已走访:{parts}").format(parts=parts)


class ProgressSummary(Retranslating, QFrame):
    """The compact progress above the household list; a click opens the full view."""

    activated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress: RoundProgress | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = QLabel()
        self.headline = QLabel()
        self.headline.setObjectName("progressHeadline")
        self.headline.setWordWrap(True)
        self.bar = ThresholdBar()
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.visits = QLabel()
        self.visits.setObjectName("visitCounts")
        self.visits.setWordWrap(True)
        self.visits.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        for widget in (self.title, self.headline, self.bar, self.counts, self.visits):
            layout.addWidget(widget)

    def show_progress(self, progress: RoundProgress) -> None:
        self.progress = progress
        self.retranslate()

    def retranslate(self) -> None:
        p = self.progress
        if p is None:
            return
        state = round_state_text(p.state.status)
        self.title.setText(f"{round_name(p.round_no)} {round_topic(p.round_no)} · {state}")
        self.headline.setText(headline(p))
        opened = p.state.status is not RoundStatus.NOT_OPENED
        self.bar.setVisible(opened)
        self.counts.setVisible(opened)
        c = p.tally.counts
        self.bar.set_values(
            c.agree, c.eligible, float(p.tally.rule.threshold), percent_text(p.tally.rule.threshold)
        )
        self.counts.setText(counts_line(p.tally))
        self.visits.setText(visits_line(p) if opened else "")
        self.visits.setVisible(bool(self.visits.text()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit()


class ProgressView(Retranslating, QWidget):
    """The full progress of the compound's round, with the buildings and who is not reached."""

    building_chosen = Signal(str, str)
    """(building, first unreached household id or "") — the list jumps there."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress: RoundProgress | None = None
        self.title = QLabel()
        self.title.setObjectName("bigHeadline")
        self.title.setWordWrap(True)
        self.headline = QLabel()
        self.headline.setObjectName("progressHeadline")
        self.headline.setWordWrap(True)
        self.bar = ThresholdBar()
        self.bar.setMinimumHeight(34)
        self.counts = QLabel()
        self.visits = QLabel()
        self.visits.setObjectName("visitCounts")
        self.visits.hide()
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.table_caption = QLabel()
        self.model = BuildingProgressModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.activated.connect(self._on_activated)
        self.hint = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        for widget in (
            self.title,
            self.headline,
            self.bar,
            self.counts,
            self.visits,
            self.rule,
            self.table_caption,
        ):
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)

    def show_progress(self, progress: RoundProgress) -> None:
        self.progress = progress
        self.model.load(progress.buildings)  # a reset: the table reads every cell afresh
        self._show_texts()

    def retranslate(self) -> None:
        self.model.retranslate()
        self._show_texts()

    def _show_texts(self) -> None:
        self.table_caption.setText(
            self.tr("各楼栋进度(双击或按回车转到该楼栋第一户尚未走访的住户)")
        )
        self.hint.setText(self.tr("提示:Ctrl+F 查找住户;扫描征询表二维码可直接打开该户。"))
        p = self.progress
        if p is None:
            return
        self.title.setText(
            self.tr("{name}({code})· {round} {topic} · {state}").format(
                name=p.compound.name,
                code=p.compound.code,
                round=round_name(p.round_no),
                topic=round_topic(p.round_no),
                state=round_state_text(p.state.status),
            )
        )
        self.headline.setText(headline(p))
        c = p.tally.counts
        opened = p.state.status is not RoundStatus.NOT_OPENED
        self.bar.setVisible(opened)
        self.bar.set_values(
            c.agree, c.eligible, float(p.tally.rule.threshold), percent_text(p.tally.rule.threshold)
        )
        self.counts.setText(counts_line(p.tally) if opened else "")
        self.visits.setText(visits_line(p) if opened else "")
        self.visits.setVisible(bool(self.visits.text()))
        self.rule.setText(self.tr("通过规则:{rule}").format(rule=rule_text(p.tally.rule)))

    def _on_activated(self, index: QModelIndex) -> None:
        building = self.model.data(index, BUILDING_ROLE)
        first = self.model.data(index, FIRST_UNREACHED_ROLE)
        self.building_chosen.emit(str(building), str(first or ""))
