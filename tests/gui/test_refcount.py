"""RELIABILITY.md finding 11: PySide6 6.12.0 on CPython 3.11 drops a reference from None on every
processEvents() / QTimer call and from True on every Signal.emit(), until the process aborts.
This test catches a wheel with that bug before a secretary's window does."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

CALLS = 10_000
SLACK = 100  # unrelated objects come and go; the bug would show as a fall of about CALLS


class Emitter(QObject):
    fired = Signal(bool)


def test_signals_and_event_processing_keep_none_and_true_alive(qapp) -> None:  # type: ignore[no-untyped-def]
    emitter = Emitter()
    received = [0]

    def slot(value: bool) -> None:
        received[0] += 1

    emitter.fired.connect(slot)
    timer = QTimer()
    gc.collect()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)

    for _ in range(CALLS):
        emitter.fired.emit(True)
    for _ in range(CALLS):
        QCoreApplication.processEvents()
    for _ in range(1000):
        timer.start(1000)
        timer.stop()

    gc.collect()
    none_after, true_after = sys.getrefcount(None), sys.getrefcount(True)
    assert received[0] == CALLS
    assert none_after >= none_before - SLACK, (none_before, none_after)
    assert true_after >= true_before - SLACK, (true_before, true_after)
