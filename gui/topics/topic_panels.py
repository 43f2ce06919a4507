"""The read-only parts of the topic page: details, checklist, coordination and history."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QLabel,
    QTableView,
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

    FIELDS = ("lead", "involved", "supervisor", "target", "flags", "submitted", "requested", "contact", "summary",
              "confirmed")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(6)
        captions = (self.tr("主办部门："), self.tr("涉及部门："), self.tr("分管领导："), self.tr("拟提交会议："),
                    self.tr("议题标记："), self.tr("报送日期："), self.tr("建议上会日期："), self.tr("联系人："),
                    self.tr("议题摘要："), self.tr("确定人："))
        for key, caption in zip(self.FIELDS, captions, strict=True):
            label = QLabel()
            label.setObjectName(key)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key] = label
            form.addRow(caption, label)

    def show_detail(self, d: TopicDetail) -> None:
        none = self.tr("无")
        flags = [f.label + (f"（{d.major_category}）" if f is Flag.MAJOR and d.major_category else "")
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
            "confirmed": d.confirmed_by or self.tr("尚未确定"),
        }
        for key, text in values.items():
            self.labels[key].setText(text)


# --- checklist ----------------------------------------------------------------------------------

class Checklist(QWidget):
    """What the rules still require, each line with its article, ticked when done.

    Labels, not a table: a requirement wraps onto a second line instead of being cut off,
    and its citation sits under it in smaller grey type.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(8)
        self.grid.setColumnStretch(1, 1)
        self.lines: tuple[ChecklistLine, ...] = ()

    def show_lines(self, lines: tuple[ChecklistLine, ...]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.lines = lines
        for row, line in enumerate(lines):
            tick = QLabel("✔" if line.done else "○")
            tick.setObjectName("tick")
            color = DONE_COLOR if line.done else OPEN_COLOR
            tick.setStyleSheet(f"color: {color.name()}; font-weight: bold;")
            tick.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            tick.setFixedWidth(18)
            tick.setToolTip(self.tr("已完成") if line.done else self.tr("尚未完成"))
            text_color = "#666" if line.done else "#222"
            # How it was met when not in the plain way (a deputy's signature and its reason), in the
            # warning colour: the line is ticked, but the secretary sees on what it rests.
            note = (f'<br><span style="color:{WARN_COLOR.name()};">{escape(line.note)}</span>'
                    if line.note else "")
            text = QLabel(f'<span style="color:{text_color};">{escape(line.text)}</span>{note}<br>'
                          f'<span style="color:#888; font-size:9pt;">{escape(line.citation)}</span>')
            text.setObjectName("requirement")
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setWordWrap(True)
            self.grid.addWidget(tick, row, 0)
            self.grid.addWidget(text, row, 1)

    def lines_text(self) -> list[tuple[bool, str, str]]:
        return [(line.done, line.text, line.citation) for line in self.lines]

    def note_of(self, text: str) -> str:
        return next((line.note for line in self.lines if line.text == text), "")


# --- coordination -------------------------------------------------------------------------------

def opinion_text(o: OpinionRow) -> str:
    if o.agrees is None:
        return tr("未签署")
    return tr("同意") if o.agrees else tr("不同意")


def signer_flag(o: OpinionRow) -> str:
    if o.agrees is None or o.signer_is_principal:
        return ""
    return tr("非主要负责人签署")


def signer_note(o: OpinionRow) -> str:
    flag = signer_flag(o)
    return f"{flag}：{o.other_signer_reason}" if flag else ""


class OpinionsModel(RowsModel):
    """One row per involved department; disagreement and a non-principal signer stand out."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            Column(tr("涉及部门"), lambda o: o.department, width=110),
            Column(tr("意见"), opinion_text, width=54),
            Column(tr("签署人"), lambda o: o.signer_name, width=70),
            Column(tr("签署日期"), lambda o: o.signed_on.isoformat() if o.signed_on else "",
                   sort_key=lambda o: o.signed_on, width=92),
            Column(tr("提示"), signer_flag, width=120),
            Column(tr("意见内容"), lambda o: o.text),
        ], parent)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == 4:
            return signer_note(self.rows[index.row()])  # with the stated reason
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            o: OpinionRow = self.rows[index.row()]
            if index.column() == 1:
                if o.agrees is None:
                    return QBrush(OPEN_COLOR)
                return QBrush(DONE_COLOR if o.agrees else WARN_COLOR)
            if index.column() == 4 and signer_flag(o):
                return QBrush(WARN_COLOR)
        return super().data(index, role)


def history_model(parent: Any = None) -> RowsModel:
    def when(h: HistoryEntry) -> str:
        return h.at[:16].replace("T", " ")

    return RowsModel([
        Column(tr("时间"), when, sort_key=lambda h: h.at, width=130),
        Column(tr("事项"), lambda h: h.what, width=280),
        Column(tr("录入人"), lambda h: h.who, width=80),
        Column(tr("代为录入"), lambda h: h.on_behalf_of, width=80),
    ], parent)
