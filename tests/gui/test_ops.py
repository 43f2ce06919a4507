"""The op runner: work off the GUI thread, results on it, refusals as Chinese message boxes."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from core.errors import Invalid
from gui.ops import OpRunner
from tests.gui.helpers import wait_idle, windows


def test_work_runs_on_the_worker_and_the_result_arrives_on_the_gui_thread(qtbot, runner: OpRunner) -> None:
    gui_thread = threading.get_ident()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["work_thread"] = threading.get_ident()
        return 42

    def success(result: int) -> None:
        seen["callback_thread"] = threading.get_ident()
        seen["result"] = result

    runner.run(work, on_success=success)
    wait_idle(qtbot, runner)
    assert seen["result"] == 42
    assert seen["work_thread"] != gui_thread
    assert seen["callback_thread"] == gui_thread


def test_ops_run_one_after_another_on_one_thread(qtbot, runner: OpRunner) -> None:
    threads: list[int] = []
    order: list[int] = []
    for i in range(20):
        runner.run(lambda i=i: (threads.append(threading.get_ident()), i)[1], on_success=order.append)
    wait_idle(qtbot, runner)
    assert order == list(range(20))
    assert len(set(threads)) == 1


def test_a_refusal_is_shown_as_a_message_box_with_its_chinese_message(qtbot, runner: OpRunner) -> None:
    called: list[object] = []

    def refuse() -> None:
        raise Invalid("同一日期只能有一名区长。")

    runner.run(refuse, on_success=called.append)
    wait_idle(qtbot, runner)
    boxes = windows(QMessageBox, "errorBox")
    assert called == []
    assert len(boxes) == 1
    assert boxes[0].text() == "同一日期只能有一名区长。"


def test_an_unexpected_error_is_reported_not_swallowed(qtbot, runner: OpRunner) -> None:
    runner.run(lambda: 1 / 0)
    wait_idle(qtbot, runner)
    boxes = windows(QMessageBox, "errorBox")
    assert len(boxes) == 1
    assert "程序内部错误" in boxes[0].text()
    assert "ZeroDivisionError" in boxes[0].detailedText()


def test_slow_work_shows_progress_and_can_be_cancelled(qtbot, runner: OpRunner) -> None:
    release = threading.Event()
    results: list[object] = []

    def slow(token) -> str:  # type: ignore[no-untyped-def]
        release.wait(5)
        token.raise_if_cancelled()
        return "done"

    op = runner.run(slow, on_success=results.append, cancellable=True, label="正在测试…")
    qtbot.waitUntil(lambda: bool(windows(QProgressDialog)), timeout=3000)
    progress = windows(QProgressDialog)[0]
    assert progress.labelText() == "正在测试…"
    progress.findChild(QPushButton).click()
    assert op.cancelled
    release.set()
    wait_idle(qtbot, runner)
    assert results == []
    assert windows(QProgressDialog) == []
    assert windows(QMessageBox) == []


def test_quick_work_shows_no_progress_dialog(qtbot, runner: OpRunner) -> None:
    shown: list[bool] = []
    runner.run(lambda: time.sleep(0.05), on_success=lambda _r: shown.append(bool(windows(QProgressDialog))))
    wait_idle(qtbot, runner)
    assert shown == [False]
