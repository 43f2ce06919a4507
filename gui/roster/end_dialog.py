"""结束: ask for the date and confirm. Ending keeps the record; nothing historical is deleted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from gui.ops import OpRunner
from gui.roster.forms import DateEdit, FormDialog, day_text


class EndDialog(FormDialog):
    def __init__(self, runner: OpRunner, *, title: str, what: str, ok_text: str,
                 end: Callable[[dt.date], Any], earliest: dt.date | None = None,
                 day: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(runner, title, ok_text, parent)
        self._end = end
        self._earliest = earliest
        text = QLabel(what + "\n" + self.tr("结束后该记录仍保留在历史中，可按日期查看；此操作不删除任何数据。"))
        text.setObjectName("endText")
        text.setWordWrap(True)
        self.form.addRow(text)
        self.date_edit = DateEdit(day or dt.date.today())
        self.date_edit.setObjectName("endDate")
        if earliest is not None:
            self.date_edit.set_earliest(earliest, self.tr("结束日期不能早于开始日期（%1）").replace(
                "%1", day_text(earliest)))
        self.form.addRow(self.tr("结束日期（含当日）："), self.date_edit)

    def problem(self) -> str:
        if self._earliest is not None and self.date_edit.day() < self._earliest:
            return self.refuse(self.date_edit, self.tr("结束日期不能早于开始日期。"))
        return ""

    def save(self) -> Callable[[], Any]:
        day, end = self.date_edit.day(), self._end
        return lambda: end(day)
