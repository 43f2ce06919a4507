"""The desk's list: one tree, a heading per section and a line per piece of work under it.

One widget for every section, so ↑ and ↓ run through the whole day's work; the headings and the
"nothing here" notes are skipped by the keys (they cannot be selected), Enter opens the line.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from core.services.desk_types import Cue
from gui.home.rows import CUE_COLORS, Block, Line

TARGET = Qt.ItemDataRole.UserRole
HEADING_BACKGROUND = QColor("#f3f1ec")
QUIET = QColor("#777777")
Move = QAbstractItemView.CursorAction
UPWARD = (Move.MoveUp, Move.MovePageUp, Move.MoveEnd, Move.MovePrevious)


def _dot(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def _is_line(index: QModelIndex) -> bool:
    return bool(index.siblingAtColumn(0).data(TARGET))


class DeskTree(QTreeWidget):
    open_requested = Signal(str, int)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("desk")
        self.setColumnCount(3)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setUniformRowHeights(True)
        self.setIconSize(QSize(12, 12))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() + 1)  # a page read at a glance: a little larger than the lists
        self.setFont(font)  # not in the style sheet: the columns are measured with this font
        self.setStyleSheet("QTreeView::item { padding: 4px 2px; }")
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self._icons = {cue: _dot(color) for cue, color in CUE_COLORS.items()}
        self._icons[Cue.NONE] = _dot("#00000000")  # keeps the lines aligned
        self.activated.connect(self._activated)  # Enter, and a double click

    # --- filling ------------------------------------------------------------------------------

    def show_blocks(self, blocks: Sequence[Block], may_act_note: str) -> None:
        """The sections anew, the current line kept where it still is (after a refresh)."""
        kept = self.current_target()
        self.clear()
        for block in blocks:
            heading = self._heading(block)
            if not block.lines:
                self._note(heading, block.empty)
            for line in block.lines:
                self._line(heading, line, may_act_note)
            heading.setExpanded(True)
        self._size_columns()
        found = (self.item_of(kept) if kept is not None else None) or self._first_line()
        if found is not None:
            self.setCurrentItem(found)

    def _heading(self, block: Block) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self, [f"{block.title}　{block.count}"])
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, block.title)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setFirstColumnSpanned(True)
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        for column in range(3):
            item.setBackground(column, HEADING_BACKGROUND)
        return item

    def _note(self, heading: QTreeWidgetItem, text: str) -> None:
        item = QTreeWidgetItem(heading, ["", text])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setForeground(1, QUIET)

    def _line(self, heading: QTreeWidgetItem, line: Line, may_act_note: str) -> None:
        item = QTreeWidgetItem(heading, [line.when, line.what, line.state])
        item.setData(0, TARGET, line.target)
        item.setIcon(0, self._icons[line.cue])
        item.setToolTip(1, line.what)
        state_tip = line.state if line.may_act or not may_act_note else f"{line.state}\n{may_act_note}"
        item.setToolTip(2, state_tip)
        color = CUE_COLORS.get(line.cue)
        if color:
            item.setForeground(2, QBrush(QColor(color)))
            item.setForeground(0, QBrush(QColor(color)))
        if not line.state:  # 另有 N 项…: a way to the page, not a piece of work
            item.setForeground(1, QUIET)

    def _size_columns(self) -> None:
        metrics = self.fontMetrics()
        items = self._children()
        when = max((metrics.horizontalAdvance(item.text(0)) for item in items), default=0)
        state = max((metrics.horizontalAdvance(item.text(2)) for item in items), default=0)
        # the lines sit one level in, after their cue's dot
        self.setColumnWidth(0, min(when, 360) + self.indentation() + self.iconSize().width() + 24)
        self.setColumnWidth(2, min(state, 420) + 24)

    # --- finding and moving ---------------------------------------------------------------------

    def current_target(self) -> tuple[str, int] | None:
        item = self.currentItem()
        target = item.data(0, TARGET) if item is not None else None
        return tuple(target) if target else None  # type: ignore[return-value]

    def _children(self) -> list[QTreeWidgetItem]:
        """Every item under the headings: the lines and the notes."""
        out = []
        root = self.invisibleRootItem()
        for i in range(root.childCount()):
            heading = root.child(i)
            if heading is None:
                continue
            out += [child for j in range(heading.childCount()) if (child := heading.child(j)) is not None]
        return out

    def lines(self) -> list[QTreeWidgetItem]:
        """The lines that open something (not the headings, nor the notes of empty sections)."""
        return [item for item in self._children() if item.data(0, TARGET)]

    def item_of(self, target: tuple[str, int]) -> QTreeWidgetItem | None:
        return next((item for item in self.lines() if tuple(item.data(0, TARGET)) == tuple(target)), None)

    def _first_line(self) -> QTreeWidgetItem | None:
        found = self.lines()
        return found[0] if found else None

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Past the headings and notes: the keys stop on lines only (or stay where they are)."""
        index = super().moveCursor(action, modifiers)
        step = self.indexAbove if action in UPWARD else self.indexBelow
        back = self.indexBelow if action in UPWARD else self.indexAbove
        for walk in (step, back):
            found = index
            while found.isValid() and not _is_line(found):
                found = walk(found)
            if found.isValid():
                return found
        return self.currentIndex()

    def _activated(self, index: QModelIndex) -> None:
        target = index.siblingAtColumn(0).data(TARGET) if index.isValid() else None
        if target:
            kind, item_id = target
            self.open_requested.emit(kind, item_id)

