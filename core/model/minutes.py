"""Minutes (纪要) of a held meeting: versions of the text, the decisions, sign-off (art. 45,
条例 §22), the mayor's consent where needed, and the issue record. An issued edition is locked;
a correction is a new edition with its own sign-off, linked to the one it corrects."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Enum, ForeignKey, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from core.model.base import Base
from core.model.enums import ApprovalManner, Classification, MinutesStatus, Publication, Urgency
from core.model.topics import Entered


def _enum(cls: type, length: int = 30) -> Enum:
    return Enum(cls, native_enum=False, length=length)


class Minutes(Entered, Base):
    __tablename__ = "minutes"
    __table_args__ = (UniqueConstraint("meeting_id", "edition", name="uq_minutes_edition"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    edition: Mapped[int] = mapped_column(Integer, default=1)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("minutes.id"), default=None)
    status: Mapped[MinutesStatus] = mapped_column(_enum(MinutesStatus), index=True)
    drafter: Mapped[str] = mapped_column(String(100), default="")
    # 核稿 (条例 §20): the reviewer from the roster, the name as recorded, the version reviewed
    # (a later version needs its own 核稿) and who entered it.
    reviewer: Mapped[str] = mapped_column(String(100), default="")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    reviewed_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    reviewed_version: Mapped[int | None] = mapped_column(Integer, default=None)
    review_entered_by: Mapped[str] = mapped_column(String(100), default="", server_default=text("''"))
    # Sign-off: who signed and, when a delegate signed, whose signature it formally was (art. 5).
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    signed_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    sign_opinion: Mapped[str] = mapped_column(Text, default="")
    consent_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    consent_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    consent_manner: Mapped[ApprovalManner | None] = mapped_column(_enum(ApprovalManner), default=None)
    # Who entered the leaders' acts and who issued (names of accounts, as people).
    sign_entered_by: Mapped[str] = mapped_column(String(100), default="", server_default=text("''"))
    consent_entered_by: Mapped[str] = mapped_column(String(100), default="", server_default=text("''"))
    issued_by: Mapped[str] = mapped_column(String(100), default="", server_default=text("''"))
    # Issue record.
    serial_year: Mapped[int | None] = mapped_column(Integer, default=None)
    serial_number: Mapped[int | None] = mapped_column(Integer, default=None)
    serial_text: Mapped[str] = mapped_column(String(40), default="")
    classification: Mapped[Classification] = mapped_column(_enum(Classification))
    secrecy_period: Mapped[str] = mapped_column(String(20), default="")
    urgency: Mapped[Urgency] = mapped_column(_enum(Urgency))
    publication: Mapped[Publication] = mapped_column(_enum(Publication))
    publication_reason: Mapped[str] = mapped_column(Text, default="")
    main_to: Mapped[str] = mapped_column(Text, default="")
    copy_to: Mapped[str] = mapped_column(Text, default="")
    copies: Mapped[int] = mapped_column(Integer, default=0)
    issued_on: Mapped[dt.date | None] = mapped_column(Date, default=None)


class MinutesVersion(Base):
    """Every save of the text is a version (JSON: opening, sections, closing, attendance, decisions)."""

    __tablename__ = "minutes_version"
    __table_args__ = (UniqueConstraint("minutes_id", "number", name="uq_minutes_version_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    saved_by: Mapped[str] = mapped_column(String(100))
    saved_at: Mapped[str] = mapped_column(String(40))
    content: Mapped[str] = mapped_column(Text)


class MinutesCopy(Base):
    """The copy register of classified minutes (条例 §9(1), art. 55): which numbered copy went to whom,
    when, printed by whom; a reprint of a lost copy names the copy it replaces."""

    __tablename__ = "minutes_copy"
    __table_args__ = (UniqueConstraint("minutes_id", "copy_number", name="uq_minutes_copy_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), index=True)
    copy_number: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(String(200))
    printed_on: Mapped[dt.date] = mapped_column(Date)
    printed_by: Mapped[str] = mapped_column(String(100))
    replaces: Mapped[int | None] = mapped_column(Integer, default=None)  # the lost copy's number
    note: Mapped[str] = mapped_column(Text, default="")
