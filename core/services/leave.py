"""Leave from meetings (art. 44) and the register of absences from the district (art. 53).

The route of a leave request comes from core.rules.leave and is stored with its article (or
None where the rules are silent and office practice applies). Granted leave marks the person
请假 on the roster of every meeting it covers, now and when a roster is generated later.

Attendance and leave are one fact: a request for one meeting is linked to the person's line on
its roster at once (the line shows it while it waits for the answer), and from the meeting's day
that line is 请假 — the roster's 请假 is only ever marked from a leave request. A declined request
takes the line back to 未登记.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from core.errors import Invalid, RuleRefusal
from core.model import Absence, LeaveRequest, Meeting
from core.model.enums import (
    AbsenceKind,
    ApprovalManner,
    Attendance,
    LeaveRoute,
    LeaveStatus,
    MeetingKind,
    MeetingStatus,
    Post,
    RosterRole,
)
from core.model.meetings import RosterEntry
from core.rules import leave as rules
from core.services.audit import now_iso
from core.services.base import Service
from core.services.meeting_types import AbsenceRow, LeaveRouteView, LeaveRow, meeting_name
from core.services.meetings import apply_granted_leave, covering_leave
from core.services.roster import RosterService
from core.text import clean_line, clean_text


class LeaveService(Service):
    def __init__(self, sessions: sessionmaker[Session], actor: Callable[[], str], roster: RosterService,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(sessions, actor)
        self._roster = roster
        self.today = today

    # --- leave from meetings --------------------------------------------------------------------

    def route(self, person_id: int, meeting_id: int) -> LeaveRouteView:
        """Where this person's leave from this meeting goes (art. 44, or office practice), for the
        leave form to show before anything is written. Refused as `request` would refuse it."""
        with self.reading() as s:
            meeting = self._get(s, Meeting, meeting_id, "会议")
            kind, day, member = self._meeting_facts(s, person_id, meeting)
            presides = _name(meeting) if meeting.presider_id == person_id else ""
        route = self._route(person_id, kind, day, member, presides)
        return LeaveRouteView(route.route, route.reason.article, route.reason.text)

    def _meeting_facts(self, s: Session, person_id: int, meeting: Meeting) -> tuple[MeetingKind, dt.date, bool]:
        entry = s.scalar(select(RosterEntry).where(RosterEntry.meeting_id == meeting.id,
                                                   RosterEntry.person_id == person_id,
                                                   RosterEntry.removed.is_(False)))
        if entry is None:
            raise Invalid(f"{self._person(s, person_id)}不在{_name(meeting)}的名单上，无需请假。")
        return meeting.kind, meeting.day, entry.role is RosterRole.MEMBER

    def _route(self, person_id: int, kind: MeetingKind, day: dt.date, member: bool,
               presider: str = "") -> rules.Route:
        """The route by the rules; `presider` names the meeting when this person presides over it."""
        posts = frozenset(a.post for a in self._roster.appointments(person_id=person_id, on=day))
        route = rules.leave_route(kind, posts, member=member)
        if route.route is LeaveRoute.NOT_APPLICABLE:
            raise RuleRefusal(str(route.reason) + "。")
        if presider:
            raise Invalid(f"主持{presider}的领导不能请假。主持人有变的，请先修改会议的主持人。")
        return route

    def request(self, person_id: int, *, reason: str, meeting_id: int | None = None,
                start: dt.date | None = None, end: dt.date | None = None, on_behalf_of: str = "") -> int:
        """A leave request for one meeting, or for the meetings of a period. One for a meeting is
        linked to the person's roster line; from the meeting's day the line is 请假."""
        reason = clean_text(reason, "请假事由")
        if not reason:
            raise Invalid("请填写请假事由。")
        with self.reading() as s:
            if meeting_id is not None:
                meeting = self._get(s, Meeting, meeting_id, "会议")
                kind, day, member = self._meeting_facts(s, person_id, meeting)
                start, end = day, day
                presides = _name(meeting) if meeting.presider_id == person_id else ""
            else:
                if start is None or end is None or end < start:
                    raise Invalid("请填写请假的起止日期（结束不早于开始）。")
                # A period covers every weekly executive meeting in it: route as for that meeting.
                kind, member, presides = MeetingKind.EXECUTIVE, True, ""
                self._person(s, person_id)
        route = self._route(person_id, kind, start, member, presides)
        with self.transaction() as s:
            duplicate = s.scalar(select(LeaveRequest.id).where(
                LeaveRequest.person_id == person_id, LeaveRequest.status != LeaveStatus.DECLINED,
                LeaveRequest.start <= end, LeaveRequest.end >= start,
                or_(LeaveRequest.meeting_id.is_(None), LeaveRequest.meeting_id == meeting_id)
                if meeting_id is not None else LeaveRequest.meeting_id.is_(None)))
            if duplicate is not None:
                raise Invalid("该人员在这段时间已有请假记录，请勿重复登记。")
            row = LeaveRequest(person_id=person_id, meeting_id=meeting_id, start=start, end=end, reason=reason,
                               route=route.route, route_article=route.reason.article, status=LeaveStatus.PENDING,
                               entered_by=self.actor_name(s), entered_at=now_iso(),
                               on_behalf_of=clean_line(on_behalf_of, "代为录入的对象", max_len=100))
            s.add(row)
            s.flush()
            marked = ""
            if meeting_id is not None:
                marked = self._link(s, row, meeting_id)
            self.audit(s, "请假.登记", "leave", row.id, f"{self._person(s, person_id)}：{route}{marked}")
            return row.id

    def _link(self, s: Session, row: LeaveRequest, meeting_id: int) -> str:
        """Link the request to the person's line; from the meeting's day the line is 请假."""
        meeting = self._get(s, Meeting, meeting_id, "会议")
        entry = s.scalar(select(RosterEntry).where(RosterEntry.meeting_id == meeting_id,
                                                   RosterEntry.person_id == row.person_id,
                                                   RosterEntry.removed.is_(False)))
        if entry is None:
            return ""
        entry.leave_request_id = row.id
        if meeting.day <= self.today() and meeting.status in (MeetingStatus.PLANNED, MeetingStatus.HELD):
            entry.attendance = Attendance.ON_LEAVE
            entry.late_at, entry.substitute_name, entry.substitute_post = None, "", ""
            return "；名单上登记为请假"
        return ""

    def decide(self, leave_id: int, *, granted: bool, decided_on: dt.date, manner: ApprovalManner,
               decided_by_id: int | None = None) -> None:
        """The mayor's (or presider's) answer, or the office's report to the mayor (art. 44).

        A report cannot be "declined": where the office only reports, `granted` records that it did.
        A declined request takes the lines it marked 请假 back to 未登记 (the person is expected).
        """
        if decided_on > self.today():
            raise Invalid("批复或报告日期不能晚于今天。")
        with self.reading() as s:
            row = self._get(s, LeaveRequest, leave_id, "请假记录")
            route, start, meeting_id = row.route, row.start, row.meeting_id
            presider = s.get(Meeting, meeting_id).presider_id if meeting_id else None  # type: ignore[union-attr]
        decider = decided_by_id or self._default_decider(route, start, presider)
        with self.transaction("review") as s:
            row = self._get(s, LeaveRequest, leave_id, "请假记录")
            if row.status is not LeaveStatus.PENDING:
                raise Invalid(f"该请假已{row.status.value}，不能重复批复。")
            reported = route is LeaveRoute.OFFICE_REPORTS_TO_MAYOR
            if reported and not granted:
                raise Invalid("本请假由区政府办公室向区长报告，登记的是报告情况，不能登记为“未准假”。")
            row.status = (LeaveStatus.REPORTED if reported else LeaveStatus.APPROVED) if granted else LeaveStatus.DECLINED
            row.decided_by_id, row.decided_on, row.manner = decider, decided_on, manner
            s.flush()
            if granted:
                for meeting in s.scalars(select(Meeting).where(Meeting.day >= row.start, Meeting.day <= row.end,
                                                               Meeting.status == MeetingStatus.PLANNED)):
                    apply_granted_leave(s, meeting)
            else:
                for entry in s.scalars(select(RosterEntry).where(RosterEntry.leave_request_id == leave_id,
                                                                 RosterEntry.attendance == Attendance.ON_LEAVE)):
                    entry.attendance = Attendance.UNMARKED
            who = self._person(s, decider) if decider else ""
            self.audit(s, "请假.批复", "leave", leave_id, f"{row.status.value}（{who}，{manner.value}）")

    def _default_decider(self, route: LeaveRoute, day: dt.date, presider: int | None) -> int | None:
        if route is LeaveRoute.ASK_PRESIDER:
            return presider
        mayors = self._roster.holders(Post.MAYOR, day)
        return mayors[0].id if mayors else None

    def covering(self, entry_id: int) -> LeaveRow | None:
        """The leave request behind a roster line's 请假: linked to it, or the person's not declined
        request covering the meeting (for it, or for a period containing its day). None: none yet."""
        with self.reading() as s:
            entry = self._get(s, RosterEntry, entry_id, "名单记录")
            found = covering_leave(s, entry, self._get(s, Meeting, entry.meeting_id, "会议"))
            return self._leave_row(s, found) if found is not None else None

    def leaves(self, *, person_id: int | None = None, meeting_id: int | None = None,
               start: dt.date | None = None, end: dt.date | None = None) -> list[LeaveRow]:
        query = select(LeaveRequest).order_by(LeaveRequest.start.desc(), LeaveRequest.id.desc())
        if person_id is not None:
            query = query.where(LeaveRequest.person_id == person_id)
        if meeting_id is not None:
            query = query.where(LeaveRequest.meeting_id == meeting_id)
        if start is not None:
            query = query.where(LeaveRequest.end >= start)
        if end is not None:
            query = query.where(LeaveRequest.start <= end)
        with self.reading() as s:
            return [self._leave_row(s, r) for r in s.scalars(query)]

    def _leave_row(self, s: Session, r: LeaveRequest) -> LeaveRow:
        meeting = s.get(Meeting, r.meeting_id) if r.meeting_id else None
        return LeaveRow(r.id, r.person_id, self._person(s, r.person_id), r.meeting_id,
                        _name(meeting) if meeting else "", r.start, r.end, r.reason, r.route, r.route_article,
                        r.status, self._person(s, r.decided_by_id) if r.decided_by_id else "", r.decided_on,
                        r.manner)

    # --- absence from the district (art. 53) ----------------------------------------------------

    def record_absence(self, person_id: int, *, leaves_on: dt.date, returns_on: dt.date, requested_on: dt.date,
                       destination: str = "", reason: str = "", acting_head: str = "",
                       approved_by_id: int | None = None) -> int:
        """Register an absence; a late request is recorded and flagged, never refused."""
        if returns_on < leaves_on:
            raise Invalid("返回日期不能早于离开日期。")
        if requested_on > self.today():
            raise Invalid("报告或请假日期不能晚于今天。")
        acting_head = clean_line(acting_head, "主持工作的负责人", max_len=100)
        posts = frozenset(a.post for a in self._roster.appointments(person_id=person_id, on=leaves_on))
        decision, check = rules.check_absence(posts, leaves_on, requested_on, acting_head=acting_head)
        if not decision.allowed:
            raise RuleRefusal(decision.explain() + "。")
        kind = (AbsenceKind.VICE_MAYOR_TRIP if posts & {Post.VICE_MAYOR, Post.EXECUTIVE_VICE_MAYOR}
                else AbsenceKind.PRINCIPAL_HEAD_LEAVE)
        with self.transaction() as s:
            overlapping = s.scalar(select(Absence.id).where(Absence.person_id == person_id,
                                                            Absence.leaves_on <= returns_on,
                                                            Absence.returns_on >= leaves_on))
            if overlapping is not None:
                raise Invalid("该人员在这段时间已有离永外出登记，时间不能重叠。")
            row = Absence(person_id=person_id, kind=kind, leaves_on=leaves_on, returns_on=returns_on,
                          destination=clean_line(destination, "去向", max_len=200),
                          reason=clean_text(reason, "事由"), requested_on=requested_on, late=check.late,
                          acting_head=acting_head if kind is AbsenceKind.PRINCIPAL_HEAD_LEAVE else "",
                          approved_by_id=approved_by_id, entered_by=self.actor_name(s), entered_at=now_iso())
            s.add(row)
            s.flush()
            flag = "（未按时报告）" if check.late else ""
            self.audit(s, "离永外出.登记", "absence", row.id, f"{self._person(s, person_id)}{flag}")
            return row.id

    def inform_leaders(self, absence_id: int) -> None:
        """The office has informed the other leaders of a vice mayor's absence (art. 53)."""
        with self.transaction() as s:
            row = self._get(s, Absence, absence_id, "离永外出登记")
            row.leaders_informed = True
            self.audit(s, "离永外出.通报", "absence", absence_id, "已通报区政府其他领导同志")

    def absences(self, *, start: dt.date | None = None, end: dt.date | None = None,
                 late_only: bool = False) -> list[AbsenceRow]:
        query = select(Absence).order_by(Absence.leaves_on.desc(), Absence.id.desc())
        if start is not None:
            query = query.where(Absence.returns_on >= start)
        if end is not None:
            query = query.where(Absence.leaves_on <= end)
        if late_only:
            query = query.where(Absence.late.is_(True))
        with self.reading() as s:
            return [AbsenceRow(a.id, a.person_id, self._person(s, a.person_id), a.kind, a.leaves_on, a.returns_on,
                               a.destination, a.reason, a.requested_on, a.late, a.acting_head,
                               self._person(s, a.approved_by_id) if a.approved_by_id else "", a.leaders_informed)
                    for a in s.scalars(query)]

def _name(meeting: Meeting) -> str:
    return meeting_name(meeting.kind, meeting.term, meeting.number, meeting.title)
