"""A table model over a plain Python list a service returned.

Sorting happens on the list (a key per column); filtering is the service's query. No
QSortFilterProxyModel: over large lists it is far too slow (foundation issue §4).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core.rules.roster import date_text

Index = QModelIndex | QPersistentModelIndex


def day_text(day: dt.date | None, none: str = "") -> str:
    return date_text(day) if day is not None else none


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    width: int = 0  # a hint in pixels; 0 lets the view decide


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._greyed: Callable[[Any], bool] | None = None
        self._collator_key = _collator_key()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._apply_sort()
        self.endResetModel()

    def set_greyed(self, predicate: Callable[[Any], bool] | None) -> None:
        """Rows shown in grey (for example ended posts when history is shown)."""
        self._greyed = predicate

    def row_at(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of_id(self, item_id: int) -> int:
        for i, item in enumerate(self.rows):
            if getattr(item, "id", None) == item_id:
                return i
        return -1

    # --- Qt -----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()].text(item)
        if role == Qt.ItemDataRole.ForegroundRole and self._greyed is not None and self._greyed(item):
            return QBrush(QColor("#8a8a8a"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort()
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column, order = self._sort
        if not 0 <= column < len(self.columns):
            return
        col = self.columns[column]
        if col.sort_key is not None:
            key = col.sort_key
            self.rows.sort(key=lambda item: _none_last(key(item)),
                           reverse=order == Qt.SortOrder.DescendingOrder)
        else:
            self.rows.sort(key=lambda item: self._collator_key(col.text(item)),
                           reverse=order == Qt.SortOrder.DescendingOrder)


def _none_last(value: Any) -> tuple[bool, Any]:
    return (value is None, value if value is not None else 0)


def _collator_key() -> Callable[[str], Any]:
    """Chinese names sort by pinyin where Qt has ICU; else by code point."""
    from PySide6.QtCore import QCollator

    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return functools.cmp_to_key(collator.compare)
