"""Minutes: editions with sign-off, consent and issue record; versions of the text.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "minutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "DRAFT",
                "REVIEWED",
                "SIGNED",
                "ISSUED",
                "SUPERSEDED",
                name="minutesstatus",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("drafter", sa.String(length=100), nullable=False),
        sa.Column("reviewer", sa.String(length=100), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("signer_id", sa.Integer(), nullable=True),
        sa.Column("authority_id", sa.Integer(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("sign_opinion", sa.Text(), nullable=False),
        sa.Column("consent_by_id", sa.Integer(), nullable=True),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column(
            "consent_manner",
            sa.Enum("IN_PERSON", "PHONE", "WRITTEN", name="approvalmanner", native_enum=False, length=30),
            nullable=True,
        ),
        sa.Column("serial_year", sa.Integer(), nullable=True),
        sa.Column("serial_number", sa.Integer(), nullable=True),
        sa.Column("serial_text", sa.String(length=40), nullable=False),
        sa.Column(
            "classification",
            sa.Enum(
                "NONE",
                "SECRET",
                "CONFIDENTIAL",
                "TOP_SECRET",
                name="classification",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("secrecy_period", sa.String(length=20), nullable=False),
        sa.Column(
            "urgency",
            sa.Enum("NONE", "URGENT", "EXTRA_URGENT", name="urgency", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column(
            "publication",
            sa.Enum("PUBLIC", "ON_REQUEST", "NOT_PUBLIC", name="publication", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("publication_reason", sa.Text(), nullable=False),
        sa.Column("main_to", sa.Text(), nullable=False),
        sa.Column("copy_to", sa.Text(), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.String(length=40), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["authority_id"], ["person.id"], name=op.f("fk_minutes_authority_id_person")),
        sa.ForeignKeyConstraint(
            ["consent_by_id"], ["person.id"], name=op.f("fk_minutes_consent_by_id_person")
        ),
        sa.ForeignKeyConstraint(["corrects_id"], ["minutes.id"], name=op.f("fk_minutes_corrects_id_minutes")),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_minutes_meeting_id_meeting")),
        sa.ForeignKeyConstraint(["signer_id"], ["person.id"], name=op.f("fk_minutes_signer_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes")),
        sa.UniqueConstraint("meeting_id", "edition", name="uq_minutes_edition"),
    )
    op.create_index(op.f("ix_minutes_meeting_id"), "minutes", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_minutes_status"), "minutes", ["status"], unique=False)
    op.create_table(
        "minutes_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minutes_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("saved_by", sa.String(length=100), nullable=False),
        sa.Column("saved_at", sa.String(length=40), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["minutes_id"], ["minutes.id"], name=op.f("fk_minutes_version_minutes_id_minutes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_version")),
        sa.UniqueConstraint("minutes_id", "number", name="uq_minutes_version_number"),
    )
    op.create_index(op.f("ix_minutes_version_minutes_id"), "minutes_version", ["minutes_id"], unique=False)


def downgrade() -> None:
    op.drop_table("minutes_version")
    op.drop_table("minutes")
