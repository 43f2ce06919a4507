"""起草纪要: pick a held meeting that has no minutes yet; the service drafts them from the meeting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from core.model.enums import MeetingStatus
from core.office import Office
from core.services.meeting_types import MeetingRow
from gui.columns import cell_date_weekday, fit_columns
from gui.meetings.common import read_only_table
from gui.minutes.common import tr
from gui.ops import OpRunner
from gui.roster.forms import FormDialog
from gui.roster.table import Column, RowsModel


def meetings_without_minutes(office: Office) -> list[MeetingRow]:
    """On the worker: held meetings, newest first, that have no minutes."""
    drafted = {row.meeting_id for row in office.minutes.minutes_list()}
    held = office.meetings.meetings(status=MeetingStatus.HELD)
    return sorted((m for m in held if m.id not in drafted), key=lambda m: (m.day, m.start_time), reverse=True)


class DraftDialog(FormDialog):
    def __init__(self, runner: OpRunner, office: Office, meetings: list[MeetingRow],
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("起草纪要"), tr("起草"), parent)
        self.setObjectName("draftDialog")
        self.setMinimumWidth(640)
        self.office = office
        self.model = RowsModel([
            Column(tr("日期"), lambda m: cell_date_weekday(m.day), sort_key=lambda m: m.day),
            Column(tr("会议"), lambda m: m.name),
            Column(tr("主持"), lambda m: m.presider),
            Column(tr("议题"), lambda m: str(m.topics), sort_key=lambda m: m.topics),
        ], self)
        self.model.set_rows(meetings)
        self.table = read_only_table("heldMeetings", self.model)
        fit_columns(self.table, stretch=1)
        self.table.setMinimumHeight(260)
        self.table.doubleClicked.connect(lambda _i: self.submit())
        if meetings:
            self.table.selectRow(0)
        text = QLabel(tr("选择已召开、尚无纪要的会议。程序按会议的议程和考勤生成初稿（标准表述），再由您修改。")
                      if meetings else tr("没有可起草纪要的会议：会议须先在“会议”中登记为已召开，且尚未起草纪要。"))
        text.setWordWrap(True)
        self.form.addRow(text)
        self.form.addRow(self.table)
        self.ok_button.setEnabled(bool(meetings))

    def chosen(self) -> MeetingRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def problem(self) -> str:
        return "" if self.chosen() is not None else self.refuse(self.table, tr("请选择会议。"))

    def save(self) -> Callable[[], Any]:
        meeting = self.chosen()
        assert meeting is not None
        minutes, meeting_id = self.office.minutes, meeting.id
        return lambda: minutes.draft(meeting_id)
