"""A copy of the program for the single-instance test (R16), driven from inside.

    python -m tests.gui.instance_driver first|second DB KEYHEX

`first` opens the file and waits, printing RAISED when asked to come forward, then quits.
`second` finds the file in use and presses “切换到已打开的窗口” in the dialog it is shown.
Both print OPEN once the main window works (the file open, the user known). The key store is in memory, holding KEYHEX.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from core.store.keys import RawKey, file_id  # noqa: E402
from core.store.keystore import MemoryKeyStore  # noqa: E402
from gui import app as gui_app  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402


def main() -> int:
    role, db, key_hex = sys.argv[1], sys.argv[2], sys.argv[3]
    qapp = QApplication(sys.argv)
    store = MemoryKeyStore()
    store.put(file_id(Path(db)), RawKey(bytes.fromhex(key_hex)))

    def say(word: str) -> None:
        print(word, flush=True)

    def bring_forward(self: MainWindow) -> None:
        say("RAISED")
        QTimer.singleShot(0, self.close)

    MainWindow.bring_forward = bring_forward  # type: ignore[method-assign]

    def watch() -> None:
        for widget in qapp.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.office is not None and not widget.property("announced"):
                widget.setProperty("announced", True)
                say("OPEN")
            if role == "second" and isinstance(widget, QMessageBox) and widget.objectName() == "lockedBox" \
                    and widget.isVisible():
                say("LOCKED")
                for button in widget.buttons():
                    if button.text() == "切换到已打开的窗口":
                        button.click()
                        return
        QTimer.singleShot(50, watch)

    QTimer.singleShot(50, watch)
    return gui_app.main(sys.argv, db, key_store_factory=lambda: store, login_as="测试秘书")


if __name__ == "__main__":
    sys.exit(main())
