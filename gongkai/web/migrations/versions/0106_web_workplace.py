"""the office's workplace (工作台): 承办人 assignment, notifications, notification settings, stored
check results, published report versions, report submissions to the supervisor (年报报送)

Revision ID: 0106_web_workplace
Revises: 0104_web_event_drafts
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0106_web_workplace"
down_revision = "0104_web_event_drafts"
branch_labels = ("workplace",)
depends_on = None


def _pk(table: str, *cols: str):
    return sa.PrimaryKeyConstraint(*cols, name=op.f(f"pk_{table}"))


def _fk_user(table: str):
    return sa.ForeignKeyConstraint(["user_id"], ["web_users.id"], name=op.f(f"fk_{table}_user_id_web_users"),
                                   ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "web_assignments",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.Column("assigned_by", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["reg_application.id"],
                                name=op.f("fk_web_assignments_application_id_reg_application")),
        _fk_user("web_assignments"),
        _pk("web_assignments", "application_id"),
    )
    op.create_index(op.f("ix_web_assignments_user_id"), "web_assignments", ["user_id"])
    op.create_table(
        "web_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("link", sa.String(300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        _fk_user("web_notifications"),
        _pk("web_notifications", "id"),
    )
    op.create_index("uq_web_notifications_user_key", "web_notifications", ["user_id", "key"], unique=True)
    op.create_index("ix_web_notifications_user_read", "web_notifications", ["user_id", "read_at"])
    op.create_table(
        "web_user_prefs",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("digest", sa.Boolean(), nullable=False),
        sa.Column("last_digest", sa.Date(), nullable=True),
        _fk_user("web_user_prefs"),
        _pk("web_user_prefs", "user_id"),
    )
    op.create_table(
        "web_check_results",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("files", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        _pk("web_check_results", "id"),
    )
    op.create_index(op.f("ix_web_check_results_user_id"), "web_check_results", ["user_id"])
    op.create_index(op.f("ix_web_check_results_created_at"), "web_check_results", ["created_at"])
    op.create_table(
        "web_report_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by", sa.String(64), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        _pk("web_report_versions", "id"),
    )
    op.create_index("ix_web_report_versions_body_year", "web_report_versions", ["body_id", "year"])
    op.create_table(
        "web_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("check_id", sa.String(32), nullable=True),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("submitted_by", sa.String(64), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        _pk("web_submissions", "id"),
    )
    op.create_index("ix_web_submissions_body_year", "web_submissions", ["body_id", "year"])


def downgrade() -> None:
    op.drop_index("ix_web_submissions_body_year", table_name="web_submissions")
    op.drop_table("web_submissions")
    op.drop_index("ix_web_report_versions_body_year", table_name="web_report_versions")
    op.drop_table("web_report_versions")
    op.drop_index(op.f("ix_web_check_results_created_at"), table_name="web_check_results")
    op.drop_index(op.f("ix_web_check_results_user_id"), table_name="web_check_results")
    op.drop_table("web_check_results")
    op.drop_table("web_user_prefs")
    op.drop_index("ix_web_notifications_user_read", table_name="web_notifications")
    op.drop_index("uq_web_notifications_user_key", table_name="web_notifications")
    op.drop_table("web_notifications")
    op.drop_index(op.f("ix_web_assignments_user_id"), table_name="web_assignments")
    op.drop_table("web_assignments")
