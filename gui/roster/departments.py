"""单位: constituent departments, townships and streets, state enterprises; 撤销 on a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from core.model.enums import DepartmentKind
from core.model.roster import NAME_MAX
from core.services.roster_types import AppointmentRow, DepartmentRow, PersonRef, PortfolioRow
from gui.columns import cell_date
from gui.ops import OpRunner
from gui.roster.end_dialog import EndDialog
from gui.roster.forms import ChoiceCombo, FormDialog, enum_choices
from gui.roster.list_tab import ListTab
from gui.roster.table import Column, day_text


class DepartmentDialog(FormDialog):
    def __init__(self, runner: OpRunner, roster: Any, department: DepartmentRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("编辑单位") if department else self.tr("新增单位"), self.tr("保存"), parent)
        self.roster = roster
        self.department = department
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        self.name_edit.setMaxLength(NAME_MAX)
        self.name_edit.setPlaceholderText(self.tr("全称，如“区财政局”"))
        self.short_edit = QLineEdit()
        self.short_edit.setObjectName("shortName")
        self.short_edit.setMaxLength(NAME_MAX)
        self.short_edit.setPlaceholderText(self.tr("可不填，如“财政局”"))
        self.kind_combo = ChoiceCombo(enum_choices(DepartmentKind))
        self.kind_combo.setObjectName("kind")
        self.reviewer_box = QCheckBox(self.tr("负责合法性审查（如区司法局）"))
        self.reviewer_box.setObjectName("legalityReviewer")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("note")
        self.note_edit.setFixedHeight(70)
        if department is not None:
            self.name_edit.setText(department.name)
            self.short_edit.setText(department.short_name)
            self.kind_combo.set_value(department.kind)
            self.reviewer_box.setChecked(department.is_legality_reviewer)
            self.note_edit.setPlainText(department.note)
        self.form.addRow(self.tr("名称："), self.name_edit)
        self.form.addRow(self.tr("简称："), self.short_edit)
        self.form.addRow(self.tr("类别："), self.kind_combo)
        self.form.addRow("", self.reviewer_box)
        self.form.addRow(self.tr("备注："), self.note_edit)

    def problem(self) -> str:
        return "" if self.name_edit.text().strip() else self.refuse(self.name_edit, self.tr("请填写单位名称。"))

    def save(self) -> Callable[[], Any]:
        roster = self.roster
        name = self.name_edit.text()
        fields = {"short_name": self.short_edit.text(), "is_legality_reviewer": self.reviewer_box.isChecked(),
                  "note": self.note_edit.toPlainText()}
        kind = self.kind_combo.value()
        if self.department is None:
            return lambda: roster.add_department(name, kind, **fields)
        dept_id = self.department.id
        return lambda: roster.update_department(dept_id, name=name, kind=kind, **fields)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DepartmentDetail", text)


@dataclass(frozen=True)
class DepartmentRecord:
    department: DepartmentRow
    head: PersonRef | None
    supervisor: PersonRef | None
    appointments: list[AppointmentRow]
    portfolios: list[PortfolioRow]


def load_record(roster: Any, department: DepartmentRow, on: dt.date) -> DepartmentRecord:
    """On the worker: everything the detail panel shows about one department."""
    return DepartmentRecord(department, roster.principal_head(department.id, on), roster.supervisor(department.id, on),
                            roster.appointments(department_id=department.id),
                            roster.portfolios(department_id=department.id))


def record_html(record: DepartmentRecord, on: dt.date) -> str:
    d = record.department

    def covers(start: dt.date, end: dt.date | None) -> bool:
        return start <= on and (end is None or on <= end)

    def items(lines: list[tuple[str, bool]]) -> str:
        if not lines:
            return f"<p style='color:#888'>{escape(_tr('无'))}</p>"
        return "<ul>" + "".join(f"<li style='{'' if current else 'color:#888'}'>{escape(text)}</li>"
                                for text, current in lines) + "</ul>"

    facts = [(_tr("类别"), d.kind_label)]
    if d.short_name:
        facts.append((_tr("简称"), d.short_name))
    if d.is_legality_reviewer:
        facts.append((_tr("合法性审查"), _tr("负责")))
    if d.ended_on:
        facts.append((_tr("撤销日期"), day_text(d.ended_on)))
    facts.append((_tr("主要负责人（查看日期）"), record.head.name if record.head else _tr("（空缺）")))
    facts.append((_tr("分管领导（查看日期）"), record.supervisor.name if record.supervisor else _tr("（未指定）")))
    rows = "".join(f"<tr><td style='color:#666; padding-right:12px'>{escape(k)}</td><td>{escape(v)}</td></tr>"
                   for k, v in facts)
    posts = [(f"{a.person_name} {a.title or a.post.label}（{a.period}）", covers(a.start, a.end))
             for a in record.appointments]
    portfolios = [(f"{p.leader_name}（{p.period}）", covers(p.start, p.end)) for p in record.portfolios]
    note = f"<p>{escape(d.note)}</p>" if d.note else ""
    return (f"<h2>{escape(d.name)}</h2><table>{rows}</table>{note}"
            f"<h3>{escape(_tr('任职'))}</h3>{items(posts)}<h3>{escape(_tr('分管'))}</h3>{items(portfolios)}"
            f"<p style='color:#888; font-size:small'>{escape(_tr('灰色为不在查看日期内的记录。'))}</p>")


class DepartmentsTab(ListTab):
    search_hint = "按名称或简称搜索…"
    filter_choices = enum_choices(DepartmentKind, all_label="全部类别")
    add_text = "新增单位…"
    end_text = "撤销单位…"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.history_box.setText(self.tr("含已撤销的单位"))
        self.add_detail_panel("departmentDetail", self.tr("选择一个单位，查看其负责人、分管领导和任职记录。"))

    def columns(self) -> list[Column]:
        return [
            Column(self.tr("名称"), lambda r: r.name, width=200),
            Column(self.tr("简称"), lambda r: r.short_name, width=100),
            Column(self.tr("类别"), lambda r: r.kind_label, width=100),
            Column(self.tr("合法性审查"), lambda r: self.tr("是") if r.is_legality_reviewer else "", width=90),
            Column(self.tr("撤销日期"), lambda r: cell_date(r.ended_on), sort_key=lambda r: r.ended_on, width=120),
            Column(self.tr("备注"), lambda r: r.note.replace("\n", " ")),
        ]

    def query(self, search: str, on: dt.date | None, choice: Any) -> list[DepartmentRow]:
        return self.roster.departments(search=search, kind=choice, on=on)

    def is_current(self, row: DepartmentRow, on: dt.date) -> bool:
        return row.active(on)

    def selected_changed(self, row: DepartmentRow | None) -> None:
        roster, on = self.roster, self.view_date
        if row is None:
            self.show_detail(None, lambda: None, lambda _record: "")
            return
        chosen: DepartmentRow = row
        self.show_detail(row, lambda: load_record(roster, chosen, on), lambda record: record_html(record, on))

    def can_end_row(self, row: DepartmentRow) -> bool:
        return row.ended_on is None

    def open_new(self) -> None:
        self.show_dialog(DepartmentDialog(self.runner, self.roster, parent=self), select_result=True)

    def open_edit(self, row: DepartmentRow) -> None:
        self.show_dialog(DepartmentDialog(self.runner, self.roster, row, parent=self))

    def open_end(self, row: DepartmentRow) -> None:
        roster = self.roster
        what = self.tr("将撤销“%1”：撤销日期之后不能再在该单位任职或被分管。").replace("%1", row.name)
        self.show_dialog(EndDialog(self.runner, title=self.tr("撤销单位"), what=what, ok_text=self.tr("撤销单位"),
                                   end=lambda on: roster.end_department(row.id, on), day=self.view_date,
                                   parent=self))
