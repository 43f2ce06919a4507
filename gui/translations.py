"""Qt's own words in Chinese: the buttons of standard dialogs (确定/取消/是/否), the context menu of
text fields (复制/粘贴/全选), the file dialog, the calendar. Qt ships them as qtbase_zh_CN.qm; the
bundle keeps only the Simplified Chinese files (packaging/spec_common.py).

    use_chinese(app)     the default locale zh_CN (before any widget) and Qt's catalogs
    chinese_calendar(c)  a calendar headed 2026年 12月, its days 一 二 三 …

The catalog lags behind Qt: Qt 6 gave the file dialog's labels mnemonics ("&Look in:", "Files of
&type:") and moved the file types to QAbstractFileIconProvider, and qtbase_zh_CN.qm has only the
old strings, so the non-native file dialog (offscreen, under Xvfb, where the desktop has no portal)
said "Look in:" and "Folder". `MISSING` fills those few in; tests/gui/test_chinese_throughout.py
finds any others.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QBoxLayout, QCalendarWidget, QHBoxLayout, QMenu, QSpinBox, QToolButton, QWidget

CATALOG = "qtbase_zh_CN"
CHINA = QLocale(QLocale.Language.Chinese, QLocale.Country.China)

# (context, source) -> Chinese, for Qt's strings that qtbase_zh_CN.qm does not have (Qt 6.11)
MISSING: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "Unknown"): "未知",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QAbstractFileIconProvider", "%1 File"): "%1 文件",
}


class _Missing(QTranslator):
    """MISSING as a translator. Installed before the catalog, so it is asked only when the catalog
    has no answer (Qt asks the most recently installed translator first)."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:  # noqa: ARG002
        # None, not "": Qt takes an empty string for a translation, and every tr() would go blank.
        return MISSING.get((context, source))

    def isEmpty(self) -> bool:
        return False


def folders() -> list[Path]:
    """Where Qt says its translations are, then beside the PySide6 package (a frozen bundle)."""
    found = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
             Path(PySide6.__file__).parent / "Qt" / "translations"]
    return list(dict.fromkeys(found))


def set_locale() -> None:
    """zh_CN for every widget made from now on, whatever the system's locale (a C or en_US session
    on a server, a bundle started from a plain shell): month and day names, the first day of the
    week. A widget takes the default locale when it is made, so this comes before the first one.

    Some of Qt asks the system's locale instead (the file dialog's sizes: "9 bytes"); where the
    session's messages are not Chinese, LC_MESSAGES makes them so before Qt first reads it (the
    programs the window starts, a PDF viewer, then speak Chinese too). LC_ALL, set by hand, wins."""
    messages = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    if not messages.startswith("zh") and not os.environ.get("LC_ALL"):
        os.environ["LC_MESSAGES"] = "zh_CN.UTF-8"
    QLocale.setDefault(CHINA)


def install(app: QCoreApplication) -> QTranslator | None:
    """Load Qt's Chinese catalog into `app` (with what it misses); None (and English buttons) when
    the catalog is missing."""
    for folder in folders():
        translator = QTranslator(app)
        if translator.load(CATALOG, str(folder)):
            missing = _Missing(translator)  # goes with the catalog when a test removes it
            app.installTranslator(missing)
            if app.installTranslator(translator):
                return translator
            app.removeTranslator(missing)
    return None


def use_chinese(app: QCoreApplication) -> QTranslator | None:
    set_locale()
    return install(app)


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
