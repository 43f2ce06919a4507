"""Topics (议题) and every record of their path to the agenda (arts. 17, 20–22, 42, 43).

Each step is its own row with who entered it, when, and on whose behalf, so the history of a
topic is its records in order. `Topic.status` is derived by core.rules.topics and stored for
fast filtering.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.model.base import Base
from core.model.enums import Assessment, EscalationResult, MeetingKind, RefusalReason, TopicStatus, WaitingOn

TITLE_MAX = 200


def _enum(cls: type, length: int = 30) -> Enum:
    return Enum(cls, native_enum=False, length=length)


class Entered:
    """Who entered a record, when, and on whose behalf (e.g. a leader's approval by phone)."""

    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[str] = mapped_column(String(40))
    on_behalf_of: Mapped[str] = mapped_column(String(100), default="")


class Topic(Entered, Base):
    __tablename__ = "topic"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    summary: Mapped[str] = mapped_column(Text, default="")
    lead_department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    target: Mapped[MeetingKind] = mapped_column(_enum(MeetingKind), index=True)
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    requested_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    contact: Mapped[str] = mapped_column(String(100), default="")
    # Flags that decide what the topic needs (RULES.md, Topics).
    involves_laws: Mapped[bool] = mapped_column(Boolean, default=False)
    normative: Mapped[bool] = mapped_column(Boolean, default=False)
    major: Mapped[bool] = mapped_column(Boolean, default=False)
    major_category: Mapped[str] = mapped_column(String(60), default="")
    market: Mapped[bool] = mapped_column(Boolean, default=False)
    stability_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    secret: Mapped[bool] = mapped_column(Boolean, default=False)
    # Derived, stored for filtering.
    status: Mapped[TopicStatus] = mapped_column(_enum(TopicStatus), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None, index=True)
    waiting_on: Mapped[WaitingOn] = mapped_column(_enum(WaitingOn), index=True)
    reopened_from_id: Mapped[int | None] = mapped_column(ForeignKey("topic.id"), default=None)


class TopicDepartment(Base):
    """An involved department (涉及部门) of a topic; the lead department is not listed here."""

    __tablename__ = "topic_department"
    __table_args__ = (UniqueConstraint("topic_id", "department_id", name="uq_topic_department_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))


class MaterialContent(Base):
    """File bytes, apart from their description so that lists never load them."""

    __tablename__ = "material_content"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class MaterialText(Base):
    """The text of a stored file (a topic's material, a 督办 feedback file), extracted once when it
    is taken in, for the search index (core.services.material_text); `note` says why it is empty
    or cut short. Files stored before this table get theirs after the file opens."""

    __tablename__ = "material_text"

    content_id: Mapped[int] = mapped_column(ForeignKey("material_content.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(String(200))


class Material(Base):
    """A file of a topic. Replacing it adds a new row that supersedes the old one, which stays."""

    __tablename__ = "material"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content_id: Mapped[int] = mapped_column(ForeignKey("material_content.id"))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("material.id"), default=None)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    uploaded_by: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[str] = mapped_column(String(40))


class LegalityReview(Entered, Base):
    """A round of legality review by 区司法局 (art. 42): passed, or returned with comments."""

    __tablename__ = "legality_review"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    reviewer_department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    passed: Mapped[bool] = mapped_column(Boolean)
    comments: Mapped[str] = mapped_column(Text, default="")
    reviewed_on: Mapped[dt.date] = mapped_column(Date)


class Resubmission(Entered, Base):
    """The lead department's revised submission after a returned review."""

    __tablename__ = "resubmission"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    resubmitted_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class AssessmentRecord(Entered, Base):
    """An assessment of art. 21 or the public consultation of art. 17 (or why it stays secret)."""

    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    kind: Mapped[Assessment] = mapped_column(_enum(Assessment))
    done_on: Mapped[dt.date] = mapped_column(Date)
    conclusion: Mapped[str] = mapped_column(Text, default="")
    views_method: Mapped[str] = mapped_column(String(200), default="")  # hearing, survey … (art. 21)
    secrecy_reason: Mapped[str] = mapped_column(Text, default="")  # consultation withheld (art. 17)
    material_id: Mapped[int | None] = mapped_column(ForeignKey("material.id"), default=None)


class CoordinationOpinion(Entered, Base):
    """An involved department's opinion, signed by its principal head (art. 43)."""

    __tablename__ = "coordination_opinion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    agrees: Mapped[bool] = mapped_column(Boolean)
    text: Mapped[str] = mapped_column(Text, default="")
    signed_on: Mapped[dt.date] = mapped_column(Date)
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    signer_name: Mapped[str] = mapped_column(String(100))
    signer_is_principal: Mapped[bool] = mapped_column(Boolean)
    other_signer_reason: Mapped[str] = mapped_column(Text, default="")


class Escalation(Entered, Base):
    """Coordination by the supervising vice mayor when departments disagree (art. 43)."""

    __tablename__ = "escalation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True, unique=True)
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    held_on: Mapped[dt.date] = mapped_column(Date)
    result: Mapped[EscalationResult] = mapped_column(_enum(EscalationResult))
    note: Mapped[str] = mapped_column(Text, default="")


class DisagreementStatement(Entered, Base):
    """The lead department's statement of the disagreement and its recommended position (art. 43)."""

    __tablename__ = "disagreement_statement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True, unique=True)
    disagreement: Mapped[str] = mapped_column(Text)
    recommended_position: Mapped[str] = mapped_column(Text)
    stated_on: Mapped[dt.date] = mapped_column(Date)


class TopicStep(Entered, Base):
    """A decision on the topic's path: approval, arrangement, confirmation, refusal, withdrawal.

    `person_id` is who decided; `authority_id` is whose decision it formally was when a
    delegate acted (art. 5) — the authority is never replaced, the delegate is shown as acting.
    """

    __tablename__ = "topic_step"
    __table_args__ = (CheckConstraint("kind IN ('APPROVE','ARRANGE','CONFIRM','REFUSE','WITHDRAW')",
                                      name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    refusal_reason: Mapped[RefusalReason | None] = mapped_column(_enum(RefusalReason), default=None)
    note: Mapped[str] = mapped_column(Text, default="")
