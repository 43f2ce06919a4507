"""Form pieces shared by the roster dialogs: dates, choices, and a dialog that saves through the runner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from core.errors import HuiwuError
from gui.messages import error_label
from gui.ops import OpRunner

DATE_FORMAT = "yyyy年M月d日"


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


class DateEdit(QDateEdit):
    """A date field with a calendar popup and Chinese format."""

    def __init__(self, day: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        self.setMinimumDate(QDate(1949, 10, 1))
        self.setMaximumDate(QDate(2100, 12, 31))
        self.set_day(day or dt.date.today())

    def day(self) -> dt.date:
        return to_date(self.date())

    def set_day(self, day: dt.date) -> None:
        self.setDate(to_qdate(day))


class OptionalDateEdit(QWidget):
    """An end date that may be absent (“至今”): a check box enables the date."""

    def __init__(self, label: str, day: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(label)
        self.edit = DateEdit(day)
        self.check.toggled.connect(self.edit.setEnabled)
        self.set_day(day)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)

    def day(self) -> dt.date | None:
        return self.edit.day() if self.check.isChecked() else None

    def set_day(self, day: dt.date | None) -> None:
        self.check.setChecked(day is not None)
        self.edit.setEnabled(day is not None)
        if day is not None:
            self.edit.set_day(day)


class ChoiceCombo(QComboBox):
    """A combo of (label, value); typing filters by any part of the label (for long name lists)."""

    def __init__(self, choices: Sequence[tuple[str, Any]] = (), *, searchable: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxVisibleItems(20)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        if searchable:
            self.setEditable(True)
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = self.completer()
            if completer is not None:  # an editable combo always has one; the stubs say it may not
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.set_choices(choices)

    def set_choices(self, choices: Sequence[tuple[str, Any]]) -> None:
        self.clear()
        for label, value in choices:
            self.addItem(label, value)

    def value(self) -> Any:
        if self.isEditable() and self.findText(self.currentText()) < 0:
            return None  # typed text that matches no choice
        return self.currentData()

    def set_value(self, value: Any) -> None:
        for i in range(self.count()):
            if self.itemData(i) == value:
                self.setCurrentIndex(i)
                return


def enum_choices(enum_cls: type[Enum], *, all_label: str | None = None) -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = [(all_label, None)] if all_label else []
    return choices + [(member.label, member) for member in enum_cls]  # type: ignore[attr-defined]


class FormDialog(QDialog):
    """A dialog with a form; OK validates, then saves on the op runner.

    A refusal from the service is shown as a message box over the dialog, which stays open
    with what the user typed.
    """

    def __init__(self, runner: OpRunner, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = error_label()
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.on_saved: Callable[[Any], None] | None = None
        self._saving = False

    def problem(self) -> str:
        """A check before saving; return the reason to refuse, or ''."""
        return ""

    def save(self) -> Callable[[], Any]:
        """The work to run on the worker thread."""
        raise NotImplementedError

    def submit(self) -> None:
        why = self.problem()
        if why:
            self.error.setText(why)
            return
        self.error.clear()
        try:
            work = self.save()
        except HuiwuError as exc:
            self.error.setText(exc.message)
            return

        def saved(result: Any) -> None:
            self.accept()
            if self.on_saved is not None:
                self.on_saved(result)

        def finished() -> None:
            self._saving = False
            self.buttons.setEnabled(True)

        self._saving = True
        self.buttons.setEnabled(False)
        self.runner.run(work, on_success=saved, on_done=finished, parent=self, label=self.tr("正在保存…"))

    def reject(self) -> None:
        if not self._saving:  # the dialog waits for its own save to finish
            super().reject()
