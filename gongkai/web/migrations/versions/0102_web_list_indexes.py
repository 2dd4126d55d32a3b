"""index for the case list across several bodies (申请列表按收到日期排序的索引)

The web case list of a supervisor spans several bodies (``body_id IN (...)``) and is ordered by
the date of receipt; without this index SQLite sorts every application of those bodies.

Revision ID: 0102_web_list_indexes
Revises: 0101_web_users
Create Date: 2026-11-22
"""
from __future__ import annotations

from alembic import op

revision = "0102_web_list_indexes"
down_revision = "0101_web_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_web_reg_application_received_id", "reg_application", ["received_on", "id"])


def downgrade() -> None:
    op.drop_index("ix_web_reg_application_received_id", table_name="reg_application")
