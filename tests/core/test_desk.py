"""The desk (今日) through the real services: the week's meetings and their preparation, topics with
the office, minutes before issue, 督办 due and overdue, absences from the district, and roles."""

from __future__ import annotations

import dataclasses
import datetime as dt

from core.model.enums import ApprovalManner, MeetingKind, RosterRole
from core.office import Office
from core.services.accounts import Role
from core.services.desk_types import Cue, Desk, DeskKind
from tests.core.conftest import TODAY, District
from tests.core.test_meeting_service import confirmed_topic
from tests.core.test_minutes_service import attend, held, review, thematic_with_funds

D = dt.date
T9 = dt.time(9, 0)


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def meeting(office: Office, d: District, on: dt.date, *titles: str, kind: MeetingKind = MeetingKind.EXECUTIVE) -> int:
    mid = office.meetings.create(kind, day=on, start_time=T9, place="区政府第一会议室", presider_id=d.mayor)
    for title in titles:
        office.meetings.schedule(mid, confirmed_topic(office, d, title, target=kind, involved=[d.finance]))
    return mid


def desk(office: Office) -> Desk:
    return office.desk.today_desk()


def meetings_by_id(office: Office) -> dict:  # type: ignore[type-arg]
    return {m.id: m for m in desk(office).meetings.rows}


# --- meetings ----------------------------------------------------------------------------------

def test_meetings_of_today_and_the_next_seven_days(office: Office, district: District) -> None:
    d = district
    yesterday = meeting(office, d, day(-1))
    today = meeting(office, d, TODAY)
    last_in = meeting(office, d, day(7))
    first_out = meeting(office, d, day(8))
    cancelled = meeting(office, d, day(3))
    office.meetings.cancel(cancelled, reason="另行安排")
    rows = desk(office).meetings
    assert [m.id for m in rows.rows] == [today, last_in] and rows.total == 2
    assert {yesterday, first_out, cancelled}.isdisjoint(m.id for m in rows.rows)
    assert rows.rows[0].kind is DeskKind.MEETING  # what the window opens


def test_a_meeting_is_ready_when_notice_roster_and_leave_are_done(office: Office, district: District) -> None:
    d = district
    mid = meeting(office, d, day(3), "议题甲")
    row = meetings_by_id(office)[mid]
    assert (row.notice_issued_on, row.roster_size, row.topics) == (None, 0, 1)
    assert row.state == "通知未印发；名单未生成" and row.cue is Cue.SOON and not row.ready

    office.meetings.generate_roster(mid)
    office.meetings.record_notice_issued(mid, TODAY)
    leave = office.leave.request(d.vice_b, meeting_id=mid, reason="赴市里开会")
    row = meetings_by_id(office)[mid]
    assert row.missing_units == () and row.pending_leave == 1 and row.notice_issued_on == TODAY
    assert row.state == f"通知已印发（6月30日）；名单齐全（{row.roster_size}人）；请假待批复1人"
    assert row.cue is Cue.SOON

    office.leave.decide(leave, granted=True, decided_on=TODAY, manner=ApprovalManner.PHONE)
    row = meetings_by_id(office)[mid]
    assert row.ready and row.pending_leave == 0 and row.cue is Cue.NONE


def test_a_unit_the_agenda_names_after_the_roster_is_missing_until_someone_comes(
        office: Office, district: District) -> None:
    d = district
    mid = meeting(office, d, day(2), "议题甲")
    office.meetings.generate_roster(mid)
    office.meetings.record_notice_issued(mid, TODAY)
    office.meetings.schedule(mid, confirmed_topic(office, d, "关于发改议题的议题", lead=d.ndrc))
    row = meetings_by_id(office)[mid]
    assert row.missing_units == ("区发展改革委",) and row.state.endswith("名单缺区发展改革委")
    assert not row.ready and row.cue is Cue.SOON

    # Added by hand, the head counts for the unit they head on the day, without a unit on the line.
    office.meetings.add_to_roster(mid, role=RosterRole.OBSERVER, reason="汇报发改议题", person_id=d.heads[d.ndrc])
    assert meetings_by_id(office)[mid].missing_units == ()


def test_an_unprepared_meeting_tomorrow_is_red_and_a_period_leave_counts(office: Office, district: District) -> None:
    d = district
    mid = meeting(office, d, day(1), "议题甲")
    office.meetings.generate_roster(mid)
    office.meetings.record_notice_issued(mid, TODAY)
    assert meetings_by_id(office)[mid].cue is Cue.NONE
    office.leave.request(d.vice_a, reason="外出学习", start=TODAY, end=day(4))  # a period, not this meeting
    row = meetings_by_id(office)[mid]
    assert row.pending_leave == 1 and row.cue is Cue.OVERDUE


def test_an_empty_agenda_is_said(office: Office, district: District) -> None:
    mid = meeting(office, district, day(5))
    row = meetings_by_id(office)[mid]
    assert row.state.startswith("议程尚无议题；") and not row.ready


# --- topics --------------------------------------------------------------------------------------

def test_topics_waiting_on_the_office(office: Office, district: District) -> None:
    d = district
    t = office.topics
    submitted = t.submit(title="刚报送的议题", lead_department_id=d.transport, target=MeetingKind.EXECUTIVE,
                         submitted_on=D(2026, 6, 1))  # waiting on the supervising leader
    approved = t.submit(title="待统筹的议题", lead_department_id=d.transport, target=MeetingKind.EXECUTIVE,
                        submitted_on=D(2026, 6, 1))
    t.approve(approved, decided_on=D(2026, 6, 20))
    arranged = t.submit(title="待报区长的议题", lead_department_id=d.transport, target=MeetingKind.EXECUTIVE,
                        submitted_on=D(2026, 6, 1))
    t.approve(arranged, decided_on=D(2026, 6, 20))
    t.arrange(arranged, decided_on=D(2026, 6, 28))
    confirmed = confirmed_topic(office, d, "已确定的议题")
    scheduled = confirmed_topic(office, d, "已上会的议题")
    office.meetings.schedule(meeting(office, d, day(9)), scheduled)

    rows = {r.id: r for r in desk(office).topics.rows}
    assert set(rows) == {approved, arranged, confirmed}
    assert {submitted, scheduled}.isdisjoint(rows)
    assert rows[approved].state == "待办公室统筹安排，已等候10天" and rows[approved].cue is Cue.SOON
    assert rows[arranged].state == "待报区长确定，已等候2天" and rows[arranged].cue is Cue.NONE
    assert rows[confirmed].state.startswith("已确定上会，待列入会议议程")
    assert rows[approved].kind is DeskKind.TOPIC and rows[approved].lead_department == "区交通局"
    assert [r.id for r in desk(office).topics.rows] == [arranged, approved, confirmed]  # the latest first


# --- minutes -------------------------------------------------------------------------------------

def test_minutes_waiting_for_each_step_with_days_since_the_meeting(office: Office, district: District) -> None:
    d = district

    def drafted() -> int:
        mid = held(office, d)
        attend(office, d, mid)
        return office.minutes.draft(mid)

    draft, reviewed, signed, issued = drafted(), drafted(), drafted(), drafted()
    for mins in (reviewed, signed, issued):
        review(office, mins)
    for mins in (signed, issued):
        office.minutes.sign(mins, signer_id=d.mayor, signed_on=TODAY)
    office.minutes.issue(issued, issued_on=TODAY)
    consent = thematic_with_funds(office, d, presider=d.vice_b)
    office.minutes.sign(consent, signer_id=d.vice_b, signed_on=TODAY)
    again = drafted()
    review(office, again)
    content = office.minutes.detail(again).content
    office.minutes.save(again, dataclasses.replace(content, closing="会议还研究了其他两项事项。"))

    rows = {r.id: r for r in desk(office).minutes.rows}
    assert {m: r.step for m, r in rows.items()} == {
        draft: "核稿", reviewed: "签发", signed: "印发", consent: "报区长同意", again: "重新核稿"}
    assert rows[draft].state == "待核稿，会后第5天" and rows[draft].days == 5
    assert rows[draft].cue is Cue.NONE and rows[draft].kind is DeskKind.MINUTES
    assert rows[consent].meeting_name.startswith("区政府第") and rows[consent].meeting_day == D(2026, 6, 25)


def test_thematic_minutes_presided_by_the_mayor_go_straight_to_issue(office: Office, district: District) -> None:
    mins = thematic_with_funds(office, district, presider=district.mayor)
    office.minutes.sign(mins, signer_id=district.mayor, signed_on=TODAY)
    [row] = desk(office).minutes.rows
    assert row.step == "印发"


def test_old_minutes_turn_amber_then_red(office: Office, district: District) -> None:
    d = district
    ages = {}
    for age in (7, 15):
        mid = office.meetings.create(MeetingKind.EXECUTIVE, day=day(-age), start_time=T9, place="区政府第一会议室",
                                     presider_id=d.mayor)
        office.meetings.schedule(mid, confirmed_topic(office, d, f"第{age}天前的议题"))
        office.meetings.generate_roster(mid)
        office.meetings.mark_rest_present(mid)
        office.meetings.mark_held(mid)
        ages[office.minutes.draft(mid)] = age
    cues = {ages[r.id]: r.cue for r in desk(office).minutes.rows}
    assert cues == {7: Cue.SOON, 15: Cue.OVERDUE}


# --- 督办 ------------------------------------------------------------------------------------------

def issue_with_deadlines(office: Office, d: District, *deadlines: dt.date) -> int:
    titles = tuple(f"议题{n}" for n in range(len(deadlines)))
    mid = held(office, d, titles=titles)
    attend(office, d, mid)
    mins = office.minutes.draft(mid)
    content = office.minutes.detail(mins).content
    sections = tuple(dataclasses.replace(s, decisions=(dataclasses.replace(s.decisions[0], deadline=dl),))
                     for s, dl in zip(content.sections, deadlines, strict=True))
    office.minutes.save(mins, dataclasses.replace(content, sections=sections))
    review(office, mins)
    office.minutes.sign(mins, signer_id=d.mayor, signed_on=TODAY)
    office.minutes.issue(mins, issued_on=TODAY)
    return mins


def test_follow_up_overdue_first_then_due_within_seven_days(office: Office, district: District) -> None:
    mins = issue_with_deadlines(office, district, day(8), day(7), day(0), day(-3), day(-1))
    section = desk(office).followups
    assert [(r.deadline, r.state, r.cue) for r in section.rows] == [
        (day(-1), "已逾期1天", Cue.OVERDUE), (day(-3), "已逾期3天", Cue.OVERDUE),
        (day(0), "今日到期", Cue.SOON), (day(7), "还剩7天", Cue.SOON)]
    assert section.total == 4 and {r.minutes_id for r in section.rows} == {mins}
    assert section.rows[0].department == "区交通局" and section.rows[0].kind is DeskKind.FOLLOWUP
    office.followup.close(section.rows[0].id, closed_on=TODAY)
    assert [r.deadline for r in desk(office).followups.rows] == [day(-3), day(0), day(7)]


def test_a_long_overdue_list_shows_the_latest_to_slip_and_every_item_due(
        office: Office, district: District, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from core.services import desk as desk_module

    monkeypatch.setattr(desk_module, "SHOWN", 2)
    issue_with_deadlines(office, district, day(-9), day(-5), day(-2), day(1), day(2), day(3))
    section = desk(office).followups
    assert [r.deadline for r in section.rows] == [day(-2), day(-5), day(1), day(2), day(3)]
    assert section.total == 6 and section.more == 1


# --- absences from the district ------------------------------------------------------------------

def test_absence_notices_due(office: Office, district: District) -> None:
    d = district
    leave = office.leave
    unapproved = leave.record_absence(d.heads[d.finance], leaves_on=day(2), returns_on=day(4), requested_on=TODAY,
                                      acting_head="财政副局长")  # late (D-2) and not yet approved
    trip = leave.record_absence(d.vice_a, leaves_on=TODAY, returns_on=day(2), requested_on=D(2026, 6, 25))
    approved_soon = leave.record_absence(d.heads[d.ndrc], leaves_on=day(3), returns_on=day(5), requested_on=TODAY,
                                         acting_head="发改副主任", approved_by_id=d.vice_a)
    approved_later = leave.record_absence(d.heads[d.transport], leaves_on=day(4), returns_on=day(6),
                                          requested_on=TODAY, acting_head="交通副局长", approved_by_id=d.vice_a)
    pending_later = leave.record_absence(d.heads[d.justice], leaves_on=day(10), returns_on=day(12),
                                         requested_on=TODAY, acting_head="司法副局长")
    back = leave.record_absence(d.vice_b, leaves_on=day(-5), returns_on=day(-1), requested_on=D(2026, 6, 20))

    rows = {r.id: r for r in desk(office).absences.rows}
    assert set(rows) == {unapproved, trip, approved_soon, pending_later}
    assert {approved_later, back}.isdisjoint(rows)
    assert rows[unapproved].state == "待报区政府领导批准（未按时报告）" and rows[unapproved].cue is Cue.SOON
    assert rows[trip].state == "待通报区政府其他领导同志" and rows[trip].cue is Cue.OVERDUE  # leaves today
    assert rows[approved_soon].state == "已批准" and rows[approved_soon].cue is Cue.NONE
    assert rows[pending_later].cue is Cue.SOON and rows[trip].kind is DeskKind.ABSENCE

    leave.inform_leaders(trip)
    row = {r.id: r for r in desk(office).absences.rows}[trip]
    assert row.state == "已通报其他领导同志" and row.cue is Cue.NONE


# --- roles ---------------------------------------------------------------------------------------

def test_roles_see_every_row_and_act_on_their_own(office: Office, district: District) -> None:
    d = district
    meeting(office, d, day(2), "议题甲")
    mid = held(office, d)
    attend(office, d, mid)
    office.minutes.draft(mid)
    mid = held(office, d)
    attend(office, d, mid)
    signed = office.minutes.draft(mid)
    review(office, signed)
    office.minutes.sign(signed, signer_id=d.mayor, signed_on=TODAY)
    issue_with_deadlines(office, d, day(-1))
    office.leave.record_absence(d.vice_a, leaves_on=day(1), returns_on=day(2), requested_on=TODAY)
    office.accounts.create_first_admin("admin", "Admin#2026x")
    office.log_in("admin", "Admin#2026x")
    for name, role in (("clerk", Role.SECRETARY), ("reviewer", Role.REVIEWER), ("reader", Role.READ_ONLY)):
        office.accounts.add(name, role, "Passw0rd#2026")

    def acts(user: str) -> dict[str, bool]:
        office.log_in(user, "Passw0rd#2026")
        found = desk(office)
        rows = [*found.meetings.rows, *found.minutes.rows, *found.followups.rows, *found.absences.rows]
        assert len(rows) == 5  # everybody sees the same desk
        return {f"{r.kind.value}:{getattr(r, 'step', '')}": r.may_act for r in rows}

    assert acts("clerk") == {"meeting:": True, "minutes:核稿": True, "minutes:印发": True, "followup:": True,
                             "absence:": True}
    assert acts("reviewer") == {"meeting:": False, "minutes:核稿": True, "minutes:印发": False,
                                "followup:": False, "absence:": False}
    assert not any(acts("reader").values())


def test_one_reading_for_the_whole_desk(office: Office, district: District) -> None:
    """The page opens fast because the desk reads in one session with a fixed number of queries,
    however many rows there are: ten meetings cost what one costs."""
    from sqlalchemy import event

    d = district
    counted: list[str] = []

    def count(*_args: object) -> None:
        counted.append("q")

    def queries() -> int:
        counted.clear()
        event.listen(office.engine, "before_cursor_execute", count)
        try:
            desk(office)
        finally:
            event.remove(office.engine, "before_cursor_execute", count)
        return len(counted)

    meeting(office, d, day(1), "议题甲")
    one = queries()
    for n in range(2, 8):
        office.meetings.generate_roster(meeting(office, d, day(n), f"议题{n}"))
    assert queries() == one <= 20
