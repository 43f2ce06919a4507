"""The window as each account left it (issue 14 §6): size, the navigation's width and the pages'
splitters come back at the next login from the encrypted file; a page not built in a session keeps
its splitter; closing an untouched window writes nothing; after a login the window lands on 今日."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter

from core.office import Office
from core.services.audit_log import AuditFilter
from core.services.preferences import EVENT
from gui import window_state
from gui.main_window import MainWindow
from gui.ops import OpRunner
from tests.gui.helpers import wait_idle


def _window(qtbot, office: Office, runner: OpRunner) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(office, runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    return window


def _followup_splitter(window: MainWindow) -> QSplitter:
    found = window_state.page_splitters(window, "督办", window.page("督办"))
    assert list(found) == ["督办/1"]
    return found["督办/1"]


def saves(office: Office) -> int:
    return office.audit_log.rows(AuditFilter(event=EVENT)).total


def test_size_navigation_and_page_splitters_come_back(qtbot, office: Office, runner: OpRunner) -> None:
    first = _window(qtbot, office, runner)
    assert office.preferences.window_layout().empty
    first.resize(700, 500)
    central = first.centralWidget()
    assert isinstance(central, QSplitter)
    central.setSizes([230, 470])
    first.show_page("督办")
    splitter = _followup_splitter(first)
    splitter.setSizes([150, 400])
    wanted = splitter.sizes()
    first.close()  # closing the window keeps its layout
    wait_idle(qtbot, runner)
    assert saves(office) == 1

    second = _window(qtbot, office, runner)  # the login (attach) puts it back
    assert (second.width(), second.height()) == (700, 500)
    central = second.centralWidget()
    assert isinstance(central, QSplitter) and central.sizes()[0] == 230
    assert second.stack.currentWidget() is second.page("今日")  # a login lands on 今日
    # 注销 keeps it too; 督办 not opened in this session: its splitter is kept as it was
    second.detach()
    wait_idle(qtbot, runner)
    changes = [r.summary for r in office.audit_log.rows(AuditFilter(event=EVENT)).rows]
    assert "最后的页面：今日" in changes[0] and "分隔条" not in changes[0], changes
    second.close()  # logged out: nothing more to keep
    wait_idle(qtbot, runner)
    assert saves(office) == 2

    third = _window(qtbot, office, runner)
    assert window_state.restore(third, office) == "今日"  # the last page, for a caller that wants it
    third.show_page("督办")  # built after the restore: its splitter restored when it is built
    assert _followup_splitter(third).sizes() == wanted


def test_nothing_is_kept_without_an_office(qtbot, office: Office, runner: OpRunner) -> None:
    window = _window(qtbot, office, runner)
    window.office = None  # as after 注销
    window_state.remember(window, window.office, runner)
    window.close()
    wait_idle(qtbot, runner)
    assert saves(office) == 0
    assert office.preferences.window_layout().empty
