"""The placement agreement's tasks and the citizen's own wishes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 11:55:00

Since 2020 the agreement on a virksomhedspraktik states its purpose, describes the tasks (arbejdsopgaver) and
includes the citizen's own wishes. placement.tasks and placement.citizen_wishes hold them as text, empty ("") for
the placements already there: a planned one without tasks cannot start until the consultant writes them.

Adding a column with a constant default needs no copy of the table on SQLite; dropping one copies it (batch mode,
with foreign keys off as migrations/env.py runs SQLite's migrations).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from advanced_alchemy.base import orm_registry


# revision identifiers, used by Alembic.
revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# SQLite's copy of the table (to drop the columns) names the constraints written inside a column as the models do.
NAMING = orm_registry.metadata.naming_convention


def upgrade() -> None:
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tasks', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('citizen_wishes', sa.Text(), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('placement', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_column('citizen_wishes')
        batch_op.drop_column('tasks')
