"""The date pickers' calendar headed as Chinese calendars are: 2026年 12月, the days 一 二 三 … from
Monday. Kept apart from gui.translations, which is imported before the first paint."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QBoxLayout, QCalendarWidget, QHBoxLayout, QMenu, QSpinBox, QToolButton, QWidget

from gui.translations import CHINA


def chinese_calendar(calendar: QCalendarWidget) -> None:
    """`calendar` headed as Chinese calendars are, 2026年 12月 with the days 一 二 三 … from Monday.
    Qt's navigation bar puts the month before the year (十二月 2026) and its year button cannot be
    moved (PySide deletes it: tried removeWidget/insertWidget, takeAt/insertItem), so the bar is
    hidden and YearMonthBar, made here, takes its place above the days."""
    calendar.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.SingleLetterDayNames)
    calendar.setFirstDayOfWeek(CHINA.firstDayOfWeek())
    layout = calendar.layout()
    if not isinstance(layout, QBoxLayout):
        return  # another Qt's calendar: left as Qt draws it
    calendar.setNavigationBarVisible(False)
    layout.insertWidget(0, YearMonthBar(calendar))


class YearMonthBar(QWidget):
    """◀ 2026年 12月 ▶: the previous and next month, the year typed or stepped, the month from a menu."""

    def __init__(self, calendar: QCalendarWidget) -> None:
        super().__init__(calendar)
        self.setObjectName("yearMonthBar")
        self.calendar = calendar
        self.previous = self._arrow(Qt.ArrowType.LeftArrow, "上个月", calendar.showPreviousMonth)
        self.next = self._arrow(Qt.ArrowType.RightArrow, "下个月", calendar.showNextMonth)
        self.year = QSpinBox()
        self.year.setObjectName("calendarYear")
        self.year.setSuffix("年")
        self.year.setFrame(False)
        self.year.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.year.setToolTip("输入年份，或用↑↓键")
        self.month = QToolButton()
        self.month.setObjectName("calendarMonth")
        self.month.setAutoRaise(True)
        self.month.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.month)
        for month in range(1, 13):
            menu.addAction(f"{month}月", lambda m=month: self.calendar.setCurrentPage(self.calendar.yearShown(), m))
        self.month.setMenu(menu)
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 2, 2, 2)
        row.addWidget(self.previous)
        row.addStretch(1)
        row.addWidget(self.year)
        row.addWidget(self.month)
        row.addStretch(1)
        row.addWidget(self.next)
        calendar.currentPageChanged.connect(self.show_page)
        self.year.valueChanged.connect(lambda year: calendar.setCurrentPage(year, calendar.monthShown()))
        self.show_page(calendar.yearShown(), calendar.monthShown())

    def _arrow(self, arrow: Qt.ArrowType, tip: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton()
        button.setArrowType(arrow)
        button.setAutoRaise(True)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def showEvent(self, event: QShowEvent) -> None:  # the date range may have changed since
        self.show_page(self.calendar.yearShown(), self.calendar.monthShown())
        super().showEvent(event)

    def show_page(self, year: int, month: int) -> None:
        low, high = self.calendar.minimumDate(), self.calendar.maximumDate()
        self.year.blockSignals(True)
        self.year.setRange(low.year(), high.year())
        self.year.setValue(year)
        self.year.blockSignals(False)
        self.month.setText(f"{month}月")
        self.previous.setEnabled((year, month) > (low.year(), low.month()))
        self.next.setEnabled((year, month) < (high.year(), high.month()))
