"""Follow-up (督办, arts. 35, 36): every decision of issued minutes with a responsible unit
becomes an item tracked to closure, with dated progress notes and feedback files."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Enum, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.model.base import Base
from core.model.enums import DecisionType, FollowUpStatus
from core.model.topics import Entered


class FollowUp(Base):
    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), index=True)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topic.id"), default=None)
    decision: Mapped[str] = mapped_column(Text)
    decision_type: Mapped[DecisionType] = mapped_column(Enum(DecisionType, native_enum=False, length=30))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    co_departments: Mapped[str] = mapped_column(Text, default="")
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None, index=True)
    deadline: Mapped[dt.date | None] = mapped_column(Date, default=None, index=True)
    status: Mapped[FollowUpStatus] = mapped_column(Enum(FollowUpStatus, native_enum=False, length=20), index=True)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    closed_by: Mapped[str] = mapped_column(String(100), default="")
    closing_note: Mapped[str] = mapped_column(Text, default="")


class FollowUpNote(Entered, Base):
    """A progress report on an item, with an optional feedback file (kept in material_content)."""

    __tablename__ = "follow_up_note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_up.id"), index=True)
    noted_on: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    content_id: Mapped[int | None] = mapped_column(ForeignKey("material_content.id"), default=None)
