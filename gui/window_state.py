"""The main window as each account left it (issue 14 §6): size and position, tool bar, the
navigation's width and every page's splitters, kept in the encrypted file by
core.services.preferences — never in a plain settings file beside it.

    window_state.restore(window, office, runner)   # after the login (attach)
    window_state.remember(window, office, runner)  # before 注销, before the lock, when the window closes

After a login the window still lands on 今日 (the day's starting point, gui.home.page); the last page
is kept with the layout and returned by restore() for a caller that wants it, and an unlock keeps the
page anyway. Pages are built when first shown, so a page's splitters are restored when the page is
built (the stack's widgetAdded), and a page not built this session keeps the states it had.
"""

from __future__ import annotations

import base64
import contextlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QObject
from PySide6.QtWidgets import QMainWindow, QSplitter, QStackedWidget, QWidget

from core.errors import HuiwuError
from core.services.preferences import WindowLayout

if TYPE_CHECKING:
    from core.office import Office
    from gui.ops import OpRunner

NAVIGATION = "导航"  # the splitter between the navigation and the pages


def _b64(data: QByteArray) -> str:
    return base64.b64encode(bytes(data.data())).decode("ascii")


def _bytes(text: str) -> QByteArray:
    return QByteArray(base64.b64decode(text)) if text else QByteArray()


def _pages(window: QMainWindow) -> dict[str, QWidget]:
    built = getattr(window, "built_pages", None)
    return dict(built()) if callable(built) else {}


def page_splitters(window: QMainWindow, page_name: str, page: QWidget) -> dict[str, QSplitter]:
    """A page's splitters by name ("议题/1", or "议题/名称" when the splitter has an object name);
    those of windows of their own (a topic window opened from the page) are not the page's."""
    found: dict[str, QSplitter] = {}
    unnamed = 0
    for splitter in page.findChildren(QSplitter):
        if splitter.window() is not window:
            continue
        name = splitter.objectName()
        if not name:
            unnamed += 1
            name = str(unnamed)
        found[f"{page_name}/{name}"] = splitter
    return found


def splitters(window: QMainWindow) -> dict[str, QSplitter]:
    """Every splitter of the window now: the navigation's and those of the pages built so far."""
    found: dict[str, QSplitter] = {}
    central = window.centralWidget()
    if isinstance(central, QSplitter):
        found[NAVIGATION] = central
    for name, page in _pages(window).items():
        found.update(page_splitters(window, name, page))
    return found


class _Keeper(QObject):
    """What restore() read, for the pages built later and for the splitters of pages not built
    this session (remember() keeps their states rather than forgetting them)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("windowStateKeeper")
        self.window_ = window
        self.layout = WindowLayout()
        stack = window.findChild(QStackedWidget)
        if stack is not None:
            stack.widgetAdded.connect(self._page_added)

    def _page_added(self, index: int) -> None:
        stack = self.window_.findChild(QStackedWidget)
        added = stack.widget(index) if stack is not None else None
        for name, page in _pages(self.window_).items():
            if page is added:
                _apply(self.layout, page_splitters(self.window_, name, page))


def _keeper(window: QMainWindow) -> _Keeper:
    keeper = window.findChild(_Keeper)
    return keeper if keeper is not None else _Keeper(window)


def _apply(layout: WindowLayout, found: dict[str, QSplitter]) -> None:
    for name, splitter in found.items():
        state = layout.splitters.get(name)
        if state:
            with contextlib.suppress(ValueError):  # a damaged value: the splitter keeps its sizes
                splitter.restoreState(_bytes(state))


def apply(window: QMainWindow, layout: WindowLayout) -> None:
    """Put the window as `layout` says (on the GUI thread); an empty layout changes nothing."""
    keeper = _keeper(window)
    keeper.layout = layout
    with contextlib.suppress(ValueError):
        if layout.geometry:
            window.restoreGeometry(_bytes(layout.geometry))
        if layout.state:
            window.restoreState(_bytes(layout.state))
    _apply(layout, splitters(window))


def capture(window: QMainWindow) -> WindowLayout:
    """The window as it is now; splitters of pages not built this session as they were read."""
    kept = dict(_keeper(window).layout.splitters)
    kept.update({name: _b64(splitter.saveState()) for name, splitter in splitters(window).items()})
    current = getattr(window, "stack", None)
    page = ""
    if isinstance(current, QStackedWidget):
        for name, widget in _pages(window).items():
            if widget is current.currentWidget():
                page = name
    return WindowLayout(geometry=_b64(window.saveGeometry()), state=_b64(window.saveState()),
                        splitters=kept, page=page)


def restore(window: QMainWindow, office: Office, runner: OpRunner | None = None) -> str:
    """Read the logged-in account's layout and put the window so; without a runner at once (and
    the last page's name is returned), with one when the read comes back (returns "")."""
    if runner is None:
        layout = office.preferences.window_layout()
        apply(window, layout)
        return layout.page
    _keeper(window)  # pages built before the answer comes get their splitters from it then
    runner.run(office.preferences.window_layout, on_success=lambda layout: apply(window, layout),
               on_error=lambda _exc: None, quiet=True)
    return ""


def remember(window: QMainWindow, office: Office | None, runner: OpRunner | None = None) -> None:
    """Keep the window's layout for the logged-in account: captured now (before the pages go),
    written on the runner (queued before a log-out or lock that follows) or at once without one.
    Nothing is written when nothing changed; a refusal is not worth a message at closing time."""
    if office is None or office.locked:
        return
    layout = capture(window)
    _keeper(window).layout = layout
    if runner is None:
        with contextlib.suppress(HuiwuError):
            office.preferences.remember_window_layout(layout)
        return
    save: Any = office.preferences.remember_window_layout
    runner.run(lambda: save(layout), on_error=lambda _exc: None, quiet=True)
