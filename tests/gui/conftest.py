"""GUI tests: offscreen Qt, a fresh encrypted file per test (tests/conftest.py), an in-memory key store."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.ops import OpRunner  # noqa: E402


@pytest.fixture(scope="package", autouse=True)
def collector_on_the_gui_thread(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """As the program does (gui.main_thread_gc): the worker never runs Python's collector."""
    from gui.main_thread_gc import MainThreadCollector

    collector = MainThreadCollector()
    yield
    collector.stop()


@pytest.fixture
def runner(qtbot) -> Iterator[OpRunner]:  # type: ignore[no-untyped-def]
    runner = OpRunner()
    yield runner
    for widget in QApplication.topLevelWidgets():
        widget.close()
    runner.shutdown()
