"""Private temporary copies of materials, for opening them in the system's viewer.

The material lives encrypted in the office file; to show it, a copy is written to a private
folder of gui.temp_area (0700, files 0600) and handed to the viewer. The copies go when the
page that made them closes, when the screen locks or the user logs out (temp_area.wipe), and
at quit with the run's folder; a crashed run's copies go at the next start.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import unicodedata
from pathlib import Path

from gui import temp_area

# Characters no file system accepts in a name, and path separators.
_UNSAFE = re.compile(r'[\\/:*?"<>|]')
# Names Windows gives to devices, whatever follows the first dot ("CON.txt" is the console).
_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                      *(f"LPT{i}" for i in range(1, 10))})
_MAX_NAME_BYTES = 200  # under the 255 bytes of ext4 and NTFS, with room for the folder's own


def _plain(ch: str) -> str:
    # Control and format characters (bidi overrides among them) would make the name the viewer
    # shows differ from the file's real type; separators would make it a path.
    if _UNSAFE.match(ch) or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
        return "_"
    return ch


def safe_name(name: str) -> str:
    """A material's stored name as a plain file name (never a path, never a device, no invisible
    characters), its type (the last suffix) kept."""
    cleaned = "".join(_plain(ch) for ch in name).strip(" .") or "material"
    if cleaned.split(".")[0].upper() in _DEVICES:
        cleaned = "_" + cleaned
    stem, dot, ext = cleaned.rpartition(".")
    if not dot:
        stem, ext = cleaned, ""
    while stem and len(f"{stem}{dot}{ext}".encode()) > _MAX_NAME_BYTES:
        stem = stem[:-1]
    return f"{stem or 'material'}{dot}{ext}"


class TempCopies:
    """The copies one page wrote. `write` may run on the worker thread."""

    def __init__(self) -> None:
        self._dir: Path | None = None
        self._lock = threading.Lock()

    @property
    def directory(self) -> Path | None:
        return self._dir

    def write(self, material_id: int, name: str, data: bytes) -> Path:
        with self._lock:
            if self._dir is None or not self._dir.is_dir():  # not made yet, or wiped at a lock
                self._dir = temp_area.new_folder("copies-")
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
        if directory is not None:
            # A viewer holding a copy open on Windows keeps it: the run's folder goes at quit,
            # or the next start removes it.
            shutil.rmtree(directory, ignore_errors=True)
