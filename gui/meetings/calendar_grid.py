"""A painted calendar of meetings: a month (six weeks) or one week, meetings as chips on their
days. A click on a chip opens the meeting; a click elsewhere in a day selects the day. From the
keyboard: the arrow keys move the selected day, Enter opens its first meeting."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from core.model.enums import MeetingStatus
from core.services.meeting_types import MeetingRow
from gui.meetings.common import KIND_COLORS, KIND_SHORT, WEEKDAYS, time_text, tr

MONTH, WEEK = "month", "week"
HEADER_HEIGHT = 26


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def visible_range(mode: str, anchor: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day shown: the week of `anchor`, or six weeks covering its month."""
    if mode == WEEK:
        start = week_start(anchor)
        return start, start + dt.timedelta(days=6)
    start = week_start(anchor.replace(day=1))
    return start, start + dt.timedelta(days=41)


def chip_text(row: MeetingRow, *, long: bool) -> str:
    short = f"第{row.number}次{KIND_SHORT[row.kind]}"
    if not long:
        return f"{time_text(row.start_time)} {short}"
    return short


class CalendarGrid(QWidget):
    meeting_activated = Signal(int)
    day_selected = Signal(object)  # dt.date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(560, 320)
        self.mode = MONTH
        self.anchor = dt.date.today()
        self.today = dt.date.today()
        self.selected: dt.date | None = None
        self._by_day: dict[dt.date, list[MeetingRow]] = defaultdict(list)
        self._chips: list[tuple[QRect, MeetingRow]] = []

    # --- what it shows ------------------------------------------------------------------------

    def set_view(self, mode: str, anchor: dt.date, today: dt.date) -> None:
        self.mode, self.anchor, self.today = mode, anchor, today
        self.update()

    def set_meetings(self, rows: Sequence[MeetingRow]) -> None:
        self._by_day = defaultdict(list)
        for row in rows:
            self._by_day[row.day].append(row)
        self.update()

    def days(self) -> list[dt.date]:
        start, end = visible_range(self.mode, self.anchor)
        return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]

    def chip_rects(self) -> list[tuple[QRect, int]]:
        """Where each meeting was drawn (for tests and hit-testing)."""
        return [(rect, row.id) for rect, row in self._chips]

    # --- painting -----------------------------------------------------------------------------

    def _cell(self, index: int) -> QRect:
        rows = 1 if self.mode == WEEK else 6
        width = (self.width() - 1) / 7
        height = (self.height() - HEADER_HEIGHT - 1) / rows
        col, row = index % 7, index // 7
        left, top = int(col * width), int(HEADER_HEIGHT + row * height)
        return QRect(left, top, int((col + 1) * width) - left, int(HEADER_HEIGHT + (row + 1) * height) - top)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        base = QFont(self.font())
        width = (self.width() - 1) / 7
        painter.setPen(QColor("#555555"))
        for col, name in enumerate(WEEKDAYS):
            rect = QRect(int(col * width), 0, int(width), HEADER_HEIGHT)
            painter.fillRect(rect, QColor("#f3f1ec"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, tr("星期") + name)
        self._chips = []
        for index, day in enumerate(self.days()):
            self._paint_day(painter, base, self._cell(index), day)
        painter.end()

    def _paint_day(self, painter: QPainter, base: QFont, cell: QRect, day: dt.date) -> None:
        in_month = self.mode == WEEK or day.month == self.anchor.month
        background = "#fff8e1" if day == self.today else ("#ffffff" if in_month else "#f7f7f7")
        if day == self.selected:
            background = "#e3f2fd"
        painter.fillRect(cell, QColor(background))
        painter.setPen(QPen(QColor("#d6d2c8")))
        painter.drawRect(cell.adjusted(0, 0, -1, -1) if cell.width() > 1 else cell)
        number_font = QFont(base)
        number_font.setBold(day == self.today)
        painter.setFont(number_font)
        painter.setPen(QColor("#b71c1c" if day == self.today else ("#333333" if in_month else "#aaaaaa")))
        label = f"{day.month}月{day.day}日" if self.mode == WEEK or day.day == 1 else str(day.day)
        metrics = QFontMetrics(number_font)
        line = metrics.height() + 2
        painter.drawText(cell.adjusted(6, 3, -6, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, label)

        chip_font = QFont(base)
        chip_font.setPointSizeF(max(8.0, base.pointSizeF() - 1))
        chip_metrics = QFontMetrics(chip_font)
        long = self.mode == WEEK
        chip_height = ((chip_metrics.height() + 2) * 4 + 4) if long else chip_metrics.height() + 4
        top = cell.top() + line + 4
        meetings = self._by_day.get(day, [])
        for i, row in enumerate(meetings):
            room_left = cell.bottom() - top
            if room_left < chip_height + (chip_metrics.height() if i < len(meetings) - 1 else 0):
                painter.setFont(chip_font)
                painter.setPen(QColor("#555555"))
                painter.drawText(QRect(cell.left() + 6, top, cell.width() - 12, chip_metrics.height()),
                                 Qt.AlignmentFlag.AlignLeft, tr("另有 %1 个会议…").replace("%1", str(len(meetings) - i)))
                break
            rect = QRect(cell.left() + 4, top, cell.width() - 8, chip_height)
            self._paint_chip(painter, chip_font, chip_metrics, rect, row, long)
            self._chips.append((rect, row))
            top += chip_height + 3

    def _paint_chip(self, painter: QPainter, font: QFont, metrics: QFontMetrics, rect: QRect, row: MeetingRow,
                    long: bool) -> None:
        color = QColor(KIND_COLORS[row.kind])
        off = row.status in (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED)
        fill = QColor(color)
        fill.setAlpha(28 if not off else 12)
        painter.fillRect(rect, fill)
        painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()), color if not off else QColor("#9e9e9e"))
        painter.setFont(font)
        painter.setPen(QColor("#222222") if not off else QColor("#8a8a8a"))
        inner = rect.adjusted(8, 2, -3, -2)
        if long:
            lines = [f"{time_text(row.start_time)}  {chip_text(row, long=True)}",
                     row.place, tr("主持：%1").replace("%1", row.presider),
                     tr("%1 · 议题 %2 个").replace("%1", row.status.value).replace("%2", str(row.topics))]
        else:
            lines = [chip_text(row, long=False) + (f"（{row.status.value}）" if off else "")]
        y = inner.top()
        for text in lines:
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, inner.width())
            painter.drawText(QRect(inner.left(), y, inner.width(), metrics.height()), Qt.AlignmentFlag.AlignLeft,
                             elided)
            y += metrics.height() + 2
        if off:
            middle = rect.top() + metrics.height() // 2 + 2
            painter.drawLine(inner.left(), middle, inner.left() + min(inner.width(), metrics.horizontalAdvance(
                lines[0])), middle)

    # --- mouse --------------------------------------------------------------------------------

    def _chip_at(self, point: QPoint) -> MeetingRow | None:
        for rect, row in self._chips:
            if rect.contains(point):
                return row
        return None

    def _day_at(self, point: QPoint) -> dt.date | None:
        for index, day in enumerate(self.days()):
            if self._cell(index).contains(point):
                return day
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = event.position().toPoint()
        row = self._chip_at(point)
        if row is not None:
            self.meeting_activated.emit(row.id)
            return
        day = self._day_at(point)
        if day is not None:
            self.selected = day
            self.update()
            self.day_selected.emit(day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        key = Qt.Key(event.key())
        if key in steps:
            self.selected = (self.selected or self.today) + dt.timedelta(days=steps[key])
            self.update()
            self.day_selected.emit(self.selected)  # the owner moves the period when the day leaves it
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected is not None:
            meetings = self._by_day.get(self.selected, [])
            if meetings:
                self.meeting_activated.emit(meetings[0].id)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self._chip_at(event.position().toPoint()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = self._chip_at(event.pos())
            if row is not None:
                QToolTip.showText(event.globalPos(), "\n".join((
                    row.name, f"{day_text_short(row.day)} {time_text(row.start_time)}　{row.place}",
                    tr("主持：%1").replace("%1", row.presider),
                    tr("议题 %1 个　%2").replace("%1", str(row.topics)).replace("%2", row.status.value))), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


def day_text_short(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"
