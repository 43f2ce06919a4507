"""Meetings (arts. 37–41), their agenda, roster and attendance, leave (art. 44) and absence
from the district (art. 53)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Enum, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.model.base import Base
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
from core.model.topics import Entered


def _enum(cls: type, length: int = 30) -> Enum:
    return Enum(cls, native_enum=False, length=length)


class Meeting(Entered, Base):
    """A meeting. `delegation_id` is the mayor's delegation a presiding executive vice mayor rests on."""

    __tablename__ = "meeting"
    __table_args__ = (UniqueConstraint("kind", "term", "number", name="uq_meeting_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[MeetingKind] = mapped_column(_enum(MeetingKind), index=True)
    term: Mapped[str] = mapped_column(String(40))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200), default="")  # THEMATIC: the subject
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(200))
    convener_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    presider_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegation.id"), default=None)
    video_conference: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[MeetingStatus] = mapped_column(_enum(MeetingStatus), index=True)
    note: Mapped[str] = mapped_column(Text, default="")


class AgendaItem(Base):
    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "topic_id", name="uq_agenda_item_topic"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer, default=15)
    reporting_department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), default=None)
    # Removed from the agenda (back to the pool): kept for the history, no longer scheduled.
    removed: Mapped[bool] = mapped_column(Boolean, default=False)


class AgendaObserver(Base):
    """A unit invited to observe (列席) for one topic."""

    __tablename__ = "agenda_observer"
    __table_args__ = (UniqueConstraint("agenda_item_id", "department_id", name="uq_agenda_observer_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))


class RosterEntry(Base):
    """One line of a meeting's roster, with the attendance marked on the day."""

    __tablename__ = "roster_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), default=None)
    name: Mapped[str] = mapped_column(String(100))
    post_text: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[RosterRole] = mapped_column(_enum(RosterRole))
    position: Mapped[int] = mapped_column(Integer)
    attendance: Mapped[Attendance] = mapped_column(_enum(Attendance))
    late_at: Mapped[dt.time | None] = mapped_column(Time, default=None)
    substitute_name: Mapped[str] = mapped_column(String(100), default="")
    substitute_post: Mapped[str] = mapped_column(String(100), default="")
    leave_request_id: Mapped[int | None] = mapped_column(ForeignKey("leave_request.id"), default=None)
    edit_reason: Mapped[str] = mapped_column(Text, default="")  # why added or removed by hand
    removed: Mapped[bool] = mapped_column(Boolean, default=False)


class LeaveRequest(Entered, Base):
    """Leave from one meeting or from the meetings of a period (art. 44)."""

    __tablename__ = "leave_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), default=None, index=True)
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    route: Mapped[LeaveRoute] = mapped_column(_enum(LeaveRoute))
    route_article: Mapped[int | None] = mapped_column(Integer, default=None)  # None: office practice
    status: Mapped[LeaveStatus] = mapped_column(_enum(LeaveStatus))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    decided_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    manner: Mapped[ApprovalManner | None] = mapped_column(_enum(ApprovalManner), default=None)


class Absence(Entered, Base):
    """Absence from the district (art. 53); a late request is flagged, never refused."""

    __tablename__ = "absence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[AbsenceKind] = mapped_column(_enum(AbsenceKind))
    leaves_on: Mapped[dt.date] = mapped_column(Date)
    returns_on: Mapped[dt.date] = mapped_column(Date)
    destination: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    requested_on: Mapped[dt.date] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    acting_head: Mapped[str] = mapped_column(String(100), default="")
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    leaders_informed: Mapped[bool] = mapped_column(Boolean, default=False)
