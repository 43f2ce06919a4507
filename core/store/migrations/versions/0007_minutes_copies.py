"""The copy register of classified minutes.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "minutes_copy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minutes_id", sa.Integer(), nullable=False),
        sa.Column("copy_number", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("printed_on", sa.Date(), nullable=False),
        sa.Column("printed_by", sa.String(length=100), nullable=False),
        sa.Column("replaces", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["minutes_id"], ["minutes.id"], name=op.f("fk_minutes_copy_minutes_id_minutes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_copy")),
        sa.UniqueConstraint("minutes_id", "copy_number", name="uq_minutes_copy_number"),
    )
    op.create_index(op.f("ix_minutes_copy_minutes_id"), "minutes_copy", ["minutes_id"], unique=False)


def downgrade() -> None:
    op.drop_table("minutes_copy")
