"""The question items ever served, and the bank version of each assessment.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 14:10:00

An answer is stored by item key, so new wording under an old key would silently change what old answers mean.
question_item_served keeps, per key, the factor, wording and options as first served, their fingerprint and the bank
version that served them; the service fills it at start and refuses a bank that changes a registered key
(placement/questions/registry.py). The table starts empty: the first start after the upgrade registers the bank it
runs with.

assessment.bank_version is the bank version an assessment's answers were given in. The assessments already there get
"before-0010": which bank they used was not kept, and guessing would be worse than saying so.

Adding a column with a constant default needs no copy of the table on SQLite; dropping one copies it (batch mode,
with foreign keys off as migrations/env.py runs SQLite's migrations).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import advanced_alchemy.types
from advanced_alchemy.base import orm_registry


# revision identifiers, used by Alembic.
revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
# SQLite's copy of the table (to drop the column) names the constraints written inside a column as the models do.
NAMING = orm_registry.metadata.naming_convention
BEFORE_VERSIONS = 'before-0010'


def upgrade() -> None:
    op.create_table(
        'question_item_served',
        sa.Column('id', GUID, nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('factor', sa.String(length=1), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('options', sa.JSON(), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('bank_version', sa.String(length=64), nullable=False),
        sa.Column('first_served_at', UTC, nullable=False),
        sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_question_item_served')),
        sa.UniqueConstraint('key', name=op.f('uq_question_item_served_key')),
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('bank_version', sa.String(length=64), server_default=BEFORE_VERSIONS, nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('assessment', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_column('bank_version')
    op.drop_table('question_item_served')
