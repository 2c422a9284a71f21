"""Needs over time as small multiples: one tiny chart per domain, drawn with QPainter.

Thirteen lines on one plot are a tangle that only colour could separate, and colour cannot carry
meaning here (ux.md). So each domain gets its own small chart with its name and latest result in
words above it, the same scale (1 at the bottom, 5 at the top) and the same time axis, so the eye
compares shapes across domains. The crisis level is a shaded, hatched band; crisis points are
larger diamonds. Scores other than 1–5 (not applicable, not assessed, declined) are not drawn:
the table above holds every value, and the chart's accessible description says so.

Time runs from the start edge to the end edge of the layout: left to right, and right to left
when the interface is mirrored (Arabic, Persian).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from shelter_desktop import i18n
from shelter_desktop.domain.assessments import Assessment, DomainScore, effective
from shelter_desktop.domain.instrument import CRISIS, SCORES, Instrument
from shelter_desktop.i18n import _
from shelter_desktop.ui.assessment.wording import is_crisis, score_text
from shelter_desktop.ui.clients.alerts import ACTION_RED

CELL_MIN_WIDTH = 290
PLOT_HEIGHT = 64
AXIS_WIDTH = 16
MAX_COLUMNS = 3


def short_date(value: dt.date, span_days: int, numeric: bool = False) -> str:
    """"Mar 5" within a year, "Mar 2025" across years: short enough to sit under a small plot.

    ``numeric`` gives "3/5" or "3/2025", for languages whose month names are long words.
    """
    from babel import dates

    if numeric:
        skeleton = "yM" if span_days > 300 else "Md"
    else:
        skeleton = "yMMM" if span_days > 300 else "MMMd"
    return str(dates.format_skeleton(skeleton, value, locale=i18n.current().locale))


class ScoreChart(QWidget):
    """Small multiples of every domain's scores; ``series`` is what is drawn, for tests too."""

    def __init__(self, instrument: Instrument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("score_chart")
        self.instrument = instrument
        self.dates: list[dt.date] = []
        self.series: dict[str, list[tuple[dt.date, int]]] = {}
        self.latest: dict[str, DomainScore | None] = {}
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._columns = 0
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setAccessibleName(_("Scores over time"))
        self.setAccessibleDescription(_(
            "One small chart per domain, from the first assessment to the latest, 1 at the "
            "bottom and 5 at the top. The table above shows the same scores, with every "
            "value and note."))
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            self.update()
        super().changeEvent(event)

    # -- data -------------------------------------------------------------------------------

    def set_assessments(self, assessments: list[Assessment]) -> None:
        """Draw the assessments in force (corrected ones are replaced by their correction)."""
        current = [a for a in effective(assessments)
                   if a.instrument_key == self.instrument.key]
        self.dates = sorted({a.assessed_on for a in current})
        self.series = {}
        self.latest = {}
        for domain in self.instrument.domains:
            points = [(a.assessed_on, score) for a in current
                      if (score := a.score(domain.key)) is not None and score in SCORES]
            self.series[domain.key] = points
            self.latest[domain.key] = current[-1].scores.get(domain.key) if current else None
        self.updateGeometry()
        self.update()

    def point_count(self) -> int:
        return sum(len(points) for points in self.series.values())

    # -- geometry ---------------------------------------------------------------------------

    def columns_for(self, width: int) -> int:
        return max(1, min(MAX_COLUMNS, width // CELL_MIN_WIDTH))

    def _line(self) -> int:
        return QFontMetrics(self.font()).height()

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.85)
        return font

    def _cell_height(self) -> int:
        return self._line() + 6 + PLOT_HEIGHT + QFontMetrics(self._small_font()).height() + 18

    def _legend_height(self) -> int:
        return self._line() + 12

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rows = -(-len(self.instrument.domains) // self.columns_for(width))
        return self._legend_height() + rows * self._cell_height()

    def sizeHint(self) -> QSize:
        return QSize(2 * CELL_MIN_WIDTH, self.heightForWidth(2 * CELL_MIN_WIDTH))

    def minimumSizeHint(self) -> QSize:
        return QSize(CELL_MIN_WIDTH, self.heightForWidth(CELL_MIN_WIDTH))

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Scroll areas do not always ask for height-for-width; a minimum height that follows the
        # number of columns keeps every small chart whole.
        columns = self.columns_for(event.size().width())
        if columns != self._columns:
            self._columns = columns
            self.setMinimumHeight(self.heightForWidth(event.size().width()))
        super().resizeEvent(event)

    def x_of(self, day: dt.date, plot: QRectF) -> float:
        """Where ``day`` sits across ``plot``: from the start edge, mirrored right-to-left."""
        if len(self.dates) < 2:
            fraction = 0.5
        else:
            span = (self.dates[-1] - self.dates[0]).days or 1
            fraction = (day - self.dates[0]).days / span
        if self.isRightToLeft():
            return plot.right() - fraction * plot.width()
        return plot.left() + fraction * plot.width()

    @staticmethod
    def y_of(score: float, plot: QRectF) -> float:
        step = plot.height() / len(SCORES)
        return plot.bottom() - (score - 0.5) * step

    def cell_rects(self) -> dict[str, QRectF]:
        """Each domain's cell, in reading order (mirrored right-to-left)."""
        columns = self.columns_for(self.width())
        width = self.width() / columns
        height = self._cell_height()
        rects = {}
        for index, domain in enumerate(self.instrument.domains):
            row, column = divmod(index, columns)
            if self.isRightToLeft():
                column = columns - 1 - column
            rects[domain.key] = QRectF(column * width, self._legend_height() + row * height,
                                       width, height)
        return rects

    def plot_rect(self, cell: QRectF) -> QRectF:
        top = cell.top() + self._line() + 6
        inner = cell.adjusted(10, 0, -10, 0)
        if self.isRightToLeft():
            return QRectF(inner.left() + 6, top, inner.width() - AXIS_WIDTH - 6, PLOT_HEIGHT)
        return QRectF(inner.left() + AXIS_WIDTH, top, inner.width() - AXIS_WIDTH - 6,
                      PLOT_HEIGHT)

    # -- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_legend(painter)
        if not self.dates:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF(self.rect()).adjusted(0, self._legend_height(), 0, 0),
                             Qt.AlignmentFlag.AlignCenter, _("No assessment to draw yet."))
            painter.end()
            return
        rects = self.cell_rects()
        for domain in self.instrument.domains:
            self._paint_cell(painter, domain.key, rects[domain.key])
        painter.end()

    def _start_end(self) -> tuple[Qt.AlignmentFlag, Qt.AlignmentFlag]:
        """Absolute alignments: QPainter would mirror a plain AlignLeft a second time."""
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
        return (right, left) if self.isRightToLeft() else (left, right)

    def _band_brush(self) -> tuple[QColor, QBrush]:
        fill = QColor(ACTION_RED)
        fill.setAlpha(28)
        hatch = QColor(ACTION_RED)
        hatch.setAlpha(70)
        return fill, QBrush(hatch, Qt.BrushStyle.BDiagPattern)

    def _paint_legend(self, painter: QPainter) -> None:
        """Swatches and words, laid from the start edge: band, crisis point, score point."""
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        metrics = QFontMetrics(self.font())
        rtl = self.isRightToLeft()
        x = float(self.width() - 10) if rtl else 10.0
        middle = self._line() / 2 + 4
        fill, hatch = self._band_brush()
        items = ((_("Crisis level (1)"), "band"), (_("In crisis"), "diamond"),
                 (_("Score"), "dot"))
        for text, mark in items:
            swatch = QRectF(x - 18 if rtl else x, middle - 6, 18, 12)
            if mark == "band":
                painter.fillRect(swatch, fill)
                painter.fillRect(swatch, hatch)
            elif mark == "diamond":
                self._diamond(painter, swatch.center(), 6)
            else:
                self._dot(painter, swatch.center())
            advance = metrics.horizontalAdvance(text)
            x += -24 if rtl else 24
            painter.setPen(text_color)
            box = QRectF(x - advance if rtl else x, middle - self._line() / 2, advance + 2,
                         self._line())
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, text)
            x += -(advance + 22) if rtl else advance + 22

    def _dot(self, painter: QPainter, center: QPointF) -> None:
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.WindowText), 1))
        painter.setBrush(self.palette().color(QPalette.ColorRole.Highlight))
        painter.drawEllipse(center, 3.5, 3.5)

    def _diamond(self, painter: QPainter, center: QPointF, radius: float) -> None:
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.WindowText), 1))
        painter.setBrush(ACTION_RED)
        painter.drawPolygon(QPolygonF([
            QPointF(center.x(), center.y() - radius), QPointF(center.x() + radius, center.y()),
            QPointF(center.x(), center.y() + radius), QPointF(center.x() - radius, center.y())]))

    def _paint_cell(self, painter: QPainter, key: str, cell: QRectF) -> None:
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        start, end = self._start_end()
        domain = self.instrument.domain(key)
        plot = self.plot_rect(cell)
        title = QRectF(cell.left() + 10, cell.top(), cell.width() - 20, self._line() + 2)

        latest = self.latest.get(key)
        result = score_text(self.instrument, domain, latest)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        result_width = QFontMetrics(bold).horizontalAdvance(result) + 4
        painter.setPen(ACTION_RED if is_crisis(latest) else text_color)
        painter.drawText(title, end | Qt.AlignmentFlag.AlignVCenter, result)
        name = QFontMetrics(bold).elidedText(_(domain.name), Qt.TextElideMode.ElideRight,
                                             int(title.width() - result_width - 8))
        painter.setPen(text_color)
        painter.drawText(title, start | Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(self.font())

        fill, hatch = self._band_brush()
        band = QRectF(plot.left(), self.y_of(CRISIS + 0.5, plot), plot.width(),
                      plot.height() / len(SCORES))
        painter.fillRect(band, fill)
        painter.fillRect(band, hatch)
        grid = QColor(muted)
        grid.setAlpha(90)
        painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
        for score in SCORES:
            y = self.y_of(score, plot)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        for day in self.dates:
            x = self.x_of(day, plot)
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))

        small = self._small_font()
        painter.setFont(small)
        painter.setPen(muted)
        axis_left = plot.right() + 2 if self.isRightToLeft() else plot.left() - AXIS_WIDTH
        for score in (SCORES[0], SCORES[-1]):
            y = self.y_of(score, plot)
            painter.drawText(QRectF(axis_left, y - 8, AXIS_WIDTH - 3, 16),
                             Qt.AlignmentFlag.AlignCenter, str(score))
        span = (self.dates[-1] - self.dates[0]).days
        below = QRectF(plot.left(), plot.bottom() + 2, plot.width(),
                       QFontMetrics(small).height())
        if len(self.dates) == 1:
            painter.drawText(below, Qt.AlignmentFlag.AlignHCenter,
                             short_date(self.dates[0], span))
        else:
            first, last = short_date(self.dates[0], span), short_date(self.dates[-1], span)
            metrics = QFontMetrics(small)
            if metrics.horizontalAdvance(first) + metrics.horizontalAdvance(last) > \
                    below.width() * 0.9:
                first = short_date(self.dates[0], span, numeric=True)
                last = short_date(self.dates[-1], span, numeric=True)
            painter.drawText(below, start, first)
            painter.drawText(below, end, last)
        painter.setFont(self.font())

        points = [QPointF(self.x_of(day, plot), self.y_of(score, plot))
                  for day, score in self.series.get(key, [])]
        if len(points) > 1:
            painter.setPen(QPen(text_color, 1.6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(QPolygonF(points))
        for point, (_day, score) in zip(points, self.series.get(key, []), strict=True):
            if score == CRISIS:
                self._diamond(painter, point, 5.5)
            else:
                self._dot(painter, point)
