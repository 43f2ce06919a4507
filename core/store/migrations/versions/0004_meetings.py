"""Meetings: agenda, observers, roster and attendance, leave requests, absence from the district.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "absence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "VICE_MAYOR_TRIP", "PRINCIPAL_HEAD_LEAVE", name="absencekind", native_enum=False, length=30
            ),
            nullable=False,
        ),
        sa.Column("leaves_on", sa.Date(), nullable=False),
        sa.Column("returns_on", sa.Date(), nullable=False),
        sa.Column("destination", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("acting_head", sa.String(length=100), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("leaders_informed", sa.Boolean(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.String(length=40), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by_id"], ["person.id"], name=op.f("fk_absence_approved_by_id_person")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_absence_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence")),
    )
    op.create_index(op.f("ix_absence_person_id"), "absence", ["person_id"], unique=False)
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "PLENARY",
                "EXECUTIVE",
                "MAYOR_OFFICE",
                "THEMATIC",
                name="meetingkind",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("term", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("convener_id", sa.Integer(), nullable=False),
        sa.Column("presider_id", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=True),
        sa.Column("video_conference", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "PLANNED",
                "HELD",
                "POSTPONED",
                "CANCELLED",
                name="meetingstatus",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.String(length=40), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["convener_id"], ["person.id"], name=op.f("fk_meeting_convener_id_person")),
        sa.ForeignKeyConstraint(
            ["delegation_id"], ["delegation.id"], name=op.f("fk_meeting_delegation_id_delegation")
        ),
        sa.ForeignKeyConstraint(["presider_id"], ["person.id"], name=op.f("fk_meeting_presider_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
        sa.UniqueConstraint("kind", "term", "number", name="uq_meeting_number"),
    )
    op.create_index(op.f("ix_meeting_day"), "meeting", ["day"], unique=False)
    op.create_index(op.f("ix_meeting_kind"), "meeting", ["kind"], unique=False)
    op.create_index(op.f("ix_meeting_status"), "meeting", ["status"], unique=False)
    op.create_table(
        "agenda_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("reporting_department_id", sa.Integer(), nullable=True),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_agenda_item_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["reporting_department_id"],
            ["department.id"],
            name=op.f("fk_agenda_item_reporting_department_id_department"),
        ),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"], name=op.f("fk_agenda_item_topic_id_topic")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
        sa.UniqueConstraint("meeting_id", "topic_id", name="uq_agenda_item_topic"),
    )
    op.create_index(op.f("ix_agenda_item_meeting_id"), "agenda_item", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_agenda_item_topic_id"), "agenda_item", ["topic_id"], unique=False)
    op.create_table(
        "leave_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "route",
            sa.Enum(
                "ASK_MAYOR",
                "OFFICE_REPORTS_TO_MAYOR",
                "ASK_PRESIDER",
                "NOT_APPLICABLE",
                name="leaveroute",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("route_article", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "PENDING",
                "APPROVED",
                "REPORTED",
                "DECLINED",
                name="leavestatus",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column(
            "manner",
            sa.Enum("IN_PERSON", "PHONE", "WRITTEN", name="approvalmanner", native_enum=False, length=30),
            nullable=True,
        ),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.String(length=40), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["person.id"], name=op.f("fk_leave_request_decided_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_leave_request_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_leave_request_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leave_request")),
    )
    op.create_index(op.f("ix_leave_request_meeting_id"), "leave_request", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_leave_request_person_id"), "leave_request", ["person_id"], unique=False)
    op.create_table(
        "agenda_observer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_agenda_observer_agenda_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_agenda_observer_department_id_department")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_observer")),
        sa.UniqueConstraint("agenda_item_id", "department_id", name="uq_agenda_observer_pair"),
    )
    op.create_index(
        op.f("ix_agenda_observer_agenda_item_id"), "agenda_observer", ["agenda_item_id"], unique=False
    )
    op.create_table(
        "roster_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("post_text", sa.String(length=100), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "MEMBER",
                "OBSERVER",
                "INVITEE",
                "PARTICIPANT",
                name="rosterrole",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "attendance",
            sa.Enum(
                "UNMARKED",
                "PRESENT",
                "LATE",
                "ON_LEAVE",
                "ABSENT",
                "SUBSTITUTE",
                name="attendance",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("late_at", sa.Time(), nullable=True),
        sa.Column("substitute_name", sa.String(length=100), nullable=False),
        sa.Column("substitute_post", sa.String(length=100), nullable=False),
        sa.Column("leave_request_id", sa.Integer(), nullable=True),
        sa.Column("edit_reason", sa.Text(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_roster_entry_department_id_department")
        ),
        sa.ForeignKeyConstraint(
            ["leave_request_id"],
            ["leave_request.id"],
            name=op.f("fk_roster_entry_leave_request_id_leave_request"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_roster_entry_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_roster_entry_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_entry")),
    )
    op.create_index(op.f("ix_roster_entry_meeting_id"), "roster_entry", ["meeting_id"], unique=False)


def downgrade() -> None:
    for table in ("absence", "roster_entry", "leave_request", "agenda_observer", "agenda_item", "meeting"):
        op.drop_table(table)
