"""e-licences: seal keys, the trust list, licences and their history, presentations, verifications

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-28 08:44:40.967672
"""
from alembic import op
import sqlalchemy as sa

TS = sa.DateTime(timezone=True)


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('seal_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kid', sa.String(length=16), nullable=False),
    sa.Column('issuer', sa.String(length=40), nullable=False),
    sa.Column('algorithm', sa.String(length=16), nullable=False),
    sa.Column('public_key', sa.LargeBinary(length=64), nullable=False),
    sa.Column('private_key', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', TS, nullable=False),
    sa.Column('retired_at', TS, nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seal_keys')),
    sa.UniqueConstraint('kid', name=op.f('uq_seal_keys_kid'))
    )
    with op.batch_alter_table('seal_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seal_keys_issuer'), ['issuer'], unique=False)

    op.create_table('trusted_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kid', sa.String(length=16), nullable=False),
    sa.Column('issuer', sa.String(length=40), nullable=False),
    sa.Column('issuer_name', sa.String(length=128), nullable=False),
    sa.Column('issuer_uscc', sa.String(length=18), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('algorithm', sa.String(length=16), nullable=False),
    sa.Column('public_key', sa.LargeBinary(length=64), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('added_by', sa.String(length=64), nullable=False),
    sa.Column('added_at', TS, nullable=False),
    sa.Column('removed_at', TS, nullable=True),
    sa.Column('removed_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trusted_keys'))
    )
    with op.batch_alter_table('trusted_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trusted_keys_kid'), ['kid'], unique=False)

    op.create_table('licences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('identifier', sa.String(length=96), nullable=False),
    sa.Column('type_code', sa.String(length=24), nullable=False),
    sa.Column('holder_person_id', sa.Integer(), nullable=True),
    sa.Column('holder_org_id', sa.Integer(), nullable=True),
    sa.Column('holder_account_id', sa.Integer(), nullable=True),
    sa.Column('issuer', sa.String(length=40), nullable=False),
    sa.Column('issuer_name', sa.String(length=128), nullable=False),
    sa.Column('issuer_uscc', sa.String(length=18), nullable=False),
    sa.Column('serial', sa.String(length=32), nullable=False),
    sa.Column('version', sa.String(length=3), nullable=False),
    sa.Column('kid', sa.String(length=16), nullable=False),
    sa.Column('data_json', sa.Text(), nullable=False),
    sa.Column('static_qr', sa.Text(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('case_number', sa.String(length=16), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', TS, nullable=False),
    sa.ForeignKeyConstraint(['holder_account_id'], ['accounts.id'], name=op.f('fk_licences_holder_account_id_accounts')),
    sa.ForeignKeyConstraint(['holder_org_id'], ['organisations.id'], name=op.f('fk_licences_holder_org_id_organisations')),
    sa.ForeignKeyConstraint(['holder_person_id'], ['persons.id'], name=op.f('fk_licences_holder_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_licences')),
    sa.UniqueConstraint('identifier', name=op.f('uq_licences_identifier')),
    sa.UniqueConstraint('issuer_uscc', 'serial', 'version', name=op.f('uq_licences_issuer_uscc'))
    )
    with op.batch_alter_table('licences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_licences_holder_account_id'), ['holder_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_licences_holder_org_id'), ['holder_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_licences_holder_person_id'), ['holder_person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_licences_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_licences_type_code'), ['type_code'], unique=False)

    op.create_table('licence_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('licence_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('at', TS, nullable=False),
    sa.ForeignKeyConstraint(['licence_id'], ['licences.id'], name=op.f('fk_licence_events_licence_id_licences')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_licence_events'))
    )
    with op.batch_alter_table('licence_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_licence_events_licence_id'), ['licence_id'], unique=False)

    op.create_table('licence_presentations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('licence_id', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('acting_for', sa.String(length=64), nullable=True),
    sa.Column('expires_at', TS, nullable=False),
    sa.Column('used_at', TS, nullable=True),
    sa.Column('created_at', TS, nullable=False),
    sa.ForeignKeyConstraint(['licence_id'], ['licences.id'], name=op.f('fk_licence_presentations_licence_id_licences')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_licence_presentations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_licence_presentations_token_hash'))
    )
    with op.batch_alter_table('licence_presentations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_licence_presentations_licence_id'), ['licence_id'], unique=False)

    op.create_table('licence_verifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('licence_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('verdict', sa.String(length=24), nullable=False),
    sa.Column('verifier', sa.String(length=64), nullable=False),
    sa.Column('verifier_name', sa.String(length=128), nullable=False),
    sa.Column('place', sa.String(length=128), nullable=False),
    sa.Column('purpose', sa.String(length=200), nullable=False),
    sa.Column('case_number', sa.String(length=16), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('at', TS, nullable=False),
    sa.ForeignKeyConstraint(['licence_id'], ['licences.id'], name=op.f('fk_licence_verifications_licence_id_licences')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_licence_verifications'))
    )
    with op.batch_alter_table('licence_verifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_licence_verifications_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_licence_verifications_licence_id'), ['licence_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('licence_verifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_licence_verifications_licence_id'))
        batch_op.drop_index(batch_op.f('ix_licence_verifications_at'))

    op.drop_table('licence_verifications')
    with op.batch_alter_table('licence_presentations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_licence_presentations_licence_id'))

    op.drop_table('licence_presentations')
    with op.batch_alter_table('licence_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_licence_events_licence_id'))

    op.drop_table('licence_events')
    with op.batch_alter_table('licences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_licences_type_code'))
        batch_op.drop_index(batch_op.f('ix_licences_status'))
        batch_op.drop_index(batch_op.f('ix_licences_holder_person_id'))
        batch_op.drop_index(batch_op.f('ix_licences_holder_org_id'))
        batch_op.drop_index(batch_op.f('ix_licences_holder_account_id'))

    op.drop_table('licences')
    with op.batch_alter_table('trusted_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trusted_keys_kid'))

    op.drop_table('trusted_keys')
    with op.batch_alter_table('seal_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seal_keys_issuer'))

    op.drop_table('seal_keys')
