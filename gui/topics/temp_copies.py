"""Private temporary copies of materials, for opening them in the system's viewer.

The material lives encrypted in the office file; to show it, a copy is written to a private
directory (0700, files 0600) and handed to the viewer. The copies go when the topic page that
made them closes, and whatever is left goes when the program exits (aboutToQuit and atexit:
a viewer may still hold a file open on some systems, so removal is retried at exit).
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

_live: set[Path] = set()
_live_lock = threading.Lock()
_hooked = False

# Characters no file system accepts in a name, and path separators.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_name(name: str) -> str:
    """A material's stored name as a plain file name (never a path)."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    return cleaned[:200] or "material"


def remove_all() -> None:
    """Remove every directory of copies still present (at program exit)."""
    with _live_lock:
        dirs = list(_live)
    for directory in dirs:
        shutil.rmtree(directory, ignore_errors=True)
        if not directory.exists():
            with _live_lock:
                _live.discard(directory)


def _hook_exit() -> None:
    global _hooked
    if _hooked:
        return
    _hooked = True
    atexit.register(remove_all)
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(remove_all)


class TempCopies:
    """The copies one topic page wrote. `write` may run on the worker thread."""

    def __init__(self) -> None:
        self._dir: Path | None = None
        self._lock = threading.Lock()
        _hook_exit()

    @property
    def directory(self) -> Path | None:
        return self._dir

    def write(self, material_id: int, name: str, data: bytes) -> Path:
        with self._lock:
            if self._dir is None:
                self._dir = Path(tempfile.mkdtemp(prefix="huiwu-"))  # mkdtemp: 0700, only this user
                os.chmod(self._dir, 0o700)
                with _live_lock:
                    _live.add(self._dir)
            # One subdirectory per material version keeps the real file name for the viewer.
            folder = self._dir / str(material_id)
            folder.mkdir(mode=0o700, exist_ok=True)
            path = folder / safe_name(name)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(path, 0o600)
            return path

    def remove(self) -> None:
        with self._lock:
            directory, self._dir = self._dir, None
        if directory is None:
            return
        shutil.rmtree(directory, ignore_errors=True)
        if not directory.exists():
            with _live_lock:
                _live.discard(directory)
        # else: left in _live; remove_all() tries again at exit
