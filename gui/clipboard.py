"""The clipboard guard (R20): what the program put on the clipboard is cleared on lock and quit,
but only while it is still ours."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from PySide6.QtCore import QMimeData, QObject, Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ClipboardGuard(QObject):
    """Remembers what the program put on the clipboard (by hash, never the text) and clears
    it on lock and quit, but only while it is still ours: what the user copied in another
    program afterwards is left alone (R20).

    Copies made inside the program's own windows (Ctrl+C in a table, the wizard's copy button)
    count as ours: they happen while the program is the active application.
    """

    def __init__(self, clipboard: QClipboard | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clipboard = clipboard or QGuiApplication.clipboard()
        self._ours: set[str] = set()
        self.app_active: Callable[[], bool] = lambda: (
            QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive)
        self.clipboard.dataChanged.connect(self._changed)

    def _changed(self) -> None:
        text = self.clipboard.text()
        if text and self.app_active():
            self._ours.add(_fingerprint(text))

    def copy(self, text: str, *, secret: bool = False) -> None:
        data = QMimeData()
        data.setText(text)
        if secret:
            # Clipboard managers and Windows' history skip data marked like this.
            data.setData("x-kde-passwordManagerHint", b"secret")
            data.setData("ExcludeClipboardContentFromMonitorProcessing", b"1")
        self._ours.add(_fingerprint(text))
        self.clipboard.setMimeData(data)

    def is_ours(self) -> bool:
        text = self.clipboard.text()
        return bool(text) and _fingerprint(text) in self._ours

    def clear_if_ours(self) -> bool:
        cleared = self.is_ours()
        if cleared:
            self.clipboard.clear()
        self._ours.clear()
        return cleared


_guard: ClipboardGuard | None = None


def clipboard_guard() -> ClipboardGuard:
    """The program's one guard, created with the first window that needs it."""
    global _guard
    if _guard is None:
        _guard = ClipboardGuard(parent=QApplication.instance())
    return _guard
