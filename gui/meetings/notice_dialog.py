"""登记通知印发: the day the meeting's notice went out, recorded with the meeting (会议.印发通知)
so that every later printing of the notice carries it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from core.services.meeting_types import MeetingDetail
from core.services.meetings import MeetingService
from gui.meetings.common import day_text, tr
from gui.meetings.leave_dialogs import hint
from gui.ops import OpRunner
from gui.roster.forms import DateEdit, FormDialog


class NoticeIssuedDialog(FormDialog):
    def __init__(self, runner: OpRunner, meetings: MeetingService, detail: MeetingDetail, *, today: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("登记通知印发"), tr("登记"), parent)
        self.setObjectName("noticeIssuedDialog")
        self.meetings = meetings
        self.detail = detail
        self.form.addRow(tr("会议："), QLabel(detail.name))
        latest = min(today, detail.day)
        self.date_edit = DateEdit(detail.notice_issued_on or latest)
        self.date_edit.setObjectName("issuedOn")
        self.date_edit.set_latest(latest, tr("通知印发日期不能晚于今天") if today <= detail.day else
                                  tr("通知印发日期不能晚于会议日期（%1）").replace("%1", day_text(detail.day)))
        self.form.addRow(tr("印发日期："), self.date_edit)
        if detail.notice_issued_on is not None:
            self.form.addRow(hint(tr("已登记的印发日期为%1；再次登记即更正，通知按最新登记的日期落款。")
                                  .replace("%1", day_text(detail.notice_issued_on))))
        else:
            self.form.addRow(hint(tr("登记后，通知无论何时打印，都以印发日期落款。")))

    def save(self) -> Callable[[], Any]:
        meetings, meeting_id, day = self.meetings, self.detail.id, self.date_edit.day()
        return lambda: meetings.record_notice_issued(meeting_id, day)
