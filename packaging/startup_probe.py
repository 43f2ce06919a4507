"""Programs started by packaging/startup_bench.py, which times them to their first window painted.

    python packaging/startup_probe.py bare             a bare PySide6 QMainWindow
    python packaging/startup_probe.py huiwu DB KEYHEX  Huiwu from source opening DB, key in memory

Neither quits by itself: the benchmark ends it once the window has been painted (it reads Qt's
painting log) and, for Huiwu, once the probe says the main window works (READY on stderr). Where the program asks who is working (login), the probe logs in a fixed user the
way the GUI tests do, so that the main window is what gets timed.
"""

from __future__ import annotations

import sys

READY = "huiwu-startup-probe: ready"


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
    from pathlib import Path

    import core.cli.main  # noqa: F401 - the `huiwu` command imports it before the window
    from core.store.keys import RawKey, file_id
    from core.store.keystore import MemoryKeyStore
    from gui import app as gui_app

    store = MemoryKeyStore()
    store.put(file_id(Path(db)), RawKey(bytes.fromhex(key_hex)))
    attach = gui_app.MainWindow.attach

    def attach_and_say(window: gui_app.MainWindow, office: object) -> None:
        attach(window, office)  # type: ignore[arg-type]
        print(READY, file=sys.stderr, flush=True)  # the first page is built; its paint follows

    gui_app.MainWindow.attach = attach_and_say  # type: ignore[method-assign]
    return gui_app.main(sys.argv, db, key_store_factory=lambda: store, login_as="启动基准")


if __name__ == "__main__":
    sys.exit(bare() if sys.argv[1] == "bare" else huiwu(sys.argv[2], sys.argv[3]))
