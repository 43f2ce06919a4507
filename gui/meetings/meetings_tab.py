"""The meetings of a year as a list, or of a month or a week as a calendar; filters by kind and
status ask the service again. A meeting opens in its own window (the meeting page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.model.enums import MeetingKind, MeetingStatus
from core.office import Office
from core.services.meeting_types import MeetingRow
from gui import roles
from gui.columns import cell_date_weekday, fit_columns
from gui.meetings.calendar_grid import MONTH, WEEK, CalendarGrid, visible_range
from gui.meetings.common import (
    KIND_COLORS,
    KIND_SHORT,
    STATUS_COLORS,
    ColoredRowsModel,
    read_only_table,
    time_text,
    tr,
)
from gui.meetings.new_meeting_dialog import NewMeetingDialog, leader_choices
from gui.ops import Op, OpRunner
from gui.roster.forms import ChoiceCombo
from gui.roster.table import Column

LIST = "list"
STATUS_COLUMN = 6


def meetings_model(parent: Any = None) -> ColoredRowsModel:
    return ColoredRowsModel([
        Column(tr("日期"), lambda m: cell_date_weekday(m.day), sort_key=lambda m: (m.day, m.start_time)),
        Column(tr("时间"), lambda m: time_text(m.start_time), sort_key=lambda m: m.start_time),
        Column(tr("会议"), lambda m: m.name),
        Column(tr("地点"), lambda m: m.place),
        Column(tr("主持"), lambda m: m.presider),
        Column(tr("议题"), lambda m: str(m.topics), sort_key=lambda m: m.topics),
        Column(tr("状态"), lambda m: m.status.value, sort_key=lambda m: list(MeetingStatus).index(m.status)),
    ], lambda m, col: STATUS_COLORS[m.status] if col == STATUS_COLUMN else None, parent)


def shift(mode: str, anchor: dt.date, steps: int) -> dt.date:
    if mode == WEEK:
        return anchor + dt.timedelta(weeks=steps)
    if mode == MONTH:
        month = anchor.year * 12 + anchor.month - 1 + steps
        return dt.date(month // 12, month % 12 + 1, 1)
    return dt.date(anchor.year + steps, 1, 1)


class MeetingsTab(QWidget):
    #: a meeting should open in its window
    open_requested = Signal(int)
    #: a meeting was created
    created = Signal(int)

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingsTab")
        self.office = office
        self.runner = runner
        self.today = office.meetings.today()
        self.mode = MONTH
        self.anchor = self.today
        self.loaded = False
        self._generation = 0
        self._query_op: Op | None = None
        self._pending_select: int | None = None

        self.view_group = QButtonGroup(self)
        self.view_buttons: dict[str, QPushButton] = {}
        views = QHBoxLayout()
        views.setSpacing(0)
        for mode, label in ((MONTH, tr("月")), (WEEK, tr("周")), (LIST, tr("列表"))):
            button = QPushButton(label)
            button.setObjectName("view_" + mode)
            button.setCheckable(True)
            button.setMinimumWidth(54)
            button.setStyleSheet("QPushButton { border: 1px solid #c9c4b8; padding: 4px 10px; background: #faf9f6; }"
                                 "QPushButton:checked { background: #b71c1c; color: white; border-color: #b71c1c; }")
            self.view_group.addButton(button)
            self.view_buttons[mode] = button
            views.addWidget(button)
        self.view_buttons[MONTH].setChecked(True)
        self.view_group.buttonClicked.connect(self._view_clicked)

        self.previous_button = QToolButton()
        self.previous_button.setObjectName("previous")
        self.previous_button.setText("◀")
        self.previous_button.clicked.connect(lambda: self.go(-1))
        self.next_button = QToolButton()
        self.next_button.setObjectName("next")
        self.next_button.setText("▶")
        self.next_button.clicked.connect(lambda: self.go(1))
        self.today_button = QPushButton(tr("今天"))
        self.today_button.setObjectName("today")
        self.today_button.clicked.connect(self.go_today)
        self.period_label = QLabel()
        self.period_label.setObjectName("period")
        self.period_label.setStyleSheet("font-size: 13pt; font-weight: bold; padding: 0 10px;")

        self.kind_combo = ChoiceCombo([(tr("全部会议类型"), None)] + [(k.value, k) for k in MeetingKind])
        self.kind_combo.setObjectName("kindFilter")
        self.kind_combo.setMinimumContentsLength(10)
        self.status_combo = ChoiceCombo([(tr("全部状态"), None)] + [(s.value, s) for s in MeetingStatus])
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.setMinimumContentsLength(6)
        for combo in (self.kind_combo, self.status_combo):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button = QPushButton(tr("新建会议…"))
        self.new_button.setObjectName("newMeeting")
        self.new_button.setToolTip(tr("新建一次会议（Ctrl+N）"))
        self.new_button.clicked.connect(self.new_item)

        bar = QHBoxLayout()
        bar.addLayout(views)
        bar.addSpacing(12)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.today_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.period_label)
        bar.addStretch(1)
        bar.addWidget(self.kind_combo)
        bar.addWidget(self.status_combo)
        bar.addWidget(self.new_button)
        self.may_create = roles.allow(office, "workflow", self.new_button)

        self.calendar = CalendarGrid()
        self.calendar.meeting_activated.connect(self.open_requested)
        self.calendar.day_selected.connect(self._day_selected)
        self.model = meetings_model(self)
        self.table = read_only_table("meetingTable", self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        fit_columns(self.table, stretch=2)
        self.table.activated.connect(lambda index: self._row_activated(index.row()))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.calendar)
        self.stack.addWidget(self.table)

        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.count_label.setStyleSheet("color: #666;")

        self.legend = QLabel("　".join(f'<span style="color:{KIND_COLORS[k]};">■</span> {tr(KIND_SHORT[k])}'
                                      for k in MeetingKind) + tr("　　划线：已延期或已取消"))
        self.legend.setObjectName("legend")
        self.legend.setStyleSheet("color: #555;")
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.legend)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)
        self._show_period()

    # --- the period shown ---------------------------------------------------------------------

    def _view_clicked(self, button: QPushButton) -> None:
        mode = next(m for m, b in self.view_buttons.items() if b is button)
        self.set_mode(mode)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.view_buttons[mode].setChecked(True)
        self.stack.setCurrentWidget(self.table if mode == LIST else self.calendar)
        self.legend.setVisible(mode != LIST)
        self._show_period()
        self.refresh()

    def go(self, steps: int) -> None:
        self.anchor = shift(self.mode, self.anchor, steps)
        self._show_period()
        self.refresh()

    def go_today(self) -> None:
        self.anchor = self.today = self.office.meetings.today()
        self._show_period()
        self.refresh()

    def show_day(self, day: dt.date) -> None:
        self.anchor = day
        self._show_period()
        self.refresh()

    def _day_selected(self, day: dt.date) -> None:
        """A day picked outside the month or week shown brings its period up."""
        if self.mode == WEEK:
            outside = not visible_range(WEEK, self.anchor)[0] <= day <= visible_range(WEEK, self.anchor)[1]
        else:
            outside = (day.year, day.month) != (self.anchor.year, self.anchor.month)
        if outside:
            self.show_day(day)

    def period(self) -> tuple[dt.date, dt.date]:
        if self.mode == LIST:
            return dt.date(self.anchor.year, 1, 1), dt.date(self.anchor.year, 12, 31)
        return visible_range(self.mode, self.anchor)

    def _show_period(self) -> None:
        if self.mode == LIST:
            text = tr("%1年").replace("%1", str(self.anchor.year))
        elif self.mode == MONTH:
            text = tr("%1年%2月").replace("%1", str(self.anchor.year)).replace("%2", str(self.anchor.month))
        else:
            start, end = visible_range(WEEK, self.anchor)
            text = f"{start.year}年{start.month}月{start.day}日 — {end.month}月{end.day}日"
        self.period_label.setText(text)
        self.calendar.set_view(self.mode if self.mode != LIST else MONTH, self.anchor, self.today)
        for button, what in ((self.previous_button, tr("上一")), (self.next_button, tr("下一"))):
            unit = {LIST: tr("年"), MONTH: tr("月"), WEEK: tr("周")}[self.mode]
            button.setToolTip(what + unit)

    # --- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        start, end = self.period()
        kind, status = self.kind_combo.value(), self.status_combo.value()
        meetings = self.office.meetings
        if self._query_op is not None:
            self.runner.cancel(self._query_op)
        self._query_op = self.runner.run(
            lambda _token: meetings.meetings(start=start, end=end, kind=kind, status=status),
            on_success=lambda rows: self._show(generation, rows), on_done=lambda: self._done(generation),
            parent=self.window(), label=tr("正在读取会议…"), cancellable=True)

    def _done(self, generation: int) -> None:
        if generation == self._generation:
            self._query_op = None

    def _show(self, generation: int, rows: list[MeetingRow]) -> None:
        if generation != self._generation:
            return
        self.loaded = True
        self.model.set_rows(rows)
        self.calendar.set_meetings(rows)
        period = {LIST: tr("本年"), MONTH: tr("本月"), WEEK: tr("本周")}[self.mode]
        if rows:
            planned = sum(1 for r in rows if r.status is MeetingStatus.PLANNED)
            text = (tr("%1共 %2 次会议，其中筹备中 %3 次。").replace("%1", period).replace("%2", str(len(rows)))
                    .replace("%3", str(planned)))
            if self.mode == LIST:
                text += tr("双击一行打开会议页面。")
            else:
                text += tr("点击会议打开会议页面；先点选日期再“新建会议…”，即安排在该日。") if self.may_create \
                    else tr("点击会议打开会议页面。")
        else:
            text = tr("%1没有会议。").replace("%1", period)
            if self.may_create:
                text += tr("点“新建会议…”（Ctrl+N）安排一次会议。")
        self.count_label.setText(text)
        wanted = self._pending_select
        self._pending_select = None
        row = self.model.row_of_id(wanted) if wanted is not None else -1
        if row < 0 and self.mode == LIST:  # the first meeting from today on
            row = next((i for i, r in enumerate(self.model.rows) if r.day >= self.today), -1)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)

    def _row_activated(self, row: int) -> None:
        meeting = self.model.row_at(row)
        if meeting is not None:
            self.open_requested.emit(meeting.id)

    # --- creating -----------------------------------------------------------------------------

    def new_item(self) -> None:
        day = self.calendar.selected if self.calendar.selected and self.calendar.selected >= self.today else None
        office = self.office
        when = day or self.today
        self.runner.run(lambda: leader_choices(office, when), on_success=lambda leaders: self._open_new(leaders, day),
                        parent=self.window(), label=tr("正在读取名册…"))

    def _open_new(self, leaders: list[tuple[str, int]], day: dt.date | None) -> None:
        dialog = NewMeetingDialog(self.office, self.runner, leaders, day=day, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        when = dialog.date_edit

        def saved(meeting_id: Any) -> None:
            self._pending_select = meeting_id if isinstance(meeting_id, int) else None
            self.show_day(when.day())
            if isinstance(meeting_id, int):
                self.created.emit(meeting_id)

        dialog.on_saved = saved
        dialog.open()
