"""Topics: intake, materials, legality reviews, assessments, coordination and decisions.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "material_content",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_material_content")),
    )
    op.create_table(
        "topic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("lead_department_id", sa.Integer(), nullable=False),
        sa.Column(
            "target",
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
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("requested_date", sa.Date(), nullable=True),
        sa.Column("contact", sa.String(length=100), nullable=False),
        sa.Column("involves_laws", sa.Boolean(), nullable=False),
        sa.Column("normative", sa.Boolean(), nullable=False),
        sa.Column("major", sa.Boolean(), nullable=False),
        sa.Column("major_category", sa.String(length=60), nullable=False),
        sa.Column("market", sa.Boolean(), nullable=False),
        sa.Column("stability_risk", sa.Boolean(), nullable=False),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "SUBMITTED",
                "RETURNED",
                "APPROVED",
                "ARRANGED",
                "CONFIRMED",
                "REFUSED",
                "WITHDRAWN",
                name="topicstatus",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("supervisor_id", sa.Integer(), nullable=True),
        sa.Column(
            "waiting_on",
            sa.Enum(
                "LEAD_DEPARTMENT",
                "LEGALITY_REVIEWER",
                "INVOLVED_DEPARTMENTS",
                "SUPERVISOR",
                "OFFICE",
                "MAYOR",
                "CONVENING_LEADER",
                "NOBODY",
                name="waitingon",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("reopened_from_id", sa.Integer(), nullable=True),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.String(length=40), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_department_id"], ["department.id"], name=op.f("fk_topic_lead_department_id_department")
        ),
        sa.ForeignKeyConstraint(
            ["reopened_from_id"], ["topic.id"], name=op.f("fk_topic_reopened_from_id_topic")
        ),
        sa.ForeignKeyConstraint(["supervisor_id"], ["person.id"], name=op.f("fk_topic_supervisor_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic")),
    )
    op.create_index(op.f("ix_topic_lead_department_id"), "topic", ["lead_department_id"], unique=False)
    op.create_index(op.f("ix_topic_status"), "topic", ["status"], unique=False)
    op.create_index(op.f("ix_topic_supervisor_id"), "topic", ["supervisor_id"], unique=False)
    op.create_index(op.f("ix_topic_target"), "topic", ["target"], unique=False)
    op.create_index(op.f("ix_topic_waiting_on"), "topic", ["waiting_on"], unique=False)
    op.create_table(
        "coordination_opinion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("agrees", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("signer_id", sa.Integer(), nullable=True),
        sa.Column("signer_name", sa.String(length=100), nullable=False),
        sa.Column("signer_is_principal", sa.Boolean(), nullable=False),
        sa.Column("other_signer_reason", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.String(length=40), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_coordination_opinion_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["signer_id"], ["person.id"], name=op.f("fk_coordination_opinion_signer_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topic.id"], name=op.f("fk_coordination_opinion_topic_id_topic")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coordination_opinion")),
    )
    op.create_index(
        op.f("ix_coordination_opinion_topic_id"), "coordination_opinion", ["topic_id"], unique=False
    )
    op.create_table(
        "disagreement_statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("disagreement", sa.Text(), nullable=False),
        sa.Column("recommended_position", sa.Text(), nullable=False),
        sa.Column("stated_on", sa.Date(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.String(length=40), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topic.id"], name=op.f("fk_disagreement_statement_topic_id_topic")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disagreement_statement")),
    )
    op.create_index(
        op.f("ix_disagreement_statement_topic_id"), "disagreement_statement", ["topic_id"], unique=True
    )
    op.create_table(
        "escalation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column(
            "result",
            sa.Enum("RESOLVED", "DIVERGENT", name="escalationresult", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.String(length=40), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["leader_id"], ["person.id"], name=op.f("fk_escalation_leader_id_person")),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"], name=op.f("fk_escalation_topic_id_topic")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation")),
    )
    op.create_index(op.f("ix_escalation_topic_id"), "escalation", ["topic_id"], unique=True)
    op.create_table(
        "legality_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("reviewer_department_id", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.String(length=40), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewer_department_id"],
            ["department.id"],
            name=op.f("fk_legality_review_reviewer_department_id_department"),
        ),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"], name=op.f("fk_legality_review_topic_id_topic")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legality_review")),
    )
    op.create_index(op.f("ix_legality_review_topic_id"), "legality_review", ["topic_id"], unique=False)
    op.create_table(
        "material",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content_id", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=100), nullable=False),
        sa.Column("uploaded_at", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"], ["material_content.id"], name=op.f("fk_material_content_id_material_content")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["material.id"], name=op.f("fk_material_supersedes_id_material")
        ),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"], name=op.f("fk_material_topic_id_topic")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_material")),
    )
    op.create_index(op.f("ix_material_topic_id"), "material", ["topic_id"], unique=False)
    op.create_table(
        "resubmission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("resubmitted_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.String(length=40), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"], name=op.f("fk_resubmission_topic_id_topic")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resubmission")),
    )
    op.create_index(op.f("ix_resubmission_topic_id"), "resubmission", ["topic_id"], unique=False)
    op.create_table(
        "topic_department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_topic_department_department_id_department")
        ),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"], name=op.f("fk_topic_department_topic_id_topic")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_department")),
        sa.UniqueConstraint("topic_id", "department_id", name="uq_topic_department_pair"),
    )
    op.create_index(op.f("ix_topic_department_topic_id"), "topic_department", ["topic_id"], unique=False)
    op.create_table(
        "topic_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("authority_id", sa.Integer(), nullable=True),
        sa.Column(
            "refusal_reason",
            sa.Enum("OWN_AUTHORITY", "NOT_COORDINATED", name="refusalreason", native_enum=False, length=30),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.String(length=40), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=100), nullable=False),
        sa.CheckConstraint(
            "kind IN ('APPROVE','ARRANGE','CONFIRM','REFUSE','WITHDRAW')", name=op.f("ck_topic_step_kind")
        ),
        sa.ForeignKeyConstraint(
            ["authority_id"], ["person.id"], name=op.f("fk_topic_step_authority_id_person")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_topic_step_person_id_person")),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"], name=op.f("fk_topic_step_topic_id_topic")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_step")),
    )
    op.create_index(op.f("ix_topic_step_topic_id"), "topic_step", ["topic_id"], unique=False)
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "FIVE_FACTOR",
                "FAIR_COMPETITION",
                "STABILITY",
                "PUBLIC_CONSULTATION",
                name="assessment",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("conclusion", sa.Text(), nullable=False),
        sa.Column("views_method", sa.String(length=200), nullable=False),
        sa.Column("secrecy_reason", sa.Text(), nullable=False),
        sa.Column("material_id", sa.Integer(), nullable=True),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.String(length=40), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["material_id"], ["material.id"], name=op.f("fk_assessment_material_id_material")
        ),
        sa.ForeignKeyConstraint(["topic_id"], ["topic.id"], name=op.f("fk_assessment_topic_id_topic")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
    )
    op.create_index(op.f("ix_assessment_topic_id"), "assessment", ["topic_id"], unique=False)


def downgrade() -> None:
    for table in (
        "topic_step",
        "disagreement_statement",
        "escalation",
        "coordination_opinion",
        "assessment",
        "resubmission",
        "legality_review",
        "material",
        "material_content",
        "topic_department",
        "topic",
    ):
        op.drop_table(table)
