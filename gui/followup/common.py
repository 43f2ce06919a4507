"""What the follow-up page and its dialogs share: translation, the views, short texts, colours."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from core.model.enums import FollowUpStatus
from core.services.followup import DUE_DAYS, FollowUpRow

OVERDUE_RED = "#c62828"
CLOSED_GREY = "#8a8a8a"
CLOSED_GREEN = "#1b5e20"  # the status in the panel: done, not disabled


def tr(text: str) -> str:
    return QCoreApplication.translate("FollowUp", text)


def views() -> list[tuple[str, str]]:
    """(the service's view name, its label), in the order of the chips."""
    return [("open", tr("办理中")), ("due", tr("%1日内到期").replace("%1", str(DUE_DAYS))),
            ("overdue", tr("已逾期")), ("closed", tr("已办结")), ("all", tr("全部"))]


def day_text(day: dt.date | None, none: str = "") -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day is not None else none


def status_text(row: FollowUpRow, today: dt.date) -> str:
    if row.status is FollowUpStatus.CLOSED:
        return tr("已办结")
    if row.overdue(today):
        assert row.deadline is not None
        return tr("已逾期%1天").replace("%1", str((today - row.deadline).days))
    if row.deadline is not None and row.deadline <= today + dt.timedelta(days=DUE_DAYS):
        days = (row.deadline - today).days
        return tr("今日到期") if days == 0 else tr("还剩%1天").replace("%1", str(days))
    return tr("办理中")


def row_color(row: FollowUpRow, today: dt.date) -> str | None:
    if row.overdue(today):
        return OVERDUE_RED
    if row.status is FollowUpStatus.CLOSED:
        return CLOSED_GREY
    return None
