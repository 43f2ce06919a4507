"""Attendance and leave are one fact (issue 12 §4): 请假 on a roster is only ever marked from a leave
request, which shows on the roster from the moment it is made; attendance is marked from the
meeting's day, never before (expected attendance is what the roster and the leave show); the
presider is on every roster and never marked away. The roster names only units on the agenda."""

from __future__ import annotations

import datetime as dt

from core.errors import Invalid, RuleRefusal
from core.model.enums import (
    ApprovalManner,
    Attendance,
    LeaveRoute,
    LeaveStatus,
    MeetingKind,
    MeetingStatus,
    RosterRole,
)
from core.office import Office
from core.services.meeting_types import RosterRow
from tests.core.conftest import TODAY, District
from tests.core.test_meeting_service import MEETING_DAY, T9, confirmed_topic, executive, refused

SIX_DAYS_AHEAD = TODAY + dt.timedelta(days=6)


def _rows(office: Office, mid: int) -> dict[str, RosterRow]:
    return {r.name: r for r in office.meetings.detail(mid).roster}


def _with_roster(office: Office, d: District, day: dt.date = MEETING_DAY) -> int:
    mid = executive(office, d, day=day)
    office.meetings.schedule(mid, confirmed_topic(office, d, "关于城区公交线路调整的议题", involved=[d.finance]))
    office.meetings.generate_roster(mid)
    return mid


def test_attendance_is_refused_before_the_meeting_day(office: Office, district: District) -> None:
    mid = _with_roster(office, district, day=SIX_DAYS_AHEAD)
    m = office.meetings
    rows = _rows(office, mid)
    assert m.detail(mid).status is MeetingStatus.PLANNED
    e = refused(office, lambda: m.mark(rows["甲区长"].id, Attendance.PRESENT), Invalid)
    assert "2026年7月6日" in e.message and "会议当天起才能登记考勤" in e.message
    assert "名单和请假登记" in e.message
    refused(office, lambda: m.mark_rest_present(mid), Invalid, "会议当天起")
    assert {r.attendance for r in m.detail(mid).roster} == {Attendance.UNMARKED}
    assert m.attendance_opens(mid) == SIX_DAYS_AHEAD

    m.today = lambda: SIX_DAYS_AHEAD  # on the day
    m.mark(rows["甲区长"].id, Attendance.PRESENT)
    assert m.mark_rest_present(mid) == len(rows) - 1

    m.cancel(_with_roster(office, district, day=TODAY), reason="区长临时公务")
    cancelled = m.meetings(status=MeetingStatus.CANCELLED)[0].id
    assert m.attendance_opens(cancelled) is None
    refused(office, lambda: m.mark_rest_present(cancelled), Invalid, "已取消")


def test_leave_is_not_typed_in_as_attendance(office: Office, district: District) -> None:
    d = district
    mid = _with_roster(office, d, day=TODAY)  # the meeting is today
    m, leave = office.meetings, office.leave
    rows = _rows(office, mid)
    e = refused(office, lambda: m.mark(rows["丙副区长"].id, Attendance.ON_LEAVE), Invalid)
    assert "没有本次会议的请假登记" in e.message and "第四十四条" in e.message

    # the form's route, before anything is written: the rules' (art. 44), or practice where silent
    route = leave.route(d.vice_a, mid)
    assert (route.route, route.article) == (LeaveRoute.ASK_MAYOR, 44)
    assert route.text.startswith("向区长请假（依据《工作规则》第四十四条）")
    assert leave.route(d.heads[d.finance], mid).route is LeaveRoute.OFFICE_REPORTS_TO_MAYOR

    request = leave.request(d.vice_a, meeting_id=mid, reason="赴市里参加会议")
    row = _rows(office, mid)["丙副区长"]
    assert row.attendance is Attendance.ON_LEAVE
    assert (row.leave_request_id, row.leave_status) == (request, LeaveStatus.PENDING)
    assert [r.id for r in leave.leaves(meeting_id=mid)] == [request]  # the leave tab: 请假（1）

    leave.decide(request, granted=True, decided_on=TODAY, manner=ApprovalManner.PHONE)
    row = _rows(office, mid)["丙副区长"]
    assert (row.attendance, row.leave_status) == (Attendance.ON_LEAVE, LeaveStatus.APPROVED)
    # marked otherwise, then back to 请假: the request is still there, so 3 is accepted
    m.mark(row.id, Attendance.PRESENT)
    m.mark(row.id, Attendance.ON_LEAVE)
    assert _rows(office, mid)["丙副区长"].leave_request_id == request


def test_leave_before_the_day_shows_on_the_roster_and_a_refusal_takes_it_back(office: Office,
                                                                             district: District) -> None:
    d = district
    mid = _with_roster(office, d)  # nine days ahead
    leave = office.leave
    asked = leave.request(d.vice_b, meeting_id=mid, reason="出差")
    row = _rows(office, mid)["丁副区长"]
    assert (row.attendance, row.leave_request_id, row.leave_status) == (
        Attendance.UNMARKED, asked, LeaveStatus.PENDING)  # expected: away, waiting for the answer
    leave.decide(asked, granted=True, decided_on=TODAY, manner=ApprovalManner.IN_PERSON)
    assert _rows(office, mid)["丁副区长"].attendance is Attendance.ON_LEAVE

    declined = leave.request(d.heads[d.finance], meeting_id=mid, reason="外出学习")
    office.meetings.today = leave.today = lambda: MEETING_DAY  # the meeting's day
    refused(office, lambda: leave.request(d.heads[d.finance], meeting_id=mid, reason="外出学习"), Invalid, "重复")
    office.meetings.mark(_rows(office, mid)["财政局长"].id, Attendance.ON_LEAVE)
    # only the mayor (or the presider) declines; the office's report cannot be "declined"
    refused(office, lambda: leave.decide(declined, granted=False, decided_on=MEETING_DAY,
                                         manner=ApprovalManner.PHONE), Invalid, "报告")
    vice = leave.request(d.vice_a, meeting_id=mid, reason="外出")
    assert _rows(office, mid)["丙副区长"].attendance is Attendance.ON_LEAVE
    leave.decide(vice, granted=False, decided_on=MEETING_DAY, manner=ApprovalManner.PHONE)
    row = _rows(office, mid)["丙副区长"]
    assert (row.attendance, row.leave_status) == (Attendance.UNMARKED, LeaveStatus.DECLINED)
    refused(office, lambda: office.meetings.mark(row.id, Attendance.ON_LEAVE), Invalid, "没有本次会议的请假登记")


def test_a_period_leave_covering_the_day_is_what_3_marks(office: Office, district: District) -> None:
    d = district
    mid = _with_roster(office, d)
    period = office.leave.request(d.vice_b, start=MEETING_DAY - dt.timedelta(days=1), end=MEETING_DAY, reason="休假")
    office.meetings.today = lambda: MEETING_DAY
    office.meetings.mark(_rows(office, mid)["丁副区长"].id, Attendance.ON_LEAVE)
    row = _rows(office, mid)["丁副区长"]
    assert (row.attendance, row.leave_request_id) == (Attendance.ON_LEAVE, period)


def test_the_presider_presides(office: Office, district: District) -> None:
    d = district
    mid = office.meetings.create(MeetingKind.THEMATIC, day=TODAY, start_time=T9, place="第三会议室",
                                 presider_id=d.vice_b, convener_id=d.vice_a, title="城区交通")
    topic = confirmed_topic(office, d, "关于城区交通组织的议题", target=MeetingKind.THEMATIC, involved=[d.finance])
    office.meetings.schedule(mid, topic)
    office.meetings.generate_roster(mid)
    roster = office.meetings.detail(mid).roster
    # a 专题会议 has no members (art. 41): its leaders head the list, as participants
    assert [(r.name, r.role) for r in roster][:2] == [("丁副区长", RosterRole.PARTICIPANT),
                                                     ("丙副区长", RosterRole.PARTICIPANT)]
    assert {r.name for r in roster} == {"丁副区长", "丙副区长", "交通局长", "财政局长"}
    presider = roster[0]
    for mark in (Attendance.ABSENT, Attendance.ON_LEAVE):
        refused(office, lambda mark=mark: office.meetings.mark(presider.id, mark), Invalid, "主持本次会议")
    refused(office, lambda: office.leave.route(d.vice_b, mid), Invalid, "主持")
    refused(office, lambda: office.leave.request(d.vice_b, meeting_id=mid, reason="出差"), Invalid, "主持")
    # the mayor never asks leave: refused by the rules, before anything about presiding
    other = _with_roster(office, d)
    refused(office, lambda: office.leave.request(d.mayor, meeting_id=other, reason="出差"), RuleRefusal)

    office.meetings.mark_rest_present(mid)
    office.meetings.mark_held(mid)
    minutes = office.minutes.draft(mid)
    assert office.minutes.detail(minutes).content.present[:2] == ("丁副区长", "丙副区长")


def test_the_roster_names_only_units_on_the_agenda(office: Office, district: District) -> None:
    d = district
    mid = executive(office, d)
    m = office.meetings
    bus = confirmed_topic(office, d, "关于城区公交线路调整的议题", involved=[d.finance, d.ndrc])
    plain = confirmed_topic(office, d, "关于农村公路的议题")
    item = m.schedule(mid, bus)
    m.schedule(mid, plain)
    agenda = {a.topic_id: a for a in m.detail(mid).agenda}
    # the topic's involved units are its observer units on the agenda (and so in the notice)
    assert [name for _, name in agenda[bus].observers] == ["区财政局", "区发展改革委"]
    m.generate_roster(mid)
    assert [r.name for r in m.detail(mid).roster if r.role is RosterRole.OBSERVER] == ["交通局长", "财政局长",
                                                                                     "发改局长"]
    # the secretary takes a unit off the item: its head leaves the roster, and is not brought back
    m.update_item(item, observer_ids=[d.finance])
    assert "发改局长" not in {r.name for r in m.detail(mid).roster}
    m.generate_roster(mid)
    assert "发改局长" not in {r.name for r in m.detail(mid).roster}
    # the topic leaves the agenda: so does the head of the unit it brought; back again with it
    m.unschedule(mid, bus, reason="材料需补充")
    assert [r.name for r in m.detail(mid).roster if r.role is RosterRole.OBSERVER] == ["交通局长"]
    m.schedule(mid, bus, observer_ids=[d.finance])
    m.generate_roster(mid)
    assert [r.name for r in m.detail(mid).roster if r.role is RosterRole.OBSERVER] == ["交通局长", "财政局长"]
    # someone added by hand stays whatever the agenda says
    m.add_to_roster(mid, role=RosterRole.OBSERVER, person_id=d.heads[d.justice], reason="区长要求列席")
    m.unschedule(mid, bus, reason="再议")
    assert {r.name for r in m.detail(mid).roster if r.role is RosterRole.OBSERVER} == {"交通局长", "司法局长"}
