"""The one place the program writes temporary files: previews of meeting documents and minutes,
and the copies of materials handed to the desktop's viewer. They may hold classified minutes in
clear, so they live in one folder per run and go with it:

    <system temp>/huiwu-<user>/run-<pid>-<random>/    (0700; a marker file holds the pid)

- wipe() empties the run's folder: when the idle lock locks the screen and at 注销;
- close() removes it at quit (and at interpreter exit, for a run that ends otherwise);
- at start, run folders of runs that are no longer alive (a crash, a kill, a power cut) are
  removed, and folders of other live runs (another data file open) are left to them.

Files are deleted, not overwritten first: on an SSD or a journalling file system an overwrite
lands in other blocks, so it would promise what it cannot keep. What protects the data at rest
is the encrypted office file; these folders only keep the clear copies short-lived and private.
"""

from __future__ import annotations

import atexit
import contextlib
import getpass
import os
import re
import shutil
import stat
import sys
import tempfile
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from gui.ops import OpRunner

MARKER = "pid"
RUN_PREFIX = "run-"


def pid_alive(pid: int) -> bool:
    """Whether a process with this id is running (a reused id keeps a leftover until next time)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and not ours to judge
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # ERROR_ACCESS_DENIED: it exists
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _user_tag() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        user = ""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", user) or str(getattr(os, "getuid", lambda: "user")())


def default_root() -> Path:
    return Path(tempfile.gettempdir()) / f"huiwu-{_user_tag()}"


def _is_ours(path: Path) -> bool:
    """A real folder (not a link) of this user: in a shared /tmp another user could have made
    the root first, to read what is written there."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    return not hasattr(os, "geteuid") or info.st_uid == os.geteuid()


def _run_pid(folder: Path) -> int:
    """The pid a run folder belongs to: its marker, or its name when the run died before writing
    the marker; 0 (not alive) when neither says."""
    for text in (_read_marker(folder), folder.name[len(RUN_PREFIX):].split("-")[0]):
        with contextlib.suppress(ValueError):
            return int(text)
    return 0


def _read_marker(folder: Path) -> str:
    try:
        return (folder / MARKER).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


class TempArea:
    """The run's folder under `root`; made on first use. Thread-safe: the worker writes previews."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._run: Path | None = None
        self._lock = threading.Lock()
        self._fallback = False  # the root is this run's own (the usual one was not ours)

    def _make_root(self) -> Path:
        with contextlib.suppress(OSError):  # a file or link of that name: judged just below
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _is_ours(self.root):
            # Not ours: a private root of our own for this run instead (no leftovers swept there).
            self.root = Path(tempfile.mkdtemp(prefix=f"{self.root.name}-", dir=self.root.parent))
            self._fallback = True
        with contextlib.suppress(OSError):
            os.chmod(self.root, 0o700)
        return self.root

    def open(self) -> list[Path]:
        """Make the run's folder if there is none; returns the dead runs' folders removed first."""
        with self._lock:
            return self._open()

    def _open(self) -> list[Path]:
        if self._run is not None and self._run.is_dir():
            return []
        root = self._make_root()
        removed = self.sweep()
        run = Path(tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-", dir=root))  # 0700
        (run / MARKER).write_text(f"{os.getpid()}\n", encoding="ascii")
        self._run = run
        return removed

    def run_folder(self) -> Path:
        with self._lock:
            self._open()
            assert self._run is not None
            return self._run

    def new_folder(self, prefix: str) -> Path:
        """A fresh private folder (0700) inside the run's folder."""
        return Path(tempfile.mkdtemp(prefix=prefix, dir=self.run_folder()))

    def sweep(self) -> list[Path]:
        """Remove the run folders whose process is gone; returns them."""
        if not _is_ours(self.root):
            return []
        removed = []
        for folder in _entries(self.root):
            if folder.name.startswith(RUN_PREFIX) and folder != self._run and not pid_alive(_run_pid(folder)):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        return removed

    def wipe(self) -> None:
        """Delete everything the run wrote; the run's folder and its marker stay."""
        with self._lock:
            run = self._run
            if run is None or not run.is_dir():
                return
            for entry in _entries(run):
                if entry.name != MARKER:
                    _remove(entry)

    def close(self) -> None:
        """Remove the run's folder (quit). A later use makes a new one."""
        with self._lock:
            run, self._run = self._run, None
        if run is not None:
            shutil.rmtree(run if not self._fallback else self.root, ignore_errors=True)


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:  # gone meanwhile, or not readable: nothing of ours to remove there
        return []


def _remove(entry: Path) -> None:
    # A viewer may hold a copy open (Windows refuses to delete it): what stays is removed by the
    # sweep of the next start, when this run is no longer alive.
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            entry.unlink()


# --- the program's area -------------------------------------------------------------------------

_area: TempArea | None = None
_area_lock = threading.Lock()


def area() -> TempArea:
    global _area
    with _area_lock:
        if _area is None:
            _area = TempArea(default_root())
            atexit.register(lambda: _area.close() if _area is not None else None)
        return _area


def start() -> list[Path]:
    """At start-up: leftovers of runs that died are removed, and the run's folder is made."""
    return area().open()


def new_folder(prefix: str) -> Path:
    return area().new_folder(prefix)


class _Notifier(QObject):
    #: the run's files were deleted: whoever shows a file from them forgets it (and redraws later)
    wiped = Signal()


_notifier: _Notifier | None = None


def notifier() -> _Notifier:
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


def wipe_after_queued_work(runner: OpRunner) -> None:
    """Delete the run's files once the worker has finished what is queued (a preview being
    written now is deleted too, not left behind), then tell the windows on the GUI thread."""
    runner.run(lambda: area().wipe(), on_success=lambda _r: notifier().wiped.emit(), on_error=lambda _e: None)
