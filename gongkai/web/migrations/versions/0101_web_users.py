"""web tables: users, sessions, API tokens, login failures, report drafts (网站用户与会话)

Revision ID: 0101_web_users
Revises: 0001_register
Create Date: 2026-11-22
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0101_web_users"
down_revision = "0001_register"
branch_labels = ("web",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_users")),
    )
    op.create_index(op.f("ix_web_users_username"), "web_users", ["username"], unique=True)
    op.create_index(op.f("ix_web_users_body_id"), "web_users", ["body_id"])
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["web_users.id"], ondelete="CASCADE",
                                name=op.f("fk_web_sessions_user_id_web_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
    )
    op.create_index(op.f("ix_web_sessions_user_id"), "web_sessions", ["user_id"])
    op.create_table(
        "web_api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(12), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used", sa.DateTime(), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["web_users.id"], ondelete="CASCADE",
                                name=op.f("fk_web_api_tokens_user_id_web_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_api_tokens")),
    )
    op.create_index(op.f("ix_web_api_tokens_user_id"), "web_api_tokens", ["user_id"])
    op.create_index(op.f("ix_web_api_tokens_token_hash"), "web_api_tokens", ["token_hash"], unique=True)
    op.create_table(
        "web_login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_login_failures")),
    )
    op.create_index(op.f("ix_web_login_failures_username"), "web_login_failures", ["username"])
    op.create_index(op.f("ix_web_login_failures_at"), "web_login_failures", ["at"])
    op.create_table(
        "web_report_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_report_drafts")),
        sa.UniqueConstraint("body_id", "year", name=op.f("uq_web_report_drafts_body_id")),
    )
    op.create_index(op.f("ix_web_report_drafts_body_id"), "web_report_drafts", ["body_id"])


def downgrade() -> None:
    op.drop_table("web_report_drafts")
    op.drop_table("web_login_failures")
    op.drop_table("web_api_tokens")
    op.drop_table("web_sessions")
    op.drop_table("web_users")
