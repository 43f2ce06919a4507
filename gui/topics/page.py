"""议题库: every topic in one list, with filters, counts per status and a search box.

One op reads the rows (one query) and the counts; the table is a plain model over that list, so
5,000 topics open at once. Filtering and searching ask the service again; nothing filters in Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import shiboken6
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.model.enums import MeetingKind, TopicStatus, WaitingOn
from core.office import Office
from core.services.roster_types import DepartmentRow, PersonRef
from core.services.topic_types import TopicRow
from gui import roles
from gui.columns import cell_date, fit_columns
from gui.ops import Op, OpRunner
from gui.roster.forms import ChoiceCombo
from gui.roster.table import Column, RowsModel
from gui.topics.action_base import tr
from gui.topics.flow_layout import FlowLayout
from gui.topics.submit_dialog import SubmitDialog
from gui.topics.topic_window import STATUS_COLORS, TopicWindow

SEARCH_DELAY_MS = 250


@dataclass(frozen=True)
class Filters:
    status: TopicStatus | None = None
    department_id: int | None = None
    supervisor_id: int | None = None
    target: MeetingKind | None = None
    waiting_on: WaitingOn | None = None
    search: str = ""


@dataclass(frozen=True)
class Loaded:
    rows: list[TopicRow]
    counts: dict[TopicStatus, int]  # per status under the other filters (the chips follow a search)
    total: int  # every topic in the file


class TopicsModel(RowsModel):
    STATUS_COLUMN = 4

    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            Column(tr("编号"), lambda t: str(t.id), sort_key=lambda t: t.id),
            Column(tr("议题名称"), lambda t: t.title),
            Column(tr("主办部门"), lambda t: t.lead_department),
            Column(tr("拟提交会议"), lambda t: t.target.value),
            Column(tr("状态"), lambda t: t.status.value, sort_key=lambda t: list(TopicStatus).index(t.status)),
            Column(tr("下一步"), lambda t: t.waiting_on.value),
            Column(tr("分管领导"), lambda t: t.supervisor),
            Column(tr("报送日期"), lambda t: cell_date(t.submitted_on), sort_key=lambda t: t.submitted_on),
        ], parent)

        self._status_brushes = {status: QBrush(QColor(color)) for status, color in STATUS_COLORS.items()}

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.STATUS_COLUMN and index.isValid():
            return self._status_brushes.get(self.rows[index.row()].status)
        return super().data(index, role)


class TopicsPage(QWidget):
    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topicsPage")
        self.office = office
        self.topics = office.topics
        self.runner = runner
        self.loaded = False
        self.counts: dict[TopicStatus, int] = {}
        self.windows: dict[int, TopicWindow] = {}
        self._generation = 0
        self._pending_select: int | None = None
        self._query_op: Op | None = None
        # The rows are read while the widgets are built; the filters' choices after them.
        self._run_query(Filters())
        runner.run(self._read_choices, on_success=self._fill_choices, parent=self, label=self.tr("正在读取名册…"))

        title = QLabel(self.tr("议题库"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.new_button = QPushButton(self.tr("报送议题…"))
        self.new_button.setObjectName("newTopic")
        self.new_button.setToolTip(self.tr("报送一个新议题（Ctrl+N）"))
        self.new_button.clicked.connect(self.new_item)

        # status chips: one per status with its count; a click filters by it
        self.status_group = QButtonGroup(self)
        self.status_group.setExclusive(True)
        self.status_buttons: dict[TopicStatus | None, QPushButton] = {}
        chips_box = QWidget()
        chips = FlowLayout(chips_box, spacing=5)
        for status in (None, *TopicStatus):
            button = QPushButton()
            button.setObjectName("status_" + (status.name if status else "ALL"))
            button.setCheckable(True)
            button.setStyleSheet(
                "QPushButton { border: 1px solid #c9c4b8; border-radius: 12px; padding: 3px 9px;"
                " background: #faf9f6; }"
                "QPushButton:checked { background: #b71c1c; color: white; border-color: #b71c1c; }")
            self.status_group.addButton(button)
            self.status_buttons[status] = button
            chips.addWidget(button)
        self.status_buttons[None].setChecked(True)
        self.status_group.buttonToggled.connect(self._status_toggled)
        self._show_counts()

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("搜索议题名称…"))
        self.search_edit.setMinimumWidth(160)
        self.search_edit.setMaximumWidth(420)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.refresh)  # Enter searches at once

        all_label = self.tr("全部")
        self.department_combo = ChoiceCombo([(self.tr("全部单位"), None)], searchable=True)
        self.department_combo.setObjectName("department")
        self.department_combo.setToolTip(self.tr("主办或涉及该单位的议题"))
        self.supervisor_combo = ChoiceCombo([(self.tr("全部分管领导"), None)])
        self.supervisor_combo.setObjectName("supervisor")
        self.supervisor_combo.setMinimumContentsLength(8)
        self.target_combo = ChoiceCombo([(self.tr("全部会议类型"), None)] + [(k.value, k) for k in MeetingKind])
        self.target_combo.setObjectName("target")
        self.target_combo.setMinimumContentsLength(10)
        waiting = [(w.value, w) for w in WaitingOn if w is not WaitingOn.NOBODY]
        self.waiting_combo = ChoiceCombo([(self.tr("下一步：%1").replace("%1", all_label), None)]
                                         + [(self.tr("下一步：%1").replace("%1", label), w) for label, w in waiting]
                                         + [(self.tr("已办结（无下一步）"), WaitingOn.NOBODY)])
        self.waiting_combo.setObjectName("waitingOn")
        self.waiting_combo.setMinimumContentsLength(14)
        for combo in (self.department_combo, self.supervisor_combo, self.target_combo, self.waiting_combo):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.clear_button = QPushButton(self.tr("清除筛选"))
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.clicked.connect(self.clear_filters)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(16)
        head.addWidget(self.search_edit, 3)
        head.addStretch(1)
        head.addWidget(self.new_button)
        roles.add_role_note(head, office)
        self.can_create = roles.allow(office, "workflow", self.new_button)
        filters_box = QWidget()
        filters = FlowLayout(filters_box, spacing=6)
        for widget in (self.department_combo, self.supervisor_combo, self.target_combo, self.waiting_combo,
                       self.clear_button):
            filters.addWidget(widget)

        self.model = TopicsModel(self)
        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        vertical.setDefaultSectionSize(30)
        fit_columns(self.table, stretch=1, max_width=240)  # the title takes the width
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.activated.connect(lambda _i: self.open_selected())

        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.count_label.setStyleSheet("color: #666;")

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(chips_box)
        layout.addWidget(filters_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    def _status_toggled(self, _button: object, on: bool) -> None:
        if on:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.loaded:
            self.refresh()  # other pages (meetings) may have moved topics on meanwhile

    # --- the list -----------------------------------------------------------------------------

    def filters(self) -> Filters:
        status = next((s for s, b in self.status_buttons.items() if b.isChecked()), None)
        return Filters(status=status, department_id=self.department_combo.value(),
                       supervisor_id=self.supervisor_combo.value(), target=self.target_combo.value(),
                       waiting_on=self.waiting_combo.value(), search=self.search_edit.text().strip())

    def _query(self, f: Filters) -> Loaded:
        """On the worker: one query for the rows, one for the chips' counts, one for the whole file's."""
        rows = self.topics.topics(status=f.status, department_id=f.department_id, supervisor_id=f.supervisor_id,
                                  target=f.target, waiting_on=f.waiting_on, search=f.search)
        counts = self.topics.counts(department_id=f.department_id, supervisor_id=f.supervisor_id, target=f.target,
                                    waiting_on=f.waiting_on, search=f.search)
        filtered = replace(f, status=None) != Filters()
        return Loaded(rows, counts, sum((self.topics.counts() if filtered else counts).values()))

    def _read_choices(self) -> tuple[list[DepartmentRow], list[PersonRef]]:
        """On the worker: the departments, and the leaders who supervise or supervised any."""
        leaders: dict[int, PersonRef] = {}
        for p in self.office.roster.portfolios():
            leaders.setdefault(p.leader_id, PersonRef(p.leader_id, p.leader_name))
        return self.office.roster.departments(), list(leaders.values())

    def refresh(self) -> None:
        self._search_timer.stop()
        self._run_query(self.filters())

    def _run_query(self, f: Filters) -> None:
        self._generation += 1
        generation = self._generation
        if self._query_op is not None:
            self.runner.cancel(self._query_op)  # still queued: a stale query need not run at all
        self._query_op = self.runner.run(
            lambda _token: self._query(f),
            on_success=lambda loaded: self._show(generation, loaded),
            on_done=lambda: self._query_done(generation),
            parent=self.window(), label=self.tr("正在读取议题…"), cancellable=True)

    def _query_done(self, generation: int) -> None:
        if generation == self._generation:
            self._query_op = None

    def _show(self, generation: int, loaded: Loaded) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # a newer query is on its way
        selected = self.selected_row()
        self.model.set_rows(loaded.rows)
        self.counts = loaded.counts
        self._show_counts()
        self.loaded = True
        total = loaded.total
        if loaded.rows:
            text = self.tr("显示 %1 个议题（共 %2 个）").replace("%1", str(len(loaded.rows))).replace("%2", str(total))
        elif total:
            text = self.tr("没有符合筛选条件的议题。可点“清除筛选”查看全部 %1 个议题。").replace("%1", str(total))
        elif self.can_create:
            text = self.tr("还没有议题。点“报送议题…”（Ctrl+N）报送第一个议题。")
        else:
            text = self.tr("还没有议题。")
        self.count_label.setText(text)
        wanted = self._pending_select if self._pending_select is not None else (selected.id if selected else None)
        self._pending_select = None
        if wanted is not None:
            row = self.model.row_of_id(wanted)
            if row >= 0:
                self.table.selectRow(row)

    def _fill_choices(self, choices: tuple[list[DepartmentRow], list[PersonRef]]) -> None:
        departments, supervisors = choices
        if not shiboken6.isValid(self):
            return  # the page went while the roster was read
        for combo, items in ((self.department_combo, [(d.name, d.id) for d in departments]),
                             (self.supervisor_combo, [(p.name, p.id) for p in supervisors])):
            combo.blockSignals(True)
            first = (combo.itemText(0), combo.itemData(0))
            combo.set_choices([first, *items])
            combo.blockSignals(False)

    def _show_counts(self) -> None:
        total = sum(self.counts.values())
        for status, button in self.status_buttons.items():
            label = status.value if status else self.tr("全部")
            count = total if status is None else self.counts.get(status, 0)
            button.setText(f"{label} {count}")

    def clear_filters(self) -> None:
        for combo in (self.department_combo, self.supervisor_combo, self.target_combo, self.waiting_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.status_group.blockSignals(True)
        self.status_buttons[None].setChecked(True)
        self.status_group.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.refresh()

    def selected_row(self) -> TopicRow | None:
        rows = self.table.selectionModel().selectedRows()
        found: TopicRow | None = self.model.row_at(rows[0].row()) if rows else None
        return found

    # --- opening and submitting ---------------------------------------------------------------

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_topic(row.id)

    def open_topic(self, topic_id: int) -> TopicWindow:
        window = self.windows.get(topic_id)
        if window is None:
            window = TopicWindow(self.office, self.runner, topic_id, self)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.changed.connect(lambda _tid: self.refresh())
            window.open_requested.connect(self.open_topic)
            window.destroyed.connect(lambda _o=None, tid=topic_id: self.windows.pop(tid, None))
            self.windows[topic_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def new_item(self) -> None:
        if not self.can_create:
            return
        today = self.topics.today()
        self.runner.run(lambda: self.office.roster.departments(on=today), on_success=self._open_submit,
                        parent=self.window(), label=self.tr("正在读取名册…"))

    def _open_submit(self, departments: list[DepartmentRow]) -> None:
        dialog = SubmitDialog(self.office, self.runner, departments, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved(topic_id: Any) -> None:
            if isinstance(topic_id, int):
                self._pending_select = topic_id
            self.refresh()

        dialog.on_saved = saved
        dialog.open()

    # --- what the main window's menu asks of the current page --------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()
