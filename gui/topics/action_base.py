"""What every action dialog on the topic page shares: the topic it acts on, a date that defaults
to today (no earlier than the submission, no later than today), roster look-ups on the worker
that follow the date, and an optional confirmation before saving."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from core.office import Office
from core.services.topic_types import TopicDetail
from gui.messages import confirm
from gui.ops import OpRunner
from gui.roster.forms import DateEdit, FormDialog, day_text


def tr(text: str) -> str:
    return QCoreApplication.translate("Topics", text)


def text_box(placeholder: str = "", height: int = 80) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class ActionDialog(FormDialog):
    """A dialog for one step on one topic. Subclasses add their fields and say what to call."""

    #: the question asked before saving; empty: save without asking
    confirm_text = ""
    confirm_yes = ""
    #: whether the service method takes on_behalf_of
    takes_on_behalf = True

    def __init__(self, office: Office, runner: OpRunner, detail: TopicDetail, title: str, ok_text: str,
                 *, date_label: str = "", parent: QWidget | None = None) -> None:
        super().__init__(runner, title, ok_text, parent)
        self.setObjectName(type(self).__name__)
        self.office = office
        self.topics = office.topics
        self.roster = office.roster
        self.detail = detail
        self.today: dt.date = office.topics.today()
        self._lookup_generation = 0

        heading = QLabel(detail.title)
        heading.setObjectName("topicTitle")
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        self.form.addRow(heading)

        self.date_edit = DateEdit(self.today)
        self.date_edit.setObjectName("date")
        self.date_label = date_label or self.tr("日期：")
        field = self.date_label.rstrip("：")  # the service's own words (TopicService._check_day)
        self.date_edit.set_earliest(detail.submitted_on, self.tr("%1不能早于议题报送日期（%2）").replace(
            "%1", field).replace("%2", day_text(detail.submitted_on)))
        self.date_edit.set_latest(max(self.today, detail.submitted_on),
                                  self.tr("%1不能晚于今天").replace("%1", field))
        self.note_edit = text_box(self.tr("可不填"), 60)
        self.note_edit.setObjectName("note")
        self.on_behalf_edit = QLineEdit()
        self.on_behalf_edit.setObjectName("onBehalfOf")
        self.on_behalf_edit.setMaxLength(100)
        self.on_behalf_edit.setPlaceholderText(self.tr("代其他单位或人员录入时填写，如“区交通局 王某”"))

    # --- pieces subclasses place in their form -------------------------------------------------

    def add_date_row(self) -> None:
        self.form.addRow(self.date_label, self.date_edit)

    def add_note_row(self, label: str = "") -> None:
        self.form.addRow(label or self.tr("备注："), self.note_edit)

    def add_on_behalf_row(self) -> None:
        if self.takes_on_behalf:
            self.form.addRow(self.tr("代为录入："), self.on_behalf_edit)

    @property
    def day(self) -> dt.date:
        return self.date_edit.day()

    @property
    def note(self) -> str:
        return self.note_edit.toPlainText()

    @property
    def on_behalf_of(self) -> str:
        return self.on_behalf_edit.text()

    # --- roster look-ups that follow the date --------------------------------------------------

    def look_up(self, fn: Callable[[], Any], then: Callable[[Any], None]) -> None:
        """Ask the roster on the worker; only the newest answer is used."""
        self._lookup_generation += 1
        generation = self._lookup_generation

        def arrived(result: Any) -> None:
            if generation == self._lookup_generation and shiboken6.isValid(self):
                then(result)

        self.runner.run(fn, on_success=arrived, parent=self, label=self.tr("正在读取名册…"))

    # --- saving -------------------------------------------------------------------------------

    def submit(self) -> None:
        if not self.confirm_text or self.problem():
            super().submit()
            return
        confirm(self, self.confirm_text, yes=self.confirm_yes or self.ok_button.text(),
                on_yes=lambda: FormDialog.submit(self), informative=self.detail.title)
