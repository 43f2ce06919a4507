"""Meetings, agenda, roster, attendance, leave and absences through the real services."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from core.errors import HuiwuError, Invalid, RuleRefusal
from core.model import AuditRecord
from core.model.enums import (
    ApprovalManner,
    Attendance,
    DelegationScope,
    LeaveRoute,
    LeaveStatus,
    MeetingKind,
    MeetingStatus,
    RosterRole,
    TopicStatus,
)
from core.office import Office
from tests.core.conftest import District

D = dt.date
T9 = dt.time(9, 0)
MEETING_DAY = D(2026, 7, 9)


def audit_count(office: Office) -> int:
    with office.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(AuditRecord)))


def refused(office: Office, call, error=HuiwuError, match: str | None = None) -> HuiwuError:
    before = audit_count(office)
    with pytest.raises(error, match=match) as caught:
        call()
    assert audit_count(office) == before
    return caught.value


def confirmed_topic(office: Office, d: District, title: str, *, target=MeetingKind.EXECUTIVE, lead=None,
                    involved=()) -> int:
    t = office.topics
    tid = t.submit(title=title, lead_department_id=lead or d.transport, target=target,
                   submitted_on=D(2026, 6, 1), involved=involved)
    for dept in involved:
        t.record_opinion(tid, dept, agrees=True, signed_on=D(2026, 6, 2), signer_id=d.heads[dept])
    if target is MeetingKind.THEMATIC:
        t.confirm(tid, decided_on=D(2026, 6, 5), decider_id=d.vice_a)
    else:
        t.approve(tid, decided_on=D(2026, 6, 3))
        t.arrange(tid, decided_on=D(2026, 6, 4))
        t.confirm(tid, decided_on=D(2026, 6, 5))
    return tid


def executive(office: Office, d: District, **kw) -> int:
    values = dict(day=MEETING_DAY, start_time=T9, place="区政府第一会议室", presider_id=d.mayor)
    values.update(kw)
    return office.meetings.create(MeetingKind.EXECUTIVE, **values)


# --- creating ----------------------------------------------------------------------------------

def test_numbers_are_proposed_per_kind_and_unique(office: Office, district: District) -> None:
    m = office.meetings
    assert m.propose_number(MeetingKind.EXECUTIVE) == 1
    first = executive(office, district)
    assert m.propose_number(MeetingKind.EXECUTIVE) == 2
    assert m.propose_number(MeetingKind.THEMATIC) == 1
    assert m.detail(first).name == "区政府第1次常务会议"
    refused(office, lambda: executive(office, district, number=1), Invalid, "编号已被使用")
    executive(office, district, number=142)
    assert m.propose_number(MeetingKind.EXECUTIVE) == 143


def test_presider_rules_cite_articles(office: Office, district: District) -> None:
    d = district
    e = refused(office, lambda: office.meetings.create(MeetingKind.PLENARY, day=MEETING_DAY, start_time=T9,
                                                       place="大会堂", presider_id=d.executive), RuleRefusal)
    assert "第三十八条" in e.message
    e = refused(office, lambda: executive(office, d, presider_id=d.executive), RuleRefusal)
    assert "第五条" in e.message
    refused(office, lambda: executive(office, d, presider_id=d.vice_a), RuleRefusal, "第三十九条")
    office.roster.add_delegation(d.mayor, d.executive, DelegationScope.GOVERNMENT_WORK, MEETING_DAY - dt.timedelta(days=3),
                                 MEETING_DAY, reason="出访")
    mid = executive(office, d, presider_id=d.executive)
    detail = office.meetings.detail(mid)
    assert detail.delegation_id is not None
    assert detail.presider_label == "常务副区长乙常务（受区长委托）"
    # a delegation that ended the day before the meeting does not cover it
    refused(office, lambda: executive(office, d, presider_id=d.executive, day=MEETING_DAY + dt.timedelta(days=1)),
            RuleRefusal, "第五条")


def test_thematic_convened_by_one_vice_mayor_presided_by_another(office: Office, district: District) -> None:
    d = district
    mid = office.meetings.create(MeetingKind.THEMATIC, day=MEETING_DAY, start_time=T9, place="第三会议室",
                                 presider_id=d.vice_b, convener_id=d.vice_a, title="城区交通")
    detail = office.meetings.detail(mid)
    assert (detail.convener, detail.presider) == ("丙副区长", "丁副区长")
    assert detail.name == "区政府第1次专题会议（城区交通）"
    refused(office, lambda: executive(office, d, convener_id=d.vice_a), RuleRefusal)


def test_bad_meeting_input(office: Office, district: District) -> None:
    refused(office, lambda: executive(office, district, place=" "), Invalid, "会议地点")
    refused(office, lambda: executive(office, district, number=0), Invalid, "正整数")
    refused(office, lambda: executive(office, district, place="会议室\x00"), Invalid, "控制字符")


# --- the agenda ---------------------------------------------------------------------------------

def test_schedule_order_remove_and_cancel(office: Office, district: District) -> None:
    d = district
    mid = executive(office, d)
    topics = [confirmed_topic(office, d, f"议题{i}") for i in range(3)]
    for tid in topics:
        office.meetings.schedule(mid, tid, minutes=20)
    assert office.topics.detail(topics[0]).status is TopicStatus.SCHEDULED
    assert office.meetings.pool(MeetingKind.EXECUTIVE) == []
    office.meetings.reorder(mid, [topics[2], topics[0], topics[1]])
    assert [a.topic_id for a in office.meetings.detail(mid).agenda] == [topics[2], topics[0], topics[1]]
    office.meetings.unschedule(mid, topics[0], reason="材料需补充")
    agenda = office.meetings.detail(mid).agenda
    assert [(a.topic_id, a.position) for a in agenda] == [(topics[2], 1), (topics[1], 2)]
    assert office.topics.detail(topics[0]).status is TopicStatus.CONFIRMED
    assert office.meetings.pool(MeetingKind.EXECUTIVE) == [(topics[0], "议题0")]
    office.meetings.cancel(mid, reason="区长临时公务")
    assert office.meetings.detail(mid).status is MeetingStatus.CANCELLED
    assert {office.topics.detail(t).status for t in topics} == {TopicStatus.CONFIRMED}
    refused(office, lambda: office.meetings.schedule(mid, topics[0]), Invalid, "已取消")


def test_agenda_refusals(office: Office, district: District) -> None:
    d = district
    mid = executive(office, d)
    other = executive(office, d)
    unconfirmed = office.topics.submit(title="未确定的议题", lead_department_id=d.transport,
                                       target=MeetingKind.EXECUTIVE, submitted_on=D(2026, 6, 1))
    refused(office, lambda: office.meetings.schedule(mid, unconfirmed), RuleRefusal, "第四十二条")
    tid = confirmed_topic(office, d, "确定的议题")
    office.meetings.schedule(mid, tid)
    e = refused(office, lambda: office.meetings.schedule(other, tid), RuleRefusal)
    assert "区政府第1次常务会议" in e.message  # already on the first meeting
    thematic = confirmed_topic(office, d, "专题议题", target=MeetingKind.THEMATIC)
    refused(office, lambda: office.meetings.schedule(other, thematic), RuleRefusal, "专题会议")
    refused(office, lambda: office.meetings.schedule(mid, tid, minutes=0), Invalid, "分钟")


# --- roster, leave, attendance: the walk of issue 4's "done means" --------------------------------

def test_roster_leave_and_attendance(office: Office, district: District) -> None:
    d = district
    mid = executive(office, d)
    topics = [confirmed_topic(office, d, f"议题{i}", involved=[d.finance] if i == 0 else ()) for i in range(3)]
    for tid in topics:
        office.meetings.schedule(mid, tid)
    office.meetings.generate_roster(mid)
    roster = office.meetings.detail(mid).roster
    members = [r.name for r in roster if r.role is RosterRole.MEMBER]
    observers = [r.name for r in roster if r.role is RosterRole.OBSERVER]
    assert members == ["甲区长", "乙常务", "丙副区长", "丁副区长"]
    assert observers == ["交通局长", "财政局长"]

    leave = office.leave
    vm_leave = leave.request(d.vice_a, meeting_id=mid, reason="赴市里参加会议")
    observer_leave = leave.request(d.heads[d.finance], meeting_id=mid, reason="外出学习")
    rows = {r.id: r for r in leave.leaves(meeting_id=mid)}
    assert rows[vm_leave].route is LeaveRoute.ASK_MAYOR
    assert rows[vm_leave].route_text == "向区长请假（依据《工作规则》第四十四条）"
    assert rows[observer_leave].route is LeaveRoute.OFFICE_REPORTS_TO_MAYOR
    assert rows[observer_leave].route_article == 44

    leave.decide(vm_leave, granted=True, decided_on=D(2026, 6, 29), manner=ApprovalManner.PHONE)
    leave.decide(observer_leave, granted=True, decided_on=D(2026, 6, 29), manner=ApprovalManner.WRITTEN)
    statuses = {r.id: r.status for r in leave.leaves(meeting_id=mid)}
    assert statuses == {vm_leave: LeaveStatus.APPROVED, observer_leave: LeaveStatus.REPORTED}
    by_name = {r.name: r for r in office.meetings.detail(mid).roster}
    assert by_name["丙副区长"].attendance is Attendance.ON_LEAVE
    assert by_name["财政局长"].attendance is Attendance.ON_LEAVE

    m = office.meetings
    # nine days ahead, still 筹备中: who is expected is what the roster and the leave show
    refused(office, lambda: m.mark(by_name["甲区长"].id, Attendance.PRESENT), Invalid, "会议当天起才能登记考勤")
    m.today = lambda: MEETING_DAY
    m.mark(by_name["甲区长"].id, Attendance.PRESENT)
    m.mark(by_name["乙常务"].id, Attendance.LATE, late_at=dt.time(9, 12))
    refused(office, lambda: m.mark(by_name["丁副区长"].id, Attendance.LATE), Invalid, "到会时间")
    refused(office, lambda: m.mark(by_name["丁副区长"].id, Attendance.SUBSTITUTE, substitute_name="某",
                                   substitute_post="副局长"), Invalid, "组成人员")
    m.mark(by_name["交通局长"].id, Attendance.SUBSTITUTE, substitute_name="交通副局长", substitute_post="副局长")
    after = {r.name: r for r in m.detail(mid).roster}
    assert after["乙常务"].late_at == dt.time(9, 12)
    assert (after["交通局长"].substitute_name, after["交通局长"].substitute_post) == ("交通副局长", "副局长")


def test_granted_period_leave_marks_a_roster_generated_later(office: Office, district: District) -> None:
    d = district
    leave = office.leave.request(d.vice_b, start=D(2026, 7, 6), end=D(2026, 7, 10), reason="休假")
    office.leave.decide(leave, granted=True, decided_on=D(2026, 6, 30), manner=ApprovalManner.IN_PERSON)
    mid = executive(office, d)
    office.meetings.generate_roster(mid)
    by_name = {r.name: r for r in office.meetings.detail(mid).roster}
    assert by_name["丁副区长"].attendance is Attendance.ON_LEAVE
    assert by_name["丁副区长"].leave_request_id == leave


def test_leave_refusals(office: Office, district: District) -> None:
    d = district
    mid = executive(office, d)
    office.meetings.generate_roster(mid)
    outsider = office.roster.add_person("名单外人员")
    refused(office, lambda: office.leave.request(outsider, meeting_id=mid, reason="事假"), Invalid, "不在")
    refused(office, lambda: office.leave.request(d.mayor, meeting_id=mid, reason="出差"), RuleRefusal, "第三十九条")
    refused(office, lambda: office.leave.request(d.vice_a, meeting_id=mid, reason=""), Invalid, "事由")
    first = office.leave.request(d.vice_a, meeting_id=mid, reason="出差")
    refused(office, lambda: office.leave.request(d.vice_a, meeting_id=mid, reason="出差"), Invalid, "重复")
    office.leave.decide(first, granted=False, decided_on=D(2026, 6, 30), manner=ApprovalManner.PHONE)
    refused(office, lambda: office.leave.decide(first, granted=True, decided_on=D(2026, 6, 30),
                                                manner=ApprovalManner.PHONE), Invalid, "不能重复批复")


def test_roster_edits_need_reasons(office: Office, district: District) -> None:
    mid = executive(office, district)
    refused(office, lambda: office.meetings.add_to_roster(mid, role=RosterRole.INVITEE, name="区人大代表", reason=""),
            Invalid, "理由")
    entry = office.meetings.add_to_roster(mid, role=RosterRole.INVITEE, name="某代表", post_text="区人大代表",
                                          reason="区长邀请")
    office.meetings.remove_from_roster(entry, reason="临时有事")
    assert all(r.id != entry for r in office.meetings.detail(mid).roster)


# --- absence from the district (art. 53) -----------------------------------------------------------

def test_absence_register_flags_late_requests(office: Office, district: District) -> None:
    d = district
    leave = office.leave
    on_time = leave.record_absence(d.heads[d.finance], leaves_on=D(2026, 7, 3), returns_on=D(2026, 7, 5),
                                   requested_on=D(2026, 6, 30), acting_head="财政副局长", destination="成都")  # D-3
    late = leave.record_absence(d.heads[d.ndrc], leaves_on=D(2026, 7, 2), returns_on=D(2026, 7, 3),
                                requested_on=D(2026, 6, 30), acting_head="发改副主任")  # D-2: flagged, recorded
    rows = {r.id: r for r in leave.absences()}
    assert not rows[on_time].late and rows[on_time].acting_head == "财政副局长"
    assert rows[late].late
    assert {r.id for r in leave.absences(late_only=True)} == {late}
    refused(office, lambda: leave.record_absence(d.heads[d.ndrc], leaves_on=D(2026, 7, 3), returns_on=D(2026, 7, 5),
                                                 requested_on=D(2026, 6, 30), acting_head="某"), Invalid, "重叠")
    refused(office, lambda: leave.record_absence(d.heads[d.justice], leaves_on=D(2026, 7, 9), returns_on=D(2026, 7, 9),
                                                 requested_on=D(2026, 6, 30)), RuleRefusal, "第五十三条")
    refused(office, lambda: leave.record_absence(d.heads[d.justice], leaves_on=D(2026, 7, 9), returns_on=D(2026, 7, 9),
                                                 requested_on=D(2026, 7, 1), acting_head="某"), Invalid, "晚于今天")
    trip = leave.record_absence(d.vice_a, leaves_on=D(2026, 7, 1), returns_on=D(2026, 7, 3), requested_on=D(2026, 6, 30))
    leave.inform_leaders(trip)
    assert {r.id: r.leaders_informed for r in leave.absences()}[trip]
