"""Key slots (issue 11 §1): the file's wrapping key and one slot per account.

New tables only. Existing files get their wrapping key and the first slot at the first
administrator login (core.office: Office.log_in); until then they open as before.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "file_secret",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wrapping_key", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_file_secret")),
    )
    op.create_table(
        "key_slot",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name=op.f("fk_key_slot_account_id_account")),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_key_slot")),
    )


def downgrade() -> None:
    op.drop_table("key_slot")
    op.drop_table("file_secret")
