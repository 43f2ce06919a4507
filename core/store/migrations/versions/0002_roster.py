"""The roster: people, appointments, departments, portfolios, AB partners, delegations.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("short_name", sa.String(length=100), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "CONSTITUENT",
                "TOWNSHIP",
                "STATE_ENTERPRISE",
                "OTHER",
                name="departmentkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("is_legality_reviewer", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department")),
        sa.UniqueConstraint("name", name=op.f("uq_department_name")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    op.create_table(
        "ab_partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_a_id", sa.Integer(), nullable=False),
        sa.Column("person_b_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date", name=op.f("ck_ab_partner_dates")),
        sa.CheckConstraint("person_a_id <> person_b_id", name=op.f("ck_ab_partner_distinct")),
        sa.ForeignKeyConstraint(
            ["person_a_id"], ["person.id"], name=op.f("fk_ab_partner_person_a_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["person_b_id"], ["person.id"], name=op.f("fk_ab_partner_person_b_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ab_partner")),
    )
    op.create_index(op.f("ix_ab_partner_person_a_id"), "ab_partner", ["person_a_id"], unique=False)
    op.create_index(op.f("ix_ab_partner_person_b_id"), "ab_partner", ["person_b_id"], unique=False)
    op.create_table(
        "appointment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "post",
            sa.Enum(
                "MAYOR",
                "EXECUTIVE_VICE_MAYOR",
                "VICE_MAYOR",
                "PARTY_GROUP_MEMBER",
                "OFFICE_DIRECTOR",
                "OFFICE_DEPUTY_DIRECTOR",
                "DEPARTMENT_HEAD",
                "DEPUTY_HEAD",
                "OTHER",
                name="post",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date", name=op.f("ck_appointment_dates")),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_appointment_department_id_department")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_appointment_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment")),
    )
    op.create_index(op.f("ix_appointment_department_id"), "appointment", ["department_id"], unique=False)
    op.create_index(op.f("ix_appointment_person_id"), "appointment", ["person_id"], unique=False)
    op.create_table(
        "delegation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delegator_id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=False),
        sa.Column(
            "scope",
            sa.Enum(
                "GOVERNMENT_WORK", "PORTFOLIO", "OTHER", name="delegationscope", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.CheckConstraint("delegator_id <> delegate_id", name=op.f("ck_delegation_distinct")),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_delegation_dates")),
        sa.ForeignKeyConstraint(
            ["delegate_id"], ["person.id"], name=op.f("fk_delegation_delegate_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["delegator_id"], ["person.id"], name=op.f("fk_delegation_delegator_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation")),
    )
    op.create_index(op.f("ix_delegation_delegate_id"), "delegation", ["delegate_id"], unique=False)
    op.create_index(op.f("ix_delegation_delegator_id"), "delegation", ["delegator_id"], unique=False)
    op.create_table(
        "portfolio",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date", name=op.f("ck_portfolio_dates")),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_portfolio_department_id_department")
        ),
        sa.ForeignKeyConstraint(["leader_id"], ["person.id"], name=op.f("fk_portfolio_leader_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portfolio")),
    )
    op.create_index(op.f("ix_portfolio_department_id"), "portfolio", ["department_id"], unique=False)
    op.create_index(op.f("ix_portfolio_leader_id"), "portfolio", ["leader_id"], unique=False)


def downgrade() -> None:
    for table in ("portfolio", "delegation", "appointment", "ab_partner", "person", "department"):
        op.drop_table(table)
