"""drafts of extensions and answers awaiting the approver (拟办事项：延期、答复待审批)

An officer drafts an extension or an answer; the approver of the body approves it (the event is
then recorded in the register) or returns it with a reason. At most one pending draft per
application and kind (a partial unique index).

Revision ID: 0104_web_event_drafts
Revises: 0103_web_report_indexes
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0104_web_event_drafts"
down_revision = "0103_web_report_indexes"
branch_labels = None
depends_on = None

PENDING = "status = 'pending'"


def upgrade() -> None:
    op.create_table(
        "web_event_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(40), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("drafted_by", sa.String(64), nullable=False),
        sa.Column("drafted_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["reg_application.id"],
                                name=op.f("fk_web_event_drafts_application_id_reg_application")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_event_drafts")),
    )
    op.create_index(op.f("ix_web_event_drafts_application_id"), "web_event_drafts", ["application_id"])
    op.create_index("ix_web_event_drafts_body_status", "web_event_drafts", ["body_id", "status"])
    op.create_index("uq_web_event_drafts_pending", "web_event_drafts", ["application_id", "kind"], unique=True,
                    sqlite_where=sa.text(PENDING), postgresql_where=sa.text(PENDING))


def downgrade() -> None:
    op.drop_index("uq_web_event_drafts_pending", table_name="web_event_drafts")
    op.drop_index("ix_web_event_drafts_body_status", table_name="web_event_drafts")
    op.drop_index(op.f("ix_web_event_drafts_application_id"), table_name="web_event_drafts")
    op.drop_table("web_event_drafts")
