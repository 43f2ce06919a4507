"""统计: the figures of a year, a month or any range (issue 14 §3), each a chart with its table.

The report is read on the worker in one go (core.stats: grouped queries, one session); only the
chart of the figure on screen is drawn, the others when chosen. Exports (PNG, PDF, .xlsx) are for
the roles the permission table lets print, and each is an audit record (统计.导出).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QSplitter, QVBoxLayout, QWidget

from core.errors import HuiwuError
from core.office import Office
from core.stats.figure import Figure, Report
from core.stats.period import DateRange
from core.stats.service import EXPORT_ACTION, stats_of
from gui import roles
from gui.messages import show_error, show_info
from gui.ops import OpRunner
from gui.stats import exporting
from gui.stats.figure_panel import FigurePanel
from gui.stats.range_bar import RangeBar, tr


class StatsPage(QWidget):
    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statsPage")
        self.office = office
        self.stats = stats_of(office)
        self.runner = runner
        self.loaded = False
        self.report: Report | None = None
        self.office_name = ""
        self.exported: Path | None = None  # the last file written
        self._generation = 0
        self.may_export = office.can(EXPORT_ACTION)

        title = QLabel(tr("统计"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.range_bar = RangeBar(self.stats.today())
        self.range_bar.changed.connect(self._load)
        self.export_all_button = QPushButton(tr("全部导出为 Excel…"))
        self.export_all_button.setObjectName("exportAll")
        self.export_all_button.setToolTip(tr("把所有统计表保存为一个 Excel 文件，每张表一个工作表"))
        self.export_all_button.clicked.connect(self.export_all)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(16)
        head.addWidget(self.range_bar)
        head.addStretch(1)
        head.addWidget(self.export_all_button)
        roles.allow(office, EXPORT_ACTION, self.export_all_button)
        roles.add_role_note(head, office)

        self.figure_list = QListWidget()
        self.figure_list.setObjectName("figures")
        self.figure_list.setMinimumWidth(200)
        self.figure_list.currentRowChanged.connect(self._figure_chosen)
        self.panel = FigurePanel(self.may_export)
        self.panel.export_requested.connect(self.export_figure)
        self.status = QLabel(tr("正在统计…"))
        self.status.setObjectName("status")
        self.status.setStyleSheet("color: #666;")
        splitter = QSplitter()
        splitter.addWidget(self.figure_list)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([225, 1000])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        chosen = self.range_bar.current()
        assert chosen is not None  # a year to begin with
        self._load(chosen)

    # --- reading ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.loaded:
            self.refresh()  # what was done on the other pages meanwhile counts (a year reads in ~20 ms)

    def refresh(self) -> None:
        chosen = self.range_bar.current()
        if chosen is not None:
            self._load(chosen)

    def _load(self, r: DateRange) -> None:
        self._generation += 1
        generation, stats, settings = self._generation, self.stats, self.office.settings

        def read() -> tuple[Report, str]:
            return stats.report(r), settings.office_name()

        self.status.setText(tr("正在统计…"))
        self.runner.run(read, on_success=lambda got: self._show(generation, got), parent=self,
                        label=tr("正在统计…"))

    def _show(self, generation: int, got: tuple[Report, str]) -> None:
        if generation != self._generation:
            return  # a later range was chosen meanwhile
        self.report, self.office_name = got
        shown = self.current_figure()
        key = shown.key if shown is not None else None  # the same figure stays on screen
        keys = [f.key for f in self.report.figures]
        self.figure_list.blockSignals(True)
        self.figure_list.clear()
        self.figure_list.addItems([f.title for f in self.report.figures])
        self.figure_list.blockSignals(False)
        self.figure_list.setCurrentRow(keys.index(key) if key in keys else 0)
        self.status.setText(tr("统计范围：%1；逾期和未印发截至 %2。").replace("%1", self.report.range.label)
                            .replace("%2", _day(self.report.as_of)))
        self.loaded = True

    def _figure_chosen(self, row: int) -> None:
        if self.report is not None and 0 <= row < len(self.report.figures):
            self.panel.show_figure(self.report.figures[row], self.report.range)

    def current_figure(self) -> Figure | None:
        return self.panel.figure

    def show_figure(self, key: str) -> None:
        assert self.report is not None
        self.figure_list.setCurrentRow([f.key for f in self.report.figures].index(key))

    # --- exports ------------------------------------------------------------------------------

    def export_figure(self, kind: str) -> None:
        figure, report = self.panel.figure, self.report
        if figure is None or report is None:
            return
        stem = exporting.file_stem(figure.title, report.range)
        if kind == "xlsx":
            self._export_tables([figure], tr("导出表格"), stem, f"{figure.title}（表格 Excel）")
            return
        caption, suffix, file_kind = ((tr("导出图片"), ".png", tr("PNG 图片")) if kind == "png"
                                      else (tr("导出 PDF"), ".pdf", tr("PDF 文件")))
        path = exporting.ask_path(self, caption, stem, suffix, file_kind)
        if path is None:
            return
        try:  # drawn here: Qt paints on the GUI thread only
            title = f"{figure.title}（{report.range.label}）"
            if kind == "png":
                exporting.write_png(figure.chart, title, path)
            else:
                exporting.write_pdf(figure.chart, title, path, self._heading(figure, report))
        except HuiwuError as error:
            show_error(self, error.message)
            return
        what = f"{figure.title}（图表 {'PNG' if kind == 'png' else 'PDF'}）"
        self._record(path, what, report.range)

    def export_all(self) -> None:
        if self.report is not None:
            self._export_tables(list(self.report.figures), tr("全部导出为 Excel"),
                                exporting.file_stem(tr("统计表"), self.report.range), tr("全部统计表"))

    def _export_tables(self, figures: list[Figure], caption: str, stem: str, what: str) -> None:
        from core.stats.workbook import write_figures

        report = self.report
        assert report is not None
        path = exporting.ask_path(self, caption, stem, ".xlsx", tr("Excel 工作簿"))
        if path is None:
            return
        stats, range_text = self.stats, f"{report.range.label}（截至 {report.as_of.isoformat()}）"

        def write() -> Path:
            written = write_figures(path, figures, range_text)
            stats.record_export(what, path.name, report.range)
            return written

        self.runner.run(write, on_success=self._exported, parent=self.window(), label=tr("正在导出…"))

    def _record(self, path: Path, what: str, r: DateRange) -> None:
        stats = self.stats
        self.runner.run(lambda: stats.record_export(what, path.name, r), on_success=lambda _: self._exported(path),
                        parent=self)

    def _exported(self, path: Path) -> None:
        self.exported = path
        show_info(self, tr("已导出到 %1").replace("%1", str(path)))

    def _heading(self, figure: Figure, report: Report) -> str:
        return f"{self.office_name}　{figure.title}（{report.range.label}，截至 {_day(report.as_of)}）"


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
