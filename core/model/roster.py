"""The roster: people, their posts over time, departments, portfolios, AB partners, delegations.

Dates are inclusive on both ends; `end` None means ongoing. Nothing historical is deleted:
a post, portfolio or partnership ends on a date.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, Enum, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base
from .enums import DelegationScope, DepartmentKind, Post

NAME_MAX = 100


class Department(Base):
    __tablename__ = "department"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), unique=True)
    short_name: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    kind: Mapped[DepartmentKind] = mapped_column(Enum(DepartmentKind, native_enum=False, length=20))
    is_legality_reviewer: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(Text, default="")


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")

    appointments: Mapped[list[Appointment]] = relationship(back_populates="person")


class Appointment(Base):
    """A person holding a post (for department posts: in a department) from `start` to `end`."""

    __tablename__ = "appointment"
    __table_args__ = (CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    post: Mapped[Post] = mapped_column(Enum(Post, native_enum=False, length=30))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), default=None, index=True)
    title: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date, default=None)

    person: Mapped[Person] = relationship(back_populates="appointments")
    department: Mapped[Department | None] = relationship()


class Portfolio(Base):
    """A leader supervises (分管) a department over a period."""

    __tablename__ = "portfolio"
    __table_args__ = (CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date, default=None)

    leader: Mapped[Person] = relationship()
    department: Mapped[Department] = relationship()


class ABPartner(Base):
    """Two leaders who stand in for each other (AB角), over a period."""

    __tablename__ = "ab_partner"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
        CheckConstraint("person_a_id <> person_b_id", name="distinct"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_a_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    person_b_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date, default=None)

    person_a: Mapped[Person] = relationship(foreign_keys=[person_a_id])
    person_b: Mapped[Person] = relationship(foreign_keys=[person_b_id])


class Delegation(Base):
    """委托 (art. 5): `delegator` entrusts `delegate` with `scope` from `start` to `end`."""

    __tablename__ = "delegation"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates"),
        CheckConstraint("delegator_id <> delegate_id", name="distinct"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delegator_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    scope: Mapped[DelegationScope] = mapped_column(Enum(DelegationScope, native_enum=False, length=20))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")

    delegator: Mapped[Person] = relationship(foreign_keys=[delegator_id])
    delegate: Mapped[Person] = relationship(foreign_keys=[delegate_id])
