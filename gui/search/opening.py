"""Opening what the search found through the page that owns it: the same windows, one per record,
as when opened from that page (open_topic, open_meeting, open_minutes); a 督办 item, a person or a
unit is shown selected on its page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gui.main_window import MainWindow

# kind -> (the page, its method opening one record in its window)
WINDOWS = {"topic": ("议题", "open_topic"), "meeting": ("会议", "open_meeting"), "minutes": ("纪要", "open_minutes")}
FOLLOWUP_PAGE = "督办"
ROSTER_PAGE = "人员与单位"


def open_found(window: MainWindow, kind: str, item_id: int) -> None:
    if kind in WINDOWS:
        name, method = WINDOWS[kind]
        getattr(window.page(name), method)(item_id)
        return
    name = FOLLOWUP_PAGE if kind == "followup" else ROSTER_PAGE
    window.show_page(name)
    page: Any = window.page(name)
    if kind == "followup":
        page.show_item(item_id)
    else:
        page.show_record(kind, item_id)
    window.bring_forward()
