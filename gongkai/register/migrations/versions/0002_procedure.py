"""procedure (issue 11): receipt-time applicant kind, delivery (送达) and fee-notice details on events,
estimated due dates, voids, corrections (更正/作废), holiday arrangements entered in the database,
published years — and the append-only triggers of the new history tables

Revision ID: 0002_procedure
Revises: 0001_register
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_procedure"
down_revision = "0001_register"
branch_labels = None
depends_on = None

NEW_APPEND_ONLY = ("reg_calendar_year", "reg_correction", "reg_published_year")
EVENT_COLUMNS = (
    ("delivery_method", sa.String(20)), ("delivered_on", sa.Date()), ("tracking_no", sa.String(100)),
    ("fee_basis", sa.String(10)), ("fee_quantity", sa.Integer()), ("opinion", sa.String(10)),
    ("item_no", sa.Integer()), ("review_case_id", sa.Integer()),
)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("reg_application") as b:
        b.add_column(sa.Column("due_estimated", sa.Boolean(), nullable=False, server_default=sa.false()))
        b.add_column(sa.Column("applicant_kind", sa.String(16), nullable=True))
        b.add_column(sa.Column("arrived_on", sa.Date(), nullable=True))
        b.add_column(sa.Column("voided_on", sa.Date(), nullable=True))
    # the kind at receipt: today's kind is the best knowledge of it for existing rows
    op.execute("UPDATE reg_application SET applicant_kind = (SELECT kind FROM reg_applicant "
               "WHERE reg_applicant.id = reg_application.applicant_id)")
    with op.batch_alter_table("reg_application") as b:
        b.alter_column("applicant_kind", existing_type=sa.String(16), nullable=False)
        b.create_index("ix_reg_application_body_next_due", ["body_id", "next_due"])
    # events are append-only: adding nullable columns does not touch the rows (no UPDATE fires);
    # SQLite's batch mode would copy the table, so plain ALTER TABLE ADD COLUMN is used there too
    for name, type_ in EVENT_COLUMNS:
        op.add_column("reg_event", sa.Column(name, type_, nullable=True))

    op.create_table(
        "reg_calendar_year",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("holidays", sa.Text(), nullable=False),
        sa.Column("workdays", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reg_calendar_year")),
    )
    op.create_index("ix_reg_calendar_year_year", "reg_calendar_year", ["year", "id"])
    op.create_table(
        "reg_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(12), nullable=False),
        sa.Column("field", sa.String(30), nullable=True),
        sa.Column("old", sa.Text(), nullable=False),
        sa.Column("new", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(100), nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("published_years", sa.String(100), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("action IN ('field', 'event', 'void_event', 'void')", name=op.f("ck_reg_correction_action")),
        sa.ForeignKeyConstraint(["application_id"], ["reg_application.id"],
                                name=op.f("fk_reg_correction_application_id_reg_application")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reg_correction")),
    )
    op.create_index("ix_reg_correction_application", "reg_correction", ["application_id", "id"])
    op.create_table(
        "reg_published_year",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["body_id"], ["reg_body.id"], name=op.f("fk_reg_published_year_body_id_reg_body")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reg_published_year")),
    )
    op.create_index("ix_reg_published_year_body", "reg_published_year", ["body_id", "year", "id"])
    for table in NEW_APPEND_ONLY:
        if dialect == "sqlite":
            for action in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, '{table} 只能追加，不能修改或删除'); END;")
        elif dialect == "postgresql":  # reg_forbid_change() comes with 0001_register
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION reg_forbid_change()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION reg_forbid_change()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in NEW_APPEND_ONLY:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    op.drop_table("reg_published_year")
    op.drop_table("reg_correction")
    op.drop_table("reg_calendar_year")
    for name, _ in EVENT_COLUMNS:
        op.drop_column("reg_event", name)
    with op.batch_alter_table("reg_application") as b:
        b.drop_index("ix_reg_application_body_next_due")
        b.drop_column("voided_on")
        b.drop_column("arrived_on")
        b.drop_column("applicant_kind")
        b.drop_column("due_estimated")
