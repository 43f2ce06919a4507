"""Python's cyclic garbage collector, run on the GUI thread only.

The collector runs in whichever thread happens to allocate. Run on the op runner's worker, it may
free the Python wrapper of a Qt object made on the GUI thread: ~QObject then holds a Qt lock and
waits for the GIL, while the GUI thread, deleting another object, holds the GIL and waits for that
lock — a deadlock. It was caught in a CI run: py-spy showed the worker in gc_collect_main →
QObject::~QObject → GilState::acquire and the GUI thread in QObject::~QObject → QBasicMutex.
The usual cure for Qt programs: automatic collection off, and the GUI thread collecting what the
thresholds say is due, a few times a second (the thresholds and generations work as before).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start(INTERVAL_MS)

    @staticmethod
    def collect_due() -> int:
        """Collect the generations whose counts passed their thresholds, youngest first."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = [g for g in range(3) if counts[g] > thresholds[g]]
        return gc.collect(max(due)) if due else 0

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()
