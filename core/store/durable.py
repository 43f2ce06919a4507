"""fsync of a file and of the folder that names it: what makes a rename survive a power cut.
A leaf module (os only): the start of the program may import it without the database layer."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """The folder's entry for a renamed file reaches the disk (POSIX; Windows has no such call)."""
    if os.name != "posix":
        return
    fsync_file(path)
