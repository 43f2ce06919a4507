"""Demo history of meetings (`huiwu demo --years N`): all four kinds with agendas from the topic
pool, rosters, leave and attendance for past meetings, the coming weeks planned, and absences
from the district. Everything goes through the real services."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Callable, Iterator

from core.errors import HuiwuError
from core.model.enums import ApprovalManner, Attendance, DelegationScope, MeetingKind, Post, RosterRole

PLACES = {MeetingKind.PLENARY: "区政府大会议室", MeetingKind.EXECUTIVE: "区政府第一会议室",
          MeetingKind.MAYOR_OFFICE: "区政府第二会议室", MeetingKind.THEMATIC: "区政府第三会议室"}
THEMES = ["城区交通组织优化", "重点项目推进", "安全生产", "防汛抗旱", "招商引资项目", "乡村振兴", "营商环境",
          "生态环境问题整改", "教育资源布局", "医疗卫生改革"]
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
    with relaxed_durability(office.engine):
        for n, (day, kind) in enumerate(plan, 1):
            with contextlib.suppress(HuiwuError):  # a day the roster cannot support is skipped
                _one_meeting(office, rng, day, kind, today, leaders)
            if progress:
                progress(n, len(plan))
        _absences(office, rng, start, today)
    return len(plan)


def _leaders(office, day: dt.date) -> dict[str, list[int]]:  # type: ignore[no-untyped-def]
    holders = office.roster.holders
    return {"mayor": [p.id for p in holders(Post.MAYOR, day)],
            "executive": [p.id for p in holders(Post.EXECUTIVE_VICE_MAYOR, day)],
            "vice": [p.id for p in holders(Post.VICE_MAYOR, day)]}


def _one_meeting(office, rng: random.Random, day: dt.date, kind: MeetingKind, today: dt.date,  # type: ignore[no-untyped-def]
                 leaders: dict[str, list[int]]) -> None:
    m = office.meetings
    presider = leaders["mayor"][0]
    title = ""
    if kind is MeetingKind.THEMATIC:
        presider = rng.choice(leaders["vice"] + leaders["executive"])
        title = rng.choice(THEMES)
    elif kind is not MeetingKind.PLENARY and rng.random() < 0.1:
        # The mayor is away on business and delegates the executive vice mayor (art. 5).
        office.roster.add_delegation(leaders["mayor"][0], leaders["executive"][0], DelegationScope.GOVERNMENT_WORK,
                                     day - dt.timedelta(days=1), day + dt.timedelta(days=1), reason="出差")
        presider = leaders["executive"][0]
    hour = dt.time(15, 0) if kind is MeetingKind.THEMATIC else dt.time(9, 0)
    mid = m.create(kind, day=day, start_time=hour, place=PLACES[kind], presider_id=presider, title=title)
    pool = m.pool(kind, submitted_by=day - dt.timedelta(days=14))  # topics that could be ready by then
    for topic_id, _title in pool[: rng.randint(2, 5) if kind is not MeetingKind.PLENARY else 2]:
        with contextlib.suppress(HuiwuError):
            m.schedule(mid, topic_id, minutes=rng.choice((15, 20, 30)))
    m.generate_roster(mid)
    if day > today:
        return
    _leave_and_attendance(office, rng, mid, day)
    m.mark_held(mid)


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
