"""The roster of one meeting with attendance, marked from the keyboard: select a row, press
1 出席, 2 迟到 (asks the time), 3 请假, 4 缺席, 5 代为出席 (asks name and post), 0 未登记;
the selection moves to the next row; ↑ and ↓ move between rows.

Attendance is marked from the meeting's day (the service refuses earlier marks; here the keys say
so). 3 is the leave register's: it opens the leave form for that person with the route the rules
give (art. 44, or practice), before the day too; a line whose person already has a leave request
covering the meeting is marked 请假 from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from core.model.enums import Attendance, LeaveStatus, MeetingStatus
from core.office import Office
from core.services.meeting_types import LeaveRow, MeetingDetail, RosterRow
from gui import roles
from gui.columns import fit_columns
from gui.meetings.common import (
    ATTENDANCE_COLORS,
    ColoredRowsModel,
    day_text,
    read_only_table,
    time_text,
    tr,
)
from gui.meetings.leave_dialogs import LeaveRequestDialog, Route, routes_for
from gui.meetings.reason_dialog import ReasonDialog
from gui.meetings.roster_dialogs import AddPersonDialog, LateDialog, SubstituteDialog
from gui.messages import show_error, show_info
from gui.ops import OpRunner
from gui.roster.table import Column

KEYS = {
    Qt.Key.Key_1: Attendance.PRESENT, Qt.Key.Key_2: Attendance.LATE, Qt.Key.Key_3: Attendance.ON_LEAVE,
    Qt.Key.Key_4: Attendance.ABSENT, Qt.Key.Key_5: Attendance.SUBSTITUTE, Qt.Key.Key_0: Attendance.UNMARKED,
}
ATTENDANCE_COLUMN = 4
MARKABLE = (MeetingStatus.PLANNED, MeetingStatus.HELD)


LEAVE_NOTES = {
    LeaveStatus.PENDING: "请假待批复（请假编号 %1）", LeaveStatus.APPROVED: "已准假（请假编号 %1）",
    LeaveStatus.REPORTED: "请假已报告区长（请假编号 %1）", LeaveStatus.DECLINED: "未准假（请假编号 %1），请登记实际出席情况",
}


def note_text(r: RosterRow) -> str:
    if r.attendance is Attendance.LATE and r.late_at is not None:
        return tr("%1 到会").replace("%1", time_text(r.late_at))
    if r.attendance is Attendance.SUBSTITUTE:
        return tr("%1（%2）代为出席").replace("%1", r.substitute_name).replace("%2", r.substitute_post)
    if r.leave_request_id is not None and r.attendance in (Attendance.ON_LEAVE, Attendance.UNMARKED):
        status = r.leave_status or LeaveStatus.APPROVED
        if r.attendance is Attendance.ON_LEAVE or status is not LeaveStatus.APPROVED:
            return tr(LEAVE_NOTES[status]).replace("%1", str(r.leave_request_id))
    if r.edit_reason:
        return tr("手工增加：%1").replace("%1", r.edit_reason)
    return ""


@dataclass(frozen=True)
class LeaveStep:
    """What 3 found: the leave request already behind the line (and whether the line was marked
    请假 from it now), or, when there is none, the route for the form (or why no leave is asked)."""

    existing: LeaveRow | None
    marked: bool
    route: Route | None


def leave_step(office: Office, entry: RosterRow, meeting_id: int, day: dt.date) -> LeaveStep:
    """On the worker: 3 on a roster line."""
    existing = office.leave.covering(entry.id)
    if existing is not None:
        on_the_day = day <= office.meetings.today()
        if on_the_day and entry.attendance is not Attendance.ON_LEAVE:
            office.meetings.mark(entry.id, Attendance.ON_LEAVE)
            return LeaveStep(existing, True, None)
        return LeaveStep(existing, False, None)
    assert entry.person_id is not None
    return LeaveStep(None, False, routes_for(office.leave, meeting_id, [entry.person_id])[entry.person_id])


def roster_model(parent: Any = None) -> ColoredRowsModel:
    return ColoredRowsModel([
        Column(tr("序号"), lambda r: ""),
        Column(tr("姓名"), lambda r: r.name),
        Column(tr("单位及职务"), lambda r: r.post_text),
        Column(tr("类别"), lambda r: r.role.value),
        Column(tr("出席情况"), lambda r: r.attendance.value),
        Column(tr("备注"), note_text),
    ], lambda r, col: ATTENDANCE_COLORS[r.attendance] if col == ATTENDANCE_COLUMN else None, parent)


class RosterTable(QTableView):
    """A table that turns the number keys into attendance marks."""

    mark_requested = Signal(int, object)  # row, Attendance

    def keyPressEvent(self, event: QKeyEvent) -> None:
        attendance = KEYS.get(Qt.Key(event.key()))
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if attendance is not None and modifiers == Qt.KeyboardModifier.NoModifier:
            row = self.currentIndex().row()
            if row >= 0:
                self.mark_requested.emit(row, attendance)
            event.accept()
            return
        super().keyPressEvent(event)


class RosterPanel(QWidget):
    changed = Signal()

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterPanel")
        self.office = office
        self.meetings = office.meetings
        self.runner = runner
        self.detail: MeetingDetail | None = None

        self.model = roster_model(self)
        self.model.columns[0] = Column(tr("序号"), lambda r: str(self.model.rows.index(r) + 1))
        self.table = RosterTable()
        read_only_table("roster", self.model, self.table)
        fit_columns(self.table, stretch=5)
        self.table.mark_requested.connect(self.mark)

        self.generate_button = QPushButton(tr("生成名单"))
        self.generate_button.setObjectName("generateRoster")
        self.generate_button.setToolTip(tr("按会议日期的组成人员和议程涉及单位的主要负责人生成名单（第三十八条至第四十一条）；"
                                           "已在名单中的人员不变，已准假的自动标为请假"))
        self.generate_button.clicked.connect(self.generate)
        self.add_button = QPushButton(tr("增加人员…"))
        self.add_button.setObjectName("addPerson")
        self.add_button.clicked.connect(self.add_person)
        self.remove_button = QPushButton(tr("移出名单…"))
        self.remove_button.setObjectName("removePerson")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (self.generate_button, self.add_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.legend = QLabel(tr("考勤快捷键：选中一行后按　<b>1</b> 出席　<b>2</b> 迟到（填到会时间）　<b>3</b> 请假　"
                                "<b>4</b> 缺席　<b>5</b> 代为出席（填姓名和职务）　<b>0</b> 未登记；"
                                "登记后自动移到下一行，↑ ↓ 键换行。"))
        self.legend.setObjectName("legend")
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet("background: #f3f1ec; padding: 6px; border-radius: 4px;")
        self.may_mark = roles.allow(office, "workflow", self.generate_button, self.add_button, self.remove_button,
                                    self.legend)
        self.legend_text = self.legend.text()
        self.day_reached = False  # attendance is marked from the meeting's day
        self.counts = QLabel()
        self.counts.setObjectName("attendanceCounts")
        self.counts.setStyleSheet("color: #555;")

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.legend)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.counts)

    def show_detail(self, detail: MeetingDetail) -> None:
        self.detail = detail
        current = self.model.row_at(self.table.currentIndex().row())
        self.model.set_rows(detail.roster)
        markable = detail.status in MARKABLE
        for button in (self.generate_button, self.add_button, self.remove_button):
            button.setEnabled(markable)
        self.day_reached = detail.day <= self.meetings.today()
        if markable and not self.day_reached:
            self.legend.setText(tr("会议定于%1召开，当天起才能登记考勤；会前的预计出席情况以本名单和请假登记为准。"
                                   "选中一行后按 <b>3</b> 登记该人员的请假。").replace("%1", day_text(detail.day)))
        else:
            self.legend.setText(self.legend_text)
        if current is not None:
            self.focus_entry(current.id)
        elif detail.roster:
            self.table.setCurrentIndex(self.model.index(0, 1))
        counts = {a: sum(1 for r in detail.roster if r.attendance is a) for a in Attendance}
        if detail.roster:
            text = tr("名单 %1 人：").replace("%1", str(len(detail.roster)))
            text += "，".join(f"{a.value} {n}" for a, n in counts.items() if n)
        else:
            text = tr("名单为空。") + (tr("点“生成名单”按会议组成和议程生成。") if self.may_mark else "")
        self.counts.setText(text)

    def focus_entry(self, entry_id: int) -> None:
        row = self.model.row_of_id(entry_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 1))

    def selected(self) -> RosterRow | None:
        found: RosterRow | None = self.model.row_at(self.table.currentIndex().row())
        return found

    # --- marking ------------------------------------------------------------------------------

    def mark(self, row: int, attendance: Attendance) -> None:
        entry = self.model.row_at(row)
        if entry is None or self.detail is None or self.detail.status not in MARKABLE or not self.may_mark:
            return
        meetings = self.meetings
        if attendance is Attendance.ON_LEAVE:
            self.ask_leave(entry, row)
        elif not self.day_reached:
            QApplication.beep()  # the legend says why: attendance from the meeting's day
        elif attendance is Attendance.LATE:
            self._open(LateDialog(self.runner, meetings, entry, now=dt.datetime.now().time(), parent=self), row)
        elif attendance is Attendance.SUBSTITUTE:
            self._open(SubstituteDialog(self.runner, meetings, entry, parent=self), row)
        else:
            self.runner.run(lambda: meetings.mark(entry.id, attendance), on_success=lambda _r: self.changed.emit(),
                            parent=self.window())
            self._advance(row)

    def ask_leave(self, entry: RosterRow, row: int) -> None:
        """3: the leave form for this person, with the route prefilled; or 请假 from the leave
        request already covering the meeting."""
        assert self.detail is not None
        if entry.person_id is None:
            show_error(self, tr("%1不在名册中，无法登记请假。请在名册中增加该人员后重新加入名单，或如实登记出席情况。")
                       .replace("%1", entry.name))
            return
        office, meeting_id, day = self.office, self.detail.id, self.detail.day
        self.runner.run(lambda: leave_step(office, entry, meeting_id, day),
                        on_success=lambda step: self._leave_step(entry, row, step), parent=self.window(),
                        label=tr("正在读取请假登记…"))

    def _leave_step(self, entry: RosterRow, row: int, step: LeaveStep) -> None:
        assert self.detail is not None
        if step.existing is not None:
            if step.marked:
                self._advance(row)
                self.changed.emit()
            else:
                show_info(self, tr("%1已有本次会议的请假登记（请假编号 %2，%3）。").replace("%1", entry.name)
                          .replace("%2", str(step.existing.id)).replace("%3", step.existing.status.value)
                          + ("" if self.day_reached else tr("会议当天起名单上标为“请假”。")))
            return
        if isinstance(step.route, str):
            show_error(self, step.route)
            return
        assert entry.person_id is not None and step.route is not None
        label = f"{entry.name}（{entry.post_text or entry.role.value}）"
        dialog = LeaveRequestDialog(self.runner, self.office.leave, [(label, entry.person_id)],
                                    meeting=(self.detail.id, self.detail.name), today=self.office.leave.today(),
                                    routes={entry.person_id: step.route}, person_id=entry.person_id, parent=self)
        dialog.reason_edit.setFocus()
        self._open(dialog, row)

    def _open(self, dialog: Any, row: int) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved(_r: Any) -> None:
            self._advance(row)
            self.changed.emit()
            self.table.setFocus()

        dialog.on_saved = saved
        dialog.open()

    def _advance(self, row: int) -> None:
        if row + 1 < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row + 1, 1))

    # --- the list -----------------------------------------------------------------------------

    def generate(self) -> None:
        if self.detail is None:
            return
        meetings, meeting_id = self.meetings, self.detail.id

        def generated(added: Any) -> None:
            self.counts.setText(tr("已生成：新增 %1 人。").replace("%1", str(added)))
            self.changed.emit()

        self.runner.run(lambda: meetings.generate_roster(meeting_id), on_success=generated, parent=self.window(),
                        label=tr("正在生成名单…"))

    def add_person(self) -> None:
        if self.detail is None:
            return
        day, roster = self.detail.day, self.office.roster
        self.runner.run(lambda: roster.people(on=day), on_success=self._open_add, parent=self.window(),
                        label=tr("正在读取名册…"))

    def _open_add(self, people: Any) -> None:
        assert self.detail is not None
        dialog = AddPersonDialog(self.runner, self.meetings, self.detail.id, people, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.on_saved = lambda _r: self.changed.emit()
        dialog.open()

    def remove_selected(self) -> None:
        entry = self.selected()
        if entry is None or self.detail is None:
            return
        meetings = self.meetings
        dialog = ReasonDialog(
            self.runner, title=tr("移出名单"), ok_text=tr("移出名单"),
            what=tr("将 %1（%2）移出本次会议的名单。记录保留在办理记录中。")
            .replace("%1", entry.name).replace("%2", entry.post_text or entry.role.value),
            question=tr("确定将 %1 移出名单吗？").replace("%1", entry.name),
            act=lambda reason: meetings.remove_from_roster(entry.id, reason=reason), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.on_saved = lambda _r: self.changed.emit()
        dialog.open()
