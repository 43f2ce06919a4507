"""The read-only parts of the topic page: details, checklist, coordination and history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from core.model.enums import Flag
from core.services.topic_types import ChecklistLine, HistoryEntry, OpinionRow, TopicDetail
from gui.roster.table import Column, RowsModel, day_text
from gui.topics.action_base import tr

DONE_COLOR = QColor("#1b5e20")
OPEN_COLOR = QColor("#b26a00")
WARN_COLOR = QColor("#b71c1c")


def read_only_table(name: str, model: RowsModel) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(28)
    table.horizontalHeader().setStretchLastSection(True)
    for i, column in enumerate(model.columns):
        if column.width:
            table.setColumnWidth(i, column.width)
    return table


# --- details ------------------------------------------------------------------------------------

class DetailsForm(QWidget):
    """The submission as entered: departments, meeting, flags, dates, contact, summary."""

    FIELDS = ("lead", "involved", "supervisor", "target", "flags", "submitted", "requested", "contact", "summary")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(6)
        captions = (self.tr("主办部门："), self.tr("涉及部门："), self.tr("分管领导："), self.tr("拟提交会议："),
                    self.tr("议题标记："), self.tr("报送日期："), self.tr("建议上会日期："), self.tr("联系人："),
                    self.tr("议题摘要："))
        for key, caption in zip(self.FIELDS, captions, strict=True):
            label = QLabel()
            label.setObjectName(key)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key] = label
            form.addRow(caption, label)

    def show_detail(self, d: TopicDetail) -> None:
        none = self.tr("无")
        flags = [f.value + (f"（{d.major_category}）" if f is Flag.MAJOR and d.major_category else "")
                 for f in Flag if f in d.flags]
        values = {
            "lead": d.lead_department,
            "involved": "、".join(name for _id, name in d.involved) or self.tr("无（只涉及主办部门）"),
            "supervisor": d.supervisor or self.tr("（报送时名册中没有分管领导）"),
            "target": d.target.value,
            "flags": "、".join(flags) or none,
            "submitted": day_text(d.submitted_on),
            "requested": day_text(d.requested_date, none),
            "contact": d.contact or none,
            "summary": d.summary or none,
        }
        for key, text in values.items():
            self.labels[key].setText(text)


# --- checklist ----------------------------------------------------------------------------------

class Checklist(QTreeWidget):
    """What the rules still require, each line with its article, ticked when done."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist")
        self.setColumnCount(3)
        self.setHeaderLabels(["", self.tr("办理要求"), self.tr("依据")])
        self.setRootIsDecorated(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.setColumnWidth(0, 34)

    def show_lines(self, lines: tuple[ChecklistLine, ...]) -> None:
        self.clear()
        for line in lines:
            item = QTreeWidgetItem(["✔" if line.done else "○", line.text, line.citation])
            color = DONE_COLOR if line.done else OPEN_COLOR
            item.setForeground(0, QBrush(color))
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignCenter)
            item.setToolTip(1, line.text + "\n" + line.citation)
            item.setData(0, Qt.ItemDataRole.UserRole, line.done)
            if line.done:
                item.setForeground(1, QBrush(QColor("#555")))
            self.addTopLevelItem(item)
        self.setFixedHeight(self.header().height() + max(1, len(lines)) * self.sizeHintForRow(0) + 6
                            if lines else 60)

    def lines_text(self) -> list[tuple[bool, str, str]]:
        out = []
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            assert item is not None
            out.append((bool(item.data(0, Qt.ItemDataRole.UserRole)), item.text(1), item.text(2)))
        return out


# --- coordination -------------------------------------------------------------------------------

def opinion_text(o: OpinionRow) -> str:
    if o.agrees is None:
        return tr("未签署")
    return tr("同意") if o.agrees else tr("不同意")


def signer_note(o: OpinionRow) -> str:
    if o.agrees is None or o.signer_is_principal:
        return ""
    return tr("非主要负责人签署：") + o.other_signer_reason


class OpinionsModel(RowsModel):
    """One row per involved department; disagreement and a non-principal signer stand out."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            Column(tr("涉及部门"), lambda o: o.department, width=150),
            Column(tr("意见"), opinion_text, width=70),
            Column(tr("签署人"), lambda o: o.signer_name, width=90),
            Column(tr("签署日期"), lambda o: day_text(o.signed_on), sort_key=lambda o: o.signed_on, width=120),
            Column(tr("提示"), signer_note, width=200),
            Column(tr("意见内容"), lambda o: o.text),
        ], parent)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            o: OpinionRow = self.rows[index.row()]
            if index.column() == 1:
                if o.agrees is None:
                    return QBrush(OPEN_COLOR)
                return QBrush(DONE_COLOR if o.agrees else WARN_COLOR)
            if index.column() == 4 and signer_note(o):
                return QBrush(WARN_COLOR)
        return super().data(index, role)


def history_model(parent: Any = None) -> RowsModel:
    def when(h: HistoryEntry) -> str:
        return h.at[:16].replace("T", " ")

    return RowsModel([
        Column(tr("时间"), when, sort_key=lambda h: h.at, width=140),
        Column(tr("事项"), lambda h: h.what, width=430),
        Column(tr("录入人"), lambda h: h.who, width=90),
        Column(tr("代为录入"), lambda h: h.on_behalf_of),
    ], parent)
