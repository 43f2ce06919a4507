"""Attendance at held meetings per leader and per unit, and leave requests by their route (art. 44).

Attendance is read from the rosters of the meetings held within the range (the lines taken off a
roster do not count). A leader is whoever held a post of the district government's leadership
(区长, 常务副区长, 副区长, 政府党组成员) on the meeting's day; a unit's line is its head's, or
whoever the unit sent (代为出席 counts as the unit present). Leave requests count in the range
their first day falls in, by the route they took: the article where the rules give one (art. 44),
office practice where they are silent — shown as practice, never as a rule.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session

from core.model import Appointment, LeaveRequest, Meeting, RosterEntry
from core.model.enums import Attendance, LeaveRoute, LeaveStatus, MeetingStatus, Post
from core.rules.articles import PRACTICE, cite
from core.rules.roster import LEADER_POSTS, article_text
from core.stats.figure import SHARE, TEXT, Chart, Column, Fact, Figure, Series, share
from core.stats.period import DateRange
from core.stats.topics import CHART_ROWS

POST_ORDER = (Post.MAYOR, Post.EXECUTIVE_VICE_MAYOR, Post.VICE_MAYOR, Post.PARTY_GROUP_MEMBER)
assert set(POST_ORDER) == LEADER_POSTS
MARKS: tuple[tuple[str, str, Attendance], ...] = (
    ("present", "出席", Attendance.PRESENT), ("late", "迟到", Attendance.LATE),
    ("substitute", "代为出席", Attendance.SUBSTITUTE), ("on_leave", "请假", Attendance.ON_LEAVE),
    ("absent", "缺席", Attendance.ABSENT), ("unmarked", "未登记", Attendance.UNMARKED),
)


def _held_lines(r: DateRange, key: Any) -> Select[tuple[int, Attendance, int]]:
    """Roster lines of the meetings held within the range, counted by `key` and attendance."""
    return (select(key, RosterEntry.attendance, func.count()).select_from(RosterEntry)
            .join(Meeting, Meeting.id == RosterEntry.meeting_id)
            .where(Meeting.status == MeetingStatus.HELD, Meeting.day.between(r.start, r.end),
                   RosterEntry.removed.is_(False))
            .group_by(key, RosterEntry.attendance))


def read_leaders(s: Session, r: DateRange) -> dict[int, Counter[Attendance]]:
    leading = exists().where(Appointment.person_id == RosterEntry.person_id, Appointment.post.in_(LEADER_POSTS),
                             Appointment.start_date <= Meeting.day,
                             or_(Appointment.end_date.is_(None), Appointment.end_date >= Meeting.day))
    return _by_key(s.execute(_held_lines(r, RosterEntry.person_id).where(leading)))


def read_posts(s: Session, r: DateRange) -> dict[int, Post]:
    """Each leader's highest leadership post held at some time within the range (区长 before
    常务副区长 before 副区长 before 政府党组成员): what the table names them by and sorts them by."""
    query = select(Appointment.person_id, Appointment.post).where(
        Appointment.post.in_(LEADER_POSTS), Appointment.start_date <= r.end,
        or_(Appointment.end_date.is_(None), Appointment.end_date >= r.start))
    found: dict[int, Post] = {}
    for person, post in s.execute(query):
        if person not in found or POST_ORDER.index(post) < POST_ORDER.index(found[person]):
            found[person] = post
    return found


def read_units(s: Session, r: DateRange) -> dict[int, Counter[Attendance]]:
    return _by_key(s.execute(_held_lines(r, RosterEntry.department_id).where(RosterEntry.department_id.is_not(None))))


def _by_key(rows: Iterable[Any]) -> dict[int, Counter[Attendance]]:
    found: dict[int, Counter[Attendance]] = defaultdict(Counter)
    for key, attendance, n in rows:
        found[key][attendance] += n
    return found


def by_leader(counts: Mapping[int, Counter[Attendance]], posts: Mapping[int, Post], people: Mapping[int, str]
              ) -> Figure:
    rank = {p: i for i, p in enumerate(people)}
    order = sorted(counts, key=lambda p: (POST_ORDER.index(posts[p]) if p in posts else len(POST_ORDER),
                                          rank.get(p, len(rank)), p))
    named = [(people.get(p, f"人员{p}") + (f"（{posts[p].value}）" if p in posts else ""), counts[p]) for p in order]
    return _attendance_figure(
        "attendance_by_leader", "区政府领导出席会议情况", Column("leader", "区政府领导", TEXT),
        named, ("出席率", (Attendance.PRESENT, Attendance.LATE)),
        "统计范围内已召开会议的名单中，会议当日任区长、常务副区长、副区长或政府党组成员者的出席情况。"
        "出席率 = 本人出席（含迟到）÷ 已登记；未登记的不计入。")


def by_unit(counts: Mapping[int, Counter[Attendance]], departments: Mapping[int, str]) -> Figure:
    rank = {d: i for i, d in enumerate(departments)}
    order = sorted(counts, key=lambda d: (-sum(counts[d].values()), rank.get(d, len(rank)), d))
    return _attendance_figure(
        "attendance_by_unit", "单位参会情况", Column("unit", "单位", TEXT),
        [(departments.get(d, f"单位{d}"), counts[d]) for d in order],
        ("到会率", (Attendance.PRESENT, Attendance.LATE, Attendance.SUBSTITUTE)),
        "统计范围内已召开会议的名单中各单位（主要负责人或其代为出席者）的参会情况。到会率 = 出席、迟到和代为出席 ÷ "
        f"已登记；未登记的不计入。图中列出参会最多的 {CHART_ROWS} 个单位，表中列出全部。", horizontal_top=True)


def _attendance_figure(key: str, title: str, name: Column, lines: list[tuple[str, Counter[Attendance]]],
                       rate: tuple[str, tuple[Attendance, ...]], note: str, *, horizontal_top: bool = False) -> Figure:
    rate_name, attending = rate
    columns = (name, Column("lines", "应到"), *(Column(k, h) for k, h, _a in MARKS), Column("rate", rate_name, SHARE))
    rows = tuple((who, sum(c.values()), *(c[a] for _k, _h, a in MARKS),
                  share(sum(c[a] for a in attending), sum(c.values()) - c[Attendance.UNMARKED])) for who, c in lines)
    charted = lines[:CHART_ROWS] if horizontal_top else lines
    bars = (("到会" if Attendance.SUBSTITUTE in attending else "出席", attending),
            ("请假", (Attendance.ON_LEAVE,)), ("缺席", (Attendance.ABSENT,)))
    chart = Chart(tuple(who for who, _c in charted),
                  tuple(Series(label, tuple(float(sum(c[a] for a in marks)) for _w, c in charted)) for label, marks in bars),
                  "人次", stacked=True, horizontal=True)
    totals = Counter[Attendance]()
    for _who, c in lines:
        totals.update(c)
    facts = (Fact("lines", "应到人次", sum(totals.values())),
             *(Fact(k, h, totals[a]) for k, h, a in MARKS if a is not Attendance.UNMARKED),
             Fact("rate", rate_name, share(sum(totals[a] for a in attending),
                                            sum(totals.values()) - totals[Attendance.UNMARKED]), SHARE))
    return Figure(key, title, columns, rows, chart, facts, note)


# --- leave by route (art. 44) -----------------------------------------------------------------

def read_leave(s: Session, r: DateRange) -> Counter[tuple[LeaveRoute, int | None, LeaveStatus]]:
    query = (select(LeaveRequest.route, LeaveRequest.route_article, LeaveRequest.status, func.count())
             .where(LeaveRequest.start.between(r.start, r.end))
             .group_by(LeaveRequest.route, LeaveRequest.route_article, LeaveRequest.status))
    return Counter({(route, article, status): n for route, article, status, n in s.execute(query)})


DECIDED = (("granted", "已准假或已报告", (LeaveStatus.APPROVED, LeaveStatus.REPORTED)),
           ("declined", "未准假", (LeaveStatus.DECLINED,)), ("pending", "待批复", (LeaveStatus.PENDING,)))


def leave_routes(counts: Counter[tuple[LeaveRoute, int | None, LeaveStatus]]) -> Figure:
    routes = sorted({(route, article) for route, article, _st in counts},
                    key=lambda ra: (list(LeaveRoute).index(ra[0]), ra[1] is None, ra[1] or 0))

    def n(route: LeaveRoute, article: int | None, statuses: tuple[LeaveStatus, ...]) -> int:
        return sum(counts[route, article, st] for st in statuses)

    everything = tuple(LeaveStatus)
    rows = tuple((route.name, route.value, article, cite(article) if article is not None else PRACTICE,
                  article is None, n(route, article, everything), *(n(route, article, sts) for _k, _h, sts in DECIDED))
                 for route, article in routes)
    columns = (Column("route", "途径代码", TEXT, hidden=True), Column("route_text", "请假途径", TEXT),
               Column("article", "条款", TEXT, hidden=True), Column("basis", "依据", TEXT),
               Column("practice", "按惯例", TEXT, hidden=True), Column("requests", "件数"),
               *(Column(k, h) for k, h, _s in DECIDED))
    labels = tuple(f"{route.value}（{article_text(article) if article is not None else '惯例'}）"
                   for route, article in routes)
    chart = Chart(labels, tuple(Series(h, tuple(float(n(rt, a, sts)) for rt, a in routes)) for _k, h, sts in DECIDED),
                  "件", stacked=True, horizontal=True)
    facts = (Fact("requests", "请假件数", sum(counts.values())),
             Fact("by_article", "依据条款", sum(v for (_r, a, _s), v in counts.items() if a is not None)),
             Fact("by_practice", "按办公室惯例", sum(v for (_r, a, _s), v in counts.items() if a is None)))
    return Figure("leave_routes", "请假途径（第四十四条）", columns, rows, chart, facts,
                  "统计范围内开始的请假（按请假首日），按请假的途径：《工作规则》第四十四条规定的途径注明条款；"
                  "规则未作规定的（政府党组成员请假、专题会议请假）按办公室惯例，注明为惯例。")


def figures(s: Session, r: DateRange, people: Mapping[int, str], departments: Mapping[int, str]) -> list[Figure]:
    return [by_leader(read_leaders(s, r), read_posts(s, r), people), by_unit(read_units(s, r), departments),
            leave_routes(read_leave(s, r))]
