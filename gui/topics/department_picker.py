"""Pick several departments from a long list: a search line above a checkable list."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

ID_ROLE = Qt.ItemDataRole.UserRole


class DepartmentPicker(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("departmentSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("输入名称筛选单位…"))
        self.search_edit.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setObjectName("departmentList")
        self.list.setMinimumHeight(130)
        self.list.itemChanged.connect(lambda _i: self._update_summary())
        self.summary = QLabel()
        self.summary.setObjectName("pickedSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.list)
        layout.addWidget(self.summary)
        self._excluded: int | None = None
        self._update_summary()

    def set_departments(self, items: Sequence[tuple[str, int]]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for name, dept_id in items:
            item = QListWidgetItem(name, self.list)
            item.setData(ID_ROLE, dept_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._filter(self.search_edit.text())
        self._update_summary()

    def exclude(self, dept_id: int | None) -> None:
        """Hide (and untick) the lead department: it is not one of its own involved departments."""
        self._excluded = dept_id
        self._filter(self.search_edit.text())
        self._update_summary()

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def _filter(self, text: str) -> None:
        text = text.strip()
        for item in self._items():
            excluded = item.data(ID_ROLE) == self._excluded
            if excluded and item.checkState() == Qt.CheckState.Checked:
                item.setCheckState(Qt.CheckState.Unchecked)
            item.setHidden(excluded or (bool(text) and text not in item.text()))

    def set_checked(self, ids: Sequence[int]) -> None:
        wanted = set(ids)
        for item in self._items():
            item.setCheckState(Qt.CheckState.Checked if item.data(ID_ROLE) in wanted else Qt.CheckState.Unchecked)

    def checked_ids(self) -> list[int]:
        return [int(item.data(ID_ROLE)) for item in self._items()
                if item.checkState() == Qt.CheckState.Checked and item.data(ID_ROLE) != self._excluded]

    def _update_summary(self) -> None:
        names = [item.text() for item in self._items()
                 if item.checkState() == Qt.CheckState.Checked and item.data(ID_ROLE) != self._excluded]
        if names:
            self.summary.setText(self.tr("已选 %1 个：").replace("%1", str(len(names))) + "、".join(names))
        else:
            self.summary.setText(self.tr("未选涉及部门（只涉及主办部门的议题无须会前协调）"))
        self.changed.emit()
