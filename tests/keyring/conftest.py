"""keyring_real tests need the private D-Bus session that run_secret_service.sh starts.

Outside it they are deselected (not skipped): test_secret_service_runs.py runs the script, so the
normal suite still covers them and fails if they fail.
"""

from __future__ import annotations

import os

import pytest

IN_SESSION = os.environ.get("HUIWU_KEYRING_SESSION") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if IN_SESSION:
        return
    real = [item for item in items if item.get_closest_marker("keyring_real")]
    if real:
        config.hook.pytest_deselected(items=real)
        items[:] = [item for item in items if not item.get_closest_marker("keyring_real")]
