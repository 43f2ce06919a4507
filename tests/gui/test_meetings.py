"""会议: creating a meeting through the dialog, a refused presider citing the article, the agenda
(scheduled from the pool, reordered by drag and by keyboard, removed with a reason), the roster
marked with the number keys, leave with its route and article, the registers, and the notice
rendered to PDF through the op runner and printed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTime
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QMessageBox

from core.model.enums import (
    AbsenceKind,
    ApprovalManner,
    Attendance,
    DelegationScope,
    LeaveStatus,
    MeetingKind,
    MeetingStatus,
    RosterRole,
    TopicStatus,
)
from core.office import Office
from gui.meetings import pdf_pages
from gui.meetings.agenda_dialogs import AddTopicDialog, EditItemDialog
from gui.meetings.calendar_grid import WEEK
from gui.meetings.documents_panel import DOCUMENTS
from gui.meetings.edit_meeting_dialog import EditMeetingDialog
from gui.meetings.leave_dialogs import AbsenceDialog, DecideDialog, LeaveRequestDialog
from gui.meetings.meeting_window import MeetingWindow
from gui.meetings.new_meeting_dialog import NewMeetingDialog
from gui.meetings.notice_dialog import NoticeIssuedDialog
from gui.meetings.page import MeetingsPage
from gui.meetings.reason_dialog import ReasonDialog
from gui.meetings.roster_dialogs import AddPersonDialog, LateDialog, SubstituteDialog
from gui.ops import OpRunner
from tests.core import conftest as core_fixtures
from tests.core.conftest import TODAY, District
from tests.core.test_meeting_service import MEETING_DAY, T9, confirmed_topic
from tests.gui.helpers import wait_idle, windows

district = core_fixtures.district  # the core tests' small district roster, as a fixture here too


def _page(qtbot, office: Office, runner: OpRunner) -> MeetingsPage:  # type: ignore[no-untyped-def]
    page = MeetingsPage(office, runner)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    wait_idle(qtbot, runner)
    return page


def _only(kind: type, name: str | None = None):  # type: ignore[no-untyped-def]
    found = windows(kind, name)
    assert len(found) == 1, found
    return found[0]


def _answer(qtbot, runner: OpRunner, yes: bool = True) -> None:  # type: ignore[no-untyped-def]
    box = _only(QMessageBox, "confirmBox")
    role = QMessageBox.ButtonRole.AcceptRole if yes else QMessageBox.ButtonRole.RejectRole
    [button] = [b for b in box.buttons() if box.buttonRole(b) == role]
    button.click()
    wait_idle(qtbot, runner)


def _error_text() -> str:
    box = _only(QMessageBox, "errorBox")
    text = box.text()
    box.close()
    return text


def _executive(office: Office, d: District, **kw: object) -> int:
    values: dict[str, object] = dict(day=MEETING_DAY, start_time=T9, place="区政府第一会议室", presider_id=d.mayor)
    values.update(kw)
    return office.meetings.create(MeetingKind.EXECUTIVE, **values)  # type: ignore[arg-type]


def _open(qtbot, page: MeetingsPage, runner: OpRunner, meeting_id: int) -> MeetingWindow:  # type: ignore[no-untyped-def]
    window = page.open_meeting(meeting_id)
    wait_idle(qtbot, runner)
    assert window.detail is not None and window.detail.id == meeting_id
    return window


# --- creating ------------------------------------------------------------------------------------

def test_new_meeting_through_the_dialog(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    page = _page(qtbot, office, runner)
    assert page.meetings_tab.period_label.text() == "2026年6月"
    page.new_item()  # what Ctrl+N calls
    wait_idle(qtbot, runner)
    dialog = _only(NewMeetingDialog)
    assert dialog.kind_combo.value() is MeetingKind.EXECUTIVE
    assert dialog.number_spin.value() == 1  # proposed
    assert "第三十九条" in dialog.presider_hint.text()
    assert not dialog.title_edit.isVisibleTo(dialog)  # only thematic meetings have a subject
    dialog.number_spin.setValue(142)
    dialog.date_edit.set_day(MEETING_DAY)
    dialog.time_edit.setTime(QTime(9, 30))
    dialog.place_edit.setText("区政府第一会议室")
    dialog.presider_combo.set_value(district.mayor)
    dialog.video_box.setChecked(True)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)

    [row] = office.meetings.meetings()
    assert (row.name, row.day, row.start_time, row.presider) == ("区政府第142次常务会议", MEETING_DAY,
                                                                dt.time(9, 30), "甲区长")
    window = page.windows[row.id]  # the new meeting opens on its page
    wait_idle(qtbot, runner)
    assert window.title_label.text() == "区政府第142次常务会议"
    assert "主持：区长甲区长" in window.facts_label.text()
    assert "视频会议" in window.facts_label.text()
    tab = page.meetings_tab  # the calendar moved to the meeting's month and shows it
    assert tab.period_label.text() == "2026年7月"
    tab.repaint()
    assert [mid for _rect, mid in tab.calendar.chip_rects()] == [row.id]


def test_thematic_meeting_has_convener_and_subject(qtbot, office: Office, runner: OpRunner,
                                                    district: District) -> None:
    _executive(office, district)
    page = _page(qtbot, office, runner)
    page.new_item()
    wait_idle(qtbot, runner)
    dialog = _only(NewMeetingDialog)
    dialog.kind_combo.set_value(MeetingKind.THEMATIC)
    wait_idle(qtbot, runner)
    assert dialog.title_edit.isVisibleTo(dialog) and dialog.convener_combo.isVisibleTo(dialog)
    dialog.date_edit.set_day(MEETING_DAY)
    dialog.place_edit.setText("第三会议室")
    dialog.presider_combo.set_value(district.vice_b)
    dialog.convener_combo.set_value(district.vice_a)
    wait_idle(qtbot, runner)
    assert dialog.same_day.text() == "当天已安排：09:00 区政府第1次常务会议"  # the same leaders are needed there
    dialog.ok_button.click()
    assert dialog.error.text() == "请填写专题会议的主题。"
    dialog.title_edit.setText("城区交通")
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    [row] = office.meetings.meetings(kind=MeetingKind.THEMATIC)
    detail = office.meetings.detail(row.id)
    assert (detail.name, detail.convener, detail.presider) == ("区政府第1次专题会议（城区交通）", "丙副区长", "丁副区长")


def test_refused_presider_shows_the_article(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    page = _page(qtbot, office, runner)
    page.new_item()
    wait_idle(qtbot, runner)
    dialog = _only(NewMeetingDialog)
    dialog.kind_combo.set_value(MeetingKind.PLENARY)
    wait_idle(qtbot, runner)
    dialog.date_edit.set_day(MEETING_DAY)
    dialog.place_edit.setText("区政府大会堂")
    dialog.presider_combo.set_value(district.executive)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert "第三十八条" in _error_text()
    assert dialog.isVisible()  # what was typed stays
    dialog.kind_combo.set_value(MeetingKind.EXECUTIVE)  # the executive vice mayor without a delegation
    wait_idle(qtbot, runner)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert "第五条" in _error_text()
    assert office.meetings.meetings() == []


def test_edit_meeting_presider_under_delegation(qtbot, office: Office, runner: OpRunner,
                                                district: District) -> None:
    d = district
    mid = _executive(office, d)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mid)
    assert not window.held_button.isEnabled()  # the day has not come
    window.edit_button.click()
    wait_idle(qtbot, runner)
    dialog = _only(EditMeetingDialog)
    assert not dialog.kind_combo.isEnabled() and dialog.number_spin.value() == 1
    assert dialog.presider_combo.value() == d.mayor and dialog.place_edit.text() == "区政府第一会议室"
    assert not dialog.same_day.isVisibleTo(dialog)  # the meeting itself is not "another meeting that day"
    dialog.presider_combo.set_value(d.executive)
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert "第五条" in _error_text()  # no delegation covers the day
    office.roster.add_delegation(d.mayor, d.executive, DelegationScope.GOVERNMENT_WORK, MEETING_DAY,
                                 MEETING_DAY, reason="出访")
    dialog.place_edit.setText("区政府第二会议室")
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert windows(EditMeetingDialog) == []
    assert "主持：常务副区长乙常务（受区长委托）" in window.facts_label.text()
    assert "区政府第二会议室" in window.facts_label.text()
    assert page.meetings_tab.model.rows[0].place == "区政府第二会议室"


# --- the agenda ------------------------------------------------------------------------------------

def _agenda_ids(office: Office, meeting_id: int) -> list[int]:
    return [a.topic_id for a in office.meetings.detail(meeting_id).agenda]


def test_schedule_reorder_and_remove_topics(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    d = district
    mid = _executive(office, d)
    topics = [confirmed_topic(office, d, f"关于第{i}项工作的议题", involved=[d.ndrc] if i == 1 else ())
              for i in range(3)]
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mid)
    agenda = window.agenda
    for i, tid in enumerate(topics):
        agenda.add_button.click()
        wait_idle(qtbot, runner)
        dialog = _only(AddTopicDialog)
        assert dialog.picker.list.count() == 3 - i  # the pool shrinks
        dialog.picker.select(tid)
        # the topic's involved units are proposed as its observer units (and so named on the agenda)
        assert dialog.observers.checked_ids() == ([d.ndrc] if i == 1 else [])
        dialog.minutes.setValue(20 + i)
        if i == 0:
            dialog.observers.set_checked([d.finance])
        dialog.ok_button.click()
        wait_idle(qtbot, runner)
    assert _agenda_ids(office, mid) == topics
    assert office.topics.detail(topics[0]).status is TopicStatus.SCHEDULED
    assert agenda.model.rows[0].observers == ((d.finance, "区财政局"),)
    assert agenda.model.rows[1].observers == ((d.ndrc, "区发展改革委"),)
    assert agenda.model.data(agenda.model.index(0, 5)) == "20 分钟"

    # drag the first topic below the last
    model = agenda.model
    data = model.mimeData([model.index(0, 1)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    wait_idle(qtbot, runner)
    assert _agenda_ids(office, mid) == [topics[1], topics[2], topics[0]]
    assert [r.topic_id for r in agenda.model.rows] == [topics[1], topics[2], topics[0]]
    # dropped onto a row: it takes that row's place
    model.dropMimeData(model.mimeData([model.index(2, 1)]), Qt.DropAction.MoveAction, -1, -1, model.index(0, 1))
    wait_idle(qtbot, runner)
    assert _agenda_ids(office, mid) == [topics[0], topics[1], topics[2]]

    # the keyboard: Ctrl+Down moves the selected topic down, and it stays selected
    agenda.table.setFocus()
    agenda.table.selectRow(0)
    qtbot.keyClick(agenda.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, runner)
    assert _agenda_ids(office, mid) == [topics[1], topics[0], topics[2]]
    assert agenda.selected() is not None and agenda.selected().topic_id == topics[0]

    # remove with a reason and a confirmation: back to the pool
    agenda.remove_button.click()
    dialog = _only(ReasonDialog)
    dialog.ok_button.click()
    assert dialog.error.text() == "请填写理由。"
    dialog.reason_edit.setPlainText("材料需补充")
    dialog.ok_button.click()
    _answer(qtbot, runner, yes=False)
    assert _agenda_ids(office, mid) == [topics[1], topics[0], topics[2]]
    dialog.ok_button.click()
    _answer(qtbot, runner)
    assert _agenda_ids(office, mid) == [topics[1], topics[2]]
    assert office.meetings.pool(MeetingKind.EXECUTIVE) == [(topics[0], "关于第0项工作的议题")]
    assert [r.position for r in agenda.model.rows] == [1, 2]


def test_cancel_asks_reason_and_confirmation(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    mid = _executive(office, district)
    tid = confirmed_topic(office, district, "关于城区停车的议题")
    office.meetings.schedule(mid, tid)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mid)
    window.cancel_button.click()
    dialog = _only(ReasonDialog)
    dialog.reason_edit.setPlainText("区长临时公务")
    dialog.ok_button.click()
    _answer(qtbot, runner)
    assert office.meetings.detail(mid).status is MeetingStatus.CANCELLED
    assert office.topics.detail(tid).status is TopicStatus.CONFIRMED
    assert not window.cancel_button.isEnabled() and not window.agenda.add_button.isEnabled()
    assert "已取消" in window.facts_label.text()
    assert page.meetings_tab.model.rows[0].status is MeetingStatus.CANCELLED


# --- roster and attendance -------------------------------------------------------------------------

def test_roster_generated_and_marked_with_number_keys(qtbot, office: Office, runner: OpRunner,
                                                       district: District) -> None:
    d = district
    mid = _executive(office, d)
    office.meetings.schedule(mid, confirmed_topic(office, d, "关于公交线路的议题"))
    office.meetings.today = lambda: MEETING_DAY  # attendance is marked on the day
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mid)
    roster = window.roster
    window.tabs.setCurrentWidget(roster)
    assert "1</b> 出席" in roster.legend.text()
    roster.generate_button.click()
    wait_idle(qtbot, runner)
    rows = roster.model.rows
    assert [r.name for r in rows] == ["甲区长", "乙常务", "丙副区长", "丁副区长", "交通局长"]
    assert rows[-1].role is RosterRole.OBSERVER

    table = roster.table
    table.setFocus()
    table.setCurrentIndex(roster.model.index(0, 1))
    qtbot.keyClick(table, Qt.Key.Key_1)
    wait_idle(qtbot, runner)
    assert table.currentIndex().row() == 1  # moved on
    qtbot.keyClick(table, Qt.Key.Key_4)
    wait_idle(qtbot, runner)
    qtbot.keyClick(table, Qt.Key.Key_2)  # late: asks the time
    late = _only(LateDialog)
    late.time_edit.setTime(QTime(9, 12))
    late.ok_button.click()
    wait_idle(qtbot, runner)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 4
    qtbot.keyClick(table, Qt.Key.Key_5)  # the observer's unit sends someone
    substitute = _only(SubstituteDialog)
    substitute.name_edit.setText("王副局长")
    substitute.post_edit.setText("区交通局副局长")
    substitute.ok_button.click()
    wait_idle(qtbot, runner)
    table.setCurrentIndex(roster.model.index(3, 1))
    qtbot.keyClick(table, Qt.Key.Key_5)  # a member cannot send a substitute: the service says why
    substitute = _only(SubstituteDialog)
    substitute.name_edit.setText("某人")
    substitute.post_edit.setText("某职务")
    substitute.ok_button.click()
    wait_idle(qtbot, runner)
    assert "组成人员不能出席的应请假" in _error_text()
    substitute.close()

    marks = {r.name: (r.attendance, r.late_at, r.substitute_name) for r in office.meetings.detail(mid).roster}
    assert marks == {
        "甲区长": (Attendance.PRESENT, None, ""), "乙常务": (Attendance.ABSENT, None, ""),
        "丙副区长": (Attendance.LATE, dt.time(9, 12), ""), "丁副区长": (Attendance.UNMARKED, None, ""),
        "交通局长": (Attendance.SUBSTITUTE, None, "王副局长"),
    }
    notes = [roster.model.data(roster.model.index(i, 5)) for i in range(5)]
    assert notes[2] == "09:12 到会" and notes[4] == "王副局长（区交通局副局长）代为出席"
    assert "出席 1" in roster.counts.text() and "缺席 1" in roster.counts.text()


# --- leave -------------------------------------------------------------------------------------------

def test_vice_mayor_leave_goes_to_the_mayor_with_the_article(qtbot, office: Office, runner: OpRunner,
                                                              district: District) -> None:
    d = district
    mid = _executive(office, d)
    office.meetings.schedule(mid, confirmed_topic(office, d, "关于公交线路的议题"))
    office.meetings.generate_roster(mid)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mid)
    leaves = window.leaves
    window.tabs.setCurrentWidget(leaves)
    for person, reason, route in ((d.vice_a, "赴市里参加会议", "向区长请假（依据《工作规则》第四十四条）"),
                                  (d.heads[d.transport], "外出学习", "由区政府办公室向区长报告（依据《工作规则》第四十四条）")):
        leaves.request_button.click()
        wait_idle(qtbot, runner)  # each person's route is read first
        dialog = _only(LeaveRequestDialog)
        dialog.person_combo.set_value(person)
        assert dialog.route_label.text().startswith(route)  # shown before anything is written
        dialog.reason_edit.setPlainText(reason)
        dialog.ok_button.click()
        wait_idle(qtbot, runner)
    routes = {leaves.model.data(leaves.model.index(i, 0)): leaves.model.data(leaves.model.index(i, 3))
              for i in range(leaves.model.rowCount())}
    assert routes == {"丙副区长": "向区长请假（依据《工作规则》第四十四条）",
                      "交通局长": "由区政府办公室向区长报告（依据《工作规则》第四十四条）"}

    # the mayor grants it by phone: the vice mayor is 请假 on the roster
    leaves.table.selectRow(leaves.model.row_of_id(next(r.id for r in leaves.model.rows if r.person == "丙副区长")))
    leaves.decide_button.click()
    decide = _only(DecideDialog)
    assert decide.declined_radio.isVisibleTo(decide)
    decide.manner_combo.set_value(ApprovalManner.PHONE)
    decide.ok_button.click()
    wait_idle(qtbot, runner)
    [row] = [r for r in office.leave.leaves(meeting_id=mid) if r.person == "丙副区长"]
    assert (row.status, row.decided_by, row.manner, row.decided_on) == (LeaveStatus.APPROVED, "甲区长",
                                                                        ApprovalManner.PHONE, TODAY)
    vice = next(r for r in window.roster.model.rows if r.name == "丙副区长")
    assert vice.attendance is Attendance.ON_LEAVE
    assert window.roster.model.data(window.roster.model.index(window.roster.model.rows.index(vice), 5)) == \
        f"已准假（请假编号 {row.id}）"
    assert not leaves.decide_button.isEnabled()  # decided already

    # the observer's leave is reported, never declined
    leaves.table.selectRow(leaves.model.row_of_id(next(r.id for r in leaves.model.rows if r.person == "交通局长")))
    leaves.decide_button.click()
    decide = _only(DecideDialog)
    assert not decide.declined_radio.isVisibleTo(decide) and decide.windowTitle() == "登记报告情况"
    decide.ok_button.click()
    wait_idle(qtbot, runner)
    assert {r.person: r.status for r in office.leave.leaves()}["交通局长"] is LeaveStatus.REPORTED


def test_attendance_waits_for_the_day_and_3_opens_the_leave_form(qtbot, office: Office, runner: OpRunner,
                                                                  district: District) -> None:
    d = district
    day = TODAY + dt.timedelta(days=6)  # six days ahead, still 筹备中
    mid = _executive(office, d, day=day)
    office.meetings.generate_roster(mid)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mid)
    roster, table = window.roster, window.roster.table
    window.tabs.setCurrentWidget(roster)
    assert "2026年7月6日" in roster.legend.text() and "当天起才能登记考勤" in roster.legend.text()
    names = [r.name for r in roster.model.rows]
    table.setFocus()
    table.setCurrentIndex(roster.model.index(0, 1))
    qtbot.keyClick(table, Qt.Key.Key_1)
    wait_idle(qtbot, runner)
    assert not windows(QMessageBox) and {r.attendance for r in office.meetings.detail(mid).roster} == {
        Attendance.UNMARKED}

    def press_3(name: str) -> None:
        table.setCurrentIndex(roster.model.index(names.index(name), 1))
        qtbot.keyClick(table, Qt.Key.Key_3)
        wait_idle(qtbot, runner)

    press_3("丙副区长")  # before the day: 3 is a leave request, its route from the rules
    dialog = _only(LeaveRequestDialog)
    assert dialog.person_combo.value() == d.vice_a and not dialog.person_combo.isEnabled()
    assert dialog.route_label.text().startswith("向区长请假（依据《工作规则》第四十四条）")
    dialog.reason_edit.setPlainText("赴市里参加会议")
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    [leave] = office.leave.leaves(meeting_id=mid)
    assert window.tabs.tabText(2) == "请假（1）"
    row = names.index("丙副区长")
    assert roster.model.rows[row].attendance is Attendance.UNMARKED  # expected away, not marked
    assert roster.model.data(roster.model.index(row, 5)) == f"请假待批复（请假编号 {leave.id}）"

    press_3("甲区长")  # the mayor asks no leave: the rules' reason, no form
    assert "不需请假" in _error_text()
    assert not windows(LeaveRequestDialog)

    office.meetings.today = office.leave.today = lambda: day  # the meeting's day
    window.reload()
    wait_idle(qtbot, runner)
    assert "1</b> 出席" in roster.legend.text()
    press_3("丙副区长")  # the leave already asked: 请假 from it, no second request
    assert not windows(LeaveRequestDialog)
    press_3("丁副区长")  # told on the day: the form, then 请假 at once
    dialog = _only(LeaveRequestDialog)
    dialog.reason_edit.setPlainText("临时公务")
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    by_name = {r.name: r for r in office.meetings.detail(mid).roster}
    assert by_name["丙副区长"].attendance is Attendance.ON_LEAVE
    assert by_name["丁副区长"].attendance is Attendance.ON_LEAVE and by_name["丁副区长"].leave_request_id
    assert window.tabs.tabText(2) == "请假（2）"
    table.setCurrentIndex(roster.model.index(0, 1))
    qtbot.keyClick(table, Qt.Key.Key_1)
    wait_idle(qtbot, runner)
    assert office.meetings.detail(mid).roster[0].attendance is Attendance.PRESENT


def test_leave_register_across_meetings(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    d = district
    page = _page(qtbot, office, runner)
    page.tabs.setCurrentWidget(page.leave_tab)
    wait_idle(qtbot, runner)
    page.new_item()
    wait_idle(qtbot, runner)
    dialog = _only(LeaveRequestDialog)
    assert dialog.period_radio.isChecked()  # no planned meeting: a period
    dialog.person_combo.set_value(d.vice_b)
    dialog.start_edit.set_day(dt.date(2026, 7, 6))
    dialog.end_edit.set_day(dt.date(2026, 7, 10))
    dialog.reason_edit.setPlainText("休假")
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    model = page.leave_tab.list.model
    assert model.rowCount() == 1
    assert model.data(model.index(0, 1)) == "2026-07-06至2026-07-10"  # a list writes its dates 2026-07-06
    assert model.data(model.index(0, 3)) == "向区长请假（依据《工作规则》第四十四条）"
    page.leave_tab.pending_box.setChecked(True)
    assert model.rowCount() == 1


# --- absences from the district ----------------------------------------------------------------------

def test_absence_register_flags_late_requests_in_red(qtbot, office: Office, runner: OpRunner,
                                                      district: District) -> None:
    d = district
    office.leave.record_absence(d.vice_a, leaves_on=dt.date(2026, 7, 2), returns_on=dt.date(2026, 7, 4),
                                requested_on=TODAY, destination="北京", reason="出差")
    page = _page(qtbot, office, runner)
    page.tabs.setCurrentWidget(page.absence_tab)
    wait_idle(qtbot, runner)
    tab = page.absence_tab
    page.new_item()
    wait_idle(qtbot, runner)
    dialog = _only(AbsenceDialog)
    dialog.person_combo.set_value(d.heads[d.transport])
    dialog.leaves_edit.set_day(TODAY + dt.timedelta(days=2))  # D-2: late, recorded and flagged
    dialog.returns_edit.set_day(TODAY + dt.timedelta(days=3))
    dialog.destination_edit.setText("成都")
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert "第五十三条" in _error_text()  # no acting head named
    dialog.acting_edit.setText("副局长 王某")
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    rows = tab.model.rows
    assert [(r.person, r.late, r.acting_head) for r in rows] == [("交通局长", True, "副局长 王某"),
                                                                  ("丙副区长", False, "")]
    assert tab.model.data(tab.model.index(0, 7)) == "未按时报告"
    assert tab.model.data(tab.model.index(0, 0), Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert tab.model.data(tab.model.index(1, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert tab.model.data(tab.model.index(0, 8)) == "副局长 王某"

    tab.table.selectRow(0)
    assert not tab.inform_button.isEnabled()  # only a vice mayor's trip is notified to the leaders
    tab.table.selectRow(1)
    tab.inform_button.click()
    _answer(qtbot, runner)
    assert [a.leaders_informed for a in office.leave.absences() if a.kind is AbsenceKind.VICE_MAYOR_TRIP] == [True]
    assert tab.model.data(tab.model.index(1, 10)) == "已通报"
    tab.late_box.setChecked(True)
    wait_idle(qtbot, runner)
    assert [r.person for r in tab.model.rows] == ["交通局长"]


# --- the calendar ------------------------------------------------------------------------------------

def test_week_view_click_opens_the_meeting(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    mid = _executive(office, district)
    _executive(office, district, day=MEETING_DAY + dt.timedelta(days=7))
    page = _page(qtbot, office, runner)
    tab = page.meetings_tab
    tab.show_day(MEETING_DAY)
    tab.set_mode(WEEK)
    wait_idle(qtbot, runner)
    assert tab.period_label.text() == "2026年7月6日 — 7月12日"
    tab.calendar.repaint()
    [(rect, shown)] = tab.calendar.chip_rects()
    assert shown == mid
    qtbot.mouseClick(tab.calendar, Qt.MouseButton.LeftButton, pos=rect.center())
    wait_idle(qtbot, runner)
    assert mid in page.windows and page.windows[mid].isVisible()
    tab.set_mode("list")
    wait_idle(qtbot, runner)
    assert tab.model.rowCount() == 2
    tab.kind_combo.set_value(MeetingKind.PLENARY)
    wait_idle(qtbot, runner)
    assert tab.model.rowCount() == 0 and "没有会议" in tab.count_label.text()


# --- documents ---------------------------------------------------------------------------------------

def test_notice_rendered_through_the_runner_previewed_and_printed(qtbot, office: Office, runner: OpRunner,
                                                                   district: District, tmp_path: Path) -> None:
    d = district
    mid = _executive(office, d)
    office.meetings.schedule(mid, confirmed_topic(office, d, "关于公交线路的议题"))
    office.meetings.generate_roster(mid)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mid)
    documents = window.documents
    window.tabs.setCurrentWidget(documents)
    assert not documents.print_button.isEnabled()
    finished: list[object] = []
    runner.op_finished.connect(finished.append)
    documents.document_buttons["notice"].click()
    wait_idle(qtbot, runner)
    assert finished, "the notice is rendered on the op runner"
    rendered = documents.rendered
    assert rendered is not None and rendered.document is DOCUMENTS[0]
    assert rendered.pdf.read_bytes().startswith(b"%PDF")
    assert len(rendered.pages) >= 1 and f"共 {len(rendered.pages)} 页" in documents.status.text()
    assert documents.print_button.isEnabled()
    assert len(documents.pages.findChildren(type(documents.status), "page")) == len(rendered.pages)
    # Drawn for this screen: as many pixels as the window's device pixel ratio asks, shown 720 wide.
    ratio = documents.devicePixelRatioF()
    assert [(p.width(), p.devicePixelRatio()) for p in rendered.previews] == [(round(720 * ratio), ratio)] * len(
        rendered.previews)

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setFullPage(True)
    assert pdf_pages.print_pages(printer, rendered.pages) == len(rendered.pages)
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")
    documents.print_button.click()  # 打印… opens Qt's print dialog over the page
    dialog = _only(QPrintDialog)
    assert dialog.printer().docName() == "区政府第1次常务会议会议通知"
    dialog.reject()

    documents.document_buttons["signin"].click()
    wait_idle(qtbot, runner)
    assert documents.rendered is not None and documents.rendered.pdf.name == "签到表.pdf"
    directory = documents.directory
    assert directory is not None and directory.exists()
    window.close()
    assert not directory.exists()  # the temporary files go with the page


def test_the_notice_is_dated_the_day_it_went_out(qtbot, office: Office, runner: OpRunner,
                                                  district: District) -> None:
    from tests.core.test_meeting_docs import assert_safe_pdf

    d = district
    mid = _executive(office, d)
    office.meetings.schedule(mid, confirmed_topic(office, d, "关于公交线路的议题"))
    office.meetings.generate_roster(mid)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mid)
    documents = window.documents
    window.tabs.setCurrentWidget(documents)
    assert not documents.issue_button.isVisibleTo(documents)  # offered with the notice
    documents.document_buttons["notice"].click()
    wait_idle(qtbot, runner)
    assert "尚未登记印发，落款暂为今天（2026年6月30日）" in documents.notice_label.text()
    assert documents.issue_button.isVisibleTo(documents) and documents.issue_button.isEnabled()
    documents.issue_button.click()
    dialog = _only(NoticeIssuedDialog)
    assert dialog.date_edit.day() == TODAY  # not later than today, nor than the meeting
    dialog.date_edit.setFocus()
    dialog.date_edit.setSelectedSection(dialog.date_edit.Section.MonthSection)
    qtbot.keyClicks(dialog.date_edit, "7")
    assert dialog.date_edit.line.text() == "2026年7月30日不可选：通知印发日期不能晚于今天。"
    dialog.date_edit.set_day(dt.date(2026, 6, 28))
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    assert office.meetings.notice_issued_on(mid) == dt.date(2026, 6, 28)
    assert "通知已于2026年6月28日印发" in documents.notice_label.text()  # drawn again with its date

    office.meetings.today = lambda: MEETING_DAY
    office.meetings.mark_held(mid)
    office.meetings.today = lambda: MEETING_DAY + dt.timedelta(days=40)  # printed for the file, later
    documents.document_buttons["notice"].click()
    wait_idle(qtbot, runner)
    assert documents.rendered is not None
    text = "".join(assert_safe_pdf(documents.rendered.pdf).split())
    assert "2026年6月28日" in text and "2026年8月18日" not in text


def test_marking_a_cancelled_meeting_is_not_offered(qtbot, office: Office, runner: OpRunner,
                                                    district: District) -> None:
    mid = _executive(office, district)
    office.meetings.generate_roster(mid)
    office.meetings.cancel(mid, reason="改期")
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mid)
    table = window.roster.table
    table.setCurrentIndex(window.roster.model.index(0, 1))
    qtbot.keyClick(table, Qt.Key.Key_1)
    wait_idle(qtbot, runner)
    assert office.meetings.detail(mid).roster[0].attendance is Attendance.UNMARKED
    assert not window.roster.generate_button.isEnabled()


def test_main_window_shows_the_meetings_page(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    from gui.main_window import MainWindow

    window = MainWindow(office, runner)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    window.show_page("会议")
    wait_idle(qtbot, runner)
    page = window.stack.currentWidget()
    assert isinstance(page, MeetingsPage)
    assert window.new_action.isEnabled() and window.refresh_action.isEnabled()
    window.new_action.trigger()  # Ctrl+N: 新建会议
    wait_idle(qtbot, runner)
    assert _only(NewMeetingDialog).windowTitle() == "新建会议"


def test_a_day_picked_on_the_month_calendar_is_the_new_meetings_day(qtbot, office: Office, runner: OpRunner,
                                                                     district: District) -> None:
    page = _page(qtbot, office, runner)
    calendar = page.meetings_tab.calendar
    index = calendar.days().index(MEETING_DAY)  # July 9th is on June's six weeks
    cell = calendar._cell(index)
    qtbot.mouseClick(calendar, Qt.MouseButton.LeftButton, pos=cell.center())
    assert calendar.selected == MEETING_DAY
    page.new_item()
    wait_idle(qtbot, runner)
    assert _only(NewMeetingDialog).date_edit.day() == MEETING_DAY


def test_roster_tab_takes_the_keyboard(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    mid = _executive(office, district)
    office.meetings.generate_roster(mid)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mid)
    window.activateWindow()
    window.tabs.setCurrentWidget(window.roster)
    qtbot.waitUntil(lambda: window.roster.table.hasFocus() or window.focusWidget() is window.roster.table)
    assert window.roster.table.currentIndex().row() == 0


def test_a_failing_page_renderer_sends_the_secretary_to_the_pdf_viewer(qtbot, office: Office, runner: OpRunner,
                                                                       district: District, monkeypatch) -> None:
    import pypdfium2

    def broken(_data: bytes) -> None:  # what PDFium says of a damaged file
        raise pypdfium2.PdfiumError("Failed to load document (PDFium: Data format error).")

    monkeypatch.setattr(pypdfium2, "PdfDocument", broken)
    mid = _executive(office, district)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mid)
    window.documents.document_buttons["signin"].click()
    wait_idle(qtbot, runner)
    documents = window.documents
    assert documents.rendered is not None and documents.rendered.pdf.read_bytes().startswith(b"%PDF")
    assert "页面预览生成失败（PDF 文件已损坏或无法读取）" in documents.status.text()
    assert "PDF 阅读器" in documents.status.text()
    assert documents.open_button.isEnabled() and documents.save_button.isEnabled()
    assert not documents.print_button.isEnabled()


def test_roster_edits_by_hand_need_a_reason(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    mid = _executive(office, district)
    office.meetings.generate_roster(mid)
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mid)
    roster = window.roster
    roster.add_button.click()
    wait_idle(qtbot, runner)
    dialog = _only(AddPersonDialog)
    dialog.name_edit.setText("某主任")
    dialog.post_edit.setText("区人大常委会副主任")
    dialog.ok_button.click()
    assert dialog.error.text() == "手工调整名单须写明理由。"
    dialog.reason_edit.setPlainText("区长指示邀请出席")
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    added = roster.model.rows[-1]
    assert (added.name, added.post_text, added.role) == ("某主任", "区人大常委会副主任", RosterRole.INVITEE)
    assert roster.model.data(roster.model.index(len(roster.model.rows) - 1, 5)) == "手工增加：区长指示邀请出席"

    roster.focus_entry(added.id)
    roster.remove_button.click()
    dialog = _only(ReasonDialog)
    dialog.reason_edit.setPlainText("另有安排")
    dialog.ok_button.click()
    _answer(qtbot, runner)
    assert "某主任" not in [r.name for r in office.meetings.detail(mid).roster]
    assert "某主任" not in [r.name for r in roster.model.rows]


def test_calendar_from_the_keyboard(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    mid = _executive(office, district)
    page = _page(qtbot, office, runner)
    tab = page.meetings_tab
    calendar = tab.calendar
    calendar.setFocus()
    qtbot.keyClick(calendar, Qt.Key.Key_Right)  # from today, June 30th
    assert calendar.selected == TODAY + dt.timedelta(days=1)
    wait_idle(qtbot, runner)
    assert tab.period_label.text() == "2026年7月"  # the day left June: July comes up
    qtbot.keyClick(calendar, Qt.Key.Key_Down)  # a week on: July 8th
    qtbot.keyClick(calendar, Qt.Key.Key_Right)
    assert calendar.selected == MEETING_DAY
    qtbot.keyClick(calendar, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    assert mid in page.windows and page.windows[mid].isVisible()


def test_agenda_item_edited(qtbot, office: Office, runner: OpRunner, district: District) -> None:
    d = district
    mid = _executive(office, d)
    office.meetings.schedule(mid, confirmed_topic(office, d, "关于公交线路的议题"))
    page = _page(qtbot, office, runner)
    window = _open(qtbot, page, runner, mid)
    agenda = window.agenda
    assert not agenda.edit_button.isEnabled()  # nothing selected
    agenda.table.selectRow(0)
    assert agenda.edit_button.isEnabled() and not agenda.up_button.isEnabled()
    agenda.edit_button.click()
    wait_idle(qtbot, runner)
    dialog = _only(EditItemDialog)
    assert dialog.reporting_combo.value() == d.transport  # the lead department reports unless changed
    dialog.minutes.setValue(30)
    dialog.reporting_combo.set_value(d.ndrc)
    dialog.observers.set_checked([d.finance, d.justice])
    dialog.ok_button.click()
    wait_idle(qtbot, runner)
    [item] = office.meetings.detail(mid).agenda
    assert (item.minutes, item.reporting_department) == (30, "区发展改革委")
    assert {name for _id, name in item.observers} == {"区财政局", "区司法局"}
    assert agenda.model.data(agenda.model.index(0, 3)) == "区发展改革委"
    assert "预计 30 分钟" in agenda.summary.text()
