"""登记办理情况 (a dated progress note, with an optional feedback file) and 办结 (closing date and
note, confirmed first: a closed item takes no more notes). Both save through the op runner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from core.services.followup import FollowUpRow, FollowUpService
from gui.followup.common import day_text, tr
from gui.messages import confirm
from gui.ops import OpRunner
from gui.roster.forms import DateEdit, FormDialog
from gui.topics.action_base import text_box


class ItemDialog(FormDialog):
    """A dialog about one item: its decision and unit at the top, a date no later than today."""

    def __init__(self, followup: FollowUpService, runner: OpRunner, row: FollowUpRow, title: str, ok_text: str,
                 date_label: str, parent: QWidget | None = None) -> None:
        super().__init__(runner, title, ok_text, parent)
        self.setObjectName(type(self).__name__)
        self.followup = followup
        self.row = row
        self.today: dt.date = followup.today()
        heading = QLabel(row.decision)
        heading.setObjectName("decision")
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        self.form.addRow(heading)
        facts = tr("责任单位：%1　办理时限：%2").replace("%1", row.department).replace(
            "%2", day_text(row.deadline, tr("未定")))
        unit = QLabel(facts)
        unit.setObjectName("facts")
        unit.setStyleSheet("color: #555;")
        self.form.addRow(unit)
        self.date_edit = DateEdit(self.today)
        self.date_edit.setObjectName("date")
        self.date_edit.set_latest(self.today, tr("%1不能晚于今天").replace("%1", date_label.rstrip("：")))  # as the service
        self.form.addRow(date_label, self.date_edit)


class NoteDialog(ItemDialog):
    def __init__(self, followup: FollowUpService, runner: OpRunner, row: FollowUpRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(followup, runner, row, tr("登记办理情况"), tr("登记"), tr("反馈日期："), parent)
        self.text_edit = text_box(tr("责任单位反馈的办理进展，如“已完成方案修改，待报区政府审定”"), 110)
        self.text_edit.setObjectName("text")
        self.form.addRow(tr("办理情况："), self.text_edit)
        self.file: Path | None = None
        self.file_label = QLabel(tr("未附文件"))
        self.file_label.setObjectName("fileName")
        self.file_label.setStyleSheet("color: #555;")
        self.choose_button = QPushButton(tr("选择文件…"))
        self.choose_button.setObjectName("chooseFile")
        self.choose_button.clicked.connect(self.choose_file)
        self.clear_button = QPushButton(tr("不附文件"))
        self.clear_button.setObjectName("clearFile")
        self.clear_button.clicked.connect(lambda: self.set_file(None))
        self.clear_button.setEnabled(False)
        files = QHBoxLayout()
        files.addWidget(self.file_label, 1)
        files.addWidget(self.choose_button)
        files.addWidget(self.clear_button)
        self.form.addRow(tr("反馈材料："), files)
        self.text_edit.setFocus()

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("选择反馈材料"), str(Path.home()), tr("所有文件 (*)"))
        if path:
            self.set_file(Path(path))

    def set_file(self, path: Path | None) -> None:
        self.file = path
        self.file_label.setText(path.name if path is not None else tr("未附文件"))
        self.file_label.setToolTip(str(path) if path is not None else "")
        self.clear_button.setEnabled(path is not None)

    def problem(self) -> str:
        return "" if self.text_edit.toPlainText().strip() else self.refuse(self.text_edit, tr("请填写办理情况。"))

    def save(self) -> Callable[[], Any]:
        followup, item_id = self.followup, self.row.id
        day, text, file = self.date_edit.day(), self.text_edit.toPlainText(), self.file
        return lambda: followup.add_note(item_id, noted_on=day, text=text, file=file)


class CloseDialog(ItemDialog):
    def __init__(self, followup: FollowUpService, runner: OpRunner, row: FollowUpRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(followup, runner, row, tr("办结"), tr("办结"), tr("办结日期："), parent)
        self.note_edit = text_box(tr("可不填，如“方案已经区政府常务会议审定并印发实施”"), 80)
        self.note_edit.setObjectName("note")
        self.form.addRow(tr("办结说明："), self.note_edit)
        self.note_edit.setFocus()

    def submit(self) -> None:
        confirm(self, tr("确定将该事项登记为已办结？"), yes=tr("办结"), on_yes=lambda: FormDialog.submit(self),
                informative=tr("办结后不能再登记办理情况。"))

    def save(self) -> Callable[[], Any]:
        followup, item_id = self.followup, self.row.id
        day, note = self.date_edit.day(), self.note_edit.toPlainText()
        return lambda: followup.close(item_id, closed_on=day, note=note)
