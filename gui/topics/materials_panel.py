"""A topic's materials: add, open (a private temporary copy), replace (the old version stays listed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.errors import HuiwuError
from core.office import Office
from core.services.topic_types import MaterialRow
from gui import roles
from gui.messages import show_error
from gui.ops import OpRunner
from gui.roster.table import Column, RowsModel
from gui.topics.action_base import tr
from gui.topics.temp_copies import TempCopies


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _open_in_viewer(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


#: how a copy is shown; tests replace it
open_in_viewer: Callable[[Path], bool] = _open_in_viewer


class MaterialsPanel(QWidget):
    #: the topic's materials changed (reload the page)
    changed = Signal()
    #: a temporary copy was written and handed to the viewer
    opened = Signal(object)

    def __init__(self, office: Office, runner: OpRunner, copies: TempCopies,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.topics = office.topics
        self.runner = runner
        self.copies = copies
        self.topic_id: int | None = None
        self.model = RowsModel([
            Column(self.tr("文件名"), lambda m: m.name, width=200),
            Column(self.tr("大小"), lambda m: size_text(m.size), sort_key=lambda m: m.size, width=76),
            Column(self.tr("版本"), lambda m: self.tr("当前") if m.current else self.tr("旧版本"), width=60),
            Column(self.tr("上传人"), lambda m: m.uploaded_by, width=76),
            Column(self.tr("上传时间"), lambda m: m.uploaded_at[:16].replace("T", " ")),
        ], self)
        self.model.set_greyed(lambda m: not m.current)
        self.table = QTableView()
        self.table.setObjectName("materials")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        for i, column in enumerate(self.model.columns):
            if column.width:
                self.table.setColumnWidth(i, column.width)
        self.table.activated.connect(lambda _i: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())

        self.add_button = QPushButton(self.tr("添加材料…"))
        self.add_button.setObjectName("addMaterial")
        self.add_button.clicked.connect(self.choose_and_add)
        self.open_button = QPushButton(self.tr("打开"))
        self.open_button.setObjectName("openMaterial")
        self.open_button.setToolTip(self.tr("以临时副本打开；关闭议题页面或退出程序时删除副本"))
        self.open_button.clicked.connect(self.open_selected)
        self.replace_button = QPushButton(self.tr("替换为新版本…"))
        self.replace_button.setObjectName("replaceMaterial")
        self.replace_button.setToolTip(self.tr("上传新版本；旧版本保留在列表中"))
        self.replace_button.clicked.connect(self.choose_and_replace)
        roles.allow(office, "workflow", self.add_button, self.replace_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.replace_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._selection_changed()

    def show_materials(self, topic_id: int, materials: tuple[MaterialRow, ...]) -> None:
        self.topic_id = topic_id
        selected = self.selected()
        self.model.set_rows(materials)
        if selected is not None:
            row = self.model.row_of_id(selected.id)
            if row >= 0:
                self.table.selectRow(row)
        self._selection_changed()

    def selected(self) -> MaterialRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_id(self, material_id: int) -> None:
        row = self.model.row_of_id(material_id)
        if row >= 0:
            self.table.selectRow(row)

    def _selection_changed(self) -> None:
        row = self.selected()
        self.open_button.setEnabled(row is not None)
        self.replace_button.setEnabled(row is not None and row.current)

    # --- add / replace ------------------------------------------------------------------------

    def _pick_file(self, title: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self, title, str(Path.home()), self.tr("所有文件 (*)"))
        return path

    def choose_and_add(self) -> None:
        path = self._pick_file(self.tr("添加材料"))
        if path:
            self.add_file(Path(path))

    def add_file(self, path: Path) -> None:
        topics, tid = self.topics, self.topic_id
        if tid is None:
            return
        self.runner.run(lambda: topics.add_material_file(tid, path), on_success=self._stored,
                        parent=self.window(), label=self.tr("正在加密保存材料…"))

    def choose_and_replace(self) -> None:
        row = self.selected()
        if row is None or not row.current:
            return
        path = self._pick_file(self.tr("替换“%1”").replace("%1", row.name))
        if path:
            self.replace_file(row.id, Path(path))

    def replace_file(self, material_id: int, path: Path) -> None:
        topics = self.topics
        self.runner.run(lambda: topics.replace_material(material_id, path),
                        on_success=self._stored,
                        parent=self.window(), label=self.tr("正在加密保存材料…"))

    def _stored(self, _material_id: int) -> None:
        if shiboken6.isValid(self):
            self.changed.emit()

    # --- open ---------------------------------------------------------------------------------

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_material(row.id)

    def open_material(self, material_id: int) -> None:
        topics, copies = self.topics, self.copies

        def write() -> Path:
            name, data = topics.material_data(material_id)
            try:
                return copies.write(material_id, name, data)
            except OSError as exc:
                raise HuiwuError(tr("无法写出临时副本：") + (exc.strerror or str(exc))) from exc

        self.runner.run(write, on_success=self._show_copy, parent=self.window(), label=self.tr("正在读取材料…"))

    def _show_copy(self, path: Path) -> None:
        if not shiboken6.isValid(self):
            self.copies.remove()  # the page closed while this copy was being written
            return
        self.opened.emit(path)
        if not open_in_viewer(path):
            show_error(self.window(), self.tr("系统中没有能打开此类文件的程序：") + path.name)

