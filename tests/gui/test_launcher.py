"""The `huiwu` command (gui.launcher): subcommands run headless; no subcommand opens the window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli import main as cli
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


def test_the_window_is_told_apart_without_building_the_subcommands(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def too_slow() -> None:
        raise AssertionError("the whole parser was built for the window")

    opened: list[Path] = []
    monkeypatch.setattr(launcher, "_open_window", lambda argv, db: opened.append(db) or 0)
    monkeypatch.setattr(cli, "build_parser", too_slow)
    assert launcher.main([f"--db={tmp_path / 'b.huiwu'}"]) == 0 and opened == [tmp_path / "b.huiwu"]
    with pytest.raises(AssertionError):  # a subcommand still gets the whole parser
        launcher.main(["--db", str(tmp_path / "b.huiwu"), "check"])


def test_the_window_is_painted_before_the_data_layer_is_imported(tmp_path: Path) -> None:
    """Issue 7 §4: gui.app shows the main window's frame first. What it imports up to that paint
    must not include the data layer or the document libraries (each costs more than Qt itself)."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from gui import app as gui_app\n"
        "painted = []\n"
        "show = gui_app.MainWindow.show\n"
        "def record(self):\n"
        "    show(self)\n"
        "    QApplication.processEvents()\n"
        "    painted.append(sorted(m for m in ('sqlalchemy', 'core.office', 'reportlab', 'openpyxl', 'docx',\n"
        "                                      'alembic', 'gui.startup', 'gui.ops', 'pypdfium2')\n"
        "                          if m in sys.modules))\n"
        "    QApplication.instance().exit(0)\n"
        "gui_app.MainWindow.show = record\n"
        f"gui_app.main([], {str(tmp_path / 'office.huiwu')!r}, key_store_factory=lambda: None)\n"
        "print(painted[0])\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
