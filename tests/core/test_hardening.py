"""R24(a): once the command has started, the process writes no core dump and is not dumpable."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux /proc and prctl")
def test_cli_start_disables_core_dumps(tmp_path) -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "from core.cli.main import main\n"
        "from core.keeping.hardening import is_dumpable\n"
        "before = is_dumpable()\n"
        f"main(['--db', {str(tmp_path / 'none.huiwu')!r}, 'check'])\n"
        "line = [l for l in open('/proc/self/limits') if l.startswith('Max core file size')][0]\n"
        "print(before, line.split()[4:6], is_dumpable())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True ['0', '0'] False"


def test_the_windows_acl_command_grants_the_user_alone() -> None:
    """What tighten() runs on Windows (not run here: no Windows machine in this project)."""
    from pathlib import Path

    from core.keeping.hardening import owner_only_acl_command

    assert owner_only_acl_command(Path("C:/数据/office.huiwu"), "wangli", folder=False) == [
        "icacls", str(Path("C:/数据/office.huiwu")), "/inheritance:r", "/grant:r", "wangli:F"]
    assert owner_only_acl_command(Path("C:/数据/office.huiwu.backups"), "wangli", folder=True)[-1] == "wangli:(OI)(CI)F"


def test_files_written_private_are_0600_and_a_failure_leaves_nothing(tmp_path, monkeypatch) -> None:
    import errno
    import os
    import stat

    import pytest

    from core.keeping.hardening import private_dir, write_private

    folder = private_dir(tmp_path / "state")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    target = folder / "anchor"
    write_private(target, b"sealed")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_bytes() == b"sealed"

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        write_private(folder / "other", b"x" * 100)
    assert sorted(p.name for p in folder.iterdir()) == ["anchor"]
