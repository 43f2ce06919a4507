"""Opening a line of 今日 through the page that owns its kind: the same windows, one per record,
as when opened from that page (gui.topics.page.open_topic, gui.meetings.page.open_meeting,
gui.minutes.page.open_minutes); a 督办 item or an absence is shown selected on its page. Id 0 opens
the page itself (the line under a long section)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from gui.main_window import MainWindow

HOME = "今日"
# kind -> (the page, its method opening one record in its window)
WINDOWS = {"topic": ("议题", "open_topic"), "meeting": ("会议", "open_meeting"), "minutes": ("纪要", "open_minutes")}
# kind -> (the page, its method showing one record selected there)
ON_PAGE = {"followup": ("督办", "show_item"), "absence": ("会议", "show_absence")}


def open_item(window: MainWindow, kind: str, item_id: int) -> QWidget | None:
    """Open (kind, id); returns the window opened, which 今日 then watches for changes."""
    if kind in WINDOWS and item_id:
        name, method = WINDOWS[kind]
        opened: QWidget = getattr(window.page(name), method)(item_id)
        home: Any = window.page(HOME)
        home.watch(opened)
        return opened
    name, method = ON_PAGE.get(kind) or (WINDOWS[kind][0], "")
    window.show_page(name)
    if method:
        getattr(window.page(name), method)(item_id)
    return None
