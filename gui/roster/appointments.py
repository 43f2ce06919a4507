"""任职: who held which post, from when to when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from core.model.enums import Post
from core.model.roster import NAME_MAX
from core.services.roster_types import AppointmentRow
from gui.columns import cell_date
from gui.ops import OpRunner
from gui.roster.choices import Choices, with_choices
from gui.roster.end_dialog import EndDialog
from gui.roster.forms import ChoiceCombo, DateEdit, FormDialog, OptionalDateEdit, enum_choices, not_before
from gui.roster.list_tab import ListTab
from gui.roster.table import Column

# Posts held in a department (the others are the government's own posts).
DEPARTMENT_POSTS = {Post.DEPARTMENT_HEAD, Post.DEPUTY_HEAD}


class AppointmentDialog(FormDialog):
    def __init__(self, runner: OpRunner, roster: Any, choices: Choices,
                 appointment: AppointmentRow | None = None, *, person_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("编辑任职") if appointment else self.tr("新增任职"),
                         self.tr("保存"), parent)
        self.roster = roster
        self.appointment = appointment
        self.person_combo = ChoiceCombo(choices.person_items(), searchable=True)
        self.person_combo.setObjectName("person")
        self.post_combo = ChoiceCombo(enum_choices(Post))
        self.post_combo.setObjectName("post")
        self.department_combo = ChoiceCombo(choices.department_items(none_label=self.tr("（不属于某个单位）")),
                                            searchable=True)
        self.department_combo.setObjectName("department")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("title")
        self.title_edit.setMaxLength(NAME_MAX)
        self.title_edit.setPlaceholderText(self.tr("可不填，如“局长”“镇长”；不填则显示职务"))
        self.start_edit = DateEdit()
        self.start_edit.setObjectName("start")
        self.end_edit = OptionalDateEdit(self.tr("已结束于"))
        not_before(self.end_edit.edit, self.start_edit, self.tr("结束日期不能早于开始日期"))
        self.end_edit.setObjectName("endDate")
        self.post_combo.currentIndexChanged.connect(lambda _i: self._post_changed())

        if appointment is not None:
            self.person_combo.set_value(appointment.person_id)
            self.person_combo.setEnabled(False)  # a post belongs to its person; end it and appoint anew
            self.post_combo.set_value(appointment.post)
            self.department_combo.set_value(appointment.department_id)
            self.title_edit.setText(appointment.title)
            self.start_edit.set_day(appointment.start)
            self.end_edit.set_day(appointment.end)
        elif person_id is not None:
            self.person_combo.set_value(person_id)

        self.form.addRow(self.tr("人员："), self.person_combo)
        self.form.addRow(self.tr("职务："), self.post_combo)
        self.form.addRow(self.tr("所在单位："), self.department_combo)
        self.form.addRow(self.tr("职务名称："), self.title_edit)
        self.form.addRow(self.tr("开始日期："), self.start_edit)
        self.form.addRow(self.tr("结束日期："), self.end_edit)
        self._post_changed()

    def _post_changed(self) -> None:
        needs_department = self.post_combo.value() in DEPARTMENT_POSTS
        self.department_combo.setToolTip(self.tr("主要负责人、副职负责人须选择所在单位") if needs_department else "")

    def problem(self) -> str:
        if self.person_combo.value() is None:
            return self.refuse(self.person_combo, self.tr("请从列表中选择人员。"))
        if self.post_combo.value() in DEPARTMENT_POSTS and self.department_combo.value() is None:
            return self.refuse(self.department_combo, self.tr("主要负责人、副职负责人须选择所在单位。"))
        if self.department_combo.isEditable() and self.department_combo.value() is None \
                and self.department_combo.currentIndex() != 0:
            return self.refuse(self.department_combo, self.tr("请从列表中选择单位。"))
        end = self.end_edit.day()
        if end is not None and end < self.start_edit.day():
            return self.refuse(self.end_edit, self.tr("结束日期不能早于开始日期。"))
        return ""

    def save(self) -> Callable[[], Any]:
        roster = self.roster
        fields = {"post": self.post_combo.value(), "department_id": self.department_combo.value(),
                  "title": self.title_edit.text(), "start": self.start_edit.day(), "end": self.end_edit.day()}
        if self.appointment is None:
            person_id = self.person_combo.value()
            start = fields.pop("start")
            post = fields.pop("post")
            return lambda: roster.appoint(person_id, post, start, **fields)
        appointment_id = self.appointment.id
        return lambda: roster.update_appointment(appointment_id, **fields)


class AppointmentsTab(ListTab):
    search_hint = "按姓名、单位或职务搜索…"
    filter_choices = enum_choices(Post, all_label="全部职务")
    add_text = "新增任职…"
    end_text = "结束任职…"

    def columns(self) -> list[Column]:
        return [
            Column(self.tr("姓名"), lambda r: r.person_name, width=110),
            Column(self.tr("职务"), lambda r: r.post.label, width=150),
            Column(self.tr("单位"), lambda r: r.department_name or "—", width=220),
            Column(self.tr("职务名称"), lambda r: r.title, width=170),
            Column(self.tr("开始日期"), lambda r: cell_date(r.start), sort_key=lambda r: r.start, width=130),
            Column(self.tr("结束日期"), lambda r: cell_date(r.end, self.tr("至今")), sort_key=lambda r: r.end, width=130),
        ]

    def query(self, search: str, on: dt.date | None, choice: Any) -> list[AppointmentRow]:
        rows = self.roster.appointments(post=choice, on=on)
        if search:
            rows = [r for r in rows if search in r.person_name or search in r.department_name
                    or search in r.title or search in r.post.label]
        return rows

    def is_current(self, row: AppointmentRow, on: dt.date) -> bool:
        return row.covers(on)

    def open_new(self) -> None:
        with_choices(self.runner, self.roster, self.window(),
                     lambda c: self.show_dialog(AppointmentDialog(self.runner, self.roster, c, parent=self),
                                                select_result=True))

    def open_edit(self, row: AppointmentRow) -> None:
        with_choices(self.runner, self.roster, self.window(),
                     lambda c: self.show_dialog(AppointmentDialog(self.runner, self.roster, c, row, parent=self)))

    def open_end(self, row: AppointmentRow) -> None:
        roster = self.roster
        what = self.tr("将结束 %1 的“%2”任职（%3）。").replace("%1", row.person_name) \
            .replace("%2", row.post_text).replace("%3", row.period)
        self.show_dialog(EndDialog(self.runner, title=self.tr("结束任职"), what=what, ok_text=self.tr("结束任职"),
                                   end=lambda on: roster.end_appointment(row.id, on), earliest=row.start,
                                   day=max(self.view_date, row.start), parent=self))
