"""The meeting page: what, when, where and who presides (with the delegation it rests on), then
the agenda, the roster with attendance, the leave requests, and the documents."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from core.model.enums import MeetingStatus
from core.office import Office
from core.services.meeting_types import LeaveRow, MeetingDetail
from gui import roles
from gui.meetings.agenda_panel import AgendaPanel
from gui.meetings.common import KIND_COLORS, STATUS_COLORS, day_with_weekday, time_text, tr
from gui.meetings.documents_panel import DocumentsPanel
from gui.meetings.edit_meeting_dialog import EditMeetingDialog
from gui.meetings.leave_dialogs import LeaveRequestDialog, Route, routes_for
from gui.meetings.leave_list import LeaveList
from gui.meetings.new_meeting_dialog import leader_choices
from gui.meetings.reason_dialog import ReasonDialog
from gui.meetings.roster_panel import MARKABLE, RosterPanel
from gui.messages import confirm
from gui.ops import OpRunner


@dataclass(frozen=True)
class Loaded:
    detail: MeetingDetail
    leaves: list[LeaveRow]


def load(office: Office, meeting_id: int) -> Loaded:
    """On the worker: the meeting, its own leave requests and the period requests covering its day."""
    detail = office.meetings.detail(meeting_id)
    own = office.leave.leaves(meeting_id=meeting_id)
    covering = [r for r in office.leave.leaves(start=detail.day, end=detail.day) if r.meeting_id is None]
    return Loaded(detail, own + covering)


class MeetingWindow(QDialog):
    #: the meeting changed (the list reloads); carries the meeting id
    changed = Signal(int)

    def __init__(self, office: Office, runner: OpRunner, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingWindow")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowFlag(Qt.WindowType.WindowMinimizeButtonHint, True)
        self.office = office
        self.runner = runner
        self.meeting_id = meeting_id
        self.detail: MeetingDetail | None = None
        self.setWindowTitle(tr("会议"))
        self.resize(1180, 760)

        self.title_label = QLabel()
        self.title_label.setObjectName("title")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.facts_label = QLabel()
        self.facts_label.setObjectName("facts")
        self.facts_label.setWordWrap(True)
        self.facts_label.setTextFormat(Qt.TextFormat.RichText)
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.edit_button = QPushButton(tr("修改会议…"))
        self.edit_button.setObjectName("editMeeting")
        self.edit_button.clicked.connect(self.edit_meeting)
        self.held_button = QPushButton(tr("登记为已召开"))
        self.held_button.setObjectName("markHeld")
        self.held_button.clicked.connect(self.mark_held)
        self.postpone_button = QPushButton(tr("延期…"))
        self.postpone_button.setObjectName("postpone")
        self.postpone_button.clicked.connect(lambda: self.close_meeting(cancel=False))
        self.cancel_button = QPushButton(tr("取消会议…"))
        self.cancel_button.setObjectName("cancelMeeting")
        self.cancel_button.clicked.connect(lambda: self.close_meeting(cancel=True))
        head = QHBoxLayout()
        texts = QVBoxLayout()
        texts.addWidget(self.title_label)
        texts.addWidget(self.facts_label)
        head.addLayout(texts, 1)
        for button in (self.edit_button, self.held_button, self.postpone_button, self.cancel_button):
            head.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        roles.allow(office, "workflow", self.edit_button, self.held_button, self.postpone_button, self.cancel_button)

        self.agenda = AgendaPanel(office, runner)
        self.roster = RosterPanel(office, runner)
        self.leaves = LeaveList(office, runner)
        self.leaves.setObjectName("meetingLeaves")
        self.documents = DocumentsPanel(office, runner, meeting_id)
        for panel in (self.agenda, self.roster, self.leaves):
            panel.changed.connect(self._changed)
        self.leaves.request_wanted.connect(self.request_leave)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("meetingTabs")
        self.tabs.addTab(self.agenda, tr("议程"))
        self.tabs.addTab(self.roster, tr("参会名单与考勤"))
        self.tabs.addTab(self.leaves, tr("请假"))
        self.tabs.addTab(self.documents, tr("会议文件"))
        self.tabs.currentChanged.connect(lambda _i: self._tab_shown())

        close_button = QPushButton(tr("关闭"))
        close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.reload()

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        office, meeting_id = self.office, self.meeting_id
        self.runner.run(lambda: load(office, meeting_id), on_success=self.show_loaded, parent=self,
                        label=tr("正在读取会议…"))

    def show_loaded(self, loaded: Loaded) -> None:
        d = self.detail = loaded.detail
        self.setWindowTitle(d.name)
        self.title_label.setText(d.name)
        self.facts_label.setText(self._facts(d))
        planned = d.status is MeetingStatus.PLANNED
        for button in (self.edit_button, self.held_button, self.postpone_button, self.cancel_button):
            button.setEnabled(planned)
        if d.day > self.office.meetings.today():
            self.held_button.setEnabled(False)
            self.held_button.setToolTip(tr("会议日期尚未到，不能登记为已召开"))
        else:
            self.held_button.setToolTip("")
        self.agenda.show_detail(d)
        self.roster.show_detail(d)
        self.leaves.set_rows(loaded.leaves)
        self.leaves.request_button.setEnabled(d.status in MARKABLE)  # also after the day: leave asked on it
        self.documents.meeting_name = d.name
        self.tabs.setTabText(0, tr("议程（%1）").replace("%1", str(len(d.agenda))))
        self.tabs.setTabText(1, tr("参会名单与考勤（%1）").replace("%1", str(len(d.roster))))
        self.tabs.setTabText(2, tr("请假（%1）").replace("%1", str(len(loaded.leaves))))

    def _facts(self, d: MeetingDetail) -> str:
        status = f'<span style="color:{STATUS_COLORS[d.status]}; font-weight:bold;">{d.status.value}</span>'
        kind = f'<span style="color:{KIND_COLORS[d.kind]};">{d.kind.value}</span>'
        when = f"{day_with_weekday(d.day)} {time_text(d.start_time)}"
        place = d.place + (tr("（视频会议）") if d.video_conference else "")
        lines = ["　·　".join((status, kind, when, place)),
                 tr("主持：%1").replace("%1", _html(d.presider_label))]
        if d.convener_id != d.presider_id:
            lines[-1] += "　" + tr("召集：%1").replace("%1", _html(d.convener))
        if d.note:
            lines.append(tr("备注：%1").replace("%1", _html(d.note)))
        return "<br>".join(lines)

    def _tab_shown(self) -> None:
        if self.tabs.currentWidget() is self.roster:
            self.roster.table.setFocus()  # the number keys mark at once

    def _changed(self) -> None:
        self.reload()
        self.changed.emit(self.meeting_id)

    # --- the meeting as a whole ---------------------------------------------------------------

    def edit_meeting(self) -> None:
        if self.detail is None:
            return
        office, day = self.office, self.detail.day
        self.runner.run(lambda: leader_choices(office, day), on_success=self._open_edit, parent=self,
                        label=tr("正在读取名册…"))

    def _open_edit(self, leaders: list[tuple[str, int]]) -> None:
        assert self.detail is not None
        dialog = EditMeetingDialog(self.office, self.runner, leaders, self.detail, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.on_saved = lambda _r: self._changed()
        dialog.open()

    def mark_held(self) -> None:
        if self.detail is None:
            return
        meetings, meeting_id = self.office.meetings, self.meeting_id
        def held() -> None:
            self.runner.run(lambda: meetings.mark_held(meeting_id), on_success=lambda _r: self._changed(),
                            parent=self)

        confirm(self, tr("登记%1已召开吗？登记后议程不能再修改。").replace("%1", self.detail.name),
                yes=tr("登记为已召开"), on_yes=held)

    def close_meeting(self, *, cancel: bool) -> None:
        if self.detail is None:
            return
        meetings, meeting_id, name = self.office.meetings, self.meeting_id, self.detail.name
        what = tr("取消") if cancel else tr("延期")
        act = ((lambda reason: meetings.cancel(meeting_id, reason=reason)) if cancel
               else (lambda reason: meetings.postpone(meeting_id, reason=reason)))
        dialog = ReasonDialog(
            self.runner, title=tr("%1会议").replace("%1", what), ok_text=tr("%1会议").replace("%1", what),
            what=tr("%1%2。议程上的 %3 个议题将回到议题库（仍为“已确定上会”），可安排到其他会议；议程作为历史保留。")
            .replace("%1", what).replace("%2", name).replace("%3", str(len(self.detail.agenda))),
            question=tr("确定%1%2吗？此操作不能撤销。").replace("%1", what).replace("%2", name),
            act=act, reason_label=tr("%1理由：").replace("%1", what), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.on_saved = lambda _r: self._changed()
        dialog.open()

    def request_leave(self) -> None:
        """登记请假…: anyone on the roster; each person's route is read first, so the form shows it."""
        if self.detail is None:
            return
        leave, meeting_id = self.office.leave, self.detail.id
        people = [(f"{r.name}（{r.post_text or r.role.value}）", r.person_id) for r in self.detail.roster
                  if r.person_id is not None]
        ids = [pid for _label, pid in people]
        self.runner.run(lambda: routes_for(leave, meeting_id, ids), on_success=lambda routes: self._open_leave(
            people, routes), parent=self, label=tr("正在读取请假途径…"))

    def _open_leave(self, people: list[tuple[str, int]], routes: dict[int, Route]) -> None:
        assert self.detail is not None
        dialog = LeaveRequestDialog(self.runner, self.office.leave, people,
                                    meeting=(self.detail.id, self.detail.name), today=self.office.leave.today(),
                                    routes=routes, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if not people:
            dialog.error.setText(tr("名单为空：请先在“参会名单与考勤”中生成名单，再登记请假。"))
        dialog.on_saved = lambda _r: self._changed()
        dialog.open()

    # --- closing ------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        self.documents.remove_files()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.documents.remove_files()
        super().closeEvent(event)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

