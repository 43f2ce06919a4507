"""人员: people with the posts they hold on the viewing date, and one person's whole record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from core.model.enums import Post
from core.model.roster import NAME_MAX
from core.services.roster_types import PersonDetail, PersonRow
from gui.ops import OpRunner
from gui.roster.forms import FormDialog, enum_choices
from gui.roster.list_tab import ListTab
from gui.roster.table import Column


class PersonDialog(FormDialog):
    def __init__(self, runner: OpRunner, roster: Any, person: PersonRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("编辑人员") if person else self.tr("新增人员"),
                         self.tr("保存"), parent)
        self.roster = roster
        self.person = person
        self.name_edit = QLineEdit(person.name if person else "")
        self.name_edit.setObjectName("name")
        self.name_edit.setMaxLength(NAME_MAX)
        self.name_edit.setPlaceholderText(self.tr("姓名"))
        self.note_edit = QPlainTextEdit(person.note if person else "")
        self.note_edit.setObjectName("note")
        self.note_edit.setFixedHeight(80)
        self.form.addRow(self.tr("姓名："), self.name_edit)
        self.form.addRow(self.tr("备注："), self.note_edit)

    def problem(self) -> str:
        return "" if self.name_edit.text().strip() else self.refuse(self.name_edit, self.tr("请填写姓名。"))

    def save(self) -> Callable[[], Any]:
        name, note, roster = self.name_edit.text(), self.note_edit.toPlainText(), self.roster
        if self.person is None:
            return lambda: roster.add_person(name, note=note)
        person_id = self.person.id
        return lambda: roster.update_person(person_id, name=name, note=note)


def _tr(text: str) -> str:
    return QCoreApplication.translate("PersonDetail", text)


def detail_html(detail: PersonDetail, on: dt.date) -> str:
    def section(title: str, items: list[tuple[str, bool]]) -> str:
        if not items:
            return f"<h3>{escape(title)}</h3><p style='color:#888'>{escape(_tr('无'))}</p>"
        lines = "".join(
            f"<li style='{'' if current else 'color:#888'}'>{escape(text)}</li>" for text, current in items)
        return f"<h3>{escape(title)}</h3><ul>{lines}</ul>"

    def covers(start: dt.date, end: dt.date | None) -> bool:
        return start <= on and (end is None or on <= end)

    posts = [(f"{a.post_text}（{a.period}）", covers(a.start, a.end)) for a in detail.appointments]
    portfolios = [(_tr("分管 %1（%2）").replace("%1", p.department_name).replace("%2", p.period), covers(p.start, p.end)) for p in detail.portfolios]
    partners = [(f"{p.person_a_name} ↔ {p.person_b_name}（{p.period}）", covers(p.start, p.end))
                for p in detail.partnerships]
    delegations = [(_tr("%1 委托 %2：%3（%4）").replace("%1", d.delegator_name).replace("%2", d.delegate_name)
                    .replace("%3", d.scope.label).replace("%4", d.period)
                    + (_tr("，") + d.reason if d.reason else ""), covers(d.start, d.end)) for d in detail.delegations]
    note = f"<p>{escape(detail.note)}</p>" if detail.note else ""
    return (f"<h2>{escape(detail.name)}</h2>{note}"
            + section(_tr("任职"), posts) + section(_tr("分管"), portfolios)
            + section(_tr("AB角"), partners) + section(_tr("委托"), delegations)
            + f"<p style='color:#888; font-size:small'>{escape(_tr('灰色为不在查看日期内的记录。'))}</p>")


class PeopleTab(ListTab):
    search_hint = "按姓名搜索…"
    filter_choices = enum_choices(Post, all_label="全部人员")
    can_end = False
    add_text = "新增人员…"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.history_box.setVisible(False)  # people are never ended; their posts are
        self.filter_combo.setToolTip(self.tr("只显示查看日期担任该职务的人员"))
        self.add_detail_panel("personDetail", self.tr("选择一个人员，查看其任职、分管、AB角和委托记录。"))

    def columns(self) -> list[Column]:
        return [
            Column(self.tr("姓名"), lambda r: r.name, width=140),
            Column(self.tr("查看日期所任职务"), lambda r: r.posts or "—", width=420),
            Column(self.tr("备注"), lambda r: r.note.replace("\n", " ")),
        ]

    def query(self, search: str, on: dt.date | None, choice: Any) -> list[PersonRow]:
        return self.roster.people(search=search, post=choice, on=on)

    def open_new(self) -> None:
        self.show_dialog(PersonDialog(self.runner, self.roster, parent=self), select_result=True)

    def open_edit(self, row: PersonRow) -> None:
        self.show_dialog(PersonDialog(self.runner, self.roster, row, parent=self))

    def selected_changed(self, row: PersonRow | None) -> None:
        roster, on = self.roster, self.view_date
        person_id = row.id if row is not None else 0  # show_detail never loads for no row
        self.show_detail(row, lambda: roster.person(person_id), lambda detail: detail_html(detail, on))
