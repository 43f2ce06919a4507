"""The `huiwu` command: the headless subcommands of core.cli.main, and the window when none is given.

Qt is imported only when the window opens, so the subcommands stay headless."""

from __future__ import annotations

import sys
from pathlib import Path

from core.cli import main as cli


def _open_window(argv: list[str], db_path: Path) -> int:
    from gui.app import main as run_window

    return run_window(argv, db_path)


def main(argv: list[str] | None = None) -> int:
    return cli.main(argv, open_window=_open_window)


if __name__ == "__main__":
    sys.exit(main())
