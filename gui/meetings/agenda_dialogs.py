"""列入议题 (a topic from the pool of confirmed topics of the meeting's kind) and 修改议程 (time,
reporting unit, observer units of one agenda item)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QSpinBox, QVBoxLayout, QWidget

from core.services.meeting_types import AgendaRow, MeetingDetail
from core.services.meetings import MeetingService
from gui.meetings.common import tr
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo, FormDialog
from gui.topics.department_picker import DepartmentPicker

ID_ROLE = Qt.ItemDataRole.UserRole


def minutes_spin(value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName("minutes")
    spin.setRange(1, 480)
    spin.setSingleStep(5)
    spin.setSuffix(tr(" 分钟"))
    spin.setValue(value)
    return spin


class TopicPicker(QWidget):
    """The pool: a search line over the confirmed topics not yet on a meeting."""

    def __init__(self, pool: Sequence[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("poolSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(tr("输入议题名称筛选…"))
        self.search_edit.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setObjectName("pool")
        self.list.setMinimumHeight(180)
        for topic_id, title in pool:
            item = QListWidgetItem(title, self.list)
            item.setData(ID_ROLE, topic_id)
            item.setToolTip(title)
        if pool:
            self.list.setCurrentRow(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.list)

    def _filter(self, text: str) -> None:
        text = text.strip()
        first_visible = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(text) and text not in item.text())
            if not item.isHidden() and first_visible is None:
                first_visible = item
        current = self.list.currentItem()
        if (current is None or current.isHidden()) and first_visible is not None:
            self.list.setCurrentItem(first_visible)

    def select(self, topic_id: int) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ID_ROLE) == topic_id:
                self.list.setCurrentRow(i)

    def topic_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(ID_ROLE)) if item is not None and not item.isHidden() else None


def _department_items(departments: Sequence[tuple[int, str]]) -> list[tuple[str, int]]:
    return [(name, dept_id) for dept_id, name in departments]


class AddTopicDialog(FormDialog):
    """列入议题. The chosen topic's involved units (`concerned`) are checked as its observer units:
    the roster invites the heads of the units the agenda names, and only those (art. 39)."""

    def __init__(self, runner: OpRunner, meetings: MeetingService, detail: MeetingDetail,
                 pool: Sequence[tuple[int, str]], departments: Sequence[tuple[int, str]],
                 parent: QWidget | None = None, *, concerned: Mapping[int, Sequence[int]] | None = None) -> None:
        super().__init__(runner, tr("列入议题"), tr("列入议程"), parent)
        self.setObjectName("addTopicDialog")
        self.setMinimumWidth(640)
        self.meetings = meetings
        self.detail = detail
        heading = QLabel(tr("从已确定上会、尚未列入会议的%1议题中选择：").replace("%1", detail.kind.value))
        heading.setWordWrap(True)
        self.form.addRow(heading)
        self.picker = TopicPicker(pool)
        self.picker.setObjectName("picker")
        self.form.addRow(self.picker)
        if not pool:
            self.error.setText(tr("议题库中没有可列入%1的议题（须已确定上会，依据《工作规则》第四十二条）。")
                               .replace("%1", detail.kind.value))
        self.minutes = minutes_spin(15)
        self.reporting_combo = ChoiceCombo([(tr("（主办部门汇报）"), None), *_department_items(departments)],
                                           searchable=True)
        self.reporting_combo.setObjectName("reporting")
        self.observers = DepartmentPicker()
        self.observers.setObjectName("observers")
        self.observers.set_departments(_department_items(departments))
        self.observers.summary.hide()
        self.form.addRow(tr("汇报时间："), self.minutes)
        self.form.addRow(tr("汇报单位："), self.reporting_combo)
        self.form.addRow(tr("列席单位："), self.observers)
        self.concerned = dict(concerned or {})
        self.picker.list.currentItemChanged.connect(lambda *_a: self._topic_chosen())
        self._topic_chosen()

    def _topic_chosen(self) -> None:
        """The topic's involved units, checked as its observers (the secretary may change them)."""
        topic_id = self.picker.topic_id()
        self.observers.set_checked(list(self.concerned.get(topic_id, ())) if topic_id is not None else [])

    def problem(self) -> str:
        if self.picker.topic_id() is None:
            return self.refuse(self.picker, tr("请选择一个议题。"))
        if self.reporting_combo.currentIndex() > 0 and self.reporting_combo.value() is None:
            return self.refuse(self.reporting_combo, tr("请从列表中选择汇报单位。"))
        return ""

    def save(self) -> Callable[[], Any]:
        meetings, meeting_id = self.meetings, self.detail.id
        topic_id, minutes = self.picker.topic_id(), self.minutes.value()
        assert topic_id is not None  # problem() said so
        reporting, observers = self.reporting_combo.value(), self.observers.checked_ids()
        return lambda: meetings.schedule(meeting_id, topic_id, minutes=minutes, reporting_department_id=reporting,
                                         observer_ids=observers)


class EditItemDialog(FormDialog):
    def __init__(self, runner: OpRunner, meetings: MeetingService, item: AgendaRow,
                 departments: Sequence[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(runner, tr("修改议程"), tr("保存"), parent)
        self.setObjectName("editItemDialog")
        self.setMinimumWidth(560)
        self.meetings = meetings
        self.item = item
        heading = QLabel(item.title)
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        self.form.addRow(heading)
        self.form.addRow(tr("主办部门："), QLabel(item.lead_department))
        self.minutes = minutes_spin(item.minutes)
        self.reporting_combo = ChoiceCombo(_department_items(departments), searchable=True)
        self.reporting_combo.setObjectName("reporting")
        if item.reporting_department_id is not None:
            self.reporting_combo.set_value(item.reporting_department_id)
        self.observers = DepartmentPicker()
        self.observers.setObjectName("observers")
        self.observers.set_departments(_department_items(departments))
        self.observers.set_checked([d for d, _name in item.observers])
        self.observers.summary.hide()
        self.form.addRow(tr("汇报时间："), self.minutes)
        self.form.addRow(tr("汇报单位："), self.reporting_combo)
        self.form.addRow(tr("列席单位："), self.observers)

    def problem(self) -> str:
        return self.refuse(self.reporting_combo, tr("请从列表中选择汇报单位。")) if self.reporting_combo.value() is None else ""

    def save(self) -> Callable[[], Any]:
        meetings, item_id = self.meetings, self.item.item_id
        minutes, reporting, observers = (self.minutes.value(), self.reporting_combo.value(),
                                         self.observers.checked_ids())
        return lambda: meetings.update_item(item_id, minutes=minutes, reporting_department_id=reporting,
                                            observer_ids=observers)
