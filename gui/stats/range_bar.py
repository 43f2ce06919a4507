"""The range of the statistics: a year, a month of a year, or two days (the shared DateEdit).
It says `changed` with a DateRange whenever the choice makes a valid range; an end before the
start is said in the end field's red line and changes nothing."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from core.stats.period import DateRange, custom_range, month_range, year_range
from gui.roster.forms import DateEdit

YEAR, MONTH, CUSTOM = "year", "month", "custom"
FIRST_YEAR = 2000


def tr(text: str) -> str:
    return QCoreApplication.translate("Stats", text)


class RangeBar(QWidget):
    changed = Signal(object)  # DateRange

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox()
        self.mode.setObjectName("rangeMode")
        for key, label in ((YEAR, tr("按年度")), (MONTH, tr("按月份")), (CUSTOM, tr("自定义"))):
            self.mode.addItem(label, key)
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(FIRST_YEAR, today.year + 1)
        self.year.setValue(today.year)
        self.year.setSuffix(tr("年"))
        self.month = QComboBox()
        self.month.setObjectName("month")
        for m in range(1, 13):
            self.month.addItem(tr("%1月").replace("%1", str(m)), m)
        self.month.setCurrentIndex(today.month - 1)
        self.start = DateEdit(dt.date(today.year, 1, 1))
        self.start.setObjectName("start")
        self.end = DateEdit(today)
        self.end.setObjectName("end")
        self.end.add_check(lambda day: tr("截止日期不能早于起始日期") if day < self.start.day() else "")
        self.start.dateChanged.connect(self.end.recheck)
        self.to_label = QLabel(tr("至"))

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel(tr("统计范围")), self.mode, self.year, self.month, self.start, self.to_label, self.end):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.end.line)
        self._show_fields()
        self.mode.currentIndexChanged.connect(lambda _i: (self._show_fields(), self._emit()))
        self.year.valueChanged.connect(lambda _v: self._emit())
        self.month.currentIndexChanged.connect(lambda _i: self._emit())
        self.start.dateChanged.connect(lambda _d: self._emit())
        self.end.dateChanged.connect(lambda _d: self._emit())

    def _show_fields(self) -> None:
        mode = self.mode.currentData()
        self.year.setVisible(mode in (YEAR, MONTH))
        self.month.setVisible(mode == MONTH)
        for widget in (self.start, self.to_label, self.end):
            widget.setVisible(mode == CUSTOM)
            widget.setEnabled(mode == CUSTOM)  # a disabled date field says no refusal, so no red line
        self.end.recheck()

    def current(self) -> DateRange | None:
        """The range chosen, or None while the custom end lies before its start."""
        mode = self.mode.currentData()
        if mode == YEAR:
            return year_range(self.year.value())
        if mode == MONTH:
            return month_range(self.year.value(), int(self.month.currentData()))
        if self.end.refusal():
            return None
        return custom_range(self.start.day(), self.end.day())

    def _emit(self) -> None:
        chosen = self.current()
        if chosen is not None:
            self.changed.emit(chosen)
