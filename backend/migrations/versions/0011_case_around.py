"""around the case: signatures, e-archive records, ratings and rectifications, waybills, payment
orders; the original digest of re-encoded uploads

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table('case_files') as batch:
        batch.add_column(sa.Column('original_sha256', sa.String(length=64), nullable=True))
    op.create_table('case_signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('challenge_id', sa.String(length=64), nullable=True),
    sa.Column('code_id', sa.Integer(), nullable=True),
    sa.Column('credential_id', sa.String(length=1400), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('requested_at', TS, nullable=False),
    sa.Column('expires_at', TS, nullable=False),
    sa.Column('signed_at', TS, nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_signatures_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_signatures'))
    )
    op.create_index(op.f('ix_case_signatures_case_id'), 'case_signatures', ['case_id'], unique=False)
    op.create_table('case_archives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('record', sa.Text(), nullable=False),
    sa.Column('audit_seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('sealed_at', TS, nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_archives_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_archives')),
    sa.UniqueConstraint('case_id', name=op.f('uq_case_archives_case_id'))
    )
    op.create_table('case_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=24), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', TS, nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_case_ratings_account_id_accounts')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_ratings_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_ratings')),
    sa.UniqueConstraint('case_id', name=op.f('uq_case_ratings_case_id'))
    )
    op.create_index(op.f('ix_case_ratings_account_id'), 'case_ratings', ['account_id'], unique=False)
    op.create_index(op.f('ix_case_ratings_created_at'), 'case_ratings', ['created_at'], unique=False)
    op.create_table('window_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=24), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', TS, nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_window_ratings_account_id_accounts')),
    sa.ForeignKeyConstraint(['window_id'], ['windows.id'], name=op.f('fk_window_ratings_window_id_windows')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_window_ratings'))
    )
    op.create_index(op.f('ix_window_ratings_created_at'), 'window_ratings', ['created_at'], unique=False)
    op.create_index(op.f('ix_window_ratings_window_id'), 'window_ratings', ['window_id'], unique=False)
    op.create_table('rectifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('case_rating_id', sa.Integer(), nullable=True),
    sa.Column('window_rating_id', sa.Integer(), nullable=True),
    sa.Column('case_number', sa.String(length=16), nullable=True),
    sa.Column('unit_code', sa.String(length=40), nullable=False),
    sa.Column('unit_name', sa.String(length=128), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('level', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('created_at', TS, nullable=False),
    sa.Column('closed_at', TS, nullable=True),
    sa.ForeignKeyConstraint(['case_rating_id'], ['case_ratings.id'],
                            name=op.f('fk_rectifications_case_rating_id_case_ratings')),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_rectifications_region_code_regions')),
    sa.ForeignKeyConstraint(['window_rating_id'], ['window_ratings.id'],
                            name=op.f('fk_rectifications_window_rating_id_window_ratings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rectifications')),
    sa.UniqueConstraint('case_rating_id', name=op.f('uq_rectifications_case_rating_id')),
    sa.UniqueConstraint('window_rating_id', name=op.f('uq_rectifications_window_rating_id'))
    )
    op.create_index(op.f('ix_rectifications_region_code'), 'rectifications', ['region_code'], unique=False)
    op.create_index(op.f('ix_rectifications_status'), 'rectifications', ['status'], unique=False)
    op.create_table('waybills',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('provider', sa.String(length=16), nullable=False),
    sa.Column('tracking_number', sa.String(length=40), nullable=False),
    sa.Column('sender', sa.String(length=128), nullable=False),
    sa.Column('recipient', sa.String(length=128), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', TS, nullable=False),
    sa.Column('updated_at', TS, nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_waybills_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waybills')),
    sa.UniqueConstraint('tracking_number', name=op.f('uq_waybills_tracking_number'))
    )
    op.create_index(op.f('ix_waybills_case_id'), 'waybills', ['case_id'], unique=False)
    op.create_index(op.f('ix_waybills_status'), 'waybills', ['status'], unique=False)
    op.create_table('waybill_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('waybill_id', sa.Integer(), nullable=False),
    sa.Column('provider_event_id', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('location', sa.String(length=128), nullable=False),
    sa.Column('at', TS, nullable=False),
    sa.ForeignKeyConstraint(['waybill_id'], ['waybills.id'], name=op.f('fk_waybill_events_waybill_id_waybills')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waybill_events')),
    sa.UniqueConstraint('waybill_id', 'provider_event_id', name=op.f('uq_waybill_events_waybill_id'))
    )
    op.create_index(op.f('ix_waybill_events_waybill_id'), 'waybill_events', ['waybill_id'], unique=False)
    op.create_table('payment_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_number', sa.String(length=32), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=16), nullable=False),
    sa.Column('provider_ref', sa.String(length=64), nullable=False),
    sa.Column('pay_url', sa.String(length=255), nullable=False),
    sa.Column('amount_fen', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=128), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', TS, nullable=False),
    sa.Column('paid_at', TS, nullable=True),
    sa.Column('refunded_at', TS, nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_payment_orders_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_orders')),
    sa.UniqueConstraint('order_number', name=op.f('uq_payment_orders_order_number'))
    )
    op.create_index(op.f('ix_payment_orders_case_id'), 'payment_orders', ['case_id'], unique=False)
    op.create_index(op.f('ix_payment_orders_status'), 'payment_orders', ['status'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_payment_orders_status'), table_name='payment_orders')
    op.drop_index(op.f('ix_payment_orders_case_id'), table_name='payment_orders')
    op.drop_table('payment_orders')
    op.drop_index(op.f('ix_waybill_events_waybill_id'), table_name='waybill_events')
    op.drop_table('waybill_events')
    op.drop_index(op.f('ix_waybills_status'), table_name='waybills')
    op.drop_index(op.f('ix_waybills_case_id'), table_name='waybills')
    op.drop_table('waybills')
    op.drop_index(op.f('ix_rectifications_status'), table_name='rectifications')
    op.drop_index(op.f('ix_rectifications_region_code'), table_name='rectifications')
    op.drop_table('rectifications')
    op.drop_index(op.f('ix_window_ratings_window_id'), table_name='window_ratings')
    op.drop_index(op.f('ix_window_ratings_created_at'), table_name='window_ratings')
    op.drop_table('window_ratings')
    op.drop_index(op.f('ix_case_ratings_created_at'), table_name='case_ratings')
    op.drop_index(op.f('ix_case_ratings_account_id'), table_name='case_ratings')
    op.drop_table('case_ratings')
    op.drop_table('case_archives')
    op.drop_index(op.f('ix_case_signatures_case_id'), table_name='case_signatures')
    op.drop_table('case_signatures')
    with op.batch_alter_table('case_files') as batch:
        batch.drop_column('original_sha256')
