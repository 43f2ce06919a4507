"""One roster list: search as you type, a date to view the roster on, add / edit / end.

Subclasses say what the list holds (`columns`, `query`) and how to add, edit and end an item.
The query runs on the op runner; a newer request makes an older answer stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.office import Office
from gui import roles
from gui.ops import Op, OpRunner
from gui.roster.forms import ChoiceCombo, DateEdit, FormDialog
from gui.roster.table import Column, RowsModel

SEARCH_DELAY_MS = 250


class ListTab(QWidget):
    #: emitted after the tab changed the roster, so the other tabs reload
    changed = Signal()

    search_hint = ""
    filter_choices: list[tuple[str, Any]] = []
    can_add = True
    can_edit = True
    can_end = True
    add_text = ""
    end_text = ""

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office = office
        self.roster = office.roster
        self.runner = runner
        self._generation = 0
        self._pending_select: int | None = None
        self._query_op: Op | None = None
        self.detail: QTextBrowser | None = None
        self.loaded = False

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr(self.search_hint) if self.search_hint else self.tr("搜索…"))
        self.search_edit.setMinimumWidth(200)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.refresh)

        self.filter_combo = ChoiceCombo([(self.tr(label), value) for label, value in self.filter_choices])
        self.filter_combo.setVisible(bool(self.filter_choices))
        self.filter_combo.currentIndexChanged.connect(lambda _i: self.refresh())

        self.date_edit = DateEdit()
        self.date_edit.setObjectName("viewDate")
        self.date_edit.setToolTip(self.tr("列表显示这一天的在任情况"))
        self.date_edit.dateChanged.connect(lambda _d: self.refresh())
        today_button = QPushButton(self.tr("今天"))
        today_button.clicked.connect(lambda: self.date_edit.set_day(dt.date.today()))
        self.history_box = QCheckBox(self.tr("含已结束的记录"))
        self.history_box.setObjectName("history")
        self.history_box.toggled.connect(self._history_toggled)

        self.add_button = QPushButton(self.tr(self.add_text) if self.add_text else self.tr("新增…"))
        self.add_button.setObjectName("add")
        self.add_button.clicked.connect(self.new_item)
        self.edit_button = QPushButton(self.tr("编辑…"))
        self.edit_button.setObjectName("edit")
        self.edit_button.clicked.connect(self.edit_selected)
        self.end_button = QPushButton(self.tr(self.end_text) if self.end_text else self.tr("结束…"))
        self.end_button.setObjectName("end")
        self.end_button.clicked.connect(self.end_selected)
        self.add_button.setVisible(self.can_add)
        self.edit_button.setVisible(self.can_edit)
        self.end_button.setVisible(self.can_end)
        # Every roster change is workflow: the other roles read the lists (no dialog opens for them).
        if not roles.allow(office, "workflow", self.add_button, self.edit_button, self.end_button):
            self.can_add = self.can_edit = self.can_end = False

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 2)
        top.addWidget(self.filter_combo)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("查看日期：")))
        top.addWidget(self.date_edit)
        top.addWidget(today_button)
        top.addWidget(self.history_box)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.end_button)

        self.model = RowsModel(self.columns(), self)
        self.model.set_greyed(self._greyed)
        self.table = QTableView()
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, column in enumerate(self.model.columns):
            if column.width:
                self.table.setColumnWidth(i, column.width)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected() if self.can_edit else None)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())

        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        self.count_label.setStyleSheet("color: #666;")

        self.body = QVBoxLayout()
        self.body.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.count_label)
        self._selection_changed()

    # --- to override ----------------------------------------------------------------------

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def query(self, search: str, on: dt.date | None, choice: Any) -> list[Any]:
        """Runs on the worker thread: ask the service for the rows."""
        raise NotImplementedError

    def is_current(self, row: Any, on: dt.date) -> bool:
        return True

    def open_new(self) -> None:
        pass

    def open_edit(self, row: Any) -> None:
        pass

    def open_end(self, row: Any) -> None:
        pass

    def can_end_row(self, row: Any) -> bool:
        return getattr(row, "end", None) is None

    def selected_changed(self, row: Any) -> None:
        pass

    # --- a detail panel beside the list (optional) -------------------------------------------

    def add_detail_panel(self, name: str, hint: str) -> None:
        """Show the selected item's whole record to the right of the list."""
        self.detail = QTextBrowser()
        self.detail.setObjectName(name)
        self.detail.setMinimumWidth(300)
        self._detail_hint = hint
        self._detail_generation = 0
        splitter = QSplitter()
        self.body.removeWidget(self.table)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.body.addWidget(splitter)
        self._selection_changed()

    def show_detail(self, row: Any, load: Callable[[], Any], render: Callable[[Any], str]) -> None:
        """Load the record of `row` on the worker and render it, unless the selection moved on."""
        if self.detail is None:
            return
        self._detail_generation += 1
        generation = self._detail_generation
        if row is None:
            self.detail.setHtml(f"<p style='color:#888'>{escape(self._detail_hint)}</p>")
            return

        def show(record: Any) -> None:
            if generation == self._detail_generation and self.detail is not None:
                self.detail.setHtml(render(record))

        self.runner.run(load, on_success=show, parent=self.window())

    # --- the list -------------------------------------------------------------------------

    @property
    def view_date(self) -> dt.date:
        return self.date_edit.day()

    def _history_toggled(self, _on: bool) -> None:
        self.refresh()

    def _greyed(self, row: Any) -> bool:
        return self.history_box.isChecked() and not self.is_current(row, self.view_date)

    def refresh(self) -> None:
        self._search_timer.stop()
        self._generation += 1
        generation = self._generation
        search = self.search_edit.text().strip()
        on = None if self.history_box.isChecked() else self.view_date
        choice = self.filter_combo.value() if self.filter_choices else None
        if self._query_op is not None:
            self.runner.cancel(self._query_op)  # still queued: a stale query need not run at all
        self._query_op = self.runner.run(
            lambda _token: self.query(search, on, choice),
            on_success=lambda rows: self._show_rows(generation, rows),
            on_done=lambda: self._query_done(generation),
            parent=self.window(), label=self.tr("正在读取名册…"), cancellable=True)

    def _query_done(self, generation: int) -> None:
        if generation == self._generation:
            self._query_op = None

    def _show_rows(self, generation: int, rows: list[Any]) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        selected = self.selected_row()
        selected_id = getattr(selected, "id", None)
        self.model.set_rows(rows)
        self.loaded = True
        text = self.tr("共 %1 条").replace("%1", str(len(rows)))
        if not rows and not self.history_box.isChecked() and not self.history_box.isHidden():
            text += self.tr("。查看日期没有在期的记录；勾选“%1”可查看历史记录。").replace("%1", self.history_box.text())
        self.count_label.setText(text)
        if self._pending_select is not None:
            self.select_id(self._pending_select)
            self._pending_select = None
        elif selected_id is not None:
            self.select_id(selected_id)
        self._selection_changed()

    def selected_row(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_id(self, item_id: int) -> bool:
        row = self.model.row_of_id(item_id)
        if row >= 0:
            self.table.selectRow(row)
            return True
        return False

    def _selection_changed(self) -> None:
        row = self.selected_row()
        self.edit_button.setEnabled(row is not None)
        self.end_button.setEnabled(row is not None and self.can_end_row(row))
        self.selected_changed(row)

    # --- actions --------------------------------------------------------------------------

    def new_item(self) -> None:
        if self.can_add:
            self.open_new()

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None and self.can_edit:
            self.open_edit(row)

    def end_selected(self) -> None:
        row = self.selected_row()
        if row is not None and self.can_end and self.can_end_row(row):
            self.open_end(row)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def show_id(self, item_id: int) -> None:
        """The search opens a record here: read again with no filter and ended records included, so
        that it is in the list whatever the tab showed, and selected."""
        self._pending_select = item_id
        for widget in (self.search_edit, self.filter_combo, self.history_box):
            widget.blockSignals(True)
        self.search_edit.clear()
        self.filter_combo.setCurrentIndex(0)
        self.history_box.setChecked(True)
        for widget in (self.search_edit, self.filter_combo, self.history_box):
            widget.blockSignals(False)
        self.refresh()

    def show_dialog(self, dialog: FormDialog, select_result: bool = False) -> None:
        """Open a dialog; after it saved, reload (selecting the new item) and tell the other tabs."""

        def saved(result: Any) -> None:
            if select_result and isinstance(result, int):
                self._pending_select = result
            self.refresh()
            self.changed.emit()

        dialog.on_saved = saved
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
