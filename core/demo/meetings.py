"""Demo history of meetings (`huiwu demo --years N`): all four kinds with agendas from the topic
pool, rosters, leave and attendance for past meetings, the coming weeks planned, and absences
from the district. Everything goes through the real services.

A past meeting takes, oldest first, the confirmed topics of its kind that were confirmed before its
day (submitted READY_DAYS + 1 days before it, see core.demo.topics); a meeting with too few ready
topics is not convened that week, so every held meeting has an agenda for its minutes. A THEMATIC
meeting is convened by the leader who decided its topics (art. 42). The coming weeks' meetings take
what is confirmed now.

Each agenda item's observer units are the topic's involved units (the service's default), so a
roster names only units the agenda names; a THEMATIC roster is headed by its presiding leader, so
the minutes' 出席 names them. Every notice is recorded as issued a few days before its meeting.
Progress counts meetings made (what lands in the file), not calendar days tried."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import re
from collections.abc import Callable, Iterator

from core.demo.topics import READY_DAYS
from core.errors import HuiwuError
from core.model.enums import ApprovalManner, Attendance, DelegationScope, MeetingKind, Post, RosterRole
from core.services.minutes_draft import topic_core

PLACES = {MeetingKind.PLENARY: "区政府大会议室", MeetingKind.EXECUTIVE: "区政府第一会议室",
          MeetingKind.MAYOR_OFFICE: "区政府第二会议室", MeetingKind.THEMATIC: "区政府第三会议室"}
# A THEMATIC meeting's subject: its first topic's, without the kind of document
# (关于审议《城区公交线路优化调整方案》的议题 -> 城区公交线路优化调整).
DOCUMENT_SUFFIX = re.compile(r"(\d{4}年度?)?(实施方案|工作方案|实施意见|实施计划|实施办法|若干措施|计划|办法|方案)$")
# How many topics a meeting takes (drawn between the two, as far as ready), and the fewest ready
# for a past meeting to be convened at all.
AGENDA = {MeetingKind.PLENARY: (3, 4), MeetingKind.EXECUTIVE: (2, 4), MeetingKind.MAYOR_OFFICE: (1, 3),
          MeetingKind.THEMATIC: (1, 2)}
FEWEST = {MeetingKind.EXECUTIVE: 2}  # otherwise 1
PLANNED_WEEKS = 3


def _calendar(start: dt.date, end: dt.date, rng: random.Random) -> Iterator[tuple[dt.date, MeetingKind]]:
    day = start
    while day <= end:
        weekday = day.weekday()
        if weekday == 3:  # Thursday: the weekly executive meeting
            yield day, MeetingKind.EXECUTIVE
        if weekday == 0 and day.day <= 7:  # first Monday of the month
            yield day, MeetingKind.MAYOR_OFFICE
        if weekday in (1, 4) and rng.random() < 0.5:
            yield day, MeetingKind.THEMATIC
        if (day.month, weekday) in ((2, 2), (8, 2)) and day.day <= 7 and (day.month == 2 or rng.random() < 0.5):
            yield day, MeetingKind.PLENARY
        day += dt.timedelta(days=1)


def fill_demo_meetings(office, years: int, *, seed: int = 11, today: dt.date | None = None,  # type: ignore[no-untyped-def]
                       progress: Callable[[int, int], None] | None = None) -> int:
    from core.store.engine import relaxed_durability

    rng = random.Random(seed)
    today = today or dt.date.today()
    start = today - dt.timedelta(days=365 * years)
    plan = list(_calendar(start, today + dt.timedelta(weeks=PLANNED_WEEKS), rng))
    leaders = _leaders(office, today)
    thematic = _thematic_topics(office, leaders)
    before = len(office.meetings.meetings())
    made, said = 0, (0, 0)
    with relaxed_durability(office.engine):
        for n, (day, kind) in enumerate(plan, 1):
            with contextlib.suppress(HuiwuError):  # a day the roster cannot support is skipped
                if _one_meeting(office, rng, day, kind, today, leaders, thematic) is not None:
                    made += 1
                    said = (made, made + len(plan) - n)  # made so far, of at most these plus the slots left
                    if progress:
                        progress(*said)
        _absences(office, rng, start, today)
    made = len(office.meetings.meetings()) - before  # the count in the file is the one reported
    if progress and said != (made, made):
        progress(made, made)
    return made


def _leaders(office, day: dt.date) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    holders = office.roster.holders
    return {"mayor": [p.id for p in holders(Post.MAYOR, day)],
            "executive": [p.id for p in holders(Post.EXECUTIVE_VICE_MAYOR, day)],
            "vice": [p.id for p in holders(Post.VICE_MAYOR, day)]}


def _thematic_topics(office, leaders: dict[str, list[int]]) -> dict[int, int]:  # type: ignore[no-untyped-def]
    """THEMATIC topic -> its supervising leader, who decides it and convenes its meeting (art. 42)."""
    found = {}
    for leader in leaders["executive"] + leaders["vice"]:
        for row in office.topics.topics(target=MeetingKind.THEMATIC, supervisor_id=leader):
            found[row.id] = leader
    return found


def _one_meeting(office, rng: random.Random, day: dt.date, kind: MeetingKind, today: dt.date,  # type: ignore[no-untyped-def]
                 leaders: dict[str, list[int]], thematic: dict[int, int]) -> int | None:
    """The meeting made for this calendar slot (held, planned or cancelled), or None if not convened."""
    m = office.meetings
    upcoming = day > today
    # A past meeting: topics confirmed before its day (a topic's walk ends READY_DAYS after its
    # submission); a coming one: whatever is confirmed now.
    ready = m.pool(kind, submitted_by=None if upcoming else day - dt.timedelta(days=READY_DAYS + 1))
    presider = leaders["mayor"][0]
    if kind is MeetingKind.THEMATIC:
        # Convened by the leader who decided the topics (art. 42): the oldest ready topic's leader.
        ready = [t for t in ready if t[0] in thematic]
        if ready:
            presider = thematic[ready[0][0]]
            ready = [t for t in ready if thematic[t[0]] == presider]
    if len(ready) < (1 if upcoming else FEWEST.get(kind, 1)) and (not upcoming or kind is not MeetingKind.EXECUTIVE):
        return None  # nothing ready: not convened (the weekly executive meeting is still planned ahead)
    count = rng.randint(*AGENDA[kind])
    if upcoming:  # the coming weeks share what is confirmed, and the picker keeps a choice or two
        count = min(count, max(1, len(ready) // 2))
    agenda = ready[:count]
    title = _theme(agenda[0][1]) if kind is MeetingKind.THEMATIC else ""
    if kind in (MeetingKind.EXECUTIVE, MeetingKind.MAYOR_OFFICE) and rng.random() < 0.1:
        # The mayor is away on business and delegates the executive vice mayor (art. 5).
        office.roster.add_delegation(leaders["mayor"][0], leaders["executive"][0], DelegationScope.GOVERNMENT_WORK,
                                     day - dt.timedelta(days=1), day + dt.timedelta(days=1), reason="出差")
        presider = leaders["executive"][0]
    hour = dt.time(15, 0) if kind is MeetingKind.THEMATIC else dt.time(9, 0)
    mid = m.create(kind, day=day, start_time=hour, place=PLACES[kind], presider_id=presider, title=title)
    scheduled = 0
    for topic_id, _title in agenda:
        with contextlib.suppress(HuiwuError):
            m.schedule(mid, topic_id, minutes=rng.choice((15, 20, 30)))
            scheduled += 1
    if not scheduled and not upcoming:
        m.cancel(mid, reason="议题尚未准备就绪，会议取消")
        return mid
    m.generate_roster(mid)
    issued_on = day - dt.timedelta(days=rng.randint(2, 5))
    if issued_on <= today:  # the notice goes out a few days ahead
        m.record_notice_issued(mid, issued_on)
    if not upcoming:
        _leave_and_attendance(office, rng, mid, day)
        m.mark_held(mid)
    return mid


def _theme(topic_title: str) -> str:
    """A THEMATIC meeting's subject, from its first topic's title."""
    core = re.sub(r"（[^（）]*）$", "", topic_core(topic_title))  # 《…办法（修订）》 -> …办法
    return DOCUMENT_SUFFIX.sub("", core) or core


def _leave_and_attendance(office, rng: random.Random, mid: int, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    detail = office.meetings.detail(mid)
    asked = day - dt.timedelta(days=rng.randint(1, 3))
    for row in detail.roster:
        if row.person_id is None or detail.presider_id == row.person_id or rng.random() > 0.06:
            continue
        with contextlib.suppress(HuiwuError):
            leave = office.leave.request(row.person_id, meeting_id=mid, reason=rng.choice(
                ("参加市级会议", "赴外地考察", "处理紧急事务", "病假")))
            office.leave.decide(leave, granted=True, decided_on=asked,
                                manner=rng.choice(list(ApprovalManner)))
    for row in office.meetings.detail(mid).roster:
        if row.attendance is Attendance.UNMARKED and rng.random() < 0.04:
            office.meetings.mark(row.id, Attendance.LATE, late_at=dt.time(9, rng.randint(5, 25)))
        elif row.attendance is Attendance.UNMARKED and row.role is RosterRole.OBSERVER and rng.random() < 0.05:
            office.meetings.mark(row.id, Attendance.SUBSTITUTE, substitute_name="（副职）", substitute_post="副职负责人")
    office.meetings.mark_rest_present(mid)


def _absences(office, rng: random.Random, start: dt.date, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    heads = [a for a in office.roster.appointments(post=Post.DEPARTMENT_HEAD, on=today)]
    day = start
    while day < today - dt.timedelta(days=10):
        head = rng.choice(heads)
        leaves_on = day + dt.timedelta(days=rng.randint(3, 12))
        notice = rng.choice((7, 5, 4, 3, 3, 2, 1))  # most on time, some late (art. 53)
        with contextlib.suppress(HuiwuError):
            office.leave.record_absence(head.person_id, leaves_on=leaves_on,
                                        returns_on=leaves_on + dt.timedelta(days=rng.randint(1, 4)),
                                        requested_on=leaves_on - dt.timedelta(days=notice),
                                        destination=rng.choice(("重庆主城", "成都", "北京", "上海")),
                                        reason="公务", acting_head="副职负责人")
        day += dt.timedelta(days=rng.randint(10, 25))
