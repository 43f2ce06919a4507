"""Python's collector runs on the GUI thread only (gui.main_thread_gc): garbage made on the worker
waits for the GUI thread's timer, which frees it."""

from __future__ import annotations

import gc
import threading
import weakref


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_the_worker_never_collects_and_the_gui_thread_does(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert not gc.isenabled()  # the package fixture runs the collector as the program does
    made: list[weakref.ref[Node]] = []

    def work() -> None:
        node = Node()
        made.append(weakref.ref(node))
        del node
        for _ in range(gc.get_threshold()[0] * 3):  # far past the youngest generation's threshold
            Node()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert made[0]() is not None  # nothing was collected on the worker
    qtbot.waitUntil(lambda: made[0]() is None, timeout=3000)  # the GUI thread's timer frees it

