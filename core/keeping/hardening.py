"""Process and file hygiene: a crash must not write the decrypted database to a core file, and
what the program writes (data, WAL, backups, key file, exports, PDFs of classified minutes) is
readable by this user only."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from core.store.durable import fsync_dir

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def disable_core_dumps() -> None:
    if sys.platform == "win32":
        return
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        # Also refuses ptrace attach by other processes of the same user.
        _prctl(PR_SET_DUMPABLE, 0)


def is_dumpable() -> bool:
    return _prctl(PR_GET_DUMPABLE, 0) != 0


def _prctl(option: int, value: int) -> int:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    return int(libc.prctl(option, value, 0, 0, 0))


# --- files only this user can read (issue 11 §6) ---------------------------------------------
# On Linux: 0600 files in 0700 folders. On Windows a new file inherits its folder's ACL, so the
# program's files get an ACL of their own: inheritance removed, full control for the current user
# only (icacls, part of every Windows since Vista). Not run on this project's machines (Linux):
# tests/core/test_hardening.py checks the command it would run.

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: Path) -> Path:
    """A folder of the program's own (backups, state) for this user only: made 0700, or tightened
    if it exists. Never for a folder the user chose, which keeps the modes the user gave it."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    tighten(path)
    return path


def tighten_file_set(db_path: Path, *beside: Path) -> None:
    """The data file and what lies beside it, made by an older version with default modes."""
    for part in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), *beside):
        tighten(part)


def tighten(path: Path) -> None:
    """Make an existing file (or folder) of the program this user's only."""
    if os.name == "nt":
        _owner_only_acl(path)
        return
    with contextlib.suppress(FileNotFoundError, PermissionError):  # another user's file: theirs to keep
        os.chmod(path, PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)


def owner_only_acl_command(path: Path, user: str, folder: bool) -> list[str]:
    """icacls: drop inherited entries and grant only `user` full control (folders: to what is in them)."""
    grant = f"{user}:(OI)(CI)F" if folder else f"{user}:F"
    return ["icacls", str(path), "/inheritance:r", "/grant:r", grant]


def _owner_only_acl(path: Path) -> None:
    import subprocess

    user = os.environ.get("USERNAME")
    if not user or not path.exists():
        return
    # A failure leaves the folder's ACL (the user's profile is the user's own): never a reason to stop.
    subprocess.run(owner_only_acl_command(path, user, path.is_dir()), capture_output=True, check=False,
                   creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))


def write_private(path: Path, data: bytes) -> None:
    """Write a whole file that no other user can read at any moment of its life: created 0600
    (not chmod-ed afterwards), under a temporary name, fsynced, renamed into place, the rename
    fsynced too (a crash leaves the old file or the new one). A failure
    (a full disk) removes the partial file and raises."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if os.name == "nt":
            _owner_only_acl(tmp)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Files and folders created inside (by SQLite, say, which takes no mode) are this user's only."""
    if os.name != "posix":
        yield
        return
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)
