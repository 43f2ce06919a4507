"""Qt's own words in Chinese: the buttons of standard dialogs (确定/取消/是/否), the context menu of
text fields (复制/粘贴/全选), the file dialog, the calendar. Qt ships them as qtbase_zh_CN.qm; the
bundle keeps only the Simplified Chinese files (packaging/spec_common.py).

    use_chinese(app)     the default locale zh_CN (before any widget) and Qt's catalogs

Imported before the first paint (gui.app): no `Qt` namespace here, whose first import costs about
15 ms (the date pickers' Chinese header is gui.calendar_header).

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
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

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
