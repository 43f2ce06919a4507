"""People in the minutes' records and the order of their steps (issue 12 §1–§3).

New columns only, each nullable or with a server default, so SQLite adds them in place
(ALTER TABLE ADD COLUMN; a REFERENCES clause with a NULL default is allowed there):

- account.person_id: the roster person an account is, set by the administrator;
- minutes.reviewer_id, minutes.reviewed_version: the 核稿 by a person of the roster, of one
  version (a later version needs its own 核稿, 条例 §20), and review_entered_by;
- minutes.sign_entered_by, consent_entered_by, issued_by: who entered the leaders' acts and
  who issued, as the account's display name.

Existing rows: a 核稿 recorded before is taken to cover the latest version when the minutes were
already reviewed, signed or issued (that was the text signed); its reviewer stays the text typed
then (no roster person). Classified minutes issued with an 印数 below the numbered copies already
printed get the printed count as their 印数, so the issue record and the register agree.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

ENTERED = ("review_entered_by", "sign_entered_by", "consent_entered_by", "issued_by")


def upgrade() -> None:
    # Alembic adds a column's foreign key as a separate ALTER, which SQLite does not have; the
    # column constraint inside ADD COLUMN it does (alembic's batch mode would rebuild both tables).
    for table, column in (("account", "person_id"), ("minutes", "reviewer_id")):
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER "
                   f"CONSTRAINT fk_{table}_{column}_person REFERENCES person (id)")
    op.add_column("minutes", sa.Column("reviewed_version", sa.Integer(), nullable=True))
    for name in ENTERED:
        op.add_column("minutes", sa.Column(name, sa.String(length=100), server_default=sa.text("''"), nullable=False))

    op.execute("""
        UPDATE minutes SET reviewed_version = (
            SELECT max(number) FROM minutes_version WHERE minutes_version.minutes_id = minutes.id)
        WHERE reviewer != '' AND status IN ('REVIEWED', 'SIGNED', 'ISSUED', 'SUPERSEDED')
    """)
    op.execute("""
        UPDATE minutes SET copies = (
            SELECT count(*) FROM minutes_copy
            WHERE minutes_copy.minutes_id = minutes.id AND minutes_copy.replaces IS NULL)
        WHERE classification != 'NONE' AND copies < (
            SELECT count(*) FROM minutes_copy
            WHERE minutes_copy.minutes_id = minutes.id AND minutes_copy.replaces IS NULL)
    """)


def downgrade() -> None:
    with op.batch_alter_table("minutes") as batch:
        for name in (*ENTERED, "reviewed_version", "reviewer_id"):
            batch.drop_column(name)
    with op.batch_alter_table("account") as batch:
        batch.drop_column("person_id")
