"""The agenda of one meeting: topics in order, dragged (or moved with Ctrl+↑/↓) to reorder,
added from the pool, edited, removed back to the pool with a reason."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.model.enums import MeetingStatus
from core.office import Office
from core.services.meeting_types import AgendaRow, MeetingDetail
from gui import roles
from gui.columns import fit_columns
from gui.meetings.agenda_dialogs import AddTopicDialog, EditItemDialog
from gui.meetings.common import read_only_table, tr
from gui.meetings.reason_dialog import ReasonDialog
from gui.ops import OpRunner
from gui.roster.table import Column, RowsModel

Index = QModelIndex | QPersistentModelIndex
ROW_MIME = "application/x-huiwu-agenda-row"


def moved(order: Sequence[int], source: int, target: int) -> list[int]:
    """`order` with the item at `source` inserted before position `target` (0..len)."""
    result = list(order)
    item = result.pop(source)
    result.insert(target - 1 if target > source else target, item)
    return result


class AgendaModel(RowsModel):
    """Agenda rows; a drop asks for a new order (the service reorders, then the panel reloads)."""

    reorder_requested = Signal(list)

    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            Column(tr("序号"), lambda a: str(a.position)),
            Column(tr("议题"), lambda a: a.title),
            Column(tr("主办部门"), lambda a: a.lead_department),
            Column(tr("汇报单位"), lambda a: a.reporting_department or a.lead_department),
            Column(tr("列席单位"), lambda a: "、".join(name for _id, name in a.observers)),
            Column(tr("时间"), lambda a: tr("%1 分钟").replace("%1", str(a.minutes))),
        ], parent)
        self.movable = True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The agenda's order is the meeting's order: never sorted by a column."""

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not self.movable:
            return flags
        if index.isValid():
            return flags | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return flags | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROW_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data.setData(ROW_MIME, str(rows[0] if rows else -1).encode())
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(ROW_MIME) or not self.movable:
            return False
        source = int(bytes(data.data(ROW_MIME).data()).decode() or -1)
        if not 0 <= source < len(self.rows):
            return False
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self.rows))
        self.move(source, target)
        return False  # the rows are not moved here: the service reorders and the panel reloads

    def move(self, source: int, target: int) -> None:
        order = moved([a.topic_id for a in self.rows], source, target)
        if order != [a.topic_id for a in self.rows]:
            self.reorder_requested.emit(order)


class AgendaTable(QTableView):
    """Ctrl+↑ and Ctrl+↓ move the selected topic (the keyboard's way to drag)."""

    move_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() in steps:
            self.move_requested.emit(steps[Qt.Key(event.key())])
            event.accept()
            return
        super().keyPressEvent(event)


class AgendaPanel(QWidget):
    changed = Signal()

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaPanel")
        self.office = office
        self.meetings = office.meetings
        self.runner = runner
        self.detail: MeetingDetail | None = None

        self.model = AgendaModel(self)
        self.model.reorder_requested.connect(self.reorder)
        self.table = AgendaTable()
        read_only_table("agenda", self.model, self.table)
        self.table.move_requested.connect(self.move_selected)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropOverwriteMode(False)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        fit_columns(self.table, stretch=1)
        self.table.activated.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

        self.add_button = QPushButton(tr("列入议题…"))
        self.add_button.setObjectName("addTopic")
        self.add_button.clicked.connect(self.add_topic)
        self.edit_button = QPushButton(tr("修改…"))
        self.edit_button.setObjectName("editItem")
        self.edit_button.clicked.connect(self.edit_selected)
        self.up_button = QPushButton(tr("上移"))
        self.up_button.setObjectName("moveUp")
        self.up_button.setToolTip("Ctrl+↑")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton(tr("下移"))
        self.down_button.setObjectName("moveDown")
        self.down_button.setToolTip("Ctrl+↓")
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button = QPushButton(tr("移出议程…"))
        self.remove_button.setObjectName("removeTopic")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        self.may_change = roles.allow(office, "workflow", self.add_button, self.edit_button, self.up_button,
                                      self.down_button, self.remove_button)
        buttons.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("agendaSummary")
        self.summary.setStyleSheet("color: #555;")
        self.summary.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    def show_detail(self, detail: MeetingDetail) -> None:
        self.detail = detail
        current = self.selected()
        planned = detail.status is MeetingStatus.PLANNED
        self.model.movable = planned and self.may_change
        self.model.set_rows(detail.agenda)
        if current is not None:
            self.select_topic(current.topic_id)
        self._update_buttons()
        total = sum(a.minutes for a in detail.agenda)
        if detail.agenda:
            text = tr("共 %1 个议题，预计 %2 分钟。").replace("%1", str(len(detail.agenda))).replace("%2", str(total))
            if self.model.movable:
                text += tr("拖动行或按 Ctrl+↑/↓ 调整顺序；双击修改汇报时间、汇报单位和列席单位。")
        else:
            text = tr("尚未列入议题。") + (tr("点“列入议题…”从议题库中选择已确定上会的议题。") if self.model.movable
                                          else "")
        if not planned:
            text += tr("会议%1，议程不能再修改。").replace("%1", detail.status.value)
        self.summary.setText(text)

    def _update_buttons(self) -> None:
        planned = self.detail is not None and self.detail.status is MeetingStatus.PLANNED
        row = self.selected()
        index = self.model.rows.index(row) if row is not None else -1
        self.add_button.setEnabled(planned)
        self.edit_button.setEnabled(planned and row is not None)
        self.remove_button.setEnabled(planned and row is not None)
        self.up_button.setEnabled(planned and index > 0)
        self.down_button.setEnabled(planned and 0 <= index < len(self.model.rows) - 1)

    def selected(self) -> AgendaRow | None:
        rows = self.table.selectionModel().selectedRows()
        found: AgendaRow | None = self.model.row_at(rows[0].row()) if rows else None
        return found

    def select_topic(self, topic_id: int) -> None:
        for i, row in enumerate(self.model.rows):
            if row.topic_id == topic_id:
                self.table.selectRow(i)

    # --- actions ------------------------------------------------------------------------------

    def _departments(self) -> list[tuple[int, str]]:
        assert self.detail is not None
        return [(d.id, d.name) for d in self.office.roster.departments(on=self.detail.day)]

    def add_topic(self) -> None:
        if self.detail is None:
            return
        kind, convener = self.detail.kind, self.detail.convener_id
        meetings = self.meetings

        def load() -> tuple[list[tuple[int, str]], list[tuple[int, str]], dict[int, list[int]]]:
            pool = meetings.pool(kind, convener_id=convener)
            return pool, self._departments(), meetings.concerned_units(t for t, _title in pool)

        self.runner.run(load, on_success=self._open_add, parent=self.window(), label=tr("正在读取议题库…"))

    def _open_add(self, loaded: tuple[list[tuple[int, str]], list[tuple[int, str]], dict[int, list[int]]]) -> None:
        assert self.detail is not None
        pool, departments, concerned = loaded
        dialog = AddTopicDialog(self.runner, self.meetings, self.detail, pool, departments, self, concerned=concerned)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.on_saved = lambda _id: self.changed.emit()
        dialog.open()

    def edit_selected(self) -> None:
        item = self.selected()
        if item is None or not self.model.movable:
            return
        self.runner.run(self._departments, on_success=lambda departments: self._open_edit(item, departments),
                        parent=self.window(), label=tr("正在读取名册…"))

    def _open_edit(self, item: AgendaRow, departments: list[tuple[int, str]]) -> None:
        dialog = EditItemDialog(self.runner, self.meetings, item, departments, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.on_saved = lambda _r: self.changed.emit()
        dialog.open()

    def move_selected(self, step: int) -> None:
        item = self.selected()
        if item is None or not self.model.movable:
            return
        row = self.model.rows.index(item)
        target = row + step
        if 0 <= target < len(self.model.rows):
            self.model.move(row, target + 1 if step > 0 else target)

    def reorder(self, topic_ids: list[int]) -> None:
        if self.detail is None:
            return
        meetings, meeting_id = self.meetings, self.detail.id
        self.runner.run(lambda: meetings.reorder(meeting_id, topic_ids), on_success=lambda _r: self.changed.emit(),
                        parent=self.window())

    def remove_selected(self) -> None:
        item = self.selected()
        if item is None or self.detail is None:
            return
        meetings, meeting_id, topic_id = self.meetings, self.detail.id, item.topic_id
        dialog = ReasonDialog(
            self.runner, title=tr("移出议程"), ok_text=tr("移出议程"),
            what=tr("将“%1”移出%2的议程。议题回到议题库，仍为“已确定上会”，可安排到其他会议。")
            .replace("%1", item.title).replace("%2", self.detail.name),
            question=tr("确定将“%1”移出议程吗？").replace("%1", item.title),
            act=lambda reason: meetings.unschedule(meeting_id, topic_id, reason=reason), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.on_saved = lambda _r: self.changed.emit()
        dialog.open()
