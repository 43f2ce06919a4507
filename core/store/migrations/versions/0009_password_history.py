"""Former password hashes of each account (R18: no reuse of the last N passwords).

A new table only: `account` is not altered, so no batch rebuild is needed. Existing accounts
start with an empty history; their current hash (in `account`) already counts as the newest of
the N, so nothing is copied.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "password_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("replaced_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_password_history_account_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_history")),
    )
    op.create_index(op.f("ix_password_history_account_id"), "password_history", ["account_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_password_history_account_id"), table_name="password_history")
    op.drop_table("password_history")
