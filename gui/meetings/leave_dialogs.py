"""登记请假 (art. 44), 批复/报告 (who answered, when, how) and 登记离永外出 (art. 53).
The route of a leave request is the service's: the dialog never guesses it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QRadioButton, QWidget

from core.errors import HuiwuError
from core.model.enums import ApprovalManner, LeaveRoute
from core.services.leave import LeaveService
from core.services.meeting_types import LeaveRouteView, LeaveRow
from gui.meetings.common import day_text, tr
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo, DateEdit, FormDialog, not_before
from gui.topics.action_base import text_box


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #777;")
    return label


def leave_scope(row: LeaveRow, day: Callable[[dt.date], str] = day_text) -> str:
    """The meeting, or the days (`day` writes them: as in a sentence, or as in a list's cell)."""
    if row.meeting:
        return row.meeting
    if row.start == row.end:
        return day(row.start)
    return f"{day(row.start)}至{day(row.end)}"


# A person's route for one meeting, or why they do not ask leave (the mayor, the presider).
Route = LeaveRouteView | str


def routes_for(leave: LeaveService, meeting_id: int, person_ids: Iterable[int]) -> dict[int, Route]:
    """On the worker: each person's route for the meeting, or the service's reason they ask none."""
    out: dict[int, Route] = {}
    for person_id in person_ids:
        try:
            out[person_id] = leave.route(person_id, meeting_id)
        except HuiwuError as refusal:
            out[person_id] = refusal.message
    return out


class LeaveRequestDialog(FormDialog):
    """For one meeting (from its page, or from 3 on its roster: the person chosen), or from the
    register: a meeting or a period. For one meeting the route is shown as soon as the person is
    chosen (`routes`, from LeaveService.route): art. 44's, or office practice where it is silent."""

    def __init__(self, runner: OpRunner, leave: LeaveService, people: Sequence[tuple[str, int]], *,
                 meeting: tuple[int, str] | None = None, meetings: Sequence[tuple[str, int]] = (),
                 today: dt.date, routes: Mapping[int, Route] | None = None, person_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("登记请假"), tr("登记"), parent)
        self.setObjectName("leaveRequestDialog")
        self.setMinimumWidth(560)
        self.leave = leave
        self.meeting = meeting
        self.routes = dict(routes or {})
        self.person_combo = ChoiceCombo([(tr("（请选择）"), None), *people], searchable=True)
        self.person_combo.setObjectName("person")
        self.form.addRow(tr("请假人员："), self.person_combo)
        self.route_label = QLabel()
        self.route_label.setObjectName("route")
        self.route_label.setWordWrap(True)
        if person_id is not None:
            self.person_combo.set_value(person_id)
            self.person_combo.setEnabled(False)  # from the roster: this person's leave
        self._show_route()
        self.meeting_radio = QRadioButton(tr("某次会议"))
        self.meeting_radio.setObjectName("forMeeting")
        self.period_radio = QRadioButton(tr("一段时间内的会议"))
        self.period_radio.setObjectName("forPeriod")
        self.meeting_combo = ChoiceCombo(meetings)
        self.meeting_combo.setObjectName("meeting")
        self.start_edit = DateEdit(today)
        self.start_edit.setObjectName("start")
        self.end_edit = DateEdit(today)
        self.end_edit.setObjectName("end")
        not_before(self.end_edit, self.start_edit, tr("请假结束日期不能早于开始日期"))
        if meeting is not None:
            self.form.addRow(tr("会议："), QLabel(meeting[1]))
            self.form.addRow(tr("请假途径："), self.route_label)
            self.person_combo.currentIndexChanged.connect(lambda _i: self._show_route())
        else:
            group = QButtonGroup(self)
            choose = QWidget()
            row = QHBoxLayout(choose)
            row.setContentsMargins(0, 0, 0, 0)
            for radio in (self.meeting_radio, self.period_radio):
                group.addButton(radio)
                row.addWidget(radio)
                radio.toggled.connect(lambda _on: self._scope_changed())
            row.addStretch(1)
            period = QWidget()
            dates = QHBoxLayout(period)
            dates.setContentsMargins(0, 0, 0, 0)
            dates.addWidget(self.start_edit)
            dates.addWidget(QLabel(tr("至")))
            dates.addWidget(self.end_edit)
            dates.addStretch(1)
            self.form.addRow(tr("请假范围："), choose)
            self.form.addRow(tr("会议："), self.meeting_combo)
            self.form.addRow(tr("起止日期："), period)
            (self.meeting_radio if meetings else self.period_radio).setChecked(True)
            self._scope_changed()
        self.reason_edit = text_box(tr("如：赴市里参加专题培训"), 60)
        self.reason_edit.setObjectName("reason")
        self.on_behalf_edit = QLineEdit()
        self.on_behalf_edit.setObjectName("onBehalfOf")
        self.on_behalf_edit.setMaxLength(100)
        self.on_behalf_edit.setPlaceholderText(tr("代为转达请假的人员，如“区交通局办公室 王某”，可不填"))
        self.form.addRow(tr("请假事由："), self.reason_edit)
        self.form.addRow(tr("转达人："), self.on_behalf_edit)
        self.form.addRow(hint(tr("请假途径由程序按《工作规则》第四十四条确定（规则未作规定的按办公室惯例，并注明），"
                                 "登记后在列表中显示。")
                              + (tr("登记后该人员在参会名单上显示本请假；会议当天起标为“请假”。")
                                 if meeting is not None else "")))

    def _route(self) -> Route | None:
        person = self.person_combo.value()
        return self.routes.get(person) if person is not None else None

    def _show_route(self) -> None:
        route = self._route()
        if route is None:
            self.route_label.setText(tr("（选择请假人员后显示）"))
            self.route_label.setStyleSheet("color: #777;")
        elif isinstance(route, str):  # this person does not ask leave: the reason, as the service says it
            self.route_label.setText(route)
            self.route_label.setStyleSheet("color: #b71c1c;")
        else:
            self.route_label.setText(route.text)
            self.route_label.setStyleSheet("font-weight: bold;")

    def _scope_changed(self) -> None:
        by_meeting = self.meeting_radio.isChecked()
        self.meeting_combo.setEnabled(by_meeting)
        self.start_edit.setEnabled(not by_meeting)
        self.end_edit.setEnabled(not by_meeting)

    def problem(self) -> str:
        if self.person_combo.value() is None:
            return self.refuse(self.person_combo, tr("请选择请假人员。"))
        route = self._route()
        if isinstance(route, str):
            return self.refuse(self.person_combo, route)
        if self.meeting is None and self.meeting_radio.isChecked() and self.meeting_combo.value() is None:
            return self.refuse(self.meeting_combo, tr("请选择会议。"))
        if not self.reason_edit.toPlainText().strip():
            return self.refuse(self.reason_edit, tr("请填写请假事由。"))
        return ""

    def save(self) -> Callable[[], Any]:
        leave, person_id = self.leave, self.person_combo.value()
        values: dict[str, Any] = dict(reason=self.reason_edit.toPlainText(), on_behalf_of=self.on_behalf_edit.text())
        if self.meeting is not None:
            values["meeting_id"] = self.meeting[0]
        elif self.meeting_radio.isChecked():
            values["meeting_id"] = self.meeting_combo.value()
        else:
            values.update(start=self.start_edit.day(), end=self.end_edit.day())
        return lambda: leave.request(person_id, **values)


class DecideDialog(FormDialog):
    """The mayor's (or presider's) answer; where the office only reports, the report."""

    def __init__(self, runner: OpRunner, leave: LeaveService, row: LeaveRow, *, today: dt.date,
                 parent: QWidget | None = None) -> None:
        self.reported = row.route is LeaveRoute.OFFICE_REPORTS_TO_MAYOR
        super().__init__(runner, tr("登记报告情况") if self.reported else tr("登记批复"), tr("保存"), parent)
        self.setObjectName("decideDialog")
        self.setMinimumWidth(520)
        self.leave = leave
        self.row = row
        self.form.addRow(tr("请假人员："), QLabel(row.person))
        self.form.addRow(tr("会议或期间："), QLabel(leave_scope(row)))
        reason = QLabel(row.reason)
        reason.setWordWrap(True)
        self.form.addRow(tr("请假事由："), reason)
        route = QLabel(row.route_text)
        route.setObjectName("route")
        route.setWordWrap(True)
        route.setStyleSheet("font-weight: bold;")
        self.form.addRow(tr("请假途径："), route)
        self.granted_radio = QRadioButton(tr("已向区长报告") if self.reported else tr("准假"))
        self.granted_radio.setObjectName("granted")
        self.granted_radio.setChecked(True)
        self.declined_radio = QRadioButton(tr("不准假"))
        self.declined_radio.setObjectName("declined")
        answer = QWidget()
        answer_row = QHBoxLayout(answer)
        answer_row.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(self)
        for radio in (self.granted_radio, self.declined_radio):
            group.addButton(radio)
            answer_row.addWidget(radio)
        answer_row.addStretch(1)
        self.declined_radio.setVisible(not self.reported)
        self.form.addRow(tr("报告情况：") if self.reported else tr("批复结果："), answer)
        self.date_edit = DateEdit(today)
        self.date_edit.setObjectName("decidedOn")
        self.date_edit.set_latest(today, tr("报告日期不能晚于今天") if self.reported else tr("批复日期不能晚于今天"))
        self.form.addRow(tr("报告日期：") if self.reported else tr("批复日期："), self.date_edit)
        self.manner_combo = ChoiceCombo([(m.value, m) for m in ApprovalManner])
        self.manner_combo.setObjectName("manner")
        self.form.addRow(tr("方式："), self.manner_combo)
        who = (tr("程序记录报告对象为区长。") if self.reported
               else tr("程序记录批复人为区长；专题会议为主持会议的区政府领导。"))
        self.form.addRow(hint(who + (tr("登记后") if self.reported else tr("准假后"))
                              + tr("，该人员在所涉会议名单上自动标为“请假”。")))

    def save(self) -> Callable[[], Any]:
        leave, leave_id = self.leave, self.row.id
        granted, day, manner = self.granted_radio.isChecked(), self.date_edit.day(), self.manner_combo.value()
        return lambda: leave.decide(leave_id, granted=granted, decided_on=day, manner=manner)


class AbsenceDialog(FormDialog):
    def __init__(self, runner: OpRunner, leave: LeaveService, people: Sequence[tuple[str, int]],
                 leaders: Sequence[tuple[str, int]], *, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("登记离永外出"), tr("登记"), parent)
        self.setObjectName("absenceDialog")
        self.setMinimumWidth(580)
        self.leave = leave
        self.form.addRow(hint(tr("副区长出访、出差和休假，事先报告区长，由区政府办公室通报其他领导；"
                                 "镇街、部门主要负责人离永外出，提前 3 天向区政府请假并明确主持工作的负责人"
                                 "（依据《工作规则》第五十三条）。晚于规定时间的照常登记，并标为“未按时报告”。")))
        self.person_combo = ChoiceCombo([(tr("（请选择）"), None), *people], searchable=True)
        self.person_combo.setObjectName("person")
        self.leaves_edit = DateEdit(today)
        self.leaves_edit.setObjectName("leavesOn")
        self.returns_edit = DateEdit(today)
        self.returns_edit.setObjectName("returnsOn")
        not_before(self.returns_edit, self.leaves_edit, tr("返回日期不能早于离开日期"))
        self.requested_edit = DateEdit(today)
        self.requested_edit.setObjectName("requestedOn")
        self.requested_edit.set_latest(today, tr("报告或请假日期不能晚于今天"))
        self.destination_edit = QLineEdit()
        self.destination_edit.setObjectName("destination")
        self.destination_edit.setMaxLength(200)
        self.destination_edit.setPlaceholderText(tr("如：北京"))
        self.reason_edit = text_box(tr("如：参加全国交通运输工作会议"), 56)
        self.reason_edit.setObjectName("reason")
        self.acting_edit = QLineEdit()
        self.acting_edit.setObjectName("actingHead")
        self.acting_edit.setMaxLength(100)
        self.acting_edit.setPlaceholderText(tr("主要负责人外出时必填，如“副局长 王某”"))
        self.approver_combo = ChoiceCombo([(tr("（未记录）"), None), *leaders])
        self.approver_combo.setObjectName("approvedBy")
        self.form.addRow(tr("人员："), self.person_combo)
        self.form.addRow(tr("离开日期："), self.leaves_edit)
        self.form.addRow(tr("返回日期："), self.returns_edit)
        self.form.addRow(tr("报告或请假日期："), self.requested_edit)
        self.form.addRow(tr("去向："), self.destination_edit)
        self.form.addRow(tr("事由："), self.reason_edit)
        self.form.addRow(tr("主持工作的负责人："), self.acting_edit)
        self.form.addRow(tr("批准的领导："), self.approver_combo)

    def problem(self) -> str:
        if self.person_combo.value() is None:
            return self.refuse(self.person_combo, tr("请选择人员。"))
        if self.returns_edit.day() < self.leaves_edit.day():
            return tr("返回日期不能早于离开日期。")
        return ""

    def save(self) -> Callable[[], Any]:
        leave, person_id = self.leave, self.person_combo.value()
        values: dict[str, Any] = dict(
            leaves_on=self.leaves_edit.day(), returns_on=self.returns_edit.day(),
            requested_on=self.requested_edit.day(), destination=self.destination_edit.text(),
            reason=self.reason_edit.toPlainText(), acting_head=self.acting_edit.text(),
            approved_by_id=self.approver_combo.value())
        return lambda: leave.record_absence(person_id, **values)
