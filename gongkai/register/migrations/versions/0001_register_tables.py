"""register tables (登记册数据表) and the append-only triggers of the event and audit tables

Revision ID: 0001_register
Revises: 
Create Date: 2026-11-22
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0001_register'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reg_applicant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('id_document', sa.String(length=120), nullable=True),
    sa.Column('contact', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('natural', 'commercial', 'research', 'nonprofit', 'legal', 'other_org')", name=op.f('ck_reg_applicant_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reg_applicant'))
    )
    op.create_table('reg_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reg_audit'))
    )
    with op.batch_alter_table('reg_audit', schema=None) as batch_op:
        batch_op.create_index('ix_reg_audit_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('reg_body',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['reg_body.id'], name=op.f('fk_reg_body_parent_id_reg_body')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reg_body')),
    sa.UniqueConstraint('name', name=op.f('uq_reg_body_name'))
    )
    with op.batch_alter_table('reg_body', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reg_body_parent_id'), ['parent_id'], unique=False)

    op.create_table('reg_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('applicant_id', sa.Integer(), nullable=False),
    sa.Column('ref_no', sa.String(length=64), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('request', sa.Text(), nullable=False),
    sa.Column('requested_form', sa.String(length=100), nullable=True),
    sa.Column('state', sa.String(length=30), nullable=False),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('answer_due', sa.Date(), nullable=True),
    sa.Column('next_due', sa.Date(), nullable=True),
    sa.Column('next_due_kind', sa.String(length=30), nullable=True),
    sa.Column('due_note', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("channel IN ('in_person', 'registered_post', 'ordinary_mail', 'internet', 'fax', 'other')", name=op.f('ck_reg_application_channel')),
    sa.ForeignKeyConstraint(['applicant_id'], ['reg_applicant.id'], name=op.f('fk_reg_application_applicant_id_reg_applicant')),
    sa.ForeignKeyConstraint(['body_id'], ['reg_body.id'], name=op.f('fk_reg_application_body_id_reg_body')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reg_application')),
    sa.UniqueConstraint('body_id', 'ref_no', name='uq_reg_application_body_ref')
    )
    with op.batch_alter_table('reg_application', schema=None) as batch_op:
        batch_op.create_index('ix_reg_application_applicant_received', ['applicant_id', 'received_on'], unique=False)
        batch_op.create_index('ix_reg_application_body_closed', ['body_id', 'closed_on'], unique=False)
        batch_op.create_index('ix_reg_application_body_open_due', ['body_id', 'closed_on', 'next_due'], unique=False)
        batch_op.create_index('ix_reg_application_body_received', ['body_id', 'received_on'], unique=False)

    op.create_table('reg_proactive_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('field_id', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['reg_body.id'], name=op.f('fk_reg_proactive_count_body_id_reg_body')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reg_proactive_count')),
    sa.UniqueConstraint('body_id', 'year', 'field_id', name='uq_reg_proactive_cell')
    )
    op.create_table('reg_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.Column('party', sa.String(length=20), nullable=True),
    sa.Column('ref_event_id', sa.Integer(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['reg_application.id'], name=op.f('fk_reg_event_application_id_reg_application')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reg_event'))
    )
    with op.batch_alter_table('reg_event', schema=None) as batch_op:
        batch_op.create_index('ix_reg_event_application', ['application_id', 'id'], unique=False)

    op.create_table('reg_review_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('grp', sa.String(length=20), nullable=False),
    sa.Column('case_no', sa.String(length=100), nullable=True),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("grp IN ('review', 'suit_direct', 'suit_after_review')", name=op.f('ck_reg_review_case_grp')),
    sa.CheckConstraint("outcome IS NULL OR outcome IN ('upheld', 'corrected', 'other')", name=op.f('ck_reg_review_case_outcome')),
    sa.ForeignKeyConstraint(['application_id'], ['reg_application.id'], name=op.f('fk_reg_review_case_application_id_reg_application')),
    sa.ForeignKeyConstraint(['body_id'], ['reg_body.id'], name=op.f('fk_reg_review_case_body_id_reg_body')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reg_review_case'))
    )
    with op.batch_alter_table('reg_review_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reg_review_case_application_id'), ['application_id'], unique=False)
        batch_op.create_index('ix_reg_review_case_body_decided', ['body_id', 'decided_on'], unique=False)
        batch_op.create_index('ix_reg_review_case_body_filed', ['body_id', 'filed_on'], unique=False)

    _append_only_triggers()


APPEND_ONLY = ("reg_event", "reg_audit")


def _append_only_triggers() -> None:
    """Events (办理事项) and the audit log (审计日志) cannot be changed or removed afterwards."""
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY:
        if dialect == "sqlite":
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} 只能追加，不能修改或删除'); END;"
                )
        elif dialect == "postgresql":
            op.execute(
                "CREATE OR REPLACE FUNCTION reg_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN RAISE EXCEPTION '% 只能追加，不能修改或删除', TG_TABLE_NAME; END; $$"
            )
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION reg_forbid_change()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION reg_forbid_change()")


def _drop_triggers() -> None:
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY:
        if dialect == "sqlite":
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS reg_forbid_change()")


def downgrade() -> None:
    _drop_triggers()
    with op.batch_alter_table('reg_review_case', schema=None) as batch_op:
        batch_op.drop_index('ix_reg_review_case_body_filed')
        batch_op.drop_index('ix_reg_review_case_body_decided')
        batch_op.drop_index(batch_op.f('ix_reg_review_case_application_id'))

    op.drop_table('reg_review_case')
    with op.batch_alter_table('reg_event', schema=None) as batch_op:
        batch_op.drop_index('ix_reg_event_application')

    op.drop_table('reg_event')
    op.drop_table('reg_proactive_count')
    with op.batch_alter_table('reg_application', schema=None) as batch_op:
        batch_op.drop_index('ix_reg_application_body_received')
        batch_op.drop_index('ix_reg_application_body_open_due')
        batch_op.drop_index('ix_reg_application_body_closed')
        batch_op.drop_index('ix_reg_application_applicant_received')

    op.drop_table('reg_application')
    with op.batch_alter_table('reg_body', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reg_body_parent_id'))

    op.drop_table('reg_body')
    with op.batch_alter_table('reg_audit', schema=None) as batch_op:
        batch_op.drop_index('ix_reg_audit_entity')

    op.drop_table('reg_audit')
    op.drop_table('reg_applicant')
