"""Programs started by packaging/startup_bench.py, which times them to their first window painted.

    python packaging/startup_probe.py bare             a bare PySide6 QMainWindow
    python packaging/startup_probe.py huiwu DB KEYHEX  Huiwu from source opening DB, key in memory

Neither quits by itself: the benchmark ends it once the window has been painted (it reads Qt's
painting log). Where the program asks who is working (login), the probe logs in a fixed user the
way the GUI tests do, so that the main window is what gets timed.
"""

from __future__ import annotations

import sys


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("会务")
    window.setCentralWidget(QLabel("会务"))
    window.resize(1200, 800)
    window.show()
    return app.exec()


def huiwu(db: str, key_hex: str) -> int:
    import inspect
    from pathlib import Path

    import core.cli  # noqa: F401 - the `huiwu` command imports it before the window
    from core.store.keys import RawKey, file_id
    from core.store.keystore import MemoryKeyStore
    from gui import app as gui_app

    store = MemoryKeyStore()
    store.put(file_id(Path(db)), RawKey(bytes.fromhex(key_hex)))
    if "login_as" in inspect.signature(gui_app.main).parameters:
        return gui_app.main(sys.argv, db, key_store_factory=lambda: store, login_as="启动基准")
    return gui_app.main(sys.argv, db, key_store_factory=lambda: store)


if __name__ == "__main__":
    sys.exit(bare() if sys.argv[1] == "bare" else huiwu(sys.argv[2], sys.argv[3]))
