"""What the meeting windows share: translation, colours, short texts and a read-only table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from core.model.enums import Attendance, LeaveStatus, MeetingKind, MeetingStatus
from gui.roster.table import Column, RowsModel

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")

KIND_SHORT = {
    MeetingKind.PLENARY: "全体会议", MeetingKind.EXECUTIVE: "常务会议",
    MeetingKind.MAYOR_OFFICE: "区长办公会议", MeetingKind.THEMATIC: "专题会议",
}
# Calendar chips: one colour per kind, muted for the meetings that will not take place.
KIND_COLORS = {
    MeetingKind.PLENARY: "#b71c1c", MeetingKind.EXECUTIVE: "#0d47a1",
    MeetingKind.MAYOR_OFFICE: "#4a148c", MeetingKind.THEMATIC: "#1b5e20",
}
STATUS_COLORS = {
    MeetingStatus.PLANNED: "#0d47a1", MeetingStatus.HELD: "#1b5e20",
    MeetingStatus.POSTPONED: "#b26a00", MeetingStatus.CANCELLED: "#757575",
}
ATTENDANCE_COLORS = {
    Attendance.UNMARKED: "#9e9e9e", Attendance.PRESENT: "#1b5e20", Attendance.LATE: "#b26a00",
    Attendance.ON_LEAVE: "#0d47a1", Attendance.ABSENT: "#b71c1c", Attendance.SUBSTITUTE: "#4a148c",
}
LEAVE_COLORS = {
    LeaveStatus.PENDING: "#b26a00", LeaveStatus.APPROVED: "#1b5e20", LeaveStatus.REPORTED: "#1b5e20",
    LeaveStatus.DECLINED: "#b71c1c",
}
LATE_RED = "#c62828"


def tr(text: str) -> str:
    return QCoreApplication.translate("Meetings", text)


def day_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def day_with_weekday(day: dt.date) -> str:
    return f"{day_text(day)}（星期{WEEKDAYS[day.weekday()]}）"


def time_text(t: dt.time | None) -> str:
    return f"{t:%H:%M}" if t is not None else ""


def read_only_table(name: str, model: QAbstractItemModel, table: QTableView | None = None) -> QTableView:
    """A selectable, read-only table of rows (or `table` set up that way)."""
    table = table if table is not None else QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    vertical = table.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(30)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def size_columns(table: QTableView, widths: list[int], stretch: int | None = None) -> None:
    for i, width in enumerate(widths):
        if width:
            table.setColumnWidth(i, width)
    if stretch is not None:
        table.horizontalHeader().setStretchLastSection(False)
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class ColoredRowsModel(RowsModel):
    """Rows with a foreground colour chosen per row and column (status columns, late flags)."""

    def __init__(self, columns: Sequence[Column], color: Callable[[Any, int], str | None],
                 parent: Any = None) -> None:
        super().__init__(columns, parent)
        self._color = color

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            color = self._color(self.rows[index.row()], index.column())
            if color:
                return QBrush(QColor(color))
        return super().data(index, role)
