"""Every save is a version (第N稿): the list, and two versions side by side with the changed lines
coloured (changed yellow, removed red, added green)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from core.office import Office
from gui.columns import fit_columns
from gui.meetings.common import read_only_table, size_columns
from gui.minutes.common import tr
from gui.ops import OpRunner
from gui.roster.forms import ChoiceCombo
from gui.roster.table import Column, RowsModel

TAG_COLORS = {"replace": "#fff3c4", "delete": "#fde0dc", "insert": "#dcedc8"}
TAG_TEXT = {"equal": "", "replace": "改", "delete": "删", "insert": "增"}


class CompareModel(RowsModel):
    """Rows (tag, left, right) from MinutesService.compare, coloured by tag."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([Column("", lambda r: tr(TAG_TEXT[r[0]]) if TAG_TEXT[r[0]] else ""),
                          Column(tr("前一稿"), lambda r: r[1]), Column(tr("后一稿"), lambda r: r[2])], parent)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            color = TAG_COLORS.get(self.rows[index.row()][0])
            return QBrush(QColor(color)) if color else None
        return super().data(index, role)


class VersionsPanel(QWidget):
    #: a comparison is on screen
    compared = Signal()

    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("versionsPanel")
        self.office = office
        self.runner = runner
        self.minutes_id = 0
        self.versions_model = RowsModel([
            Column(tr("稿次"), lambda v: tr("第%1稿").replace("%1", str(v[0])), sort_key=lambda v: v[0]),
            Column(tr("保存人"), lambda v: v[1]),
            Column(tr("保存时间"), lambda v: v[2].replace("T", " ")[:19]),
        ], self)
        self.versions_table = read_only_table("versions", self.versions_model)
        fit_columns(self.versions_table)
        self.versions_table.setMaximumHeight(140)
        self.left_combo = ChoiceCombo()
        self.left_combo.setObjectName("left")
        self.left_combo.setMinimumContentsLength(6)
        self.right_combo = ChoiceCombo()
        self.right_combo.setObjectName("right")
        self.right_combo.setMinimumContentsLength(6)
        self.compare_button = QPushButton(tr("比较"))
        self.compare_button.setObjectName("compare")
        self.compare_button.clicked.connect(self.compare)
        self.summary = QLabel()
        self.summary.setObjectName("compareSummary")
        self.summary.setStyleSheet("color: #555;")
        self.compare_model = CompareModel(self)
        self.compare_table = read_only_table("comparison", self.compare_model)
        self.compare_table.setWordWrap(True)
        self.compare_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        size_columns(self.compare_table, [34])
        for column in (1, 2):  # the two versions side by side, equally wide
            self.compare_table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("比较")))
        bar.addWidget(self.left_combo)
        bar.addWidget(QLabel(tr("与")))
        bar.addWidget(self.right_combo)
        bar.addWidget(self.compare_button)
        bar.addSpacing(12)
        bar.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("每次保存都是一稿，可任选两稿对照：黄色为修改，红色为删除，绿色为新增。")))
        layout.addWidget(self.versions_table)
        layout.addLayout(bar)
        layout.addWidget(self.compare_table, 1)

    def set_versions(self, minutes_id: int, versions: list[tuple[int, str, str]]) -> None:
        self.minutes_id = minutes_id
        self.versions_model.set_rows(versions)
        choices = [(tr("第%1稿").replace("%1", str(v[0])), v[0]) for v in versions]
        self.left_combo.set_choices(choices)
        self.right_combo.set_choices(choices)
        if versions:
            self.left_combo.setCurrentIndex(max(0, len(versions) - 2))
            self.right_combo.setCurrentIndex(len(versions) - 1)
        self.compare_button.setEnabled(len(versions) > 1)

    def compare(self) -> None:
        a, b, minutes, minutes_id = self.left_combo.value(), self.right_combo.value(), self.office.minutes, \
            self.minutes_id
        if a is None or b is None:
            return
        self.runner.run(lambda: minutes.compare(minutes_id, a, b), on_success=lambda rows: self._show(a, b, rows),
                        parent=self.window(), label=tr("正在比较…"))

    def _show(self, a: int, b: int, rows: list[tuple[str, str, str]]) -> None:
        self.compare_model.columns[1] = Column(tr("第%1稿").replace("%1", str(a)), lambda r: r[1])
        self.compare_model.columns[2] = Column(tr("第%1稿").replace("%1", str(b)), lambda r: r[2])
        self.compare_model.set_rows(rows)
        changed = sum(1 for r in rows if r[0] != "equal")
        self.summary.setText(tr("共 %1 处不同").replace("%1", str(changed)) if changed else tr("两稿内容相同"))
        self.compared.emit()
