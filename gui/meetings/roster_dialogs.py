"""Dialogs of the roster: a person added by hand (with the reason), the time a late arrival came,
and who attended for an observer unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QLabel, QLineEdit, QTimeEdit, QWidget

from core.model.enums import Attendance, RosterRole
from core.services.meeting_types import RosterRow
from core.services.meetings import MeetingService
from core.services.roster_types import PersonRow
from gui.meetings.common import tr
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo, FormDialog
from gui.topics.action_base import text_box


class AddPersonDialog(FormDialog):
    def __init__(self, runner: OpRunner, meetings: MeetingService, meeting_id: int, people: list[PersonRow],
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("增加参会人员"), tr("增加"), parent)
        self.setObjectName("addPersonDialog")
        self.meetings = meetings
        self.meeting_id = meeting_id
        items: list[tuple[str, Any]] = [(tr("（名册以外的人员，在下面填写姓名和职务）"), None)]
        items += [(f"{p.name}（{p.posts}）" if p.posts else p.name, p.id) for p in people]
        self.person_combo = ChoiceCombo(items, searchable=True)
        self.person_combo.setObjectName("person")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        self.name_edit.setMaxLength(100)
        self.post_edit = QLineEdit()
        self.post_edit.setObjectName("post")
        self.post_edit.setMaxLength(100)
        self.post_edit.setPlaceholderText(tr("如：区人大常委会副主任"))
        self.role_combo = ChoiceCombo([(r.value, r) for r in RosterRole])
        self.role_combo.setObjectName("role")
        self.role_combo.set_value(RosterRole.INVITEE)
        self.reason_edit = text_box(tr("如：区长指示邀请出席"), 60)
        self.reason_edit.setObjectName("reason")
        self.form.addRow(tr("人员："), self.person_combo)
        self.form.addRow(tr("姓名："), self.name_edit)
        self.form.addRow(tr("单位及职务："), self.post_edit)
        self.form.addRow(tr("类别："), self.role_combo)
        self.form.addRow(tr("理由："), self.reason_edit)
        self.person_combo.currentIndexChanged.connect(lambda _i: self._person_changed())
        self._person_changed()

    def _person_changed(self) -> None:
        outside = self.person_combo.currentIndex() == 0
        self.name_edit.setEnabled(outside)
        self.post_edit.setEnabled(outside)

    def problem(self) -> str:
        if self.person_combo.currentIndex() != 0 and self.person_combo.value() is None:
            return self.refuse(self.person_combo, tr("请从列表中选择人员。"))
        if self.person_combo.currentIndex() == 0 and not self.name_edit.text().strip():
            return self.refuse(self.name_edit, tr("请填写姓名。"))
        if not self.reason_edit.toPlainText().strip():
            return self.refuse(self.reason_edit, tr("手工调整名单须写明理由。"))
        return ""

    def save(self) -> Callable[[], Any]:
        meetings, meeting_id = self.meetings, self.meeting_id
        values: dict[str, Any] = dict(role=self.role_combo.value(), reason=self.reason_edit.toPlainText(),
                                      person_id=self.person_combo.value())
        if values["person_id"] is None:
            values.update(name=self.name_edit.text(), post_text=self.post_edit.text())
        return lambda: meetings.add_to_roster(meeting_id, **values)


class LateDialog(FormDialog):
    def __init__(self, runner: OpRunner, meetings: MeetingService, entry: RosterRow, *, now: dt.time,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("迟到"), tr("登记迟到"), parent)
        self.setObjectName("lateDialog")
        self.setMinimumWidth(360)
        self.meetings = meetings
        self.entry = entry
        self.form.addRow(QLabel(tr("%1 迟到，到会时间：").replace("%1", entry.name)))
        self.time_edit = QTimeEdit(QTime(now.hour, now.minute))
        self.time_edit.setObjectName("lateAt")
        self.time_edit.setDisplayFormat("HH:mm")
        self.form.addRow(tr("到会时间："), self.time_edit)

    def save(self) -> Callable[[], Any]:
        t = self.time_edit.time()
        meetings, entry_id, late_at = self.meetings, self.entry.id, dt.time(t.hour(), t.minute())
        return lambda: meetings.mark(entry_id, Attendance.LATE, late_at=late_at)


class SubstituteDialog(FormDialog):
    def __init__(self, runner: OpRunner, meetings: MeetingService, entry: RosterRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("代为出席"), tr("登记"), parent)
        self.setObjectName("substituteDialog")
        self.meetings = meetings
        self.entry = entry
        note = QLabel(tr("代 %1（%2）出席的人员：").replace("%1", entry.name).replace("%2", entry.post_text or entry.role.value))
        note.setWordWrap(True)
        self.form.addRow(note)
        self.name_edit = QLineEdit(entry.substitute_name)
        self.name_edit.setObjectName("substituteName")
        self.name_edit.setMaxLength(100)
        self.post_edit = QLineEdit(entry.substitute_post)
        self.post_edit.setObjectName("substitutePost")
        self.post_edit.setMaxLength(100)
        self.post_edit.setPlaceholderText(tr("如：区交通局副局长"))
        self.form.addRow(tr("姓名："), self.name_edit)
        self.form.addRow(tr("职务："), self.post_edit)

    def problem(self) -> str:
        if not self.name_edit.text().strip() or not self.post_edit.text().strip():
            return self.refuse(self.post_edit if self.name_edit.text().strip() else self.name_edit,
                               tr("请填写代为出席人员的姓名和职务。"))
        return ""

    def save(self) -> Callable[[], Any]:
        meetings, entry_id, name, post = self.meetings, self.entry.id, self.name_edit.text(), self.post_edit.text()
        return lambda: meetings.mark(entry_id, Attendance.SUBSTITUTE, substitute_name=name, substitute_post=post)
