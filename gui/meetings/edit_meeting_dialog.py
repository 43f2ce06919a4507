"""修改会议: the new-meeting form filled with a planned meeting; the kind stays. The service checks
the presider again (a changed date may fall outside a delegation) and the number's uniqueness."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QWidget

from core.model.enums import MeetingKind
from core.office import Office
from core.services.meeting_types import MeetingDetail
from gui.meetings.common import tr
from gui.meetings.new_meeting_dialog import NewMeetingDialog
from gui.ops import OpRunner


class EditMeetingDialog(NewMeetingDialog):
    proposes_number = False

    def __init__(self, office: Office, runner: OpRunner, leaders: list[tuple[str, int]], detail: MeetingDetail,
                 parent: QWidget | None = None) -> None:
        super().__init__(office, runner, leaders, day=detail.day, kind=detail.kind, parent=parent,
                         title=tr("修改会议"), ok_text=tr("保存"))
        self.setObjectName("editMeetingDialog")
        self.detail = detail
        self.kind_combo.setEnabled(False)
        self.number_spin.setValue(detail.number)
        self.number_hint.setText(tr("期数须在本届%1中不重复").replace("%1", detail.kind.value))
        self.time_edit.setTime(QTime(detail.start_time.hour, detail.start_time.minute))
        self.place_edit.setText(detail.place)
        # a leader no longer in post stays shown as recorded, never silently replaced
        for combo, person_id, name in ((self.presider_combo, detail.presider_id, detail.presider),
                                       (self.convener_combo, detail.convener_id, detail.convener)):
            if combo.findData(person_id) < 0:
                combo.addItem(name, person_id)
        self.presider_combo.set_value(detail.presider_id)
        if detail.convener_id != detail.presider_id:
            self.convener_combo.set_value(detail.convener_id)
        self.title_edit.setText(detail.title)
        self.video_box.setChecked(detail.video_conference)
        self.note_edit.setPlainText(detail.note)
        self._day_changed()  # again, now that the meeting itself is known and left out

    def save(self) -> Callable[[], Any]:
        values = self.values()
        if values["convener_id"] is None:
            values["convener_id"] = values["presider_id"]
        if self.kind() is not MeetingKind.THEMATIC:
            del values["title"]
        meetings, meeting_id = self.meetings, self.detail.id
        return lambda: meetings.update(meeting_id, **values)
