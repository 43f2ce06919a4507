"""Plain results of the desk (今日): one frozen row per piece of work, carrying what a window needs
to open it (`kind` and `id`), the facts it was judged on, its state in words and its cue.

The cue is the colour the secretary reads first: OVERDUE (red) for what is late or due now, SOON
(amber) for what is coming, NONE for work in hand. Where the rules set no time, the thresholds are
the office's practice, named as such in core/services/desk.py.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from core.model.enums import AbsenceKind, MeetingStatus, MinutesStatus, TopicStatus, WaitingOn


class Cue(enum.Enum):
    NONE = "none"
    SOON = "soon"        # amber: due within the window
    OVERDUE = "overdue"  # red: late, or due today with work still open


class DeskKind(enum.Enum):
    """What a row opens: the meeting, topic or minutes window, or the item on its page."""

    MEETING = "meeting"
    TOPIC = "topic"
    MINUTES = "minutes"
    FOLLOWUP = "followup"
    ABSENCE = "absence"


def month_day(day: dt.date) -> str:
    """12月4日: inside a state, where the year is this year's and a full date would crowd the line."""
    return f"{day.month}月{day.day}日"


@dataclass(frozen=True)
class MeetingTodo:
    kind: ClassVar[DeskKind] = DeskKind.MEETING
    id: int
    name: str
    day: dt.date
    start_time: dt.time
    place: str
    status: MeetingStatus
    topics: int
    notice_issued_on: dt.date | None
    roster_size: int  # lines on the roster (0: not generated yet)
    missing_units: tuple[str, ...]  # units the agenda names with nobody on the roster
    pending_leave: int  # leave requests covering the meeting still waiting for the answer
    cue: Cue
    may_act: bool

    @property
    def ready(self) -> bool:
        """Everything the office prepares before the day is done."""
        return (self.status is MeetingStatus.HELD or (
            self.notice_issued_on is not None and self.roster_size > 0 and not self.missing_units
            and not self.pending_leave and self.topics > 0))

    @property
    def state(self) -> str:
        if self.status is MeetingStatus.HELD:
            return "已召开"
        parts = [] if self.topics else ["议程尚无议题"]
        parts.append(f"通知已印发（{month_day(self.notice_issued_on)}）" if self.notice_issued_on else "通知未印发")
        if not self.roster_size:
            parts.append("名单未生成")
        elif self.missing_units:
            shown = "、".join(self.missing_units[:2])
            more = f"等{len(self.missing_units)}个单位" if len(self.missing_units) > 2 else ""
            parts.append(f"名单缺{shown}{more}")
        else:
            parts.append(f"名单齐全（{self.roster_size}人）")
        if self.pending_leave:
            parts.append(f"请假待批复{self.pending_leave}人")
        return "；".join(parts)


TOPIC_STEPS = {WaitingOn.OFFICE: "待办公室统筹安排", WaitingOn.MAYOR: "待报区长确定"}


@dataclass(frozen=True)
class TopicTodo:
    kind: ClassVar[DeskKind] = DeskKind.TOPIC
    id: int
    title: str
    lead_department: str
    status: TopicStatus
    waiting_on: WaitingOn
    since: dt.date  # the day of the step that left it with the office (or its submission)
    days: int  # days waited since then
    cue: Cue
    may_act: bool

    @property
    def step(self) -> str:
        if self.status is TopicStatus.CONFIRMED:
            return "已确定上会，待列入会议议程"
        return TOPIC_STEPS[self.waiting_on]

    @property
    def state(self) -> str:
        return self.step + (f"，已等候{self.days}天" if self.days > 0 else "")


@dataclass(frozen=True)
class MinutesTodo:
    kind: ClassVar[DeskKind] = DeskKind.MINUTES
    id: int
    meeting_id: int
    meeting_name: str
    meeting_day: dt.date
    edition: int
    status: MinutesStatus
    step: str  # the next step of the order (core.rules.minutes.next_step): 核稿, 签发, 报区长同意, 印发
    days: int  # days since the meeting
    classified: bool
    cue: Cue
    may_act: bool

    @property
    def state(self) -> str:
        return f"待{self.step}，会后第{self.days}天"


@dataclass(frozen=True)
class FollowUpTodo:
    kind: ClassVar[DeskKind] = DeskKind.FOLLOWUP
    id: int
    minutes_id: int
    decision: str
    department: str
    deadline: dt.date
    days: int  # days to the deadline: negative when overdue
    cue: Cue
    may_act: bool

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def state(self) -> str:
        if self.days < 0:
            return f"已逾期{-self.days}天"
        return "今日到期" if self.days == 0 else f"还剩{self.days}天"


@dataclass(frozen=True)
class AbsenceTodo:
    kind: ClassVar[DeskKind] = DeskKind.ABSENCE
    id: int
    person: str
    absence_kind: AbsenceKind
    leaves_on: dt.date
    returns_on: dt.date
    destination: str
    late: bool  # asked fewer than 3 days ahead (art. 53): flagged, never refused
    outstanding: str  # the office's step still open, "" when none
    cue: Cue
    may_act: bool

    @property
    def state(self) -> str:
        done = "已通报其他领导同志" if self.absence_kind is AbsenceKind.VICE_MAYOR_TRIP else "已批准"
        text = self.outstanding or done
        return text + ("（未按时报告）" if self.late else "")


Row = TypeVar("Row")


@dataclass(frozen=True)
class Section(Generic[Row]):
    """The rows shown, and how many there are in all (a long list shows its first rows)."""

    rows: tuple[Row, ...]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True)
class Desk:
    today: dt.date
    meetings: Section[MeetingTodo]
    topics: Section[TopicTodo]
    minutes: Section[MinutesTodo]
    followups: Section[FollowUpTodo]
    absences: Section[AbsenceTodo]
