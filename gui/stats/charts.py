"""A figure's chart drawn with Qt Charts (PySide6-Addons; only this module of the Addons is bundled,
packaging/spec_common.py). Imported only when the 统计 page is first shown: the program's start
never loads it (tests/gui/test_stats_page.py).

Fonts are set on every text of the chart: a QChart does not take the application's font for its
titles, axes and legend everywhere, and the PDF export must embed a CJK face, not a fallback.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from core.stats.figure import Chart
from gui.look import ui_font

# A series' colour says what it is, the same in every chart (green done, amber on leave or late,
# red refused or overdue); others take the palette in order.
MEANING = {
    "出席": "#2e7d32", "到会": "#2e7d32", "按期办结": "#2e7d32", "已确定上会": "#2e7d32",
    "请假": "#f9a825", "逾期办结": "#f9a825", "已准假或已报告": "#2e7d32", "待批复": "#f9a825",
    "缺席": "#c62828", "逾期未办结": "#c62828", "不予安排": "#c62828", "未准假": "#c62828",
    "办理中": "#1565c0", "已撤回": "#9e9e9e",
}
PALETTE = ("#b71c1c", "#1565c0", "#2e7d32", "#f9a825", "#6a1b9a", "#00838f", "#5d4037")
T = TypeVar("T")
LABELLED_UP_TO = 12  # values written on the bars of a simple chart with at most this many bars
# Heights in pixels: a horizontal chart grows with its rows, so no name is elided to "…"; the
# rest is the title, legend and value axis.
ROW_HEIGHT, FRAME_HEIGHT, PLAIN_HEIGHT = 24, 130, 320


def _ordered(chart: Chart, items: tuple[T, ...]) -> list[T]:
    """Horizontal bars are drawn from the bottom up: reversed, the first row of the table is on top."""
    return list(reversed(items)) if chart.horizontal else list(items)


def _series(chart: Chart) -> QAbstractBarSeries:
    if chart.horizontal:
        return QHorizontalStackedBarSeries() if chart.stacked else QHorizontalBarSeries()
    return QStackedBarSeries() if chart.stacked else QBarSeries()


def build_chart(chart: Chart, title: str) -> QChart:
    qchart = QChart()
    qchart.setTitle(title)
    # Larger, not bold: the CJK faces of most desktops have no bold, and Qt's made-up bold draws
    # each character twice, which a PDF reader then copies twice (区区政政府府).
    qchart.setTitleFont(ui_font(13))
    qchart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # exports draw what is shown at once
    qchart.setMargins(QMargins(6, 6, 6, 6))
    qchart.setBackgroundRoundness(0)
    series = _series(chart)
    palette = iter(PALETTE)
    for s in chart.series:
        bars = QBarSet(s.name)
        bars.append(_ordered(chart, s.values))
        bars.setColor(QColor(MEANING.get(s.name) or next(palette, "#607d8b")))
        bars.setBorderColor(QColor("#ffffff"))
        bars.setLabelColor(QColor("#333333"))  # the default is white, unreadable outside the bar
        series.append(bars)
    if len(chart.series) == 1 and not chart.stacked and len(chart.categories) <= LABELLED_UP_TO:
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    qchart.addSeries(series)
    _axes(qchart, series, chart)
    legend = qchart.legend()
    legend.setVisible(len(chart.series) > 1)
    legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
    legend.setFont(ui_font(10))
    return qchart


def _axes(qchart: QChart, series: QAbstractBarSeries, chart: Chart) -> None:
    categories = QBarCategoryAxis()
    categories.append(_ordered(chart, chart.categories))
    categories.setLabelsFont(ui_font(9.5))
    # Qt elides a name to "…" when the first layout, before the view has its size, finds it too
    # tight, and does not always take it back; a unit's or leader's name must be read whole.
    categories.setTruncateLabels(False)
    if not chart.horizontal and len(chart.categories) > LABELLED_UP_TO:
        categories.setLabelsAngle(-45)
    values = QValueAxis()
    values.setLabelFormat("%d")
    values.setLabelsFont(ui_font(9.5))
    values.setTitleText(f"单位：{chart.value_title}")
    values.setTitleFont(ui_font(9.5))
    values.setRange(0, _top(chart))
    values.applyNiceNumbers()
    values.setMinorTickCount(0)
    across, up = (values, categories) if chart.horizontal else (categories, values)
    qchart.addAxis(across, Qt.AlignmentFlag.AlignBottom)
    qchart.addAxis(up, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(across)
    series.attachAxis(up)


def _top(chart: Chart) -> float:
    """The value axis' end: a little past the longest bar (stacked: the highest stack), so a bar
    and its label never touch the frame; at least 1 so an empty range still draws whole numbers."""
    if not chart.series:
        return 1.0
    if chart.stacked:
        tallest = max((sum(s.values[i] for s in chart.series) for i in range(len(chart.categories))), default=0.0)
    else:
        tallest = max((max(s.values, default=0.0) for s in chart.series), default=0.0)
    return max(1.0, tallest * 1.08)


def height_for(chart: Chart) -> int:
    return FRAME_HEIGHT + ROW_HEIGHT * len(chart.categories) if chart.horizontal else PLAIN_HEIGHT


def chart_view(chart: Chart, title: str, parent: QWidget | None = None) -> QChartView:
    view = QChartView(build_chart(chart, title), parent)
    view.setObjectName("chart")
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(height_for(chart))
    return view
