"""The text of files stored before the index (or imported without it), extracted after login a
little at a time on the op runner (core.services.search.extract_pending): each step takes about a
quarter of a second, so a search typed meanwhile waits no longer than that. Quiet — no progress
dialog, no message: a step that fails (the screen locked) ends the run, and the next login or
search starts it again."""

from __future__ import annotations

import weakref

from PySide6.QtCore import QTimer

from core.office import Office
from gui.ops import OpRunner

STEP_S = 0.25
PAUSE_MS = 50  # between steps: the GUI thread's turn

# The run each office is on; a step of an older run (stopped, then started again) ends itself.
_runs: weakref.WeakKeyDictionary[Office, int] = weakref.WeakKeyDictionary()
_running: weakref.WeakSet[Office] = weakref.WeakSet()


def start(office: Office, runner: OpRunner) -> None:
    """Run until nothing waits; a call while it runs does nothing."""
    if office in _running:
        return
    _running.add(office)
    _runs[office] = run = _runs.get(office, 0) + 1
    _step(office, runner, run)


def stop(office: Office) -> None:
    """注销: the step under way finishes, no other follows."""
    _running.discard(office)


def running(office: Office) -> bool:
    return office in _running


def _step(office: Office, runner: OpRunner, run: int) -> None:
    def done(left: int) -> None:
        if _runs.get(office) != run or office not in _running:
            return
        if left and not office.locked:
            QTimer.singleShot(PAUSE_MS, lambda: _step(office, runner, run))
        else:
            _running.discard(office)

    def failed(_error: object) -> None:
        if _runs.get(office) == run:
            _running.discard(office)

    runner.run(lambda: office.search.extract_pending(budget_s=STEP_S), on_success=done, on_error=failed,
               quiet=True)
