"""Materials' text for the search (issue 14 §2).

material_text: the text extracted from a stored file (a topic's material or a 督办 feedback file),
one row per material_content row, with a note on why it is empty or cut short. Files stored before
this revision get theirs after the file opens (core.services.search.extract_pending), not here:
extracting a PDF is Python work of up to seconds per file, and a migration runs at start-up inside
one transaction with the file locked.

The search index itself (views, triggers, search_doc, search_fts) is not a migration: it is put in
place after the migrations by core.store.search_schema, which also builds it for the existing data.

Revision ID: 0013
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "material_text",
        sa.Column("content_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["content_id"], ["material_content.id"],
                                name=op.f("fk_material_text_content_id_material_content")),
        sa.PrimaryKeyConstraint("content_id", name=op.f("pk_material_text")),
    )


def downgrade() -> None:
    op.drop_table("material_text")
