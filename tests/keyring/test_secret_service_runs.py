"""Runs run_secret_service.sh from the normal suite, so `make test` covers the real Secret Service.

A machine without gnome-keyring or dbus fails here with the install hint; it is never skipped."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("run_secret_service.sh")


def test_real_secret_service_suite_passes() -> None:
    done = subprocess.run(["sh", str(SCRIPT)], capture_output=True, text=True, timeout=180,
                          env={"PATH": "/usr/local/bin:/usr/bin:/bin", "PYTHON": sys.executable,
                               "LANG": "C.UTF-8"})
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"run_secret_service.sh failed (exit {done.returncode}):\n{output[-4000:]}"
    passed = re.search(r"(\d+) passed", output)
    assert passed and int(passed.group(1)) >= 2, output[-4000:]
    assert not re.search(r"\d+ (skipped|failed|error)", output), output[-4000:]
