"""The mail outbox, password resets and each account's language.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 20:10:00

mail_outbox holds every mail the service sends, written in the transaction of the action that caused it and sent
afterwards (retried with back-off, then marked failed); dedupe_key makes a mail that must go once (a reminder) a
unique row. password_reset keeps only the hash of each reset link's token. user_account.language is the language a
person chose ('da' or 'en'; none: Danish), in which their mails are written.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import advanced_alchemy.types
from advanced_alchemy.base import orm_registry


# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
NAMING = orm_registry.metadata.naming_convention


def upgrade() -> None:
    op.create_table('mail_outbox',
    sa.Column('id', GUID, nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('status', sa.Enum('queued', 'sent', 'failed', name='mail_status', native_enum=False,
                                create_constraint=True, length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('next_attempt_at', UTC, nullable=False),
    sa.Column('last_error_type', sa.String(length=120), nullable=True),
    sa.Column('created_at', UTC, nullable=False),
    sa.Column('sent_at', UTC, nullable=True),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_mail_outbox_dedupe_key'))
    )
    op.create_index('ix_mail_outbox_status_next_attempt_at', 'mail_outbox', ['status', 'next_attempt_at'],
                    unique=False)
    op.create_table('password_reset',
    sa.Column('id', GUID, nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', GUID, nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.Column('expires_at', UTC, nullable=False),
    sa.Column('used_at', UTC, nullable=True),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_password_reset_user_id_user_account'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_password_reset_token_hash'))
    )
    op.create_index(op.f('ix_password_reset_user_id'), 'password_reset', ['user_id'], unique=False)
    with op.batch_alter_table('user_account', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=2), nullable=True))
        batch_op.create_check_constraint('language', "language IN ('da', 'en')")


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint('language', type_='check')
        batch_op.drop_column('language')
    op.drop_index(op.f('ix_password_reset_user_id'), table_name='password_reset')
    op.drop_table('password_reset')
    op.drop_index('ix_mail_outbox_status_next_attempt_at', table_name='mail_outbox')
    op.drop_table('mail_outbox')
