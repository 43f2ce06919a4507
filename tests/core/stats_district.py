"""A small district's spring of 2026, made through the real services, for the statistics tests:
every figure of March 2026 can be counted by hand from what is written here.

The range under test is March 2026. Each kind of record has one just inside each end of the
month and one just outside (the last day of February or the first of April):

topics submitted in March (by_status …): T1 交通 EXECUTIVE, T2 财政 EXECUTIVE, T4 交通 MAYOR_OFFICE,
  T6 财政 EXECUTIVE (refused); T3 (submitted 28 Feb) and T5 (submitted 1 Apr) are outside.
first confirmations in March: T3 THEMATIC on 1 Mar (1 day after submission), T1 EXECUTIVE on
  31 Mar (29 days); T2's on 1 Apr is outside.
meetings: M0 EXECUTIVE 26 Feb (outside), M1 EXECUTIVE 12 Mar held, M4 MAYOR_OFFICE 20 Mar
  cancelled, M2 THEMATIC 31 Mar held, M3 EXECUTIVE 1 Apr held (outside).
M1's lines: 甲区长 出席, 乙常务 迟到, 丙副区长 出席, 丁副区长 请假 (asked the mayor, art. 44),
  区交通局 代为出席. M2's: 丙副区长 presides (出席), 区财政局 请假 (asked the presider: practice).
  M3 (outside): 丙副区长 请假 from 1 Apr, the rest present.
minutes: M0's issued 1 Mar (3 days), M1's issued 31 Mar (19 days), M2's a draft (held in March,
  not issued), M3's issued 1 Apr (outside).
督办 from minutes issued in March: M0 → 区财政局 due 15 Mar closed 10 Mar (on time), 区发展改革委
  due 15 Mar closed 20 Mar (late); M1 → 区交通局 due 30 Apr open (overdue on 30 Jun), 区交通局 no
  deadline open. M3's item (区交通局) is outside.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from core.model.enums import ApprovalManner, Attendance, MeetingKind, RefusalReason
from core.office import Office
from tests.core.conftest import District, build_district
from tests.core.test_minutes_service import review

D = dt.date
T9 = dt.time(9, 0)
MARCH = (D(2026, 3, 1), D(2026, 3, 31))


@dataclass
class Spring:
    district: District
    topics: dict[str, int]
    meetings: dict[str, int]


def build_spring(office: Office) -> Spring:
    d = build_district(office)
    topics = _topics(office, d)
    meetings = _meetings(office, d)
    return Spring(d, topics, meetings)


def _walk(office: Office, tid: int, confirmed: dt.date, *, thematic_by: int | None = None) -> None:
    t = office.topics
    if thematic_by is not None:
        t.confirm(tid, decided_on=confirmed, decider_id=thematic_by)
        return
    t.approve(tid, decided_on=confirmed)
    t.arrange(tid, decided_on=confirmed)
    t.confirm(tid, decided_on=confirmed)


def _topic(office: Office, title: str, lead: int, kind: MeetingKind, submitted: dt.date) -> int:
    return office.topics.submit(title=title, lead_department_id=lead, target=kind, submitted_on=submitted)


def _topics(office: Office, d: District) -> dict[str, int]:
    found = {
        "T1": _topic(office, "关于城区公交线路优化调整的议题", d.transport, MeetingKind.EXECUTIVE, D(2026, 3, 2)),
        "T2": _topic(office, "关于区级财政预算调整的议题", d.finance, MeetingKind.EXECUTIVE, D(2026, 3, 10)),
        "T3": _topic(office, "关于重点项目推进的议题", d.ndrc, MeetingKind.THEMATIC, D(2026, 2, 28)),
        "T4": _topic(office, "关于道路养护计划的议题", d.transport, MeetingKind.MAYOR_OFFICE, D(2026, 3, 31)),
        "T5": _topic(office, "关于停车收费的议题", d.transport, MeetingKind.EXECUTIVE, D(2026, 4, 1)),
        "T6": _topic(office, "关于部门经费的议题", d.finance, MeetingKind.EXECUTIVE, D(2026, 3, 5)),
    }
    _walk(office, found["T1"], D(2026, 3, 31))
    _walk(office, found["T2"], D(2026, 4, 1))
    _walk(office, found["T3"], D(2026, 3, 1), thematic_by=d.vice_a)
    office.topics.refuse(found["T6"], RefusalReason.OWN_AUTHORITY, decided_on=D(2026, 3, 6))
    return found


def _meeting(office: Office, d: District, kind: MeetingKind, day: dt.date, topic: tuple[str, int], *,
             presider: int | None = None) -> int:
    """A meeting with one topic (submitted and confirmed in January: outside every March figure)."""
    title, lead = topic
    tid = _topic(office, title, lead, kind, D(2026, 1, 5))
    _walk(office, tid, D(2026, 1, 10), thematic_by=presider if kind is MeetingKind.THEMATIC else None)
    mid = office.meetings.create(kind, day=day, start_time=T9, place="区政府第一会议室", presider_id=presider or d.mayor)
    office.meetings.schedule(mid, tid)
    office.meetings.generate_roster(mid)
    return mid


def _leave(office: Office, person: int, mid: int, decided: dt.date) -> None:
    leave = office.leave.request(person, meeting_id=mid, reason="赴市里开会")
    office.leave.decide(leave, granted=True, decided_on=decided, manner=ApprovalManner.PHONE)


def _line(office: Office, mid: int, name: str) -> int:
    return next(r.id for r in office.meetings.detail(mid).roster if r.name == name)


def _meetings(office: Office, d: District) -> dict[str, int]:
    m = office.meetings
    m0 = _meeting(office, d, MeetingKind.EXECUTIVE, D(2026, 2, 26), ("关于二月事项的议题", d.finance))
    m1 = _meeting(office, d, MeetingKind.EXECUTIVE, D(2026, 3, 12), ("关于三月事项的议题", d.transport))
    m2 = _meeting(office, d, MeetingKind.THEMATIC, D(2026, 3, 31), ("关于专题事项的议题", d.finance),
                  presider=d.vice_a)
    m3 = _meeting(office, d, MeetingKind.EXECUTIVE, D(2026, 4, 1), ("关于四月事项的议题", d.transport))
    m4 = office.meetings.create(MeetingKind.MAYOR_OFFICE, day=D(2026, 3, 20), start_time=T9, place="区政府第二会议室",
                                presider_id=d.mayor)
    m.cancel(m4, reason="与市里会议冲突")

    _leave(office, d.vice_b, m1, D(2026, 3, 10))
    m.mark(_line(office, m1, "乙常务"), Attendance.LATE, late_at=dt.time(9, 10))
    m.mark(_line(office, m1, "交通局长"), Attendance.SUBSTITUTE, substitute_name="某副局长", substitute_post="副局长")
    _leave(office, d.heads[d.finance], m2, D(2026, 3, 30))
    _leave(office, d.vice_a, m3, D(2026, 3, 30))
    for mid in (m0, m1, m2, m3):
        m.mark_rest_present(mid)
        m.mark_held(mid)

    _minutes(office, d, m0, D(2026, 3, 1), [(d.finance, D(2026, 3, 15)), (d.ndrc, D(2026, 3, 15))])
    _minutes(office, d, m1, D(2026, 3, 31), [(d.transport, D(2026, 4, 30)), (d.transport, None)])
    office.minutes.draft(m2)
    _minutes(office, d, m3, D(2026, 4, 1), [(d.transport, D(2026, 4, 30))])
    items = {(i.department, i.deadline): i.id for i in office.followup.items(view="all")}
    office.followup.close(items["区财政局", D(2026, 3, 15)], closed_on=D(2026, 3, 10))
    office.followup.close(items["区发展改革委", D(2026, 3, 15)], closed_on=D(2026, 3, 20))
    return {"M0": m0, "M1": m1, "M2": m2, "M3": m3, "M4": m4}


def _minutes(office: Office, d: District, mid: int, issued: dt.date, units: list[tuple[int, dt.date | None]]) -> None:
    """Minutes whose one section's decisions go to `units` (unit, deadline), signed and issued."""
    mins = office.minutes.draft(mid)
    content = office.minutes.detail(mins).content
    first = content.sections[0].decisions[0]
    decisions = tuple(dataclasses.replace(first, text=f"第{i + 1}项要求。", responsible_id=unit, co_ids=(),
                                          deadline=deadline) for i, (unit, deadline) in enumerate(units))
    section = dataclasses.replace(content.sections[0], decisions=decisions)
    office.minutes.save(mins, dataclasses.replace(content, sections=(section,)))
    review(office, mins, on=issued)
    office.minutes.sign(mins, signer_id=d.mayor, signed_on=issued)
    office.minutes.issue(mins, issued_on=issued)
