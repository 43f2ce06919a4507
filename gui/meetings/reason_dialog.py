"""Ask for a reason, confirm, then do it: removing a topic or a person, postponing, cancelling.
The service refuses an empty reason; the dialog asks first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from gui.meetings.common import tr
from gui.messages import confirm
from gui.ops import OpRunner
from gui.roster.forms import FormDialog
from gui.topics.action_base import text_box


class ReasonDialog(FormDialog):
    def __init__(self, runner: OpRunner, *, title: str, what: str, ok_text: str, question: str,
                 act: Callable[[str], Any], reason_label: str = "", placeholder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, title, ok_text, parent)
        self.setObjectName("reasonDialog")
        self._act = act
        self._question = question
        text = QLabel(what)
        text.setObjectName("what")
        text.setWordWrap(True)
        self.form.addRow(text)
        self.reason_edit = text_box(placeholder or tr("请写明理由（记入办理记录）"), 80)
        self.reason_edit.setObjectName("reason")
        self.form.addRow(reason_label or tr("理由："), self.reason_edit)

    def problem(self) -> str:
        return "" if self.reason_edit.toPlainText().strip() else self.refuse(self.reason_edit, tr("请填写理由。"))

    def submit(self) -> None:
        if self.problem():
            super().submit()
            return
        confirm(self, self._question, yes=self.ok_button.text(), on_yes=lambda: FormDialog.submit(self))

    def save(self) -> Callable[[], Any]:
        reason, act = self.reason_edit.toPlainText(), self._act
        return lambda: act(reason)
