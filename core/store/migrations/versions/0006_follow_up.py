"""Follow-up items (督办) and their progress notes.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minutes_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column(
            "decision_type",
            sa.Enum(
                "AGREE",
                "AGREE_IN_PRINCIPLE",
                "DEFER",
                "DISAGREE",
                "STUDY_FURTHER",
                name="decisiontype",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("co_departments", sa.Text(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("OPEN", "CLOSED", name="followupstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_by", sa.String(length=100), nullable=False),
        sa.Column("closing_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_follow_up_department_id_department")
        ),
        sa.ForeignKeyConstraint(["leader_id"], ["person.id"], name=op.f("fk_follow_up_leader_id_person")),
        sa.ForeignKeyConstraint(["minutes_id"], ["minutes.id"], name=op.f("fk_follow_up_minutes_id_minutes")),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"], name=op.f("fk_follow_up_topic_id_topic")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    op.create_index(op.f("ix_follow_up_deadline"), "follow_up", ["deadline"], unique=False)
    op.create_index(op.f("ix_follow_up_department_id"), "follow_up", ["department_id"], unique=False)
    op.create_index(op.f("ix_follow_up_leader_id"), "follow_up", ["leader_id"], unique=False)
    op.create_index(op.f("ix_follow_up_minutes_id"), "follow_up", ["minutes_id"], unique=False)
    op.create_index(op.f("ix_follow_up_status"), "follow_up", ["status"], unique=False)
    op.create_table(
        "follow_up_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("follow_up_id", sa.Integer(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content_id", sa.Integer(), nullable=True),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.String(length=40), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"],
            ["material_content.id"],
            name=op.f("fk_follow_up_note_content_id_material_content"),
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_id"], ["follow_up.id"], name=op.f("fk_follow_up_note_follow_up_id_follow_up")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_note")),
    )
    op.create_index(op.f("ix_follow_up_note_follow_up_id"), "follow_up_note", ["follow_up_id"], unique=False)


def downgrade() -> None:
    op.drop_table("follow_up_note")
    op.drop_table("follow_up")
