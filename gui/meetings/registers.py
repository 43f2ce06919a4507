"""请假登记 across meetings and 离永外出登记 (art. 53): late requests flagged in red, the acting
head named, and the office's notice to the other leaders recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.model.enums import AbsenceKind, LeaveStatus, MeetingStatus, Post
from core.office import Office
from core.services.meeting_types import AbsenceRow, LeaveRow
from gui import roles
from gui.columns import cell_date, fit_columns
from gui.meetings.common import LATE_RED, ColoredRowsModel, day_text, read_only_table, tr
from gui.meetings.leave_dialogs import AbsenceDialog, LeaveRequestDialog
from gui.meetings.leave_list import LeaveList
from gui.meetings.new_meeting_dialog import leader_choices
from gui.messages import confirm
from gui.ops import OpRunner
from gui.roster.table import Column

ABSENCE_POSTS = (Post.EXECUTIVE_VICE_MAYOR, Post.VICE_MAYOR, Post.DEPARTMENT_HEAD)


def people_with_posts(office: Office, day: dt.date, posts: tuple[Post, ...] | None = None) -> list[tuple[str, int]]:
    """On the worker: people holding a post on the day (or any post), labelled with their posts."""
    found: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    for a in office.roster.appointments(on=day):
        if posts is None or a.post in posts:
            found.setdefault(a.person_id, []).append(a.post_text)
            names[a.person_id] = a.person_name
    return [(f"{names[pid]}（{'；'.join(texts)}）", pid) for pid, texts in found.items()]


class LeaveRegisterTab(QWidget):
    changed = Signal()

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leaveRegister")
        self.office = office
        self.runner = runner
        self.loaded = False
        self.rows: list[LeaveRow] = []
        self.list = LeaveList(office, runner)
        self.list.changed.connect(self._changed)
        self.list.request_wanted.connect(self.new_item)
        self.pending_box = QCheckBox(tr("只看待批复"))
        self.pending_box.setObjectName("pendingOnly")
        self.pending_box.toggled.connect(lambda _on: self._show(self.rows))
        self.list.buttons.addWidget(self.pending_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)

    def refresh(self) -> None:
        leave = self.office.leave
        self.runner.run(leave.leaves, on_success=self._show, parent=self.window(), label=tr("正在读取请假登记…"))

    def _show(self, rows: list[LeaveRow]) -> None:
        self.loaded = True
        self.rows = rows
        pending_only = self.pending_box.isChecked()
        self.list.set_rows([r for r in rows if r.status is LeaveStatus.PENDING] if pending_only else rows)

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()

    def new_item(self) -> None:
        office, today = self.office, self.office.leave.today()

        def read() -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
            people = people_with_posts(office, today)
            meetings = [(f"{day_text(m.day)} {m.name}", m.id)
                        for m in office.meetings.meetings(start=today, status=MeetingStatus.PLANNED)]
            return people, meetings

        self.runner.run(read, on_success=self._open_request, parent=self.window(), label=tr("正在读取名册…"))

    def _open_request(self, loaded: tuple[list[tuple[str, int]], list[tuple[str, int]]]) -> None:
        people, meetings = loaded
        dialog = LeaveRequestDialog(self.runner, self.office.leave, people, meetings=meetings,
                                    today=self.office.leave.today(), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.on_saved = lambda _r: self._changed()
        dialog.open()


def absence_model(parent: Any = None) -> ColoredRowsModel:
    return ColoredRowsModel([
        Column(tr("人员"), lambda a: a.person),
        Column(tr("类别"), lambda a: tr("副区长外出") if a.kind is AbsenceKind.VICE_MAYOR_TRIP else tr("主要负责人外出")),
        Column(tr("离开"), lambda a: cell_date(a.leaves_on), sort_key=lambda a: a.leaves_on),
        Column(tr("返回"), lambda a: cell_date(a.returns_on), sort_key=lambda a: a.returns_on),
        Column(tr("去向"), lambda a: a.destination),
        Column(tr("事由"), lambda a: a.reason),
        Column(tr("报告日期"), lambda a: cell_date(a.requested_on), sort_key=lambda a: a.requested_on),
        Column(tr("是否按时"), lambda a: tr("未按时报告") if a.late else tr("按时")),
        Column(tr("主持工作的负责人"), lambda a: a.acting_head or ("—" if a.kind is AbsenceKind.VICE_MAYOR_TRIP else "")),
        Column(tr("批准领导"), lambda a: a.approved_by),
        Column(tr("通报其他领导"), lambda a: (tr("已通报") if a.leaders_informed else tr("未通报"))
               if a.kind is AbsenceKind.VICE_MAYOR_TRIP else "—"),
    ], lambda a, _col: LATE_RED if a.late else None, parent)


class AbsenceRegisterTab(QWidget):
    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("absenceRegister")
        self.office = office
        self.runner = runner
        self.loaded = False
        self.select_on_load: int | None = None  # the line 今日 opened, selected when read
        self.model = absence_model(self)
        self.table = read_only_table("absences", self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        fit_columns(self.table, stretch=5, max_width=200)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.new_button = QPushButton(tr("登记离永外出…"))
        self.new_button.setObjectName("newAbsence")
        self.new_button.clicked.connect(self.new_item)
        self.inform_button = QPushButton(tr("已通报其他领导"))
        self.inform_button.setObjectName("informLeaders")
        self.inform_button.setToolTip(tr("副区长外出，由区政府办公室通报区政府其他领导同志（第五十三条）"))
        self.inform_button.clicked.connect(self.inform_selected)
        self.late_box = QCheckBox(tr("只看未按时报告"))
        self.late_box.setObjectName("lateOnly")
        self.late_box.toggled.connect(lambda _on: self.refresh())
        roles.allow(office, "workflow", self.new_button, self.inform_button)
        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addWidget(self.inform_button)
        bar.addWidget(self.late_box)
        bar.addStretch(1)
        self.note = QLabel()
        self.note.setObjectName("absenceNote")
        self.note.setStyleSheet("color: #555;")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self._selection_changed()

    def refresh(self) -> None:
        leave, late_only = self.office.leave, self.late_box.isChecked()
        self.runner.run(lambda: leave.absences(late_only=late_only), on_success=self._show, parent=self.window(),
                        label=tr("正在读取离永外出登记…"))

    def _show(self, rows: list[AbsenceRow]) -> None:
        self.loaded = True
        selected = self.selected()
        wanted = self.select_on_load if self.select_on_load is not None else selected.id if selected else None
        self.select_on_load = None
        self.model.set_rows(rows)
        if wanted is not None and (row := self.model.row_of_id(wanted)) >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        late = sum(1 for r in rows if r.late)
        self.note.setText(tr("共 %1 条，其中未按时报告 %2 条（红色）。主要负责人应提前 3 天请假（第五十三条）。")
                          .replace("%1", str(len(rows))).replace("%2", str(late)) if rows else tr("没有离永外出登记。"))
        self._selection_changed()

    def selected(self) -> AbsenceRow | None:
        rows = self.table.selectionModel().selectedRows()
        found: AbsenceRow | None = self.model.row_at(rows[0].row()) if rows else None
        return found

    def _selection_changed(self) -> None:
        row = self.selected()
        self.inform_button.setEnabled(row is not None and row.kind is AbsenceKind.VICE_MAYOR_TRIP
                                      and not row.leaders_informed)

    def inform_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        leave, absence_id = self.office.leave, row.id
        def inform() -> None:
            self.runner.run(lambda: leave.inform_leaders(absence_id), on_success=lambda _r: self.refresh(),
                            parent=self.window())

        confirm(self, tr("登记已将 %1 %2至%3外出的情况通报区政府其他领导同志吗？")
                .replace("%1", row.person).replace("%2", day_text(row.leaves_on)).replace("%3", day_text(row.returns_on)),
                yes=tr("已通报"), on_yes=inform)

    def new_item(self) -> None:
        office, today = self.office, self.office.leave.today()
        self.runner.run(lambda: (people_with_posts(office, today, ABSENCE_POSTS), leader_choices(office, today)),
                        on_success=self._open_new, parent=self.window(), label=tr("正在读取名册…"))

    def _open_new(self, loaded: tuple[list[tuple[str, int]], list[tuple[str, int]]]) -> None:
        people, leaders = loaded
        dialog = AbsenceDialog(self.runner, self.office.leave, people, leaders, today=self.office.leave.today(),
                               parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.on_saved = lambda _r: self.refresh()
        dialog.open()
