"""The application: the main window on screen first, then the start-up behind it.

    main(argv, db_path)

Only what the first paint needs is imported before it (Qt's widgets, the UI font, the main
window's frame): the start-up, the runner and the data layer come after (issue 7 §4).
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from gui import look, translations
from gui.main_window import MainWindow

if TYPE_CHECKING:
    from gui.startup import KeyStoreFactory


def main(argv: list[str], db_path: str | os.PathLike[str], *,
         key_store_factory: KeyStoreFactory | None = None, login_as: str | None = None) -> int:
    translations.set_locale()  # zh_CN whatever the system's: before the first widget takes it
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    app.setApplicationName("huiwu")
    app.setApplicationDisplayName(QCoreApplication.translate("Huiwu", "会务"))
    app.setOrganizationName("Huiwu")
    app.setQuitOnLastWindowClosed(False)  # the login and the lock screen come and go; finished ends it
    app.setFont(look.ui_font())
    frame = MainWindow(None, None, path=Path(db_path).absolute())
    frame.show()
    app.processEvents()  # painted now, before the rest is imported and the file opened
    app.setWindowIcon(look.app_icon())

    translations.install(app)  # 确定/取消 in Qt's own dialogs, before the first one opens

    from gui import temp_area
    from gui.clipboard import clipboard_guard
    from gui.ops import OpRunner
    from gui.startup import Startup

    temp_area.start()  # previews a crashed run left behind go before anything is opened
    from gui.main_thread_gc import MainThreadCollector

    MainThreadCollector(app)  # collection never on the worker: see gui.main_thread_gc

    runner = OpRunner()
    startup = Startup(Path(db_path), runner, key_store_factory, login_as=login_as, frame=frame)
    startup.finished.connect(app.exit)
    guard = clipboard_guard()  # from the start, so the wizard's copy of the recovery code counts as ours
    QTimer.singleShot(0, startup.start)
    # Everything imported once the window works lives as long as the program: keep it out of the
    # collector's scans, so a full collection never lands in the middle of opening a large list.
    startup.ready.connect(gc.freeze)
    code = app.exec()
    guard.clear_if_ours()
    startup.shutdown()
    temp_area.area().close()  # after the worker stopped: nothing writes a preview any more
    return code


if __name__ == "__main__":  # python -m gui.app PATH
    sys.exit(main(sys.argv, sys.argv[1] if len(sys.argv) > 1 else "huiwu.db"))
