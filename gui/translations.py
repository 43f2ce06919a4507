"""Qt's own words in Chinese: the buttons of standard dialogs (确定/取消/是/否), the context menu of
text fields (复制/粘贴/全选), the file dialog. Qt ships them as qtbase_zh_CN.qm; the bundle keeps
only the Simplified Chinese files (packaging/spec_common.py)."""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

CATALOG = "qtbase_zh_CN"


def folders() -> list[Path]:
    """Where Qt says its translations are, then beside the PySide6 package (a frozen bundle)."""
    found = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
             Path(PySide6.__file__).parent / "Qt" / "translations"]
    return list(dict.fromkeys(found))


def install(app: QCoreApplication) -> QTranslator | None:
    """Load Qt's Chinese catalog into `app`; None (and English buttons) when it is missing."""
    for folder in folders():
        translator = QTranslator(app)
        if translator.load(CATALOG, str(folder)) and app.installTranslator(translator):
            return translator
    return None
