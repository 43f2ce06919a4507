"""The file's lock: one running copy of the program per data file."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from core.errors import CannotOpen, FileLocked


def lock_path(path: Path) -> Path:
    # Keyed by the real file: a symlink or a second spelling of the path must meet the same lock.
    real = path.resolve()
    return real.with_name(real.name + ".lock")


def take_lock(path: Path) -> FileLock:
    # thread_local=False: the GUI may open on its worker thread and close on the main thread;
    # a thread-local lock would then never be released and the file stay "in use" until exit.
    lock = FileLock(str(lock_path(path)), timeout=0, is_singleton=False, thread_local=False)
    try:
        lock.acquire()
    except Timeout as exc:
        raise FileLocked() from exc
    except OSError as exc:  # e.g. a read-only folder: the lock file cannot be created
        raise CannotOpen(f"无法在数据文件所在的文件夹中创建锁文件（{exc.strerror}）。"
                         "请把数据文件放在可写的文件夹中。文件未作任何改动。", detail=str(exc)) from exc
    return lock


__all__ = ["lock_path", "take_lock"]
