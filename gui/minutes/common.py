"""What the minutes windows share: translation, status colours, short texts."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from core.model.enums import MinutesStatus

STATUS_COLORS = {
    MinutesStatus.DRAFT: "#b26a00", MinutesStatus.REVIEWED: "#0d47a1", MinutesStatus.SIGNED: "#4a148c",
    MinutesStatus.ISSUED: "#1b5e20", MinutesStatus.SUPERSEDED: "#757575",
}
#: statuses in which the text may still change (the service refuses the others)
EDITABLE = (MinutesStatus.DRAFT, MinutesStatus.REVIEWED)


def tr(text: str) -> str:
    return QCoreApplication.translate("Minutes", text)


def day_text(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day is not None else ""


def edition_text(edition: int) -> str:
    return tr("第%1版").replace("%1", str(edition)) + (tr("（更正）") if edition > 1 else "")


def html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def lines_of(text: str) -> tuple[str, ...]:
    """One name per line; blank lines dropped."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())
