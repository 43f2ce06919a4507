"""Date fields say why a date is refused (issue 12 §5): a month typed or a day stepped to outside the
field's range is no longer dropped without a word — the field's red line under it says why, and goes
when the date is fixed; the calendar greys the dates that will be refused, the reason as tooltip; a
form does not save while a date field refuses its date. The shared widget is gui.roster.forms.DateEdit;
each form keeps its own range and reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt

from core.model.enums import ApprovalManner, LeaveStatus
from core.office import Office
from gui.meetings.leave_dialogs import AbsenceDialog, DecideDialog, LeaveRequestDialog
from gui.ops import OpRunner
from gui.roster.end_dialog import EndDialog
from gui.roster.forms import DateEdit, FormDialog, OptionalDateEdit, not_before, to_qdate
from tests.core import conftest as core_fixtures
from tests.core.conftest import TODAY, District
from tests.core.test_meeting_service import executive

district = core_fixtures.district

D = dt.date


class Form(FormDialog):
    """A form with a date field, as every dialog of the program builds one."""

    def __init__(self, runner: OpRunner) -> None:
        super().__init__(runner, "表单", "保存")
        self.start = DateEdit(D(2026, 6, 10))
        self.end = DateEdit(D(2026, 6, 20))
        self.end.set_latest(TODAY, "批复日期不能晚于今天")
        not_before(self.end, self.start, "结束日期不能早于开始日期")
        self.form.addRow("开始：", self.start)
        self.form.addRow("结束：", self.end)
        self.saved: list[dt.date] = []

    def save(self) -> Callable[[], Any]:
        day = self.end.day()
        return lambda: self.saved.append(day)


def _form(qtbot, runner: OpRunner) -> Form:  # type: ignore[no-untyped-def]
    form = Form(runner)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def _type(qtbot, edit: DateEdit, section: Any, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.setSelectedSection(section)
    qtbot.keyClicks(edit, text)


def _greyed(edit: DateEdit, day: dt.date) -> str:
    """The calendar's tooltip on `day` when it is greyed ('' when it is offered)."""
    fmt = edit.calendarWidget().dateTextFormat(to_qdate(day))
    return fmt.toolTip() if fmt.foreground().color().name() == "#b3b3b3" else ""


def test_a_month_typed_out_of_range_is_said_and_the_line_goes_when_fixed(qtbot, runner: OpRunner) -> None:
    form = _form(qtbot, runner)
    end = form.end
    assert not end.line.isVisible()
    _type(qtbot, end, DateEdit.Section.MonthSection, "7")  # July: after today (June 30th)
    assert end.day() == D(2026, 6, 20)  # Qt keeps the date; it no longer keeps quiet
    assert end.line.isVisible() and end.line.text() == "2026年7月20日不可选：批复日期不能晚于今天。"
    assert end.line.parent() is form  # under its own row, in the form
    _type(qtbot, end, DateEdit.Section.DaySection, "25")
    assert end.day() == D(2026, 6, 25) and not end.line.isVisible()

    end.set_day(TODAY)
    end.setSelectedSection(DateEdit.Section.DaySection)
    qtbot.keyClick(end, Qt.Key.Key_Up)  # a step past the end of the range is said too
    assert end.day() == TODAY and end.line.text() == "2026年7月1日不可选：批复日期不能晚于今天。"
    qtbot.keyClick(end, Qt.Key.Key_Down)
    assert end.day() == D(2026, 6, 29) and not end.line.isVisible()


def test_a_bound_without_a_reason_names_the_bound(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = DateEdit(D(2026, 6, 20))
    qtbot.addWidget(edit)
    edit.setMinimumDate(QDate(2026, 6, 15))  # as forms of other parts set it
    edit.setMaximumDate(to_qdate(dt.date.today()) if dt.date.today() > D(2026, 6, 20) else QDate(2026, 6, 25))
    assert edit.why_refused(D(2026, 6, 14)) == "不能早于2026年6月15日"
    latest = edit.maximumDate()
    beyond = dt.date(latest.year(), latest.month(), latest.day()) + dt.timedelta(days=1)
    assert edit.why_refused(beyond).startswith("不能晚于")
    assert _greyed(edit, D(2026, 6, 14)) == "不能早于2026年6月15日" and _greyed(edit, D(2026, 6, 15)) == ""


def test_the_calendar_greys_what_will_be_refused(qtbot, runner: OpRunner) -> None:
    form = _form(qtbot, runner)
    end = form.end
    assert _greyed(end, D(2026, 6, 9)) == "结束日期不能早于开始日期"
    assert _greyed(end, D(2026, 6, 10)) == "" and _greyed(end, TODAY) == ""
    assert _greyed(end, D(2026, 7, 1)) == "批复日期不能晚于今天"  # July's first days are on June's page
    form.start.set_day(D(2026, 6, 18))  # the start moves: so do the greyed days before it
    assert _greyed(end, D(2026, 6, 17)) == "结束日期不能早于开始日期" and _greyed(end, D(2026, 6, 18)) == ""
    end.calendarWidget().setCurrentPage(2026, 5)
    assert _greyed(end, D(2026, 5, 12)) == "结束日期不能早于开始日期"


def test_a_form_does_not_save_a_refused_date(qtbot, runner: OpRunner) -> None:
    form = _form(qtbot, runner)
    form.start.set_day(D(2026, 6, 25))  # the end (June 20th) is now before it
    assert form.end.line.isVisible() and form.end.line.text() == "结束日期不能早于开始日期。"
    assert form.end.refusal() == "结束日期不能早于开始日期"
    form.ok_button.click()
    qtbot.wait(50)
    assert form.saved == [] and form.isVisible()
    assert form.focusWidget() is form.end or form.end.hasFocus() or form.end.lineEdit().hasFocus()
    form.end.set_day(D(2026, 6, 28))
    assert not form.end.line.isVisible()
    form.ok_button.click()
    qtbot.waitUntil(lambda: form.saved == [D(2026, 6, 28)])


def test_an_optional_date_switched_off_refuses_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    start = DateEdit(D(2026, 6, 25))
    optional = OptionalDateEdit("已结束于", D(2026, 6, 1))
    qtbot.addWidget(start)
    qtbot.addWidget(optional)
    not_before(optional.edit, start, "结束日期不能早于开始日期")
    assert optional.edit.refusal() == "结束日期不能早于开始日期"
    optional.set_day(None)
    assert optional.edit.refusal() == "" and optional.edit.line.text() == ""


# --- the program's forms keep their own ranges, now with their reasons ---------------------------------

def test_leave_and_absence_dates_say_why(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    d = district
    mid = executive(office, d)
    office.meetings.generate_roster(mid)
    leave = office.leave.request(d.vice_a, meeting_id=mid, reason="出差")
    [row] = office.leave.leaves(meeting_id=mid)
    decide = DecideDialog(runner, office.leave, row, today=TODAY)
    qtbot.addWidget(decide)
    decide.show()
    _type(qtbot, decide.date_edit, DateEdit.Section.MonthSection, "7")
    assert decide.date_edit.line.text() == "2026年7月30日不可选：批复日期不能晚于今天。"
    assert _greyed(decide.date_edit, D(2026, 7, 1)) == "批复日期不能晚于今天"
    decide.manner_combo.set_value(ApprovalManner.PHONE)
    decide.ok_button.click()
    qtbot.waitUntil(lambda: office.leave.leaves(meeting_id=mid)[0].status is LeaveStatus.APPROVED)
    assert office.leave.leaves(meeting_id=mid)[0].id == leave

    absence = AbsenceDialog(runner, office.leave, [("丙副区长", d.vice_a)], [("甲区长", d.mayor)], today=TODAY)
    qtbot.addWidget(absence)
    absence.show()
    absence.leaves_edit.set_day(D(2026, 7, 3))
    absence.returns_edit.set_day(D(2026, 7, 1))
    assert absence.returns_edit.line.text() == "返回日期不能早于离开日期。"
    assert _greyed(absence.returns_edit, D(2026, 7, 2)) == "返回日期不能早于离开日期"
    _type(qtbot, absence.requested_edit, DateEdit.Section.MonthSection, "8")
    assert absence.requested_edit.line.text() == "2026年8月30日不可选：报告或请假日期不能晚于今天。"
    absence.returns_edit.set_day(D(2026, 7, 4))
    assert not absence.returns_edit.line.isVisible()

    request = LeaveRequestDialog(runner, office.leave, [("丙副区长", d.vice_a)], today=TODAY)
    qtbot.addWidget(request)
    request.show()
    request.period_radio.setChecked(True)
    request.start_edit.set_day(D(2026, 7, 10))
    request.end_edit.set_day(D(2026, 7, 8))
    assert request.end_edit.line.text() == "请假结束日期不能早于开始日期。"


def test_roster_end_date_says_its_start(qtbot, runner: OpRunner) -> None:
    dialog = EndDialog(runner, title="结束任职", what="结束任职", ok_text="结束", end=lambda _d: None,
                       earliest=D(2026, 3, 1), day=D(2026, 3, 5))
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog.date_edit, DateEdit.Section.MonthSection, "2")
    assert dialog.date_edit.line.text() == "2026年2月5日不可选：结束日期不能早于开始日期（2026年3月1日）。"


def test_minutes_and_topic_dates_give_their_own_reasons(qtbot, office: Office, runner: OpRunner,  # type: ignore[no-untyped-def]
                                                        district: District) -> None:
    from gui.minutes.sign_dialogs import ConsentDialog, SignDialog
    from gui.topics.submit_dialog import SubmitDialog

    sign = SignDialog(runner, office.minutes, 1, day=D(2026, 6, 20), earliest=D(2026, 6, 12),
                      earliest_why="签发日期不能早于核稿日期（先核稿、后签发）", title="纪要")
    qtbot.addWidget(sign)
    sign.show()
    _type(qtbot, sign.date_edit, DateEdit.Section.DaySection, "5")
    assert sign.date_edit.line.text() == "2026年6月5日不可选：签发日期不能早于核稿日期（先核稿、后签发）。"
    _type(qtbot, sign.date_edit, DateEdit.Section.MonthSection, "7")
    assert sign.date_edit.line.text().endswith("签发日期不能晚于今天。")
    consent = ConsentDialog(runner, office.minutes, 1, earliest=D(2026, 6, 12), title="纪要")
    qtbot.addWidget(consent)
    assert _greyed(consent.date_edit, D(2026, 6, 11)) == "同意日期不能早于会议日期"

    submit = SubmitDialog(office, runner, [])
    qtbot.addWidget(submit)
    submit.show()
    submit.submitted_edit.set_day(D(2026, 6, 20))
    submit.requested_edit.set_day(D(2026, 6, 18))
    assert submit.requested_edit.edit.refusal() == "建议上会日期不能早于报送日期"
    assert _greyed(submit.submitted_edit, D(2026, 7, 1)) == "报送日期不能晚于今天"


def test_the_audit_period_ends_after_it_starts_only_when_it_starts(qtbot, office: Office,  # type: ignore[no-untyped-def]
                                                                   runner: OpRunner) -> None:
    from gui.data_safety.audit_panel import AuditPanel

    panel = AuditPanel(office, runner)
    qtbot.addWidget(panel)
    panel.until_edit.set_day(D(2026, 6, 1))
    assert panel.until_edit.edit.refusal() == ""
    panel.since_edit.set_day(D(2026, 6, 5))
    assert panel.until_edit.edit.refusal() == "截止日期不能早于起始日期"
    panel.since_edit.set_day(None)
    assert panel.until_edit.edit.refusal() == ""
