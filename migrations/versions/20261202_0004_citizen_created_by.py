"""Who created a citizen is a column.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 06:10:00

citizen.created_by_id names the account that created the record; a consultant reaches a citizen they created until
the citizen has a placement. It was found by searching the audit trail for the creation's row; the column is filled
from those rows here (the earliest allowed "create" of each citizen, by an account that exists). A creator's account
removed later leaves the citizen without a creator (ON DELETE SET NULL), not without its record.

SQLite copies the table to add a foreign key with its ON DELETE rule; migrations/env.py runs SQLite's migrations
with foreign keys off for that copy, and checks them before the commit.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import advanced_alchemy.types
from advanced_alchemy.base import orm_registry


# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
# SQLite reflects no names of constraints written inside a column; its copy of the table names them as the models do.
NAMING = orm_registry.metadata.naming_convention

BACKFILL = """
UPDATE citizen SET created_by_id = (
    SELECT e.actor_id FROM audit_event e
    WHERE e.citizen_id = citizen.id AND e.action = 'create' AND e.object_type = 'citizen'
      AND e.outcome = 'allowed' AND e.actor_id IN (SELECT u.id FROM user_account u)
    ORDER BY e.at, e.id LIMIT 1
)
"""


def upgrade() -> None:
    with op.batch_alter_table('citizen', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.add_column(sa.Column('created_by_id', GUID, nullable=True))
        batch_op.create_foreign_key(
            op.f('fk_citizen_created_by_id_user_account'), 'user_account', ['created_by_id'], ['id'],
            ondelete='SET NULL',
        )
    op.execute(BACKFILL)


def downgrade() -> None:
    with op.batch_alter_table('citizen', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint(op.f('fk_citizen_created_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('created_by_id')
