"""分管, AB角, 委托: dated links between leaders (and departments). They are added and ended, not edited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from core.model.enums import DelegationScope
from core.services.roster_types import DelegationRow, PartnershipRow, PortfolioRow
from gui.columns import cell_date
from gui.ops import OpRunner
from gui.roster.choices import Choices, with_choices
from gui.roster.end_dialog import EndDialog
from gui.roster.forms import ChoiceCombo, DateEdit, FormDialog, OptionalDateEdit, enum_choices, not_before
from gui.roster.list_tab import ListTab
from gui.roster.table import Column


def _covers(start: dt.date, end: dt.date | None, on: dt.date) -> bool:
    return start <= on and (end is None or on <= end)


def _matches(search: str, *texts: str) -> bool:
    return not search or any(search in text for text in texts)


# --- 分管 ------------------------------------------------------------------------------------

class PortfolioDialog(FormDialog):
    def __init__(self, runner: OpRunner, roster: Any, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("新增分管"), self.tr("保存"), parent)
        self.roster = roster
        self.leader_combo = ChoiceCombo(choices.person_items(), searchable=True)
        self.leader_combo.setObjectName("leader")
        self.department_combo = ChoiceCombo(choices.department_items(), searchable=True)
        self.department_combo.setObjectName("department")
        self.start_edit = DateEdit()
        self.end_edit = OptionalDateEdit(self.tr("已结束于"))
        not_before(self.end_edit.edit, self.start_edit, self.tr("结束日期不能早于开始日期"))
        self.form.addRow(self.tr("分管领导："), self.leader_combo)
        self.form.addRow(self.tr("分管单位："), self.department_combo)
        self.form.addRow(self.tr("开始日期："), self.start_edit)
        self.form.addRow(self.tr("结束日期："), self.end_edit)

    def problem(self) -> str:
        if self.leader_combo.value() is None:
            return self.refuse(self.leader_combo, self.tr("请从列表中选择分管领导。"))
        if self.department_combo.value() is None:
            return self.refuse(self.department_combo, self.tr("请从列表中选择分管单位。"))
        end = self.end_edit.day()
        if end is not None and end < self.start_edit.day():
            return self.refuse(self.end_edit, self.tr("结束日期不能早于开始日期。"))
        return ""

    def save(self) -> Callable[[], Any]:
        roster = self.roster
        leader, dept, start, end = (self.leader_combo.value(), self.department_combo.value(),
                                    self.start_edit.day(), self.end_edit.day())
        return lambda: roster.assign_portfolio(leader, dept, start, end)


class PortfoliosTab(ListTab):
    search_hint = "按领导或单位搜索…"
    can_edit = False
    add_text = "新增分管…"
    end_text = "结束分管…"

    def columns(self) -> list[Column]:
        return [
            Column(self.tr("分管领导"), lambda r: r.leader_name, width=130),
            Column(self.tr("分管单位"), lambda r: r.department_name, width=240),
            Column(self.tr("开始日期"), lambda r: cell_date(r.start), sort_key=lambda r: r.start, width=130),
            Column(self.tr("结束日期"), lambda r: cell_date(r.end, self.tr("至今")), sort_key=lambda r: r.end, width=130),
        ]

    def query(self, search: str, on: dt.date | None, choice: Any) -> list[PortfolioRow]:
        return [r for r in self.roster.portfolios(on=on) if _matches(search, r.leader_name, r.department_name)]

    def is_current(self, row: PortfolioRow, on: dt.date) -> bool:
        return _covers(row.start, row.end, on)

    def open_new(self) -> None:
        with_choices(self.runner, self.roster, self.window(),
                     lambda c: self.show_dialog(PortfolioDialog(self.runner, self.roster, c, parent=self),
                                                select_result=True))

    def open_end(self, row: PortfolioRow) -> None:
        roster = self.roster
        what = self.tr("将结束 %1 分管 %2（%3）。").replace("%1", row.leader_name) \
            .replace("%2", row.department_name).replace("%3", row.period)
        self.show_dialog(EndDialog(self.runner, title=self.tr("结束分管"), what=what, ok_text=self.tr("结束分管"),
                                   end=lambda on: roster.end_portfolio(row.id, on), earliest=row.start,
                                   day=max(self.view_date, row.start), parent=self))


# --- AB角 ------------------------------------------------------------------------------------

class PartnershipDialog(FormDialog):
    def __init__(self, runner: OpRunner, roster: Any, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("新增AB角"), self.tr("保存"), parent)
        self.roster = roster
        self.a_combo = ChoiceCombo(choices.person_items(), searchable=True)
        self.a_combo.setObjectName("personA")
        self.b_combo = ChoiceCombo(choices.person_items(), searchable=True)
        self.b_combo.setObjectName("personB")
        if self.b_combo.count() > 1:
            self.b_combo.setCurrentIndex(1)
        self.start_edit = DateEdit()
        self.end_edit = OptionalDateEdit(self.tr("已结束于"))
        not_before(self.end_edit.edit, self.start_edit, self.tr("结束日期不能早于开始日期"))
        self.form.addRow(self.tr("A角："), self.a_combo)
        self.form.addRow(self.tr("B角："), self.b_combo)
        self.form.addRow(self.tr("开始日期："), self.start_edit)
        self.form.addRow(self.tr("结束日期："), self.end_edit)

    def problem(self) -> str:
        a, b = self.a_combo.value(), self.b_combo.value()
        if a is None or b is None:
            return self.refuse(self.a_combo if a is None else self.b_combo, self.tr("请从列表中选择A角和B角。"))
        if a == b:
            return self.refuse(self.b_combo, self.tr("A角和B角不能是同一人。"))
        end = self.end_edit.day()
        if end is not None and end < self.start_edit.day():
            return self.refuse(self.end_edit, self.tr("结束日期不能早于开始日期。"))
        return ""

    def save(self) -> Callable[[], Any]:
        roster = self.roster
        a, b, start, end = self.a_combo.value(), self.b_combo.value(), self.start_edit.day(), self.end_edit.day()
        return lambda: roster.pair_partners(a, b, start, end)


class PartnershipsTab(ListTab):
    search_hint = "按姓名搜索…"
    can_edit = False
    add_text = "新增AB角…"
    end_text = "结束AB角…"

    def columns(self) -> list[Column]:
        return [
            Column(self.tr("A角"), lambda r: r.person_a_name, width=140),
            Column(self.tr("B角"), lambda r: r.person_b_name, width=140),
            Column(self.tr("开始日期"), lambda r: cell_date(r.start), sort_key=lambda r: r.start, width=130),
            Column(self.tr("结束日期"), lambda r: cell_date(r.end, self.tr("至今")), sort_key=lambda r: r.end, width=130),
        ]

    def query(self, search: str, on: dt.date | None, choice: Any) -> list[PartnershipRow]:
        return [r for r in self.roster.partnerships(on=on) if _matches(search, r.person_a_name, r.person_b_name)]

    def is_current(self, row: PartnershipRow, on: dt.date) -> bool:
        return _covers(row.start, row.end, on)

    def open_new(self) -> None:
        with_choices(self.runner, self.roster, self.window(),
                     lambda c: self.show_dialog(PartnershipDialog(self.runner, self.roster, c, parent=self),
                                                select_result=True))

    def open_end(self, row: PartnershipRow) -> None:
        roster = self.roster
        what = self.tr("将结束 %1 与 %2 的AB角关系（%3）。").replace("%1", row.person_a_name) \
            .replace("%2", row.person_b_name).replace("%3", row.period)
        self.show_dialog(EndDialog(self.runner, title=self.tr("结束AB角"), what=what, ok_text=self.tr("结束AB角"),
                                   end=lambda on: roster.end_partnership(row.id, on), earliest=row.start,
                                   day=max(self.view_date, row.start), parent=self))


# --- 委托 ------------------------------------------------------------------------------------

class DelegationDialog(FormDialog):
    def __init__(self, runner: OpRunner, roster: Any, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(runner, self.tr("新增委托"), self.tr("保存"), parent)
        self.roster = roster
        self.delegator_combo = ChoiceCombo(choices.person_items(), searchable=True)
        self.delegator_combo.setObjectName("delegator")
        self.delegate_combo = ChoiceCombo(choices.person_items(), searchable=True)
        self.delegate_combo.setObjectName("delegate")
        if self.delegate_combo.count() > 1:
            self.delegate_combo.setCurrentIndex(1)
        self.scope_combo = ChoiceCombo(enum_choices(DelegationScope))
        self.scope_combo.setObjectName("scope")
        today = dt.date.today()
        self.start_edit = DateEdit(today)
        self.end_edit = DateEdit(today + dt.timedelta(days=6))
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("reason")
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setPlaceholderText(self.tr("如：出差、学习、休假"))
        self.form.addRow(self.tr("委托人："), self.delegator_combo)
        self.form.addRow(self.tr("受托人："), self.delegate_combo)
        self.form.addRow(self.tr("委托事项："), self.scope_combo)
        self.form.addRow(self.tr("开始日期："), self.start_edit)
        self.form.addRow(self.tr("结束日期："), self.end_edit)
        self.form.addRow(self.tr("事由："), self.reason_edit)

    def problem(self) -> str:
        a, b = self.delegator_combo.value(), self.delegate_combo.value()
        if a is None or b is None:
            return self.refuse(self.delegator_combo if a is None else self.delegate_combo,
                               self.tr("请从列表中选择委托人和受托人。"))
        if a == b:
            return self.refuse(self.delegate_combo, self.tr("委托人和受托人不能是同一人。"))
        if self.end_edit.day() < self.start_edit.day():
            return self.refuse(self.end_edit, self.tr("结束日期不能早于开始日期。"))
        return ""

    def save(self) -> Callable[[], Any]:
        roster = self.roster
        a, b, scope = self.delegator_combo.value(), self.delegate_combo.value(), self.scope_combo.value()
        start, end, reason = self.start_edit.day(), self.end_edit.day(), self.reason_edit.text()
        return lambda: roster.add_delegation(a, b, scope, start, end, reason)


class DelegationsTab(ListTab):
    search_hint = "按姓名或事由搜索…"
    can_edit = False
    add_text = "新增委托…"
    end_text = "提前结束委托…"

    def columns(self) -> list[Column]:
        return [
            Column(self.tr("委托人"), lambda r: r.delegator_name, width=110),
            Column(self.tr("受托人"), lambda r: r.delegate_name, width=110),
            Column(self.tr("委托事项"), lambda r: r.scope.label, width=130),
            Column(self.tr("开始日期"), lambda r: cell_date(r.start), sort_key=lambda r: r.start, width=130),
            Column(self.tr("结束日期"), lambda r: cell_date(r.end), sort_key=lambda r: r.end, width=130),
            Column(self.tr("事由"), lambda r: r.reason),
        ]

    def query(self, search: str, on: dt.date | None, choice: Any) -> list[DelegationRow]:
        return [r for r in self.roster.delegations(on=on)
                if _matches(search, r.delegator_name, r.delegate_name, r.reason)]

    def is_current(self, row: DelegationRow, on: dt.date) -> bool:
        return _covers(row.start, row.end, on)

    def can_end_row(self, row: DelegationRow) -> bool:
        return row.end >= dt.date.today() or row.end >= self.view_date

    def open_new(self) -> None:
        with_choices(self.runner, self.roster, self.window(),
                     lambda c: self.show_dialog(DelegationDialog(self.runner, self.roster, c, parent=self),
                                                select_result=True))

    def open_end(self, row: DelegationRow) -> None:
        roster = self.roster
        what = self.tr("将提前结束 %1 对 %2 的委托（%3，%4）。").replace("%1", row.delegator_name) \
            .replace("%2", row.delegate_name).replace("%3", row.scope.label).replace("%4", row.period)
        self.show_dialog(EndDialog(self.runner, title=self.tr("结束委托"), what=what, ok_text=self.tr("结束委托"),
                                   end=lambda on: roster.end_delegation(row.id, on), earliest=row.start,
                                   day=min(max(self.view_date, row.start), row.end), parent=self))
