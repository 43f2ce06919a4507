"""A figure's bar chart, drawn with QPainter: the same drawing on screen, into the PNG and into the
PDF. Every figure is bars (side by side or stacked, upright or lying for long names), which Qt's
own painting does in a page of code; Qt Charts is GPL-3.0-only and deprecated, pyqtgraph brings
numpy (+50 MB, 0.3 s to import) — see README 打包. Imported only when the 统计 page is first shown.

Sizes are in layout units (one screen pixel at 100 %), fonts in pixels: the painter's transform
then scales text and bars alike, to the window, to a PNG at twice the size, or to an A4 page at
300 dpi. Names are measured and never elided; the chart grows in height with its rows instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from core.stats.figure import Chart
from gui.look import ui_font
from gui.stats.ticks import ticks

# A series' colour says what it is, the same in every chart (green done, amber on leave or late,
# red refused or overdue); others take the palette in order.
MEANING = {
    "出席": "#2e7d32", "到会": "#2e7d32", "按期办结": "#2e7d32", "已确定上会": "#2e7d32", "已准假或已报告": "#2e7d32",
    "请假": "#f9a825", "逾期办结": "#f9a825", "待批复": "#f9a825",
    "缺席": "#c62828", "逾期未办结": "#c62828", "不予安排": "#c62828", "未准假": "#c62828",
    "办理中": "#1565c0", "已撤回": "#9e9e9e",
}
PALETTE = ("#b71c1c", "#1565c0", "#2e7d32", "#f9a825", "#6a1b9a", "#00838f", "#5d4037")
GRID, AXIS, TEXT, NOTE = QColor("#e3e3e3"), QColor("#9e9e9e"), QColor("#333333"), QColor("#666666")
LABELLED_UP_TO = 12  # values written on the bars of a one-series chart with at most this many bars
ROW_HEIGHT, FRAME_HEIGHT, PLAIN_HEIGHT = 22, 130, 320  # a lying chart grows with its rows
BAR_SHARE = 0.62  # of each category's band


def px_font(points: float) -> QFont:
    """The interface's CJK faces at a pixel size (points at 96 dpi), so the painter's scale applies."""
    font = ui_font()
    font.setPixelSize(round(points * 96 / 72))
    return font


def height_for(chart: Chart) -> int:
    return FRAME_HEIGHT + ROW_HEIGHT * len(chart.categories) if chart.horizontal else PLAIN_HEIGHT


def colors(chart: Chart) -> list[QColor]:
    palette = iter(PALETTE)
    return [QColor(MEANING.get(s.name) or next(palette, "#607d8b")) for s in chart.series]


@dataclass
class Band:
    """Where a category's bars lie (for the tooltip)."""

    rect: QRectF
    index: int


class BarPainter:
    def __init__(self, chart: Chart, title: str) -> None:
        self.chart = chart
        self.title = title
        self.title_font, self.label_font, self.small_font = px_font(13), px_font(9.5), px_font(9)
        self.colors = colors(chart)
        self.bands: list[Band] = []

    def fonts(self) -> list[QFont]:
        return [self.title_font, self.label_font, self.small_font]

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        area = rect.adjusted(12, 8, -16, -8)
        area.setTop(self._title(painter, area))
        area.setBottom(self._legend(painter, area))
        unit_height = QFontMetricsF(self.small_font).height() * 1.5
        self._text(painter, QRectF(area.left(), area.top(), area.width(), unit_height), self.small_font, NOTE,
                   f"单位：{self.chart.value_title}", Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        area.setTop(area.top() + unit_height)
        top = ticks(max(self._tallest(), 0.0) * 1.05)
        self.bands = []
        if self.chart.horizontal:
            self._lying(painter, area, top)
        else:
            self._upright(painter, area, top)
        painter.restore()

    # --- frame ------------------------------------------------------------------------------------

    @staticmethod
    def _text(painter: QPainter, rect: QRectF, font: QFont, color: QColor, text: str,
              align: Qt.AlignmentFlag) -> None:
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(rect, int(align), text)

    def _title(self, painter: QPainter, area: QRectF) -> float:
        height = QFontMetricsF(self.title_font).height() * 1.6
        self._text(painter, QRectF(area.left(), area.top(), area.width(), height), self.title_font, TEXT, self.title,
                   Qt.AlignmentFlag.AlignCenter)
        return area.top() + height

    def _legend(self, painter: QPainter, area: QRectF) -> float:
        """The series' names under the plot, centred, wrapped into rows; the plot's new bottom."""
        if len(self.chart.series) < 2:
            return area.bottom()
        metrics = QFontMetricsF(self.small_font)
        swatch, line = metrics.height() * 0.7, metrics.height() * 1.6
        widths = [swatch + 6 + metrics.horizontalAdvance(s.name) + 18 for s in self.chart.series]
        rows: list[list[int]] = [[]]
        for i, w in enumerate(widths):
            if rows[-1] and sum(widths[j] for j in rows[-1]) + w > area.width():
                rows.append([])
            rows[-1].append(i)
        top = area.bottom() - line * len(rows)
        for r, row in enumerate(rows):
            x = area.center().x() - sum(widths[i] for i in row) / 2
            y = top + line * r
            for i in row:
                painter.fillRect(QRectF(x, y + (line - swatch) / 2, swatch, swatch), self.colors[i])
                self._text(painter, QRectF(x + swatch + 6, y, widths[i], line), self.small_font, TEXT,
                           self.chart.series[i].name, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                x += widths[i]
        return top - 4

    def _tallest(self) -> float:
        chart = self.chart
        if not chart.series or not chart.categories:
            return 0.0
        if chart.stacked:
            return max(sum(s.values[i] for s in chart.series) for i in range(len(chart.categories)))
        return max(max(s.values) for s in chart.series)

    # --- upright bars: categories along the bottom ------------------------------------------------

    def _upright(self, painter: QPainter, area: QRectF, top: list[int]) -> None:
        metrics = QFontMetricsF(self.label_font)
        left = area.left() + max(metrics.horizontalAdvance(str(t)) for t in top) + 8
        n = max(1, len(self.chart.categories))
        band = (area.right() - left) / n
        widest = max((metrics.horizontalAdvance(c) for c in self.chart.categories), default=0.0)
        slanted = widest > band * 0.95  # names too wide for their band are written at 45°
        below = (widest * 0.72 + metrics.height()) if slanted else metrics.height() * 1.6
        plot = QRectF(QPointF(left, area.top() + metrics.height() / 2), QPointF(area.right(), area.bottom() - below))
        scale = plot.height() / top[-1]
        for t in top:
            y = plot.bottom() - t * scale
            painter.setPen(QPen(AXIS if t == 0 else GRID, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            self._text(painter, QRectF(area.left(), y - metrics.height() / 2, left - area.left() - 6, metrics.height()),
                       self.label_font, NOTE, str(t), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for i, name in enumerate(self.chart.categories):
            x = plot.left() + band * i
            self.bands.append(Band(QRectF(x, plot.top(), band, plot.height()), i))
            self._bars(painter, i, QRectF(x, plot.top(), band, plot.height()), scale, upright=True)
            self._category(painter, name, QPointF(x + band / 2, plot.bottom() + 4), band, slanted)

    def _category(self, painter: QPainter, name: str, anchor: QPointF, band: float, slanted: bool) -> None:
        metrics = QFontMetricsF(self.label_font)
        if not slanted:
            self._text(painter, QRectF(anchor.x() - band / 2, anchor.y(), band, metrics.height() * 1.4),
                       self.label_font, TEXT, name, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            return
        painter.save()
        painter.translate(anchor.x(), anchor.y() + metrics.height() * 0.3)
        painter.rotate(-45)
        width = metrics.horizontalAdvance(name)
        self._text(painter, QRectF(-width, -metrics.height() / 2, width, metrics.height()), self.label_font, TEXT,
                   name, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        painter.restore()

    # --- lying bars: names down the left, the first at the top ------------------------------------

    def _lying(self, painter: QPainter, area: QRectF, top: list[int]) -> None:
        metrics = QFontMetricsF(self.label_font)
        names = max((metrics.horizontalAdvance(c) for c in self.chart.categories), default=0.0)
        left = area.left() + min(names, area.width() * 0.45) + 10
        plot = QRectF(QPointF(left, area.top()), QPointF(area.right() - metrics.horizontalAdvance(str(top[-1])) / 2,
                                                        area.bottom() - metrics.height() * 1.6))
        scale = plot.width() / top[-1]
        for t in top:
            x = plot.left() + t * scale
            painter.setPen(QPen(AXIS if t == 0 else GRID, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            self._text(painter, QRectF(x - 40, plot.bottom() + 2, 80, metrics.height() * 1.4), self.label_font, NOTE,
                       str(t), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        n = max(1, len(self.chart.categories))
        band = plot.height() / n
        for i, name in enumerate(self.chart.categories):
            y = plot.top() + band * i
            self.bands.append(Band(QRectF(area.left(), y, area.width(), band), i))
            self._bars(painter, i, QRectF(plot.left(), y, plot.width(), band), scale, upright=False)
            self._text(painter, QRectF(area.left(), y, left - area.left() - 10, band), self.label_font, TEXT, name,
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    # --- the bars of one category -----------------------------------------------------------------

    def _bars(self, painter: QPainter, i: int, band: QRectF, scale: float, *, upright: bool) -> None:
        chart = self.chart
        across = (band.width() if upright else band.height()) * BAR_SHARE
        start = (band.left() + (band.width() - across) / 2) if upright else (band.top() + (band.height() - across) / 2)
        each = across if chart.stacked else across / max(1, len(chart.series))
        base = 0.0
        painter.setPen(QPen(QColor("#ffffff"), 1))
        for k, s in enumerate(chart.series):
            value = s.values[i]
            offset = start if chart.stacked else start + each * k
            length = value * scale
            rect = (QRectF(offset, band.bottom() - base - length, each, length) if upright
                    else QRectF(band.left() + base, offset, length, each))
            if value > 0:
                painter.setBrush(self.colors[k])
                painter.drawRect(rect)
            if chart.stacked:
                base += length
            elif len(chart.series) == 1 and len(chart.categories) <= LABELLED_UP_TO:
                self._value(painter, rect, value, upright)

    def _value(self, painter: QPainter, bar: QRectF, value: float, upright: bool) -> None:
        metrics = QFontMetricsF(self.small_font)
        text = f"{value:g}"
        box = (QRectF(bar.left() - 20, bar.top() - metrics.height() - 2, bar.width() + 40, metrics.height())
               if upright else QRectF(bar.right() + 4, bar.top(), metrics.horizontalAdvance(text) + 8, bar.height()))
        align = (Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom if upright
                 else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._text(painter, box, self.small_font, TEXT, text, align)


class ChartWidget(QWidget):
    """The chart on screen, white like the page it is printed on; a category's numbers as its tooltip."""

    def __init__(self, chart: Chart, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chart")
        self.chart = chart
        self.painter = BarPainter(chart, title)
        self.setMinimumHeight(height_for(chart))
        self.setMouseTracking(True)

    @property
    def title(self) -> str:
        return self.painter.title

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        self.painter.paint(painter, QRectF(self.rect()))
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        at = event.position()
        band = next((b for b in self.painter.bands if b.rect.contains(at)), None)
        if band is None:
            QToolTip.hideText()
            return
        lines = [self.chart.categories[band.index]] + [f"{s.name}：{s.values[band.index]:g}" for s in self.chart.series]
        QToolTip.showText(event.globalPosition().toPoint(), "\n".join(lines), self)
