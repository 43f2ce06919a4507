"""新建会议: kind, number (proposed per kind, editable), date and time, place, who convenes and
presides, the subject of a thematic meeting, video conference. The service checks who may
preside (arts. 5, 38–41); its refusal is shown with the article and the dialog stays open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QSpinBox, QTimeEdit, QWidget

from core.model.enums import MeetingKind, Post
from core.office import Office
from gui.meetings.common import tr
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo, DateEdit, FormDialog
from gui.topics.action_base import text_box

LEADER_POSTS = (Post.MAYOR, Post.EXECUTIVE_VICE_MAYOR, Post.VICE_MAYOR)

# Who presides, shown under the presider field (RULES.md, Meeting kinds).
PRESIDER_HINTS = {
    MeetingKind.PLENARY: "全体会议由区长召集和主持（第三十八条）",
    MeetingKind.EXECUTIVE: "常务会议由区长召集和主持；区长委托时由常务副区长召集和主持（第三十九条、第五条）",
    MeetingKind.MAYOR_OFFICE: "区长办公会议由区长召集和主持；区长委托时由常务副区长召集和主持（第四十条、第五条）",
    MeetingKind.THEMATIC: "专题会议由区长或副区长召集和主持（第四十一条）",
}


def leader_choices(office: Office, day: dt.date) -> list[tuple[str, int]]:
    """On the worker: the mayor and vice mayors on the day, mayor first, as combo items."""
    order = {post: i for i, post in enumerate(LEADER_POSTS)}
    found: dict[int, tuple[int, str]] = {}
    for a in office.roster.appointments(on=day):
        if a.post in order:
            rank = order[a.post]
            if a.person_id not in found or rank < found[a.person_id][0]:
                found[a.person_id] = (rank, f"{a.person_name}（{a.post.label}）")
    return [(label, pid) for pid, (_rank, label) in sorted(found.items(), key=lambda item: item[1][0])]


class NewMeetingDialog(FormDialog):
    #: whether a change of kind proposes the next number (not when editing a meeting)
    proposes_number = True

    def __init__(self, office: Office, runner: OpRunner, leaders: list[tuple[str, int]], *,
                 day: dt.date | None = None, kind: MeetingKind = MeetingKind.EXECUTIVE,
                 parent: QWidget | None = None, title: str = "", ok_text: str = "") -> None:
        super().__init__(runner, title or tr("新建会议"), ok_text or tr("新建"), parent)
        self.setObjectName("newMeetingDialog")
        self.setMinimumWidth(620)
        self.meetings = office.meetings
        self._generation = 0

        self.kind_combo = ChoiceCombo([(k.value, k) for k in MeetingKind])
        self.kind_combo.setObjectName("kind")
        self.number_spin = QSpinBox()
        self.number_spin.setObjectName("number")
        self.number_spin.setRange(1, 99999)
        self.number_spin.setPrefix(tr("第 "))
        self.number_spin.setSuffix(tr(" 次"))
        self.number_hint = QLabel()
        self.number_hint.setObjectName("numberHint")
        self.number_hint.setStyleSheet("color: #777;")
        self.date_edit = DateEdit(day or office.meetings.today())
        self.date_edit.setObjectName("day")
        self.same_day = QLabel()
        self.same_day.setObjectName("sameDay")
        self.same_day.setWordWrap(True)
        self.same_day.setStyleSheet("color: #b26a00;")
        self._day_generation = 0
        self.time_edit = QTimeEdit(QTime(9, 0))
        self.time_edit.setObjectName("time")
        self.time_edit.setDisplayFormat("HH:mm")
        self.place_edit = QLineEdit()
        self.place_edit.setObjectName("place")
        self.place_edit.setMaxLength(200)
        self.place_edit.setPlaceholderText(tr("如：区政府第一会议室"))
        self.presider_combo = ChoiceCombo(leaders)
        self.presider_combo.setObjectName("presider")
        self.presider_hint = QLabel()
        self.presider_hint.setObjectName("presiderHint")
        self.presider_hint.setWordWrap(True)
        self.presider_hint.setStyleSheet("color: #777;")
        self.convener_label = QLabel(tr("召集人："))
        self.convener_combo = ChoiceCombo([(tr("（同主持人）"), None), *leaders])
        self.convener_combo.setObjectName("convener")
        self.title_label = QLabel(tr("会议主题："))
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("title")
        self.title_edit.setMaxLength(200)
        self.title_edit.setPlaceholderText(tr("专题会议的主题，如：城区交通综合治理"))
        self.video_box = QCheckBox(tr("以视频会议形式召开"))
        self.video_box.setObjectName("video")
        self.note_edit = text_box(tr("可不填"), 56)
        self.note_edit.setObjectName("note")
        if not leaders:
            self.error.setText(tr("名册中当天没有区长或副区长，无法选择主持人。请先在“人员与单位”中登记任职。"))

        self.form.addRow(tr("会议类型："), self.kind_combo)
        self.form.addRow(tr("期数："), self.number_spin)
        self.form.addRow("", self.number_hint)
        self.form.addRow(tr("日期："), self.date_edit)
        self.form.addRow("", self.same_day)
        self.form.addRow(tr("时间："), self.time_edit)
        self.form.addRow(tr("地点："), self.place_edit)
        self.form.addRow(tr("主持人："), self.presider_combo)
        self.form.addRow("", self.presider_hint)
        self.form.addRow(self.convener_label, self.convener_combo)
        self.form.addRow(self.title_label, self.title_edit)
        self.form.addRow("", self.video_box)
        self.form.addRow(tr("备注："), self.note_edit)

        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.kind_combo.set_value(kind)
        self._kind_changed()
        self.date_edit.dateChanged.connect(lambda _d: self._day_changed())
        self._day_changed()

    def _day_changed(self) -> None:
        """Say which meetings that day already has (two meetings need the same leaders)."""
        self._day_generation += 1
        generation, meetings, day = self._day_generation, self.meetings, self.date_edit.day()
        own = getattr(self, "detail", None)

        def arrived(rows: Any) -> None:
            if generation != self._day_generation or not shiboken6.isValid(self):
                return
            others = [f"{r.start_time:%H:%M} {r.name}" for r in rows if own is None or r.id != own.id]
            self.same_day.setText(tr("当天已安排：%1").replace("%1", "；".join(others)) if others else "")
            self.same_day.setVisible(bool(others))

        self.runner.run(lambda: meetings.meetings(start=day, end=day), on_success=arrived, parent=self)

    def kind(self) -> MeetingKind:
        value = self.kind_combo.value()
        assert isinstance(value, MeetingKind)
        return value

    def _kind_changed(self) -> None:
        kind = self.kind()
        thematic = kind is MeetingKind.THEMATIC
        for widget in (self.convener_label, self.convener_combo, self.title_label, self.title_edit):
            widget.setVisible(thematic)
        self.presider_hint.setText(tr(PRESIDER_HINTS[kind]))
        if not self.proposes_number:
            return
        self._generation += 1
        generation, meetings = self._generation, self.meetings

        def proposed(number: Any) -> None:
            if generation == self._generation and shiboken6.isValid(self):
                self.number_spin.setValue(int(number))
                self.number_hint.setText(tr("建议期数：%1（本届%2的下一期，可修改）")
                                         .replace("%1", str(number)).replace("%2", kind.value))

        self.runner.run(lambda: meetings.propose_number(kind), on_success=proposed, parent=self)

    def problem(self) -> str:
        if self.presider_combo.value() is None:
            return self.refuse(self.presider_combo, tr("请选择主持人。"))
        if not self.place_edit.text().strip():
            return self.refuse(self.place_edit, tr("请填写会议地点。"))
        if self.kind() is MeetingKind.THEMATIC and not self.title_edit.text().strip():
            return self.refuse(self.title_edit, tr("请填写专题会议的主题。"))
        return ""

    def values(self) -> dict[str, Any]:
        thematic = self.kind() is MeetingKind.THEMATIC
        t = self.time_edit.time()
        return {
            "day": self.date_edit.day(),
            "start_time": dt.time(t.hour(), t.minute()),
            "place": self.place_edit.text(),
            "presider_id": self.presider_combo.value(),
            "convener_id": self.convener_combo.value() if thematic else None,
            "number": self.number_spin.value(),
            "title": self.title_edit.text() if thematic else "",
            "video_conference": self.video_box.isChecked(),
            "note": self.note_edit.toPlainText(),
        }

    def save(self) -> Callable[[], Any]:
        kind, values, meetings = self.kind(), self.values(), self.meetings
        return lambda: meetings.create(kind, **values)
