"""R24(a): once the command has started, the process writes no core dump and is not dumpable."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux /proc and prctl")
def test_cli_start_disables_core_dumps(tmp_path) -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "from core.cli import main\n"
        "from core.keeping.hardening import is_dumpable\n"
        "before = is_dumpable()\n"
        f"main(['--db', {str(tmp_path / 'none.huiwu')!r}, 'check'])\n"
        "line = [l for l in open('/proc/self/limits') if l.startswith('Max core file size')][0]\n"
        "print(before, line.split()[4:6], is_dumpable())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True ['0', '0'] False"
