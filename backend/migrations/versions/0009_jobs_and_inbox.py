"""jobs (transactional outbox for the task queue) and the in-app inbox

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 05:30:00
"""
from alembic import op
import sqlalchemy as sa



revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('max_attempts', sa.Integer(), nullable=False),
    sa.Column('run_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('queued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    sa.UniqueConstraint('key', name=op.f('uq_jobs_key'))
    )
    op.create_index('ix_jobs_state_run_at', 'jobs', ['state', 'run_at'], unique=False)
    op.create_table('inbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=200), nullable=False),
    sa.Column('job_key', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_inbox_messages_account_id_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbox_messages')),
    sa.UniqueConstraint('job_key', name=op.f('uq_inbox_messages_job_key'))
    )
    op.create_index(op.f('ix_inbox_messages_account_id'), 'inbox_messages', ['account_id'], unique=False)
    with op.batch_alter_table('sandbox_sms_outbox') as batch:
        batch.add_column(sa.Column('message_key', sa.String(length=200), nullable=True))
        batch.create_unique_constraint(op.f('uq_sandbox_sms_outbox_message_key'), ['message_key'])


def downgrade() -> None:
    with op.batch_alter_table('sandbox_sms_outbox') as batch:
        batch.drop_constraint(op.f('uq_sandbox_sms_outbox_message_key'), type_='unique')
        batch.drop_column('message_key')
    op.drop_index(op.f('ix_inbox_messages_account_id'), table_name='inbox_messages')
    op.drop_table('inbox_messages')
    op.drop_index('ix_jobs_state_run_at', table_name='jobs')
    op.drop_table('jobs')
