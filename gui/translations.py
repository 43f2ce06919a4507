"""Qt's own words in Chinese: the buttons of standard dialogs (确定/取消/是/否), the context menu of
text fields (复制/粘贴/全选), the file dialog, the calendar. Qt ships them as qtbase_zh_CN.qm; the
bundle keeps only the Simplified Chinese files (packaging/spec_common.py).

    use_chinese(app)     the default locale zh_CN (before any widget) and Qt's catalogs
    chinese_calendar(c)  a calendar's header in Chinese numbers: 12月 2026年, 一 二 三 …

The catalog lags behind Qt: Qt 6 gave the file dialog's labels mnemonics ("&Look in:", "Files of
&type:") and moved the file types to QAbstractFileIconProvider, and qtbase_zh_CN.qm has only the
old strings, so the non-native file dialog (offscreen, under Xvfb, where the desktop has no portal)
said "Look in:" and "Folder". `MISSING` fills those few in; tests/gui/test_chinese_throughout.py
finds any others.
"""

from __future__ import annotations

import os
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtWidgets import QCalendarWidget, QToolButton

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
    """The header of `calendar` in Chinese numbers and units: 12月 2026年 (Qt's 十二月 2026), the days
    一 二 三 … from Monday (Qt's 周一 周二 …); its buttons are relabelled whenever the page changes."""
    calendar.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.SingleLetterDayNames)
    calendar.setFirstDayOfWeek(CHINA.firstDayOfWeek())
    year = calendar.findChild(QToolButton, "qt_calendar_yearbutton")
    month = calendar.findChild(QToolButton, "qt_calendar_monthbutton")
    if year is None or month is None:
        return  # another Qt's calendar: left as Qt draws it
    # The year stays after the month as Qt lays them out: moving Qt's year button in its layout
    # lets PySide delete the button under the calendar (tried: removeWidget/insertWidget, takeAt/insertItem).
    relabel = _Relabel(calendar, year, month)  # goes with the button: no call after it is deleted
    calendar.currentPageChanged.connect(relabel.relabel)
    # Qt also writes the bare year back when its year editor closes on the same year.
    year.installEventFilter(relabel)
    relabel.relabel()


class _Relabel(QObject):
    def __init__(self, calendar: QCalendarWidget, year: QToolButton, month: QToolButton) -> None:
        super().__init__(year)
        self.calendar, self.year, self.month = calendar, year, month

    def relabel(self, *_page: int) -> None:
        self.year.setText(f"{self.calendar.yearShown()}年")
        self.month.setText(f"{self.calendar.monthShown()}月")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.relabel()
        return False
