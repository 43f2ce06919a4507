"""One way to say what is wrong in a form (issue 14 §6): a red line under each field that refuses
(gui.messages.error_label, as the date fields do), all of them at once and in the order of the form,
the first one focused; a line goes as soon as its field is valid again, not at the next OK.

    checks = FieldLines(self.form)
    checks.add(self.title_edit, lambda: "" if self.title_edit.text().strip() else "请填写议题名称。",
               self.title_edit.textChanged)
    ...
    if not checks.run():  # in submit(), before saving
        return

A date field (gui.roster.forms.DateEdit) keeps its own red line; run() takes it into the order, so a
refused date above an empty name is the one focused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from gui.messages import error_label
from gui.roster.forms import DateEdit


@dataclass
class _Field:
    widget: QWidget
    check: Callable[[], str]
    line: QLabel


class FieldLines:
    def __init__(self, form: QFormLayout) -> None:
        self.form = form
        self.fields: list[_Field] = []

    def add(self, widget: QWidget, check: Callable[[], str], *changed: Any) -> QLabel:
        """`check` says what is wrong with `widget` ("" when nothing); each of the `changed` signals
        checks it again while its line shows. The line goes under the field's row (add after the
        rows are laid out)."""
        line = error_label()
        line.setObjectName("fieldError")
        line.hide()
        row, _role = self.form.getWidgetPosition(self._row_widget(widget))
        self.form.insertRow(row + 1, None, line)  # type: ignore[call-overload]  # no label: under the field
        field = _Field(widget, check, line)
        self.fields.append(field)
        for signal in changed:
            signal.connect(lambda *_args, f=field: self._recheck(f))
        return line

    def _row_widget(self, widget: QWidget) -> QWidget:
        """The widget the form holds for `widget`'s row (the field itself, or the box around it)."""
        found: QWidget | None = widget
        while found is not None and self.form.getWidgetPosition(found)[0] < 0:
            found = found.parentWidget()
        if found is None:
            raise ValueError("the field is not in this form")
        return found

    def _row(self, widget: QWidget) -> int:
        return self.form.getWidgetPosition(self._row_widget(widget))[0]

    def _recheck(self, field: _Field) -> None:
        if field.line.isVisible() or field.line.text():
            self._say(field, field.check())

    @staticmethod
    def _say(field: _Field, text: str) -> None:
        field.line.setText(text)
        field.line.setVisible(bool(text))

    def run(self) -> bool:
        """Check every field, show each refusal under its field, focus the first (in the order of
        the form, the date fields' own refusals included); True when nothing refused."""
        refused: list[tuple[int, QWidget]] = []
        for field in self.fields:
            text = field.check() if field.widget.isEnabled() else ""
            self._say(field, text)
            if text:
                refused.append((self._row(field.widget), field.widget))
        parent = self.form.parentWidget()
        if parent is not None:
            for edit in parent.findChildren(DateEdit):
                if edit.refusal():
                    try:
                        refused.append((self._row(edit), edit))
                    except ValueError:
                        continue  # a date outside this form
        if not refused:
            return True
        first = min(refused, key=lambda found: found[0])[1]
        first.setFocus()
        return False

    def lines(self) -> list[str]:
        """The red lines shown now, in the order of the form."""
        shown = [f for f in self.fields if f.line.text()]
        return [f.line.text() for f in sorted(shown, key=lambda f: self._row(f.widget))]
