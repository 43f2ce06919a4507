"""Plain results of the meeting and leave services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.model.enums import (
    AbsenceKind,
    ApprovalManner,
    Attendance,
    LeaveRoute,
    LeaveStatus,
    MeetingKind,
    MeetingStatus,
    RosterRole,
)
from core.rules.articles import PRACTICE, cite


def meeting_name(kind: MeetingKind, term: str, number: int, title: str = "") -> str:
    """区政府第142次常务会议; thematic meetings carry their subject."""
    short = {MeetingKind.PLENARY: "全体会议", MeetingKind.EXECUTIVE: "常务会议",
             MeetingKind.MAYOR_OFFICE: "区长办公会议", MeetingKind.THEMATIC: "专题会议"}[kind]
    prefix = "" if kind is MeetingKind.MAYOR_OFFICE else "区政府"
    name = f"{prefix}第{number}次{short}"
    return f"{name}（{title}）" if title else name


@dataclass(frozen=True)
class MeetingRow:
    id: int
    kind: MeetingKind
    number: int
    name: str
    day: dt.date
    start_time: dt.time
    place: str
    presider: str
    status: MeetingStatus
    topics: int


@dataclass(frozen=True)
class AgendaRow:
    item_id: int
    topic_id: int
    position: int
    title: str
    lead_department: str
    minutes: int
    reporting_department_id: int | None
    reporting_department: str
    observers: tuple[tuple[int, str], ...]
    lead_department_id: int | None = None


@dataclass(frozen=True)
class RosterRow:
    id: int
    person_id: int | None
    name: str
    post_text: str
    role: RosterRole
    attendance: Attendance
    late_at: dt.time | None
    substitute_name: str
    substitute_post: str
    leave_request_id: int | None
    edit_reason: str
    leave_status: LeaveStatus | None = None  # of the leave request behind the line
    department_id: int | None = None  # the unit a head was invited for (observers, participants)


@dataclass(frozen=True)
class MeetingDetail:
    id: int
    kind: MeetingKind
    term: str
    number: int
    name: str
    title: str
    day: dt.date
    start_time: dt.time
    place: str
    convener_id: int
    convener: str
    presider_id: int
    presider: str
    presider_label: str  # e.g. 常务副区长 某某（受区长委托）
    delegation_id: int | None
    video_conference: bool
    status: MeetingStatus
    note: str
    agenda: tuple[AgendaRow, ...]
    roster: tuple[RosterRow, ...]
    notice_issued_on: dt.date | None = None  # as recorded (会议.印发通知); None: not recorded


@dataclass(frozen=True)
class LeaveRow:
    id: int
    person_id: int
    person: str
    meeting_id: int | None
    meeting: str
    start: dt.date
    end: dt.date
    reason: str
    route: LeaveRoute
    route_article: int | None
    status: LeaveStatus
    decided_by: str
    decided_on: dt.date | None
    manner: ApprovalManner | None

    @property
    def route_text(self) -> str:
        basis = cite(self.route_article) if self.route_article is not None else PRACTICE
        return f"{self.route.value}（{basis}）"


@dataclass(frozen=True)
class LeaveRouteView:
    """Where a leave request would go, before it is made (for the leave form)."""

    route: LeaveRoute
    article: int | None  # None: office practice (the rules are silent)
    reason: str

    @property
    def text(self) -> str:
        basis = cite(self.article) if self.article is not None else PRACTICE
        return f"{self.route.value}（{basis}）：{self.reason}"


@dataclass(frozen=True)
class AbsenceRow:
    id: int
    person_id: int
    person: str
    kind: AbsenceKind
    leaves_on: dt.date
    returns_on: dt.date
    destination: str
    reason: str
    requested_on: dt.date
    late: bool
    acting_head: str
    approved_by: str
    leaders_informed: bool
