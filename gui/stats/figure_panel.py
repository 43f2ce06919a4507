"""One figure on screen: its title and headline facts, the chart, the table under it, how it was
counted, and the three exports (chart as PNG or PDF, table as .xlsx)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from core.stats.figure import TEXT, Figure, Value, cell_text
from core.stats.period import DateRange
from gui.meetings.common import read_only_table
from gui.roster.table import Column, RowsModel
from gui.stats.charts import PLAIN_HEIGHT, ChartWidget, height_for
from gui.stats.range_bar import tr


def table_columns(figure: Figure) -> list[Column]:
    """The shown columns; numbers sort as numbers (— last), names by pinyin."""
    columns = []
    for i, c in enumerate(figure.shown_columns):
        def text(row: tuple[Value, ...], i: int = i, kind: str = c.kind) -> str:
            return cell_text(row[i], kind)

        def number(row: tuple[Value, ...], i: int = i) -> Any:
            return row[i]

        columns.append(Column(c.header, text, None if c.kind == TEXT else number))
    return columns


class FactsLabel(QLabel):
    """Facts side by side, the lines broken between facts only: Qt breaks Chinese text between any
    two characters, which would split 出席 / 率：93.3%."""

    GAP = "　　"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facts: list[str] = []
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_facts(self, facts: list[str]) -> None:
        self.facts = facts
        self._lay_out()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._lay_out()

    def _lay_out(self) -> None:
        metrics, lines = self.fontMetrics(), [""]
        for fact in self.facts:
            joined = lines[-1] + self.GAP + fact if lines[-1] else fact
            if lines[-1] and metrics.horizontalAdvance(joined) > self.width():
                lines.append(fact)
            else:
                lines[-1] = joined
        text = "\n".join(lines)
        if text != self.text():
            self.setText(text)


class FigureModel(RowsModel):
    """Rows of a figure's table; numbers right-aligned, as an office table has them."""

    def __init__(self, figure: Figure, parent: Any = None) -> None:
        super().__init__(table_columns(figure), parent)
        self.numeric = {i for i, c in enumerate(figure.shown_columns) if c.kind != TEXT}

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() in self.numeric:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return super().data(index, role)


class FigurePanel(QWidget):
    export_requested = Signal(str)  # "png", "pdf" or "xlsx"

    def __init__(self, may_export: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure: Figure | None = None
        self.view: ChartWidget | None = None
        # The figure's title is the chart's own (exported with it); above it, the headline facts.
        self.facts = FactsLabel()
        self.facts.setObjectName("facts")
        self.facts.setStyleSheet("font-size: 11pt;")
        self.buttons: dict[str, QPushButton] = {}
        head = QHBoxLayout()
        head.addWidget(self.facts, 1)
        for key, label, tip in (("png", tr("导出图片…"), tr("把图表保存为 PNG 图片（用于材料、幻灯片）")),
                                ("pdf", tr("导出 PDF…"), tr("把图表保存为 PDF（A4 横向，便于打印）")),
                                ("xlsx", tr("导出表格…"), tr("把下方的表格保存为 Excel 文件（.xlsx）"))):
            button = QPushButton(label)
            button.setObjectName("export_" + key)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, k=key: self.export_requested.emit(k))
            button.setVisible(may_export)
            self.buttons[key] = button
            head.addWidget(button)
        self.model = RowsModel([], self)
        self.table = read_only_table("figureTable", self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setStretchLastSection(False)  # columns as wide as their content
        self.chart_holder = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.chart_holder)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.note = QLabel()
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.note)

    def show_figure(self, figure: Figure, r: DateRange) -> None:
        self.figure = figure
        self.facts.set_facts([f"{f.label}：{cell_text(f.value, f.kind)}" for f in figure.facts])
        self.note.setText(tr("说明：") + figure.note)
        old, self.model = self.model, FigureModel(figure, self)  # the columns differ per figure
        self.model.set_rows(figure.shown_rows())
        self.table.setModel(self.model)
        old.deleteLater()
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        if self.view is not None:
            self.chart_layout.removeWidget(self.view)
            self.view.deleteLater()
        self.view = ChartWidget(figure.chart, f"{figure.title}（{r.label}）")
        self.chart_layout.addWidget(self.view)
        chart_height = max(height_for(figure.chart), PLAIN_HEIGHT)  # a short chart still gets its room
        self.splitter.setSizes([chart_height, max(120, self.splitter.height() - chart_height)])
