"""Leave requests as a table with their route and article, and the 批复/报告 step. Used on a
meeting's page (its requests) and as the register across meetings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.model.enums import LeaveStatus
from core.office import Office
from core.services.meeting_types import LeaveRow
from gui import roles
from gui.columns import cell_date, fit_columns
from gui.meetings.common import LEAVE_COLORS, ColoredRowsModel, read_only_table, tr
from gui.meetings.leave_dialogs import DecideDialog, leave_scope
from gui.ops import OpRunner
from gui.roster.table import Column

STATUS_COLUMN = 4


def decision_text(row: LeaveRow) -> str:
    if row.decided_on is None:
        return ""
    parts = [row.decided_by, cell_date(row.decided_on), row.manner.value if row.manner else ""]
    return "，".join(p for p in parts if p)


def leave_model(parent: Any = None) -> ColoredRowsModel:
    return ColoredRowsModel([
        Column(tr("请假人员"), lambda r: r.person),
        Column(tr("会议或期间"), lambda r: leave_scope(r, cell_date), sort_key=lambda r: (r.start, r.id)),
        Column(tr("事由"), lambda r: r.reason),
        Column(tr("请假途径及依据"), lambda r: r.route_text),
        Column(tr("状态"), lambda r: r.status.value, sort_key=lambda r: list(LeaveStatus).index(r.status)),
        Column(tr("批复或报告"), decision_text),
    ], lambda r, col: LEAVE_COLORS[r.status] if col == STATUS_COLUMN else None, parent)


class LeaveList(QWidget):
    changed = Signal()
    #: 登记请假 was pressed; the owner opens the dialog (it knows the meeting or the people)
    request_wanted = Signal()

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office = office
        self.runner = runner
        self.model = leave_model(self)
        self.table = read_only_table("leaves", self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        fit_columns(self.table, stretch=3, max_width=260)
        self.table.activated.connect(lambda _i: self.decide_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.request_button = QPushButton(tr("登记请假…"))
        self.request_button.setObjectName("requestLeave")
        self.request_button.clicked.connect(self.request_wanted)
        self.decide_button = QPushButton(tr("批复/报告…"))
        self.decide_button.setObjectName("decideLeave")
        self.decide_button.setToolTip(tr("登记区长（或主持会议的领导）的批复，或区政府办公室向区长报告的情况"))
        self.decide_button.clicked.connect(self.decide_selected)
        # Requests are the office's workflow; the answer is recorded on behalf of the leader ("review").
        roles.allow(office, "workflow", self.request_button)
        self.may_decide = roles.allow(office, "review", self.decide_button)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.request_button)
        self.buttons.addWidget(self.decide_button)
        self.buttons.addStretch(1)
        self.note = QLabel()
        self.note.setObjectName("leaveNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self._selection_changed()

    def set_rows(self, rows: Sequence[LeaveRow]) -> None:
        selected = self.selected()
        self.model.set_rows(rows)
        if selected is not None:
            row = self.model.row_of_id(selected.id)
            if row >= 0:
                self.table.selectRow(row)
        pending = sum(1 for r in rows if r.status is LeaveStatus.PENDING)
        text = tr("共 %1 条请假记录，待批复 %2 条。").replace("%1", str(len(rows))).replace("%2", str(pending))
        if pending and self.may_decide:
            text += tr("选中一条后点“批复/报告…”或双击登记结果。")
        self.note.setText(text if rows else tr("没有请假记录。"))
        self._selection_changed()

    def selected(self) -> LeaveRow | None:
        rows = self.table.selectionModel().selectedRows()
        found: LeaveRow | None = self.model.row_at(rows[0].row()) if rows else None
        return found

    def _selection_changed(self) -> None:
        row = self.selected()
        self.decide_button.setEnabled(row is not None and row.status is LeaveStatus.PENDING)

    def decide_selected(self) -> None:
        row = self.selected()
        if row is None or row.status is not LeaveStatus.PENDING or not self.may_decide:
            return
        dialog = DecideDialog(self.runner, self.office.leave, row, today=self.office.leave.today(), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.on_saved = lambda _r: self.changed.emit()
        dialog.open()
