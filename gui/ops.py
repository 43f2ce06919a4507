"""The op runner: every piece of database work runs here, on one worker thread.

    runner.run(lambda: office.roster.people(search="张"), on_success=model.set_rows, parent=self)

One worker thread, so one SQLCipher connection (with a passphrase its KDF runs once per
connection) and the GUI never waits on the disk. The result comes back by a queued signal
and the callback runs on the GUI thread. A refusal (`HuiwuError`) is shown as a message box
with its Chinese `.message`; work taking longer than about half a second shows a progress
dialog, with a cancel button where the op says cancelling makes sense.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from core.errors import HuiwuError
from gui.messages import show_error

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 500


class Cancelled(Exception):
    """Raised by a cancellable op when it notices the user cancelled it."""


class CancelToken:
    def __init__(self) -> None:
        self._cancelled = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        self._cancelled = True

    def raise_if_cancelled(self) -> None:
        if self._cancelled:
            raise Cancelled()


@dataclass(eq=False)
class Op:
    """One piece of work handed to the worker, and what to do with its outcome."""

    number: int
    fn: Callable[..., Any]
    on_success: Callable[[Any], None] | None
    on_error: Callable[[HuiwuError], None] | None
    on_done: Callable[[], None] | None
    parent: QWidget | None
    label: str
    token: CancelToken | None
    result: Any = None
    error: BaseException | None = None
    trace: str = ""
    progress: QProgressDialog | None = field(default=None, repr=False)
    timer: QTimer | None = field(default=None, repr=False)

    @property
    def cancelled(self) -> bool:
        return self.token is not None and self.token.cancelled


def _execute(op: Op) -> None:
    if op.cancelled:
        op.error = Cancelled()
        return
    try:
        op.result = op.fn(op.token) if op.token is not None else op.fn()
    except BaseException as exc:  # everything goes back to the GUI thread
        op.error = exc
        if not isinstance(exc, HuiwuError | Cancelled):
            op.trace = traceback.format_exc()


class _Bridge(QObject):
    """Lives on the GUI thread; the worker emits through it, so callbacks run on the GUI thread."""

    finished = Signal(object)


class OpRunner(QObject):
    """Owns the worker thread. Create one per application and pass it to every window.

    The worker is a plain Python thread, not a QThread: a QThread has no lasting Python thread
    state, so each slot call would start with empty thread-locals, and the office's file lock
    (thread-local in filelock) would look unlocked to the thread that took it.
    """

    #: emitted on the GUI thread after each op's callbacks ran (tests wait on it)
    op_finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._numbers = itertools.count(1)
        self._pending: set[Op] = set()
        self._queue: queue.SimpleQueue[Op | None] = queue.SimpleQueue()
        self._bridge = _Bridge(self)
        self._bridge.finished.connect(self._finish, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._work, name="huiwu-db", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        while True:
            op = self._queue.get()
            if op is None:
                return
            _execute(op)
            self._bridge.finished.emit(op)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(
        self,
        fn: Callable[..., Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[HuiwuError], None] | None = None,
        on_done: Callable[[], None] | None = None,
        parent: QWidget | None = None,
        label: str | None = None,
        cancellable: bool = False,
        quiet: bool = False,
    ) -> Op:
        """Run `fn` on the worker. A cancellable `fn` takes a CancelToken as its one argument.

        `on_error` replaces the message box for refusals the caller shows itself (for example
        inside a dialog). `on_done` runs after either outcome. `quiet`: no progress dialog, for
        work the user is not waiting on (search as you type, work in the background) — a dialog
        popping up would take the keyboard from the typing.
        """
        op = Op(
            number=next(self._numbers), fn=fn, on_success=on_success, on_error=on_error,
            on_done=on_done, parent=parent,
            label=label or QCoreApplication.translate("OpRunner", "正在处理，请稍候…"),
            token=CancelToken() if cancellable else None,
        )
        self._pending.add(op)
        if not quiet:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda: self._show_progress(op))
            timer.start(PROGRESS_DELAY_MS)
            op.timer = timer
        self._queue.put(op)
        return op

    def cancel(self, op: Op) -> None:
        if op.token is not None:
            op.token.cancel()
        self._close_progress(op)

    def shutdown(self, last: Callable[[], Any] | None = None) -> None:
        """Finish queued work, run `last` on the worker (closing the office: its file lock
        belongs to the thread that took it), then stop the thread. Call once, at the end."""
        if not self._thread.is_alive():
            return
        if last is not None:
            self._queue.put(Op(number=next(self._numbers), fn=last, on_success=None, on_error=None,
                               on_done=None, parent=None, label="", token=None))
        self._queue.put(None)
        self._thread.join()

    # --- GUI thread ------------------------------------------------------------------------

    def _show_progress(self, op: Op) -> None:
        if op not in self._pending or op.cancelled:
            return
        dialog = QProgressDialog(op.label, "", 0, 0, op.parent)
        dialog.setWindowTitle(self.tr("请稍候"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal if op.parent else Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if op.token is not None:
            dialog.setCancelButtonText(self.tr("取消"))
            dialog.canceled.connect(lambda: self.cancel(op))
        else:
            dialog.setCancelButton(None)  # type: ignore[arg-type]
        op.progress = dialog
        dialog.show()

    def _close_progress(self, op: Op) -> None:
        if op.timer is not None:
            op.timer.stop()
            op.timer.deleteLater()
            op.timer = None
        if op.progress is not None:
            op.progress.blockSignals(True)
            op.progress.close()
            op.progress.deleteLater()
            op.progress = None

    @Slot(object)
    def _finish(self, op: Op) -> None:
        self._pending.discard(op)
        self._close_progress(op)
        try:
            if op.cancelled or isinstance(op.error, Cancelled):
                return
            if op.error is None:
                if op.on_success is not None:
                    op.on_success(op.result)
            elif isinstance(op.error, HuiwuError):
                if op.on_error is not None:
                    op.on_error(op.error)
                else:
                    show_error(op.parent, op.error.message)
            else:
                log.error("unexpected error in op %s:\n%s", op.number, op.trace)
                show_error(op.parent, self.tr("程序内部错误，操作未完成。请将以下信息告知技术人员：")
                           + "\n" + f"{type(op.error).__name__}: {op.error}", details=op.trace)
        finally:
            if op.on_done is not None:
                op.on_done()
            self.op_finished.emit(op)
