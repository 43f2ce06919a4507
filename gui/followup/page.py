"""督办: the decisions of issued minutes followed up to closure.

A view chip per service view (办理中, 7日内到期, 已逾期, 已办结, 全部) with its count, filters by
responsible unit and by leader, a table over the service's rows (overdue in red, closed in grey),
and beside it the selected item with its notes history, 登记办理情况 and 办结. The summary PDF is
rendered on the worker straight into the file the user chose, without the items of classified
minutes when the account may not print them (FollowUpService.report_rows). Every read and write
goes through the op runner; the page itself never waits on the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.documents.followup_report import Counts, counts, omitted_text, render_followup_report
from core.model.enums import FollowUpStatus
from core.office import Office
from core.services import material_files
from core.services.followup import FollowUpRow
from core.services.roster_types import DepartmentRow, PersonRef
from core.text import visible
from gui import roles
from gui.columns import cell_date, fit_columns
from gui.followup.common import CLOSED_GREEN, OVERDUE_RED, day_text, row_color, status_text, tr, views
from gui.followup.dialogs import CloseDialog, NoteDialog
from gui.meetings.common import ColoredRowsModel, read_only_table
from gui.messages import show_info
from gui.ops import Op, OpRunner
from gui.roster.forms import ChoiceCombo
from gui.roster.table import Column, RowsModel
from gui.topics import materials_panel
from gui.topics.temp_copies import TempCopies

CHIP_STYLE = (
    "QPushButton { border: 1px solid #c9c4b8; border-radius: 12px; padding: 3px 10px; background: #faf9f6; }"
    f"QPushButton[late=\"true\"] {{ color: {OVERDUE_RED}; font-weight: bold; }}"
    "QPushButton:checked { background: #b71c1c; color: white; border-color: #b71c1c; }")


@dataclass(frozen=True)
class Filters:
    view: str = "open"
    department_id: int | None = None
    leader_id: int | None = None


@dataclass(frozen=True)
class Loaded:
    rows: list[FollowUpRow]
    counts: Counts  # per view, under the same unit and leader filters
    today: dt.date


@dataclass(frozen=True)
class ItemDetail:
    item_id: int
    notes: list[tuple[dt.date, str, str, int]]
    source: str  # the minutes the decision comes from


class FollowUpModel(ColoredRowsModel):
    """The latest progress is not a column: the panel beside the table shows the whole history,
    and the decision needs the width."""

    def __init__(self, parent: Any = None) -> None:
        self.today = dt.date.today()
        super().__init__([
            Column(tr("议定事项"), lambda r: r.decision.replace("\n", " ")),
            Column(tr("责任单位"), lambda r: r.department),
            Column(tr("分管领导"), lambda r: r.leader),
            Column(tr("办理时限"), lambda r: cell_date(r.deadline, tr("未定")), sort_key=lambda r: r.deadline),
            Column(tr("状态"), lambda r: status_text(r, self.today),
                   sort_key=lambda r: (r.status is FollowUpStatus.CLOSED, r.deadline or dt.date.max)),
        ], lambda r, _column: row_color(r, self.today), parent)

    def set_loaded(self, rows: list[FollowUpRow], today: dt.date) -> None:
        self.today = today
        self.set_rows(rows)


class DetailPanel(QWidget):
    """The selected item: what was decided, who does it by when, its notes, and the two actions."""

    #: a note's feedback file was asked for (its note id)
    file_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPanel")
        self.row: FollowUpRow | None = None
        self.may_note = True  # the page says whether the account's role may record notes
        self.empty = QLabel(tr("在左侧选择一项，查看办理情况。"))
        self.empty.setObjectName("emptyDetail")
        self.empty.setStyleSheet("color: #777;")
        self.empty.setWordWrap(True)
        self.decision = QLabel()
        self.decision.setObjectName("decision")
        self.decision.setWordWrap(True)
        self.decision.setTextFormat(Qt.TextFormat.PlainText)  # user text, never rich text
        self.decision.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.decision.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.facts: dict[str, QLabel] = {}
        facts = QFormLayout()
        facts.setHorizontalSpacing(10)
        for key, label in (("department", tr("责任单位：")), ("co", tr("协办单位：")), ("leader", tr("分管领导：")),
                           ("deadline", tr("办理时限：")), ("status", tr("状态：")), ("source", tr("来源：")),
                           ("type", tr("议定结果："))):
            value = QLabel()
            value.setObjectName("fact_" + key)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts[key] = value
            facts.addRow(label, value)
        notes_title = QLabel(tr("办理情况"))
        notes_title.setStyleSheet("font-weight: bold;")
        self.notes_model = RowsModel([
            Column(tr("日期"), lambda n: cell_date(n[0]), sort_key=lambda n: n[0]),
            Column(tr("办理情况"), lambda n: n[1] + (tr("\n反馈材料：%1").replace("%1", visible(n[2])) if n[2] else "")),
        ], self)
        self.notes = read_only_table("notes", self.notes_model)
        self.notes.setToolTip(tr("双击带有反馈材料的一条，以临时副本打开该材料"))
        self.notes.activated.connect(self._note_activated)
        fit_columns(self.notes, stretch=1)
        # A note is read whole here (an item has a handful), so rows grow to fit their text.
        self.notes.setWordWrap(True)
        self.notes.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.notes_hint = QLabel()
        self.notes_hint.setObjectName("notesHint")
        self.notes_hint.setStyleSheet("color: #777;")
        self.notes_hint.setWordWrap(True)
        self.note_button = QPushButton(tr("登记办理情况…"))
        self.note_button.setObjectName("addNote")
        self.note_button.setToolTip(tr("登记责任单位反馈的办理进展，可附反馈材料"))
        self.close_button = QPushButton(tr("办结…"))
        self.close_button.setObjectName("closeItem")
        self.close_button.setToolTip(tr("登记办结日期和说明；办结后不能再登记办理情况"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.note_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.decision)
        body.addLayout(facts)
        body.addSpacing(6)
        body.addWidget(notes_title)
        body.addWidget(self.notes, 1)
        body.addWidget(self.notes_hint)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        self.show_row(None, dt.date.today())

    def show_row(self, row: FollowUpRow | None, today: dt.date) -> None:
        self.row = row
        self.empty.setVisible(row is None)
        self.body.setVisible(row is not None)
        if row is None:
            self.notes_model.set_rows([])
            return
        self.decision.setText(row.decision)
        status = status_text(row, today)
        if row.status is FollowUpStatus.CLOSED and row.closed_on is not None:
            status = tr("%1办结").replace("%1", day_text(row.closed_on))
            if row.deadline is not None and row.closed_on > row.deadline:
                status += tr("（超过时限%1天）").replace("%1", str((row.closed_on - row.deadline).days))
            status += tr("，办结人：%1").replace("%1", row.closed_by)
            if row.closing_note:
                status += tr("；%1").replace("%1", row.closing_note)
        values = {"department": row.department, "co": row.co_departments or tr("无"),
                  "leader": row.leader or tr("未确定"), "deadline": day_text(row.deadline, tr("未定")),
                  "status": status, "type": row.decision_type.value}
        for key, value in values.items():
            self.facts[key].setText(value)
        color = CLOSED_GREEN if row.status is FollowUpStatus.CLOSED else row_color(row, today)
        self.facts["status"].setStyleSheet(f"color: {color}; font-weight: bold;" if color else "")
        self.facts["source"].setText("…")
        closed = row.status is FollowUpStatus.CLOSED
        self.note_button.setEnabled(not closed)
        self.close_button.setEnabled(not closed)
        self.notes_hint.setText(tr("已办结，不能再登记办理情况。") if closed else "")
        self.notes_hint.setVisible(closed)

    def _note_activated(self, index: Any) -> None:
        note = self.notes_model.rows[index.row()]
        if note[2]:
            self.file_requested.emit(note[3])

    def show_detail(self, detail: ItemDetail) -> None:
        if self.row is None or detail.item_id != self.row.id:
            return  # another item was selected meanwhile
        self.notes_model.set_rows(detail.notes)
        self.facts["source"].setText(detail.source)
        if not detail.notes and self.row.status is FollowUpStatus.OPEN:
            self.notes_hint.setText(tr("尚无反馈。") + (tr("责任单位报来进展后，点“登记办理情况…”记录。")
                                                        if self.may_note else ""))
            self.notes_hint.setVisible(True)


class FollowUpPage(QWidget):
    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followUpPage")
        self.office = office
        self.followup = office.followup
        self.runner = runner
        self.loaded = False
        self.today = self.followup.today()
        self.counts = Counts(0, 0, 0, 0, 0)
        self._generation = 0
        self._detail_generation = 0
        self._pending_select: int | None = None
        self._query_op: Op | None = None
        self.exported: Path | None = None  # the last summary PDF written
        self._run_query(Filters())
        runner.run(self._read_choices, on_success=self._fill_choices, parent=self, label=tr("正在读取名册…"))

        title = QLabel(tr("督办"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.view_group = QButtonGroup(self)
        self.view_group.setExclusive(True)
        self.view_buttons: dict[str, QPushButton] = {}
        chips = QHBoxLayout()
        chips.setSpacing(5)
        for view, _label in views():
            button = QPushButton()
            button.setObjectName("view_" + view)
            button.setCheckable(True)
            button.setStyleSheet(CHIP_STYLE)
            self.view_group.addButton(button)
            self.view_buttons[view] = button
            chips.addWidget(button)
        self.view_buttons["open"].setChecked(True)
        self.view_group.buttonToggled.connect(self._view_toggled)
        self._show_counts()
        self.export_button = QPushButton(tr("导出汇总 PDF…"))
        self.export_button.setObjectName("exportPdf")
        self.export_button.setToolTip(tr("按当前的视图和筛选生成督办事项情况汇总，供定期报告使用"))
        if not office.can("print_classified"):
            self.export_button.setToolTip(self.export_button.toolTip() + tr("；当前账户导出的汇总不含涉密纪要的事项"))
        self.export_button.clicked.connect(self.export_pdf)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(16)
        head.addLayout(chips)
        head.addStretch(1)
        head.addWidget(self.export_button)
        roles.add_role_note(head, office)

        self.department_combo = ChoiceCombo([(tr("全部责任单位"), None)], searchable=True)
        self.department_combo.setObjectName("department")
        self.leader_combo = ChoiceCombo([(tr("全部分管领导"), None)])
        self.leader_combo.setObjectName("leader")
        self.leader_combo.setMinimumContentsLength(8)
        for combo in (self.department_combo, self.leader_combo):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.clear_button = QPushButton(tr("清除筛选"))
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.clicked.connect(self.clear_filters)
        filters = QHBoxLayout()
        filters.addWidget(self.department_combo)
        filters.addWidget(self.leader_combo)
        filters.addWidget(self.clear_button)
        filters.addStretch(1)

        self.model = FollowUpModel(self)
        self.table = read_only_table("table", self.model)
        fit_columns(self.table, stretch=0, max_width=220)  # the decision takes the width; a long unit elides
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.activated.connect(lambda _i: self._activated())  # Enter or double-click
        self.detail = DetailPanel()
        self.detail.file_requested.connect(self.open_note_file)
        self.copies = TempCopies()
        self.detail.note_button.clicked.connect(self.add_note)
        self.detail.close_button.clicked.connect(self.close_item)
        self.detail.may_note = roles.allow(office, "workflow", self.detail.note_button, self.detail.close_button)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)  # both give way on a small screen, the table less
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([780, 380])
        splitter.setChildrenCollapsible(False)

        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.count_label.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count_label)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.loaded:
            self.refresh()  # minutes issued meanwhile bring new items

    # --- the list -----------------------------------------------------------------------------

    def filters(self) -> Filters:
        view = next((v for v, b in self.view_buttons.items() if b.isChecked()), "open")
        return Filters(view, self.department_combo.value(), self.leader_combo.value())

    def _view_toggled(self, _button: object, on: bool) -> None:
        if on:
            self.refresh()

    def _query(self, f: Filters) -> Loaded:
        """On the worker: the rows of the view, and every view's count under the same filters."""
        every = self.followup.items(view="all", department_id=f.department_id, leader_id=f.leader_id)
        rows = every if f.view == "all" else self.followup.items(view=f.view, department_id=f.department_id,
                                                                  leader_id=f.leader_id)
        today = self.followup.today()
        return Loaded(rows, counts(every, today), today)

    def _read_choices(self) -> tuple[list[DepartmentRow], list[PersonRef]]:
        """On the worker: the units, and the leaders who supervise or supervised any."""
        leaders: dict[int, PersonRef] = {}
        for p in self.office.roster.portfolios():
            leaders.setdefault(p.leader_id, PersonRef(p.leader_id, p.leader_name))
        return self.office.roster.departments(), list(leaders.values())

    def refresh(self) -> None:
        self._run_query(self.filters())

    def _run_query(self, f: Filters) -> None:
        self._generation += 1
        generation = self._generation
        if self._query_op is not None:
            self.runner.cancel(self._query_op)  # still queued: a stale query need not run at all
        self._query_op = self.runner.run(
            lambda _token: self._query(f), on_success=lambda loaded: self._show(generation, loaded),
            on_done=lambda: self._query_done(generation), parent=self.window(),
            label=tr("正在读取督办事项…"), cancellable=True)

    def _query_done(self, generation: int) -> None:
        if generation == self._generation:
            self._query_op = None

    def _show(self, generation: int, loaded: Loaded) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        selected = self.selected_row()
        self.today = loaded.today
        self.model.set_loaded(loaded.rows, loaded.today)
        self.counts = loaded.counts
        self._show_counts()
        self.loaded = True
        if loaded.rows:
            text = tr("显示 %1 项。红色为已逾期，灰色为已办结；双击一项可登记办理情况。").replace(
                "%1", str(len(loaded.rows)))
        elif self.counts.total:
            text = tr("本视图没有督办事项。")
        else:
            text = tr("还没有督办事项。纪要印发后，其中明确了责任单位的议定事项自动列入督办。")
        self.count_label.setText(text)
        wanted = self._pending_select if self._pending_select is not None else (selected.id if selected else None)
        self._pending_select = None
        row = self.model.row_of_id(wanted) if wanted is not None else -1
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))  # an item opened from 今日 may be far down
        else:
            self.table.clearSelection()
        self._selection_changed()

    def _show_counts(self) -> None:
        c = self.counts
        numbers = {"open": c.open, "due": c.due, "overdue": c.overdue, "closed": c.closed, "all": c.total}
        for view, label in views():
            self.view_buttons[view].setText(f"{label} {numbers[view]}")
        # Overdue items need the secretary's eye even when another view is shown.
        overdue = self.view_buttons["overdue"]
        overdue.setProperty("late", c.overdue > 0)
        overdue.style().unpolish(overdue)
        overdue.style().polish(overdue)
        overdue.setToolTip(tr("办理时限已过、尚未办结的事项"))

    def _fill_choices(self, choices: tuple[list[DepartmentRow], list[PersonRef]]) -> None:
        if not shiboken6.isValid(self):
            return
        departments, leaders = choices
        for combo, items in ((self.department_combo, [(d.name, d.id) for d in departments]),
                             (self.leader_combo, [(p.name, p.id) for p in leaders])):
            combo.blockSignals(True)
            first = (combo.itemText(0), combo.itemData(0))
            combo.set_choices([first, *items])
            combo.blockSignals(False)

    def clear_filters(self) -> None:
        for combo in (self.department_combo, self.leader_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.view_group.blockSignals(True)
        self.view_buttons["open"].setChecked(True)
        self.view_group.blockSignals(False)
        self.refresh()

    def show_view(self, view: str) -> None:
        self.view_buttons[view].setChecked(True)

    def show_item(self, item_id: int) -> None:
        """今日 opens an item: every open item, that one selected, the filters cleared so that it is
        there (read again: it may have changed); id 0 shows what is overdue."""
        self._pending_select = item_id or None
        for combo in (self.department_combo, self.leader_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.view_group.blockSignals(True)
        self.view_buttons["open" if item_id else "overdue"].setChecked(True)
        self.view_group.blockSignals(False)
        self.refresh()
        self.table.setFocus()

    def selected_row(self) -> FollowUpRow | None:
        rows = self.table.selectionModel().selectedRows()
        found: FollowUpRow | None = self.model.row_at(rows[0].row()) if rows else None
        return found

    # --- the selected item --------------------------------------------------------------------

    def _selection_changed(self) -> None:
        row = self.selected_row()
        if row is not None and self.detail.row is not None and row == self.detail.row:
            return  # same item, same facts: keep its notes on screen
        self.detail.show_row(row, self.today)
        if row is None:
            return
        self._detail_generation += 1
        generation = self._detail_generation
        followup, minutes = self.followup, self.office.minutes
        item_id, minutes_id = row.id, row.minutes_id

        def read() -> ItemDetail:
            m = minutes.detail(minutes_id)
            source = m.meeting_name + tr("纪要") + m.serial_text
            return ItemDetail(item_id, followup.notes(item_id), source)

        def arrived(detail: ItemDetail) -> None:
            if shiboken6.isValid(self) and generation == self._detail_generation:
                self.detail.show_detail(detail)

        self.runner.run(read, on_success=arrived, parent=self.window(), label=tr("正在读取办理情况…"))

    def _activated(self) -> None:
        row = self.selected_row()
        if row is not None and row.status is FollowUpStatus.OPEN and self.detail.may_note:
            self.add_note()

    def add_note(self) -> None:
        row = self.detail.row
        if row is None:
            return
        dialog = NoteDialog(self.followup, self.runner, row, self)
        self._open(dialog, row.id)

    def close_item(self) -> None:
        row = self.detail.row
        if row is None:
            return
        dialog = CloseDialog(self.followup, self.runner, row, self)
        self._open(dialog, row.id)

    def _open(self, dialog: NoteDialog | CloseDialog, item_id: int) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved(_result: Any) -> None:
            self._pending_select = item_id
            self.detail.row = None  # the item changed: read its facts and notes again
            self.refresh()

        dialog.on_saved = saved
        dialog.open()

    # --- the summary PDF ----------------------------------------------------------------------

    def report_title(self, f: Filters) -> str:
        who = ""
        if f.department_id is not None:
            who = self.department_combo.currentText()
        elif f.leader_id is not None:
            who = tr("%1分管").replace("%1", self.leader_combo.currentText())
        label = dict(views())[f.view]
        return who + tr("督办事项情况汇总") + ("" if f.view == "all" else f"（{label}）")

    def export_pdf(self) -> None:
        f = self.filters()
        title = self.report_title(f)
        as_of = self.followup.today()
        suggested = Path.home() / f"{title}{as_of:%Y%m%d}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, tr("导出汇总 PDF"), str(suggested), tr("PDF 文件 (*.pdf)"))
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        office, followup = self.office, self.followup

        def render() -> tuple[Path, int]:
            report = followup.report_rows(view=f.view, department_id=f.department_id, leader_id=f.leader_id)
            written = render_followup_report(target, report.rows, office_name=office.settings.office_name(),
                                             as_of=as_of, title=title, omitted=report.omitted)
            followup.record_export(report, target.name, title)
            return written, report.omitted

        def exported(result: tuple[Path, int]) -> None:
            written, omitted = result
            self.exported = written
            text = tr("已导出到 %1").replace("%1", str(written))
            show_info(self, text + ("\n" + omitted_text(omitted) if omitted else ""))

        self.runner.run(render, on_success=exported, parent=self.window(), label=tr("正在生成督办事项情况汇总…"))

    # --- what the main window's menu asks of the current page --------------------------------

    def open_note_file(self, note_id: int) -> None:
        followup, copies = self.office.followup, self.copies

        def write() -> tuple[str, Path | None]:
            name, data = followup.note_file(note_id)
            if not material_files.may_open(name):  # stored before the intake rule: data only
                return name, None
            return name, materials_panel.checked_copy(copies, note_id, name, data)

        def show(result: tuple[str, Path | None]) -> None:
            name, path = result
            if path is None:
                materials_panel.offer_save(self, self.runner, name, materials_panel.open_refusal(name),
                                           lambda: followup.note_file(note_id)[1])
            else:
                materials_panel.open_in_viewer(path)  # the temporary copy goes at a lock or at exit

        self.runner.run(write, on_success=show, parent=self.window(), label=tr("正在读取反馈材料…"))

    def focus_search(self) -> None:
        self.department_combo.setFocus()
        edit = self.department_combo.lineEdit()
        if edit is not None:
            edit.selectAll()
