"""Form pieces shared by the roster dialogs: dates, choices, and a dialog that saves through the runner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QColor, QTextCharFormat, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from core.errors import HuiwuError
from gui.calendar_header import chinese_calendar
from gui.messages import error_label
from gui.ops import OpRunner

DATE_FORMAT = "yyyy年M月d日"


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


def day_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


FIRST_DAY, LAST_DAY = dt.date(1949, 10, 1), dt.date(2100, 12, 31)
GREY = QColor("#b3b3b3")


class DateEdit(QDateEdit):
    """A date field with a calendar popup and Chinese format that says why it refuses a date.

    A date is refused when it is outside the field's range (`set_earliest` / `set_latest` with the
    reason, or Qt's setMinimumDate / setMaximumDate, said as 不能早于/晚于 the bound) or fails one of
    its checks (`add_check`: a reason, or "" — e.g. an end date not before its start). Refused dates
    are greyed in the calendar, the reason as their tooltip. A date typed or stepped to outside the
    range (Qt keeps the old one) and a date failing a check are said in the field's red line,
    `line` (gui.messages.error_label); it goes when the date is fixed. A form built on `FieldForm`
    puts each date field's line under its row; elsewhere the reason shows as a tooltip at the field.
    """

    #: the field's refusal changed ("" when it is gone)
    refusal_changed = Signal(str)

    def __init__(self, day: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reasons: dict[str, tuple[QDate, str]] = {}  # "min"/"max": the bound a reason was given for
        self._checks: list[Callable[[dt.date], str]] = []
        self._typed = ""  # why the last thing typed or stepped to was refused (the shown date is unchanged)
        self._said = ""
        self._grew_from: int | None = None  # the window's height before it grew to show the line
        self.line = error_label()
        self.line.setObjectName("dateRefusal")
        self.line.hide()
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        self.setDateRange(to_qdate(FIRST_DAY), to_qdate(LAST_DAY))
        self.set_day(day or dt.date.today())
        self.dateChanged.connect(lambda _d: self._fixed())
        calendar = self.calendarWidget()
        chinese_calendar(calendar)  # 2026年 12月, 一 二 三 …
        calendar.currentPageChanged.connect(lambda year, month: self._grey(year, month))
        self._grey(calendar.yearShown(), calendar.monthShown())

    def day(self) -> dt.date:
        return to_date(self.date())

    def set_day(self, day: dt.date) -> None:
        self.setDate(to_qdate(day))

    # --- what is refused, and why ---------------------------------------------------------------

    def set_earliest(self, day: dt.date, why: str = "") -> None:
        """Dates before `day` are refused, for `why` (e.g. "核稿日期不能早于会议日期")."""
        self.setMinimumDate(to_qdate(day))
        if why:
            self._reasons["min"] = (to_qdate(day), why)

    def set_latest(self, day: dt.date, why: str = "") -> None:
        """Dates after `day` are refused, for `why` (e.g. "批复日期不能晚于今天")."""
        self.setMaximumDate(to_qdate(day))
        if why:
            self._reasons["max"] = (to_qdate(day), why)

    def add_check(self, check: Callable[[dt.date], str]) -> None:
        """A rule on the date within the range: the reason a date is refused, or ''. Call `recheck`
        when what it depends on changes (another field)."""
        self._checks.append(check)
        self.recheck()

    def recheck(self, *_changed: object) -> None:
        self._grey(self.calendarWidget().yearShown(), self.calendarWidget().monthShown())
        self._say()

    def why_refused(self, day: dt.date) -> str:
        """Why `day` would be refused here, or ''."""
        low, high = to_date(self.minimumDate()), to_date(self.maximumDate())
        if day < low:
            return self._bound_reason("min", low, "不能早于%1")
        if day > high:
            return self._bound_reason("max", high, "不能晚于%1")
        for check in self._checks:
            why = check(day)
            if why:
                return why
        return ""

    def refusal(self) -> str:
        """Why the date shown is refused ('' when it is not): what a form checks before saving."""
        return self.why_refused(self.day()) if self.isEnabled() else ""

    def _bound_reason(self, key: str, bound: dt.date, default: str) -> str:
        given = self._reasons.get(key)
        if given is not None and to_date(given[0]) == bound:
            return given[1]
        named = tr("今天（%1）").replace("%1", day_text(bound)) if bound == dt.date.today() else day_text(bound)
        return tr(default).replace("%1", named)

    # --- Qt's own paths to a date -----------------------------------------------------------------

    def setMinimumDate(self, minimum: QDate) -> None:  # noqa: N802 - Qt's name
        super().setMinimumDate(minimum)
        self.recheck()

    def setMaximumDate(self, maximum: QDate) -> None:  # noqa: N802 - Qt's name
        super().setMaximumDate(maximum)
        self.recheck()

    def setDateRange(self, minimum: QDate, maximum: QDate) -> None:  # noqa: N802 - Qt's name
        super().setDateRange(minimum, maximum)
        self.recheck()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Qt refuses a typed date outside the range without a word (the keystroke is dropped):
        say why in the red line."""
        result = super().validate(text, pos)
        state = result[0]
        if state == QValidator.State.Invalid:
            typed = QDate.fromString(text, self.displayFormat())
            if typed.isValid() and not self.minimumDate() <= typed <= self.maximumDate():
                self._typed = tr("%1不可选：%2。").replace("%1", day_text(to_date(typed))).replace(
                    "%2", self.why_refused(to_date(typed)))
                self._say()
        elif state == QValidator.State.Acceptable and self._typed:
            self._typed = ""
            self._say()
        return result

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 - Qt's name
        """Up and down stay on at the range's ends: a step past them is said, not silently ignored."""
        if self.isReadOnly() or not self.isEnabled():
            return QAbstractSpinBox.StepEnabledFlag.StepNone
        return QAbstractSpinBox.StepEnabledFlag.StepUpEnabled | QAbstractSpinBox.StepEnabledFlag.StepDownEnabled

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt's name
        before = self.date()
        at_end = (steps > 0 and before >= self.maximumDate()) or (steps < 0 and before <= self.minimumDate())
        super().stepBy(steps)
        if at_end and self.date() == before:
            beyond = to_date(before) + dt.timedelta(days=1 if steps > 0 else -1)
            self._typed = tr("%1不可选：%2。").replace("%1", day_text(beyond)).replace(
                "%2", self.why_refused(beyond))
            self._say()

    # --- saying it --------------------------------------------------------------------------------

    def _fixed(self) -> None:
        self._typed = ""
        self._say()

    def _say(self) -> None:
        refused = self.why_refused(self.day()) if self.isEnabled() else ""
        text = self._typed or (refused + "。" if refused else "")
        self.line.setText(text)
        shown = bool(text) and self.line.parent() is not None
        if shown != self.line.isVisible():
            QTimer.singleShot(0, self, self._make_room if shown else self._give_back_room)  # not after deletion
        self.line.setVisible(shown)
        if text and self._typed and self.line.parent() is None and self.isVisible():
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), text, self)
        if text != self._said:
            self._said = text
            self.refusal_changed.emit(text)

    def _make_room(self) -> None:
        """A window sized before the line appeared grows to show it rather than squeeze the form."""
        window = self.window()
        if window is self or not window.isVisible():
            return
        wanted = window.sizeHint().height()
        if window.height() < wanted:
            if self._grew_from is None:
                self._grew_from = window.height()
            window.resize(window.width(), wanted)

    def _give_back_room(self) -> None:
        """The line went: the window shrinks back to what it was before it grew for it."""
        window = self.window()
        if self._grew_from is None or window is self or not window.isVisible():
            return
        window.resize(window.width(), max(self._grew_from, window.sizeHint().height()))
        self._grew_from = None

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.EnabledChange:
            self._say()  # a field switched off refuses nothing

    def _grey(self, year: int, month: int) -> None:
        """Grey the refused dates of the month shown (and the days of its neighbours on the page)."""
        calendar = self.calendarWidget()
        calendar.setDateTextFormat(QDate(), QTextCharFormat())  # a null date clears every format
        first = dt.date(year, month, 1)
        day = max(FIRST_DAY, (first - dt.timedelta(days=first.weekday() + 7)))
        last = min(LAST_DAY, first + dt.timedelta(days=6 * 7 + 7))
        while day <= last:
            why = self.why_refused(day)
            if why:
                grey = QTextCharFormat()
                grey.setForeground(GREY)
                grey.setToolTip(why)
                calendar.setDateTextFormat(to_qdate(day), grey)
            day += dt.timedelta(days=1)


def not_before(later: DateEdit, earlier: DateEdit, why: str) -> None:
    """`later` refuses (and greys) the dates before the one `earlier` shows, for `why`; an
    `earlier` switched off (an optional date left empty) bounds nothing."""
    later.add_check(lambda day: why if earlier.isEnabled() and day < earlier.day() else "")
    earlier.dateChanged.connect(later.recheck)  # a bound slot: disconnected when `later` goes


class FieldForm(QFormLayout):
    """A form layout that puts each date field's red line (`DateEdit.line`) under its row, in the
    field column; hidden while the field refuses nothing, so it takes no room."""

    def addRow(self, *args: Any) -> None:  # noqa: N802 - Qt's name
        super().addRow(*args)
        field = args[-1]
        if isinstance(field, QWidget):
            edits = [field] if isinstance(field, DateEdit) else field.findChildren(DateEdit)
            for edit in edits:
                if edit.line.parent() is None:
                    super().addRow(None, edit.line)  # type: ignore[call-overload]  # no label: under the field
                    edit.recheck()


def tr(text: str) -> str:
    return QCoreApplication.translate("Forms", text)


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

    What problem() refuses is said in one red line (`error`): under the field it names through
    refuse(), which takes the focus, or above the buttons; after a refusal every change checks
    again (issue 14 §6). A date field says its own reason under itself. A refusal from the service
    (a rule, with its article) is shown as a message box over the dialog, which stays open with
    what the user typed.
    """

    def __init__(self, runner: OpRunner, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = FieldForm()
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
        self._watching = False  # the fields' changes check again (after a refusal)
        self._refused_field: QWidget | None = None  # named by problem() through refuse()
        self._error_in_form = False

    def problem(self) -> str:
        """A check before saving; return the reason to refuse (through refuse() to name the field), or ''."""
        return ""

    def refuse(self, field: QWidget, why: str) -> str:
        """For problem(): `why`, said in the red line under `field`'s row; `field` takes the focus."""
        self._refused_field = field
        return why

    def _check(self) -> str:
        self._refused_field = None
        return self.problem()

    def _say(self, why: str, *, focus: bool) -> None:
        """The red line under the field problem() named, else above the buttons."""
        field = self._refused_field if why else None
        self._place_error(field)
        self.error.setText(why)
        if focus and field is not None:
            field.setFocus()

    def _place_error(self, field: QWidget | None) -> None:
        if self._error_in_form:
            self.form.takeRow(self.error)
        else:
            self.layout().removeWidget(self.error)
        row = -1
        while field is not None and row < 0:  # the row holding the field (or the box around it)
            row = self.form.getWidgetPosition(field)[0]
            field = field.parentWidget() if row < 0 else field
        self._error_in_form = row >= 0
        if row >= 0:
            self.form.insertRow(row + 1, None, self.error)  # type: ignore[call-overload]  # no label: under the field, in its column
        else:
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(layout.indexOf(self.buttons), self.error)
        self.error.show()

    def save(self) -> Callable[[], Any]:
        """The work to run on the worker thread."""
        raise NotImplementedError

    def submit(self) -> None:
        refused = next((edit for edit in self.findChildren(DateEdit) if edit.refusal()), None)
        if refused is not None:  # its own red line says why; the form's says it only where that is not shown
            refused.setFocus()
            self._refused_field = None
            self._say("" if refused.line.isVisible() else refused.refusal(), focus=False)
            return
        why = self._check()
        if why:
            self._say(why, focus=True)
            self._watch_fields()
            return
        self._say("", focus=False)
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

    def _watch_fields(self) -> None:
        """Once a check has refused: every change to a field checks again, so the line goes (or says
        the next thing missing) as soon as the field is put right, not at the next OK (issue 14 §6)."""
        if self._watching:
            return
        self._watching = True
        for widget in self.findChildren(QWidget):
            for name in ("textChanged", "currentIndexChanged", "toggled", "valueChanged", "dateChanged"):
                signal = getattr(widget, name, None)
                if isinstance(signal, SignalInstance):
                    signal.connect(self._recheck)

    def _recheck(self, *_changed: object) -> None:
        if self.error.text() and not self._saving:
            refused = next((edit for edit in self.findChildren(DateEdit) if edit.refusal()), None)
            if refused is None:
                self._say(self._check(), focus=False)
            elif not refused.line.isVisible():
                self._refused_field = None
                self._say(refused.refusal(), focus=False)

    def reject(self) -> None:
        if not self._saving:  # the dialog waits for its own save to finish
            super().reject()
