"""A topic's materials: add, open (a private temporary copy), save elsewhere, replace (the old
version stays listed).

Only a document type the service takes in is handed to the desktop's handler: a material stored
before that rule (or imported) with a program's type or a disguised name is offered as 另存为…
only, since the handler of such a type runs it (core.services.material_files)."""

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
from core.keeping.hardening import write_private
from core.office import Office
from core.services import material_files
from core.services.topic_types import MaterialRow
from core.text import text_problem, visible
from gui import roles
from gui.messages import confirm, show_error, show_info
from gui.ops import OpRunner
from gui.roster.table import Column, RowsModel
from gui.topics.action_base import tr
from gui.topics.temp_copies import TempCopies, safe_name


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


def open_refusal(name: str) -> str:
    """Why a stored material is not opened, or "" when it may be."""
    if material_files.may_open(name):
        return ""
    if text_problem(name) is not None:
        what = tr("文件名“%1”含有不可见的控制字符，显示出的名称可能与文件的实际类型不同。").replace("%1", visible(name))
    else:
        what = tr("“%1”的类型（%2）不是会务接收的文档类型，用系统程序打开它可能运行其中的程序。") \
            .replace("%1", name).replace("%2", material_files.suffix(name) or tr("无扩展名"))
    return what + tr("为安全起见，会务不打开这份材料；如需查看，请“另存为…”后先用杀毒软件检查。")


class NotOpened(HuiwuError):
    """The bytes of a stored material turned out to be a program: refused before any copy."""


def checked_copy(copies: TempCopies, copy_id: int, name: str, data: bytes) -> Path:
    """On the worker: the temporary copy to open, refused (NotOpened) for a program's bytes."""
    reason = material_files.content_refusal(name, data)
    if reason is not None:
        raise NotOpened(tr("为防止运行其中的程序，会务不打开这份材料。%1").replace("%1", reason))
    try:
        return copies.write(copy_id, name, data)
    except OSError as exc:
        raise HuiwuError(tr("无法写出临时副本：") + (exc.strerror or str(exc))) from exc


def ask_save_path(parent: QWidget, name: str) -> Path | None:
    suggested = Path.home() / safe_name(name)
    path, _ = QFileDialog.getSaveFileName(parent, tr("另存为"), str(suggested), tr("所有文件 (*)"))
    return Path(path) if path else None


def save_copy(parent: QWidget, runner: OpRunner, name: str, fetch: Callable[[], bytes]) -> None:
    """另存为…: the material's bytes to a file the user names, written for this user only."""
    target = ask_save_path(parent, name)
    if target is None:
        return

    def write() -> None:
        try:
            write_private(target, fetch())  # 0600: a classified topic's material, for this user only
        except OSError as exc:
            raise HuiwuError(tr("无法保存到 %1：").replace("%1", str(target)) + (exc.strerror or str(exc))) from exc

    def saved(_result: object) -> None:
        show_info(parent, tr("已保存到 %1").replace("%1", str(target)))

    runner.run(write, on_success=saved, parent=parent.window(), label=tr("正在保存…"))


def offer_save(parent: QWidget, runner: OpRunner, name: str, why: str, fetch: Callable[[], bytes]) -> None:
    """The refusal to open, with 另存为… as the one way on."""
    confirm(parent, why, yes=tr("另存为…"), title=tr("不能打开"),
            on_yes=lambda: save_copy(parent, runner, name, fetch))


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
            Column(self.tr("文件名"), lambda m: visible(m.name), width=200),  # a bidi control shown, not obeyed
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
        self.open_button.clicked.connect(self.open_selected)
        self.save_button = QPushButton(self.tr("另存为…"))
        self.save_button.setObjectName("saveMaterial")
        self.save_button.setToolTip(self.tr("把材料保存为文件"))
        self.save_button.clicked.connect(self.save_selected)
        self.replace_button = QPushButton(self.tr("替换为新版本…"))
        self.replace_button.setObjectName("replaceMaterial")
        self.replace_button.setToolTip(self.tr("上传新版本；旧版本保留在列表中"))
        self.replace_button.clicked.connect(self.choose_and_replace)
        roles.allow(office, "workflow", self.add_button, self.replace_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
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
        why = open_refusal(row.name) if row is not None else ""
        self.open_button.setEnabled(row is not None and not why)
        self.open_button.setToolTip(why or self.tr("以临时副本打开；关闭议题页面、锁屏或退出程序时删除副本"))
        self.save_button.setEnabled(row is not None)
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
            self.open_material(row.id, row.name)

    def open_material(self, material_id: int, name: str) -> None:
        topics, copies = self.topics, self.copies
        why = open_refusal(name)
        if why:  # a double-click comes here too: refused before anything is read or written
            offer_save(self.window(), self.runner, name, why, lambda: topics.material_data(material_id)[1])
            return

        def write() -> Path:
            stored_name, data = topics.material_data(material_id)
            return checked_copy(copies, material_id, stored_name, data)

        self.runner.run(write, on_success=self._show_copy, parent=self.window(), label=self.tr("正在读取材料…"))

    def save_selected(self) -> None:
        row = self.selected()
        if row is not None:
            material_id, topics = row.id, self.topics
            save_copy(self.window(), self.runner, row.name, lambda: topics.material_data(material_id)[1])

    def _show_copy(self, path: Path) -> None:
        if not shiboken6.isValid(self):
            self.copies.remove()  # the page closed while this copy was being written
            return
        self.opened.emit(path)
        if not open_in_viewer(path):
            show_error(self.window(), self.tr("系统中没有能打开此类文件的程序：") + path.name)

