"""The `huiwu` command (gui.launcher): subcommands run headless; no subcommand opens the window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core import cli
from gui import launcher

ROOT = Path(__file__).resolve().parents[2]


def test_subcommands_never_import_qt(tmp_path: Path) -> None:
    code = ("import sys; sys.modules['PySide6'] = None; from gui.launcher import main; "
            f"sys.exit(main(['--db', {str(tmp_path / 'none.huiwu')!r}, 'check']))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3 and "找不到数据文件" in done.stderr


def test_no_subcommand_opens_the_window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(launcher, "_open_window", lambda argv, db: opened.append(db) or 0)
    assert launcher.main(["--db", str(tmp_path / "a.huiwu")]) == 0
    assert opened == [tmp_path / "a.huiwu"]
    assert cli.main(["--db", str(tmp_path / "a.huiwu")]) == 2  # core alone never opens a window
