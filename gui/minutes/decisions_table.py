"""议定事项 of one section as a table: text, type, responsible unit, co-units, deadline and the six
sensitive matters of art. 45 (a THEMATIC decision touching one needs the mayor's consent)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from core.model.enums import DecisionType, SensitiveMatter
from core.services.minutes_types import DecisionItem
from gui.minutes.common import tr
from gui.roster.forms import ChoiceCombo, OptionalDateEdit
from gui.topics.department_picker import DepartmentPicker

ROW_HEIGHT = 66  # at least: the other cells' widgets need it
MAX_ROW_HEIGHT = 300  # a longer decision scrolls in its cell
TEXT, TYPE, RESPONSIBLE, CO_UNITS, DEADLINE, MATTERS = range(6)


class _WheelGuard(QObject):
    """Scrolling the editor over a combo or date must not change it: only a focused one takes the wheel."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()
            return True
        return False


_guard = _WheelGuard()


def guard_wheel(widget: QWidget) -> None:
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_guard)


class MattersBox(QWidget):
    """The six matters of art. 45 as check boxes, two rows of three."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[SensitiveMatter, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 0, 4, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(0)
        for i, matter in enumerate(SensitiveMatter):
            box = QCheckBox(matter.value)
            box.setObjectName("matter_" + matter.name)
            box.toggled.connect(lambda _on: self.changed.emit())
            self.boxes[matter] = box
            grid.addWidget(box, i // 3, i % 3)
        self.setToolTip(tr("专题会议纪要涉及这些事项的，须报区长同意后印发（依据《工作规则》第四十五条）"))

    def matters(self) -> frozenset[SensitiveMatter]:
        return frozenset(m for m, box in self.boxes.items() if box.isChecked())

    def set_matters(self, matters: frozenset[SensitiveMatter]) -> None:
        for matter, box in self.boxes.items():
            box.setChecked(matter in matters)


class CoUnitsButton(QPushButton):
    """Shows the co-units; a click opens a picker over the department list."""

    changed = Signal()

    def __init__(self, departments: dict[int, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.departments = departments
        self.ids: tuple[int, ...] = ()
        self.setStyleSheet("text-align: left; padding: 2px 6px;")
        self.clicked.connect(self.pick)
        self._show()

    def set_ids(self, ids: Sequence[int]) -> None:
        self.ids = tuple(ids)
        self._show()

    def _show(self) -> None:
        names = [self.departments.get(i, tr("（已删除的单位）")) for i in self.ids]
        self.setText("、".join(names) if names else tr("选择…") if self.isEnabled() else tr("（无）"))
        self.setToolTip("、".join(names))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.EnabledChange:
            self._show()

    def pick(self) -> None:
        dialog = QDialog(self.window())
        dialog.setObjectName("coUnitsDialog")
        dialog.setWindowTitle(tr("协办单位"))
        dialog.resize(380, 460)
        picker = DepartmentPicker()
        picker.summary.hide()  # its wording is the topics'; the button shows the choice here
        picker.set_departments([(name, dept) for dept, name in self.departments.items()])
        picker.set_checked(self.ids)
        buttons = QDialogButtonBox()
        buttons.addButton(tr("确定"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(picker, 1)
        layout.addWidget(buttons)

        def accepted() -> None:
            self.set_ids(picker.checked_ids())
            self.changed.emit()

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.setModal(True)
        dialog.open()


class DecisionsTable(QTableWidget):
    edited = Signal()

    def __init__(self, departments: dict[int, str], parent: QWidget | None = None) -> None:
        super().__init__(0, 6, parent)
        self.setObjectName("decisions")
        self.departments = departments
        self.read_only = False
        self.setHorizontalHeaderLabels([tr("议定事项"), tr("类型"), tr("责任单位"), tr("协办单位"), tr("办理期限"),
                                        tr("敏感事项（第四十五条）")])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((TYPE, 100), (RESPONSIBLE, 150), (CO_UNITS, 150), (DEADLINE, 180), (MATTERS, 330)):
            self.setColumnWidth(column, width)
        # A decision's row is as tall as its text at the column's width, so its last line shows.
        header.sectionResized.connect(lambda column, _old, _new: self._fit_height() if column == TEXT else None)

    # --- rows -----------------------------------------------------------------------------

    def set_items(self, items: Sequence[DecisionItem]) -> None:
        self.setRowCount(0)
        for item in items:
            self.add_item(item)
        self._fit_height()

    def add_item(self, item: DecisionItem | None = None) -> None:
        item = item or DecisionItem("")
        row = self.rowCount()
        self.insertRow(row)
        text = QPlainTextEdit(item.text)
        text.setObjectName("decisionText")
        text.setTabChangesFocus(True)
        text.setPlaceholderText(tr("议定事项的内容"))
        text.textChanged.connect(self.edited.emit)
        text.textChanged.connect(lambda edit=text: self._fit_row_of(edit))
        kind = ChoiceCombo([(t.value, t) for t in DecisionType])
        kind.setMinimumContentsLength(4)
        kind.set_value(item.type)
        kind.currentIndexChanged.connect(lambda _i: self.edited.emit())
        responsible = ChoiceCombo([(tr("（未定）"), None)] + [(n, i) for i, n in self.departments.items()],
                                  searchable=True)
        responsible.setMinimumContentsLength(6)
        responsible.set_value(item.responsible_id)
        responsible.currentIndexChanged.connect(lambda _i: self.edited.emit())
        co_units = CoUnitsButton(self.departments)
        co_units.set_ids(item.co_ids)
        co_units.changed.connect(self.edited.emit)
        deadline = OptionalDateEdit("", item.deadline)
        deadline.check.setToolTip(tr("勾选后填写办理期限"))
        deadline.check.toggled.connect(lambda _on: self.edited.emit())
        deadline.edit.dateChanged.connect(lambda _d: self.edited.emit())
        matters = MattersBox()
        matters.set_matters(item.matters)
        matters.changed.connect(self.edited.emit)
        for guarded in (kind, responsible, deadline.edit):
            guard_wheel(guarded)
        for column, widget in ((TEXT, text), (TYPE, kind), (RESPONSIBLE, responsible), (CO_UNITS, co_units),
                               (DEADLINE, deadline), (MATTERS, matters)):
            self.setCellWidget(row, column, widget)
        self._apply_read_only(row)
        self._fit_height()

    def remove_current(self) -> None:
        row = self.currentRow()
        if row >= 0:
            self.removeRow(row)
            self._fit_height()
            self.edited.emit()

    def decision_items(self) -> tuple[DecisionItem, ...]:
        return tuple(self.item_at(row) for row in range(self.rowCount()))

    def item_at(self, row: int) -> DecisionItem:
        text = self.cellWidget(row, TEXT)
        kind = self.cellWidget(row, TYPE)
        responsible = self.cellWidget(row, RESPONSIBLE)
        co_units = self.cellWidget(row, CO_UNITS)
        deadline = self.cellWidget(row, DEADLINE)
        matters = self.cellWidget(row, MATTERS)
        assert isinstance(text, QPlainTextEdit) and isinstance(kind, ChoiceCombo)
        assert isinstance(responsible, ChoiceCombo) and isinstance(co_units, CoUnitsButton)
        assert isinstance(deadline, OptionalDateEdit) and isinstance(matters, MattersBox)
        day: dt.date | None = deadline.day()
        return DecisionItem(text.toPlainText(), kind.value() or DecisionType.AGREE_IN_PRINCIPLE,
                            responsible.value(), co_units.ids, day, matters.matters())

    def widget_at(self, row: int, column: int) -> QWidget:
        widget = self.cellWidget(row, column)
        assert widget is not None
        return widget

    # --- looks ----------------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for row in range(self.rowCount()):
            self._apply_read_only(row)

    def _apply_read_only(self, row: int) -> None:
        for column in range(self.columnCount()):
            widget = self.cellWidget(row, column)
            if isinstance(widget, QPlainTextEdit):
                widget.setReadOnly(self.read_only)
            elif widget is not None:
                widget.setEnabled(not self.read_only)

    def text_height(self, row: int) -> int:
        """The height row `row` needs to show its decision's every line at the column's width."""
        edit = self.cellWidget(row, TEXT)
        if not isinstance(edit, QPlainTextEdit):  # a row being added: its widgets come next
            return ROW_HEIGHT
        chrome = 2 * edit.frameWidth() + 2 * int(edit.document().documentMargin()) + 4
        width = max(40, self.columnWidth(TEXT) - chrome)
        text = edit.toPlainText() or " "
        needed = edit.fontMetrics().boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
        return max(ROW_HEIGHT, min(MAX_ROW_HEIGHT, needed.height() + chrome))

    def _fit_row_of(self, edit: QPlainTextEdit) -> None:
        row = next((r for r in range(self.rowCount()) if self.cellWidget(r, TEXT) is edit), -1)
        if row >= 0 and self.rowHeight(row) != self.text_height(row):
            self._fit_height()

    def _fit_height(self) -> None:
        """Each row as tall as its decision, and the table as tall as its rows (the editor scrolls)."""
        for row in range(self.rowCount()):
            self.setRowHeight(row, self.text_height(row))
        rows = sum(self.rowHeight(row) for row in range(self.rowCount())) if self.rowCount() else ROW_HEIGHT
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + rows + 4)
