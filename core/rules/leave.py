"""Leave from meetings (art. 44) and absence from the district (art. 53).

Where the rules are silent (a Party-group member of the executive meeting, anyone at a
thematic meeting) the office practice of RULES.md applies and is marked as practice.

The mayor asks nobody for leave: the mayor convenes and presides. What happens when the mayor
cannot attend is what the article of each meeting kind allows, cited to that article:

| meeting | the mayor cannot attend | article |
|---|---|---|
| PLENARY | no delegation: 全体会议 "由区长召集和主持"; the meeting is moved to another day | 38 |
| EXECUTIVE | the mayor may delegate the executive vice mayor to convene and preside ("也可由区长委托负责常务工作的副区长召集并主持") | 39 |
| MAYOR_OFFICE | the same delegation | 40 |
| THEMATIC | rules silent: practice = to the presiding leader, like anyone else | — |

Art. 5 (the executive vice mayor presides over the government's *work* while the mayor is away)
is not the article that lets anyone preside over a meeting; arts. 38–40 are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.model.enums import LeaveRoute, MeetingKind, Post
from core.rules.articles import Decision, Reason

LATE_NOTICE_DAYS = 3  # art. 53: at least three days ahead


# The mayor cannot attend: what the article of each kind allows (the mayor asks nobody for leave).
MAYOR_ABSENT = {
    MeetingKind.PLENARY: Reason("区政府全体会议由区长召集和主持，不能委托他人主持；区长不能出席的，"
                                "会议应另行安排时间，区长不需请假", 38),
    MeetingKind.EXECUTIVE: Reason("区长不能出席的，可由区长委托负责常务工作的副区长召集并主持区政府常务会议"
                                  "（须有委托记录），区长不需请假", 39),
    MeetingKind.MAYOR_OFFICE: Reason("区长不能出席的，可由区长委托负责常务工作的副区长召集并主持区长办公会议"
                                     "（须有委托记录），区长不需请假", 40),
}


@dataclass(frozen=True)
class Route:
    route: LeaveRoute
    reason: Reason

    @property
    def is_practice(self) -> bool:
        return self.reason.article is None

    def __str__(self) -> str:
        return f"{self.route.value}：{self.reason}"


def leave_route(kind: MeetingKind, posts: frozenset[Post], *, member: bool) -> Route:
    """Where the leave request of someone holding `posts` goes; `member` is False for an observer."""
    if kind is MeetingKind.THEMATIC:
        return Route(LeaveRoute.ASK_PRESIDER, Reason("专题会议请假，向主持会议的区政府领导请假"))
    if Post.MAYOR in posts:
        return Route(LeaveRoute.NOT_APPLICABLE, MAYOR_ABSENT[kind])
    if member and posts & {Post.VICE_MAYOR, Post.EXECUTIVE_VICE_MAYOR}:
        return Route(LeaveRoute.ASK_MAYOR, Reason("副区长不能出席会议，向区长请假", 44))
    if member and kind is MeetingKind.PLENARY:
        return Route(LeaveRoute.OFFICE_REPORTS_TO_MAYOR,
                     Reason("区政府全体会议其他组成人员请假，由区政府办公室向区长报告", 44))
    if not member and kind in (MeetingKind.EXECUTIVE, MeetingKind.MAYOR_OFFICE):
        return Route(LeaveRoute.OFFICE_REPORTS_TO_MAYOR,
                     Reason(f"{kind.value}列席人员请假，由区政府办公室向区长报告", 44))
    if member and Post.PARTY_GROUP_MEMBER in posts:
        return Route(LeaveRoute.OFFICE_REPORTS_TO_MAYOR, Reason("政府党组成员请假，由区政府办公室向区长报告"))
    return Route(LeaveRoute.OFFICE_REPORTS_TO_MAYOR, Reason("请假由区政府办公室向区长报告"))


@dataclass(frozen=True)
class AbsenceCheck:
    late: bool
    reasons: tuple[Reason, ...]


def check_absence(posts: frozenset[Post], leaves_on: dt.date, requested_on: dt.date, *,
                  acting_head: str = "") -> tuple[Decision, AbsenceCheck]:
    """Absence from the district (art. 53). Returns whether it may be recorded, and whether it is late.

    A vice mayor reports beforehand (on or before the day of leaving); the office informs the
    other leaders. A principal head of a department or township asks at least three calendar
    days before leaving (D−3 on time, D−2 late: flagged, never refused) and names an acting head.
    """
    if posts & {Post.VICE_MAYOR, Post.EXECUTIVE_VICE_MAYOR}:
        late = requested_on > leaves_on
        reasons = (Reason("副区长出访、出差和休假，应事先报告区长，由区政府办公室通报其他领导同志", 53),)
        return Decision.yes(), AbsenceCheck(late, reasons if late else ())
    if Post.DEPARTMENT_HEAD in posts:
        if not acting_head.strip():
            return (Decision.no(Reason("主要负责人离永外出须明确主持工作的负责人", 53)),
                    AbsenceCheck(False, ()))
        late = (leaves_on - requested_on).days < LATE_NOTICE_DAYS
        reasons = (Reason(f"主要负责人离永外出应提前{LATE_NOTICE_DAYS}天向区政府请假", 53),)
        return Decision.yes(), AbsenceCheck(late, reasons if late else ())
    return (Decision.no(Reason("离永外出登记适用于副区长和镇街、部门主要负责人", 53)), AbsenceCheck(False, ()))


def overlaps(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> bool:
    return a_start <= b_end and b_start <= a_end
