"""R16: a second copy on the same file signals the first and exits 0; after the first is killed,
a new copy takes the file over (the OS drops the dead copy's lock, a stale socket is removed)."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from core.office import Office
from core.store.keys import RawKey

ROOT = Path(__file__).resolve().parents[2]


def _start(role: str, db: Path, key: RawKey) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, "-m", "tests.gui.instance_driver", role, str(db), key.secret.hex()],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def _wait_for(proc: subprocess.Popen[str], word: str, timeout: float = 20) -> None:
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # A plain readline would block past the deadline if the child hangs without printing.
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        line = proc.stdout.readline()
        if line.strip() == word:
            return
        if not line and proc.poll() is not None:
            break
    raise AssertionError(f"did not see {word} (exit code {proc.poll()})")


def test_second_copy_brings_the_first_forward_and_a_killed_copy_is_taken_over(tmp_path: Path) -> None:
    db, key = tmp_path / "office.huiwu", RawKey.generate()
    Office.create(db, key, "青川区人民政府办公室").close()

    started: list[subprocess.Popen[str]] = []

    def start(role: str) -> subprocess.Popen[str]:
        started.append(_start(role, db, key))
        return started[-1]

    first = start("first")
    try:
        _wait_for(first, "OPEN")
        second = start("second")
        _wait_for(second, "LOCKED")
        assert second.wait(20) == 0
        _wait_for(first, "RAISED")
        assert first.wait(20) == 0  # the driver closes the window it was asked to raise

        again = start("first")
        _wait_for(again, "OPEN")
        again.send_signal(signal.SIGKILL)
        again.wait(10)

        taker = start("first")
        _wait_for(taker, "OPEN")  # the dead copy's lock and socket are no obstacle
        taker.send_signal(signal.SIGTERM)
        taker.wait(10)
    finally:
        for proc in started:
            if proc.poll() is None:
                proc.kill()
